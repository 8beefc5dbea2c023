"""The names of state bodies an administrative paper is issued by: a closed list, like the titles
of a signature block (ocr.fields.positions).

The ministries, the government's own bodies and the departments of a province (Sở) are few and
printed the same way on every paper; the place that follows a body's name ("SỞ Y TẾ BẮC NINH",
"ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI") is read on its own. Other bodies (hospitals, schools, firms)
are no closed list and are kept as read, but for a place's level word OCR read glued to the
word before it ("ĐA KHOATỈNH"), set apart. OCR slips on the bold
capitals of the header ("BỘ GIÁO ĐỤC VÀ ĐÀO TẠO", "SỞ Y TẺ", "ĐA KHOATỈNH": two words read as
one). A reading whose first words are, letters compared without their marks, one name of the
list (and no other as near) is that name followed by what was read after it; the value is then
flagged and keeps what was read.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from common.vietnamese import bare_letters as letters
from common.vietnamese import fold_label, is_syllable, nfc, strip_tone

# ministries and ministerial-level bodies (names in use since 2008, before and after 2025)
MINISTRIES = (
    "BỘ QUỐC PHÒNG", "BỘ CÔNG AN", "BỘ NGOẠI GIAO", "BỘ NỘI VỤ", "BỘ TƯ PHÁP", "BỘ TÀI CHÍNH",
    "BỘ KẾ HOẠCH VÀ ĐẦU TƯ", "BỘ CÔNG THƯƠNG", "BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
    "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "BỘ GIAO THÔNG VẬN TẢI", "BỘ XÂY DỰNG",
    "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "BỘ THÔNG TIN VÀ TRUYỀN THÔNG",
    "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
    "BỘ KHOA HỌC VÀ CÔNG NGHỆ", "BỘ GIÁO DỤC VÀ ĐÀO TẠO", "BỘ Y TẾ", "BỘ DÂN TỘC VÀ TÔN GIÁO",
    "ỦY BAN DÂN TỘC", "THANH TRA CHÍNH PHỦ", "NGÂN HÀNG NHÀ NƯỚC VIỆT NAM", "VĂN PHÒNG CHÍNH PHỦ",
    "CHÍNH PHỦ", "THỦ TƯỚNG CHÍNH PHỦ", "KIỂM TOÁN NHÀ NƯỚC", "BẢO HIỂM XÃ HỘI VIỆT NAM",
)  # fmt: skip
# the bodies of a province or a district, printed before the name of their place
LOCAL = (
    "ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "VĂN PHÒNG ỦY BAN NHÂN DÂN", "SỞ Y TẾ", "SỞ TƯ PHÁP",
    "SỞ NỘI VỤ", "SỞ TÀI CHÍNH", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "SỞ CÔNG THƯƠNG", "SỞ XÂY DỰNG",
    "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "SỞ GIAO THÔNG VẬN TẢI", "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
    "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
    "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
    "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "SỞ VĂN HÓA VÀ THỂ THAO", "SỞ DU LỊCH",
    "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "SỞ NGOẠI VỤ", "SỞ DÂN TỘC VÀ TÔN GIÁO", "THANH TRA TỈNH",
    "CÔNG AN", "BẢO HIỂM XÃ HỘI", "KHO BẠC NHÀ NƯỚC", "CỤC THUẾ",
)  # fmt: skip
NAMES = (*MINISTRIES, *LOCAL)
MAX_SHARE = 0.15  # letters of a name OCR may have misread (a name of 10 letters: one)
SLACK = 2  # letters OCR may have added or lost in the part of a reading matched to a name


@lru_cache(maxsize=1)
def _keys() -> list[tuple[str, str]]:
    return [(letters(n), n) for n in NAMES]


def _letter_ends(text: str) -> list[int]:
    """For each letter of the reading (as bare_letters counts them), where it ends in `text`."""
    folded = fold_label(text).lower()
    return [i + 1 for i, c in enumerate(folded) if "a" <= c <= "z"]


_WORD = re.compile(r"[^\W\d_]+")  # a run of letters: a word, whatever OCR put between words


def _fits(text: str, end: int, name: str, edits: int) -> bool:
    """True when `text[:end]` may be read as `name`: as many words as the name has, cut between
    words, or inside a word OCR read as one ("KHOATỈNH" before "TỈNH", both syllables) only
    when its letters are the name's; a word whose letters differ from the name's word is no
    syllable (a slip of OCR), not another word ("CỤC THỦY LỢI" is no "CỤC THUẾ")."""
    read_words, name_words = _WORD.findall(text[:end]), _WORD.findall(name)
    if len(read_words) != len(name_words):
        return False
    if end < len(text) and text[end].isalpha():
        word_start = text.rfind(" ", 0, end) + 1
        word_end = text.find(" ", end)
        tail = text[end : word_end if word_end >= 0 else len(text)]
        if edits or not (is_syllable(tail) and is_syllable(text[word_start:end])):
            return False
    return all(
        letters(r) == letters(n) or not is_syllable(r)
        for r, n in zip(read_words, name_words, strict=True)
    )


# the levels of the place printed after a body's name ("BỆNH VIỆN ĐA KHOA TỈNH", "CÔNG AN
# HUYỆN"): the word that begins the place, which OCR reads glued to the name's last word
LEVELS = ("TỈNH", "THÀNH", "HUYỆN", "QUẬN", "THỊ", "XÃ", "PHƯỜNG")
_GLUED = re.compile(rf"\b([^\W\d_]+?)({'|'.join(LEVELS)})\b")


def _level_apart(text: str) -> str:
    """`text` with a place's level word read glued to the word before it set apart ("ĐA
    KHOATỈNH" -> "ĐA KHOA TỈNH"), when that word is a syllable of its own: the print is a
    body's name whatever the body (a hospital, a school), so no list needs to know it."""
    return _GLUED.sub(
        lambda m: f"{m[1]} {m[2]}" if is_syllable(m[1]) and not is_syllable(m[0]) else m[0], text
    )


def restored_organ(text: str) -> str | None:
    """The reading with its first words put back to the name of the list they were printed as
    and a place's level word read glued to a name set apart, or None when it is neither (or two
    names of the list are as near)."""
    text = nfc(text).strip()
    apart = _level_apart(text)
    return _snapped(apart) or (apart if apart != text else None)


def _snapped(text: str) -> str | None:
    """The reading with its first words put back to the name of the list they were printed as,
    or None when they are no name of the list (or two names are as near), or are one as read."""
    read = letters(text)
    ends = _letter_ends(text)
    if len(read) < 4:
        return None
    best: list[tuple[int, int, int, str]] = []  # (edits, -letters of the name, taken, name)
    for key, name in _keys():
        for taken in range(max(1, len(key) - SLACK), min(len(read), len(key) + SLACK) + 1):
            edits = Levenshtein.distance(read[:taken], key)
            if edits <= MAX_SHARE * len(key) and _fits(text, ends[taken - 1], name, edits):
                best.append((edits, -len(key), taken, name))
    if not best:
        return None
    best.sort()
    edits, size, taken, name = best[0]
    if len({n for e, s, _, n in best if (e, s) == (edits, size)}) > 1:
        return None
    rest = text[ends[taken - 1] :].strip(" ,")
    value = f"{_as_printed(name, text[: ends[taken - 1]])} {rest}".strip()
    return None if _spelled(value) == _spelled(text) else value


def _as_printed(name: str, read: str) -> str:
    """`name` with the words read in another placement of their tone mark kept as read ("UỶ
    BẠN": "UỶ BAN", not "ỦY BAN": both are printed)."""
    words, seen = name.split(), read.split()
    if len(words) != len(seen):
        return name
    return " ".join(
        r if _spelled(r) == _spelled(w) else w for w, r in zip(words, seen, strict=True)
    )


def _spelled(text: str) -> list[tuple[str, str]]:
    """The words of `text` with their tone marks apart: "UỶ" and "ỦY" are one spelling."""
    return [strip_tone(w.lower()) for w in text.split()]
