"""The names of state bodies an administrative paper is issued by: a closed list, like the titles
of a signature block (ocr.fields.positions).

The ministries, the government's own bodies and the departments of a province (Sở) are few and
printed the same way on every paper; the place that follows a department's or a hospital's name
("SỞ Y TẾ BẮC NINH", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI") is read on its own. OCR slips on the bold
capitals of the header ("BỘ GIÁO ĐỤC VÀ ĐÀO TẠO", "SỞ Y TẺ", "ĐA KHOATỈNH": two words read as
one). A reading whose first words are, letters compared without their marks, one name of the
list (and no other as near) is that name followed by what was read after it; the value is then
flagged and keeps what was read.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

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
    "BỆNH VIỆN ĐA KHOA", "CÔNG AN", "BẢO HIỂM XÃ HỘI", "KHO BẠC NHÀ NƯỚC", "CỤC THUẾ",
)  # fmt: skip
NAMES = (*MINISTRIES, *LOCAL)
_NOT_LETTER = re.compile(r"[^a-z]")
MAX_SHARE = 0.15  # letters of a name OCR may have misread (a name of 10 letters: one)
SLACK = 2  # letters OCR may have added or lost in the part of a reading matched to a name


def _letters(text: str) -> str:
    return _NOT_LETTER.sub("", fold_label(nfc(text)).lower())


@lru_cache(maxsize=1)
def _keys() -> list[tuple[str, str]]:
    return [(_letters(n), n) for n in NAMES]


def _letter_ends(text: str) -> list[int]:
    """For each letter of the reading (as _letters counts them), where it ends in `text`."""
    folded = fold_label(text).lower()
    return [i + 1 for i, c in enumerate(folded) if "a" <= c <= "z"]


def _cut_ok(text: str, end: int) -> bool:
    """True when `text` may be cut at `end`: between words, or inside a word OCR read as one
    whose part after the cut is a syllable of its own ("KHOATỈNH" cut before "TỈNH")."""
    if end >= len(text) or not text[end].isalpha():
        return True
    word_start = max(text.rfind(" ", 0, end) + 1, 0)
    word_end = text.find(" ", end)
    tail = text[end : word_end if word_end >= 0 else len(text)]
    return word_start < end and is_syllable(tail) and is_syllable(text[word_start:end])


def restored_organ(text: str) -> str | None:
    """The reading with its first words put back to the name of the list they were printed as,
    or None when they are no name of the list (or two names are as near), or are one as read."""
    text = nfc(text).strip()
    read = _letters(text)
    ends = _letter_ends(text)
    if len(read) < 4:
        return None
    best: list[tuple[int, int, str]] = []  # (edits, letters of the reading taken, name)
    for key, name in _keys():
        for taken in range(max(1, len(key) - SLACK), min(len(read), len(key) + SLACK) + 1):
            edits = Levenshtein.distance(read[:taken], key)
            if edits <= MAX_SHARE * len(key) and _cut_ok(text, ends[taken - 1]):
                best.append((edits, -len(key), name))
    if not best:
        return None
    best.sort()
    edits, size, name = best[0]
    rivals = {n for e, s, n in best if (e, s) == (edits, size)}
    if len(rivals) > 1:
        return None
    taken = next(
        t
        for t in range(1, len(read) + 1)
        if Levenshtein.distance(read[:t], _letters(name)) == edits and _cut_ok(text, ends[t - 1])
    )
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
