"""Vietnamese personal names: closed sets, so a family name or a tone OCR misread can be restored.

OCR most often slips on the stacked diacritics of the bold capitals a name is printed in
("NGUYÊN" for "NGUYỄN", "KIỂU" for "KIỀU"). Vietnamese family names are few: when the first
word of a person's name is not one of them but, without its diacritics, matches exactly one,
that one is what was printed; a long one ("Nguyễa") that is one letter away from exactly one
family name of five letters or more is that one. A word that matches none, or several ("Đoàn"
and "Doãn" both fold to "doan"), is left as read.

Middle and given names come from a larger but still common stock of syllables. OCR's usual slip
there is the tone mark alone ("HUYẾN" for "HUYỀN", "HĂNG" for "HẰNG"): a name word that is not in
the stock, but is exactly one stock syllable with another tone mark, is restored to it. Vowel
marks and letters are never changed there, and an ambiguous word ("Thuỵ": Thùy, Thúy or Thủy) stays.
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from common.vietnamese import fold, is_syllable, nfc, strip_tone

# The family names of nearly all Vietnamese citizens (Kinh and the larger minorities).
SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đoàn", "Doãn", "Trịnh", "Lâm", "Mai", "Trương", "Tạ",
    "Lương", "Hà", "Cao", "Quách", "Châu", "Thái", "Kiều", "Âu", "Tô", "Vương", "Thạch", "Lạc",
    "Khúc", "Diệp", "Triệu", "Đào", "Lưu", "Chu", "Chung", "Đàm", "Tăng", "Tống", "Từ", "Tôn",
    "Thân", "Giang", "Hàn", "Kim", "Khổng", "Khương", "Lã", "La", "Lò", "Lục", "Mạc", "Mã",
    "Nghiêm", "Ninh", "Nông", "Phí", "Phùng", "Quan", "Quản", "Sầm", "Tiêu", "Trình", "Ung",
    "Vi", "Viên", "Bạch", "Bế", "Cù", "Cung", "Đồng", "Hầu", "Hứa", "Lại", "Phó", "Thiều",
    "Nhâm", "Đậu", "Ông", "Kha", "Lữ", "Văn", "Mạnh", "Đới", "Yên", "Lều", "Giáp", "Trà",
    "Quang", "Sơn", "Lực", "Hoa", "Biện", "Khiếu", "Thào", "Vàng", "Sùng", "Hạng", "Mông", "Lầu",
    "Điêu", "Lộc", "Cầm", "Ma", "Hạ",
)  # fmt: skip


_EXACT = frozenset(nfc(s).lower() for s in SURNAMES)
_BY_FOLD: dict[str, set[str]] = {}
for _s in SURNAMES:
    _BY_FOLD.setdefault(fold(_s), set()).add(nfc(_s))
# The family names most citizens bear: the frequency table usually cited (Nguyễn about 38%,
# then Trần, Lê, Phạm, Hoàng/Huỳnh, Phan, Vũ/Võ, Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý: about 90%
# of the people together; Lê Trung Hoa, "Họ và tên người Việt Nam", 2005, as cited by the
# encyclopaedias), then sixteen more that are common everywhere (chosen by us, no source checked;
# only membership matters, not order). Named here, not taken from the order of SURNAMES: which of
# two names spelt alike without marks a slip goes to depends on it.
COMMON_SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đoàn", "Doãn", "Trịnh", "Lâm", "Mai", "Trương", "Tạ",
    "Lương", "Hà", "Cao", "Quách", "Châu", "Thái",
)  # fmt: skip
_COMMON = {nfc(s) for s in COMMON_SURNAMES}
# the one family name a spelling without marks can be; of a common one and a rare one spelt alike
# ("Hà", "Hạ"), the common one: the rare one is kept only when read with its own marks
UNIQUE_FOLD = {
    k: next(iter(v)) if len(v) == 1 else next(iter(v & _COMMON))
    for k, v in _BY_FOLD.items()
    if len(v) == 1 or len(v & _COMMON) == 1
}
_LONG = tuple(nfc(s) for s in SURNAMES if len(s) >= 5)


def fix_surname(name: str) -> str:
    """The name with its first word restored to the one family name it can be, case kept."""
    first, sep, rest = name.partition(" ")
    if not first or nfc(first).lower() in _EXACT or name.isascii():
        return name  # a name written without diacritics on purpose stays so
    known = UNIQUE_FOLD.get(fold(first)) or _one_slip_from(first)
    if known is None or len(known) != len(first):
        return name
    if first.isupper():
        known = known.upper()
    elif not first[:1].isupper():
        return name  # not a name's first word
    return known + sep + rest


def _one_slip_from(
    word: str, stock: tuple[str, ...] = (), *, min_len: int = 5, same_length: bool = False
) -> str | None:
    """The one name of `stock` (the family names of five letters or more by default) a word is
    one letter away from, marks aside ("Nguyễa" -> "Nguyễn"); None when the word is shorter than
    `min_len` or none is, or several are ("Xương": Dương, Lương). The one helper that snaps a
    word of a name to a closed list of names."""
    if len(word) < min_len:
        return None
    folded = fold(word).lower()
    near = {
        nfc(s)
        for s in stock or _LONG
        if (not same_length or len(s) == len(word)) and Levenshtein.distance(folded, fold(s)) == 1
    }
    return near.pop() if len(near) == 1 else None


def restore_initial(name: str) -> str:
    """The name with the first letter(s) of its family name put back when the seal's edge or
    the signature hid them ("hạm Trường Thọ" -> "Phạm Trường Thọ"): the first word, in small
    letters, is the end of exactly one family name one or two letters longer; a single letter
    only with a Vietnamese mark ("ũ Đình Thắng": Vũ), a bare one is any stroke."""
    first, sep, rest = name.partition(" ")
    bare = not first or (len(first) == 1 and first.isascii())
    if bare or not first.isalpha() or not first.islower() or not rest[:1].isupper():
        return name
    low = nfc(first)
    fits = {s for s in _EXACT if s.endswith(low) and 1 <= len(s) - len(low) <= 2}
    if len(fits) != 1:
        return name
    return fits.pop().capitalize() + sep + rest


# Middle and given names in common use (both sexes), one entry per written form.
_GIVEN_TEXT = """
    An Ân Anh Ánh Ái Bá Bắc Bạch Bằng Bảo Bích Biên Bình Bội Ca Cẩm Cảnh Cát Chánh Châu Chi
    Chí Chiến Chinh Chính Chung Cơ Công Cúc Cung Cường Đại Đan Đăng Đạo Đạt Diễm Diệp Diệu Điệp
    Đình Định Đoan Doanh Đông Đồng Đức Dung Dũng Dương Duy Duyên Gấm Gia Giang Giao Hà Hạ
    Hải Hân Hân Hằng Hạnh Hào Hảo Hậu Hiền Hiển Hiến Hiệp Hiếu Hiệu Hinh Hoa Hòa Hoà Hóa Hoài
    Hoan Hoàn Hoàng Hồng Hợp Huân Huấn Huệ Hùng Hưng Hương Hường Hưởng Hữu Huy Huyền Huynh Kha
    Khả Khải Khang Khanh Khánh Khắc Khiêm Khoa Khôi Khuê Khương Kiên Kiệt Kiều Kim Kỳ Lai Lam
    Lâm Lan Lành Lễ Lệ Liên Liêm Liễu Linh Loan Lộc Lợi Long Luân Luật Lực Lương Lượng Ly Lý
    Mai Mạnh Mẫn Minh Mơ My Mỹ Nam Năng Nga Ngà Ngân Nghĩa Ngọc Nguyên Nguyệt Nhã Nhàn Nhân
    Nhật Nhi Nhiên Nhung Như Ninh Oanh Phát Phi Phong Phú Phúc Phụng Phước Phương Phượng Quân
    Quang Quế Quốc Quý Quyên Quyền Quyết Quỳnh Sang Sâm Sĩ Sinh Sơn Sương Tài Tâm Tân Tấn
    Thạch Thái Thắm Thân Thắng Thanh Thành Thảo Thế Thi Thị Thiên Thiện Thịnh Thơ Thọ Thoa
    Thông Thu Thư Thuận Thục Thương Thủy Thùy Thúy Thuỷ Thuỳ Thuý Thy Tiên Tiến Tiệp Tín Tình
    Tịnh Toàn Trà Trâm Trang Trí Triết Triều Trinh Trình Trọng Trúc Trung Trực Trường Tú Tuân
    Tuấn Tuệ Tùng Tường Tuyền Tuyết Uyên Văn Vân Vi Việt Viết Vinh Vĩnh Võ Vũ Vui Vượng Vy
    Xuân Yên Yến Thiều Khuyên Diệu Hoàn Tuyến Tuyên Hưng Lụa Nhuần Thuần Thêu Lài Huế Hiên
    Thưởng
    """
GIVEN_NAMES = frozenset(nfc(w).lower() for w in _GIVEN_TEXT.split())
_GIVEN_SORTED = tuple(sorted(GIVEN_NAMES))


_STROKE_MARKS = ":;,.'\"`~^|>+*"  # what a signature's stroke or a seal's edge leaves in a word
TORN_MIN = 5  # letters of a word torn without a mark left in it that is still repaired


def restore_torn(name: str) -> str:
    """The name of a signer with each word the signature or the seal tore ("Plam:", "Xgọc": no
    syllable once the marks about it are set aside) put back to the one name one letter away
    from it, of the same length: the first word a family name, the others stock names ("Phạm
    Ngọc"). Only with evidence of a tear: a mark the stroke left in the name ("Plam:": the
    stroke runs along the line, across its words), or a word of TORN_MIN letters or more (a
    short word that is no Kinh syllable may be a name of a minority: "Kpă")."""
    words = name.split(" ")
    stroke = any(not w.replace("'", "").replace("-", "").isalpha() for w in words if w)
    out = []
    for i, word in enumerate(words):
        bare = word.strip(_STROKE_MARKS)
        if (
            not bare
            or (bare.isalpha() and is_syllable(bare))
            or not (stroke or len(bare) >= TORN_MIN)
        ):
            out.append(word)
            continue
        stock = SURNAMES if i == 0 else _GIVEN_SORTED
        near = _one_slip_from(bare, stock, min_len=1, same_length=True)
        out.append(_cased(near.lower(), bare) if near else word)
    return " ".join(out)


def torn_word(name: str, signed: bool = False) -> str | None:
    """The first word of a name that no name's word can be: marks in it ("+ần", "Đ>smn") or a
    small first letter ("yên"): the signature or the seal tore it, or a mark was read into it.
    Under a signature (`signed`), a word that is no syllable too ("Xgọc"): the stroke crosses
    the name (a name of a minority, "Kpă", is then flagged, never changed)."""
    for word in name.split():
        if not word.replace("'", "").replace("-", "").isalpha() or not word[:1].isupper():
            return word
        if signed and not is_syllable(word):
            return word
    return None


def fix_given_tones(name: str) -> str:
    """The name with each word after the first restored to the one stock name its tone fits."""
    words = name.split(" ")
    if len(words) < 2 or name.isascii():
        return name
    out = [words[0]]
    for word in words[1:]:
        out.append(_stock_tone(_read_twice(word)))
    return " ".join(out)


def _read_twice(word: str) -> str:
    """The word with a letter OCR read twice taken once ("YẾỄN": the stacked marks of "YẾN" seen
    twice), when exactly one letter so taken out makes a stock name."""
    low = nfc(word).lower()
    if not low.isalpha() or low in GIVEN_NAMES or is_syllable(low):
        return word
    twice = [i for i in range(1, len(low)) if fold(low[i]) == fold(low[i - 1])]
    fits = {low[:j] + low[j + 1 :] for i in twice for j in (i - 1, i)} & GIVEN_NAMES
    return _cased(fits.pop(), word) if len(fits) == 1 else word


def _cased(fit: str, word: str) -> str:
    """`fit` (small letters) in the case `word` was printed in."""
    if word.isupper():
        return fit.upper()
    return fit.capitalize() if word[:1].isupper() else fit


def unusual_given(name: str) -> tuple[str, str] | None:
    """(word, stock name) for a middle or given name that is no stock name but spells one but
    for its marks ("KHÁC" for "KHẮC": a vowel mark misread, which is never restored)."""
    for word in name.split(" ")[1:]:
        low = nfc(word).lower()
        if not low.isalpha() or low in GIVEN_NAMES or low in _EXACT:
            continue  # a family name is a middle name too ("Trần Nguyễn Anh Thư")
        fits = _GIVEN_BY_FOLD.get(fold(low), set())
        if fits:
            return word, _cased(sorted(fits)[0], word)
    return None


_STACKED = frozenset("âêôơưă")  # vowels a tone mark is stacked on: where OCR loses it


def lost_tone(name: str) -> tuple[str, list[str]] | None:
    """(word, stock names) for a middle or given name read without a tone mark on a vowel with
    a hat or a horn, when stock names spelt so with a tone exist ("Hiên": Hiền, Hiển, Hiến):
    the mark stacked there is the one OCR most often loses, so the name read is not sure."""
    for word in name.split(" ")[1:]:
        toned = toned_twins(word)
        if toned:
            return word, [_cased(g, word) for g in toned]
    return None


def toned_twins(word: str) -> list[str]:
    """The stock names (small letters) a word read without a tone mark on a vowel with a hat or
    a horn is with a tone ("hiên": hiến, hiền, hiển); none for a word with a tone mark."""
    low = nfc(word).lower()
    bare, tones = strip_tone(low)
    if tones or not _STACKED & set(low):
        return []
    return sorted(g for g in _BY_TONELESS.get(bare, set()) if strip_tone(g)[1])


def tone_twins(name: str) -> bool:
    """Whether a middle or given name of `name` is one of several stock names spelt with the
    same letters and another tone ("Hiền": Hiên, Hiển, Hiến; "Chi": Chí): a tone OCR misread
    there would still make a name, so no list can tell the reading wrong."""
    for word in name.split(" ")[1:]:
        low = nfc(word).lower()
        if low in GIVEN_NAMES and len(_BY_TONELESS.get(strip_tone(low)[0], ())) > 1:
            return True
    return False


_BY_TONELESS: dict[str, set[str]] = {}
for _g in GIVEN_NAMES:
    _BY_TONELESS.setdefault(strip_tone(_g)[0], set()).add(_g)


_GIVEN_BY_FOLD: dict[str, set[str]] = {}
for _g in GIVEN_NAMES:
    _GIVEN_BY_FOLD.setdefault(fold(_g), set()).add(_g)


def _stock_tone(word: str) -> str:
    low = nfc(word).lower()
    if not low.isalpha() or low in GIVEN_NAMES or low in _EXACT:
        return word  # "Nguyễn" in "Trần Nguyễn Anh Thư" is no "Nguyên" with a tone misread
    fits = _BY_TONELESS.get(strip_tone(low)[0], set())
    return _cased(next(iter(fits)), word) if len(fits) == 1 else word


# The words of the positions printed over a signature ("KT. CHỦ TỊCH", "PHÓ CHÁNH VĂN PHÒNG").
POSITION_WORDS = (
    "CHỦ", "TỊCH", "PHÓ", "GIÁM", "ĐỐC", "TRƯỞNG", "CHÁNH", "VĂN", "PHÒNG", "THỨ", "BỘ",
    "THỦ", "TƯỚNG", "ỦY", "BAN", "NHÂN", "DÂN", "HỘI", "ĐỒNG", "CỤC", "VỤ", "SỞ", "CHÍNH",
    "PHỦ", "THƯỜNG", "TRỰC", "BÍ", "THƯ", "TỔNG", "KẾ", "TOÁN", "VIỆN", "HIỆU", "NHIỆM",
)  # fmt: skip
_POSITION_BY_FOLD: dict[str, set[str]] = {}
for _w in POSITION_WORDS:
    _POSITION_BY_FOLD.setdefault(fold(_w), set()).add(_w)


def fix_position(text: str) -> str:
    """A signer's position in capitals with the marks OCR lost put back ("CHU TỊCH" -> "CHỦ TỊCH"),
    word by word, when exactly one usual title word has that spelling without marks. A word read
    with a tone mark is kept: "MÔI TRƯỜNG" is not "TRƯỞNG", "UỶ" is a way to print "ỦY"."""
    out = []
    for word in text.split(" "):
        found = _POSITION_BY_FOLD.get(fold(word), set())
        bare = word.isupper() and not strip_tone(word)[1]  # its tone mark lost
        fixed = next(iter(found)) if len(found) == 1 and bare else word
        out.append(fixed if nfc(word) not in POSITION_WORDS else word)
    return " ".join(out)


POSITION_PREFIXES = ("KT.", "TM.", "TL.", "Q.", "TUQ.")


def is_position_word(word: str) -> bool:
    """True for a word of a usual title ("TRƯƠNG" too: its marks may be lost) or a prefix."""
    return fold(word) in _POSITION_BY_FOLD or word in POSITION_PREFIXES


def position_doubt(text: str) -> bool:
    """True when a word of a position is a usual title word without its marks, not restorable,
    or not a word at all ("THỨ TR ỚN": a title torn by the signature)."""
    return any(
        (fold(w) in _POSITION_BY_FOLD and nfc(w) not in POSITION_WORDS)
        or (w not in POSITION_PREFIXES and not is_syllable(w))
        for w in text.split(" ")
    )


def middle_name_first(name: str) -> bool:
    """True for a name of two words whose first is a common middle or given name and a rare family
    name ("Quang Khánh" of "Triệu Quang Khánh": the family name hidden by the seal or lost)."""
    words = name.split()
    first = nfc(words[0]).lower() if words else ""
    common = {s.lower() for s in _COMMON}
    return len(words) == 2 and first in GIVEN_NAMES and first not in common


def stock_name(name: str) -> bool:
    """True when a name is a family name and given names of the lists, marks and all ("Hồ Quốc
    Dũng"): words that look like labels only once their marks are dropped ("họ", "quốc tịch")."""
    words = [nfc(w).lower() for w in name.split()]
    return len(words) >= 2 and known_surname(name) and all(w in GIVEN_NAMES for w in words[1:])


def known_surname(name: str) -> bool:
    """True when a person's name starts with a Vietnamese family name."""
    words = name.split()
    return bool(words) and nfc(words[0]).lower() in _EXACT
