"""Vietnamese family names: a small closed set, so a family name OCR misspelt can be restored.

OCR most often slips on the stacked diacritics of the bold capitals a name is printed in
("NGUYÊN" for "NGUYỄN", "KIỂU" for "KIỀU"). Vietnamese family names are few: when the first
word of a person's name is not one of them but, without its diacritics, matches exactly one,
that one is what was printed. A word that matches none, or several ("Đoàn" and "Doãn" both fold
to "doan"), is left as read.
"""

from __future__ import annotations

import unicodedata

from ocr.fields.text import fold

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
    "Điêu", "Lộc", "Cầm", "Ma",
)  # fmt: skip


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_EXACT = frozenset(_nfc(s).lower() for s in SURNAMES)
_BY_FOLD: dict[str, set[str]] = {}
for _s in SURNAMES:
    _BY_FOLD.setdefault(fold(_s), set()).add(_nfc(_s))
UNIQUE_FOLD = {k: next(iter(v)) for k, v in _BY_FOLD.items() if len(v) == 1}


def fix_surname(name: str) -> str:
    """The name with its first word restored to the one family name it can be, case kept."""
    first, sep, rest = name.partition(" ")
    if not first or _nfc(first).lower() in _EXACT or name.isascii():
        return name  # a name written without diacritics on purpose stays so
    known = UNIQUE_FOLD.get(fold(first))
    if known is None or len(known) != len(first):
        return name
    if first.isupper():
        known = known.upper()
    elif not first[:1].isupper():
        return name  # not a name's first word
    return known + sep + rest
