"""Province names after "tỉnh" / "thành phố": a closed list, so a diacritic OCR slipped is restored.

"tỉnh Băc Kạn" was printed "tỉnh Bắc Kạn": when the words after "tỉnh" or "thành phố" match a
province name once diacritics (or one space OCR put inside a word or lost between two: "Thái N
guyên", "Hồ ChíMinh") are set aside,
but not as read, the name (and a misread "tính" for "tỉnh", "PHÔ" for "PHỐ") is written as the
list has it. Both tone placements ("Hòa" and "Hoà") are correct Vietnamese
and are left as printed.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from common.vietnamese import fold, nfc, strip_tone
from ocr.fields.provinces import PROVINCE_CODES
from ocr.fields.repair import provinces_named

# names used after the 2025 merger that are not in the 63-province code table
_EXTRA = ("Huế",)
NAMES = tuple(sorted({*PROVINCE_CODES.values(), *_EXTRA}, key=len, reverse=True))
_PREFIX = re.compile(r"(?<![^\W\d_])(tinh|thanh pho|tp\.?)\s+", re.IGNORECASE)
_PREFIX_WORDS = {"tinh": "tỉnh", "thanh pho": "thành phố"}  # as read, folded -> as printed


def same_spelling(read: str, name: str) -> bool:
    """True when `read` is `name` up to case and the placement of the tone mark (Hòa / Hoà)."""
    a, b = read.lower().split(), name.lower().split()
    return len(a) == len(b) and all(
        x == y or strip_tone(x) == strip_tone(y) for x, y in zip(a, b, strict=True)
    )


def fix_places(text: str) -> str:
    """`text` with the province names after "tỉnh"/"thành phố" spelt as the list has them."""
    text = nfc(text)
    folded = fold(text)
    out: list[str] = []
    last = 0
    for m in _PREFIX.finditer(folded):
        start = m.end()
        for name, end in _names_at(folded, start):
            if end < len(text) and text[end].isalnum():
                continue
            read = text[start:end]
            if read.isupper():
                read = read if same_spelling(read, name) else name.upper()
            elif read != name and not (same_spelling(read, name) and read.lower() != name.lower()):
                read = name  # a slipped letter or case ("Gia LAI"); "Hoà" for "Hòa" is kept
            prefix = text[m.start() : m.end()]
            word = m.group(1).lower()
            if word in _PREFIX_WORDS:
                printed = prefix[: len(word)]
                right = _PREFIX_WORDS[word]
                if printed.lower() != right:
                    if printed.isupper():
                        right = right.upper()
                    elif printed[0].isupper():
                        right = right[0].upper() + right[1:]
                    prefix = right + prefix[len(word) :]
            out.append(text[last : m.start()] + prefix + read)
            last = end
            break
    out.append(text[last:])
    return "".join(out)


def _spellings(name: str) -> list[str]:
    """A province's folded name as printed, then with one space OCR put inside one of its
    words ("thai n guyen") or lost between two ("ho chiminh")."""
    key = fold(name)
    inside = [f"{key[:i]} {key[i:]}" for i in range(1, len(key)) if " " not in key[i - 1 : i + 1]]
    lost = [key[:i] + key[i + 1 :] for i in range(1, len(key)) if key[i] == " "]
    return [key, *inside, *lost]


# (name, folded spelling): every name as printed first (longest first), then the slipped ones
_ALL = {n: _spellings(n) for n in NAMES}
_SPELLINGS = [(n, sp[0]) for n, sp in _ALL.items()] + [
    (n, s) for n, sp in _ALL.items() for s in sp[1:]
]


def _names_at(folded: str, start: int) -> list[tuple[str, int]]:
    """The province names read at `start` of a folded text, with where each ends (`_SPELLINGS`)."""
    return [(n, start + len(s)) for n, s in _SPELLINGS if folded.startswith(s, start)]


# the words an address puts before a number ("tổ 12", "ấp 3", "số 7"): a closed list, so a
# tone OCR misread or lost on one of them ("tố 12") is restored
ADDRESS_UNITS = (
    "số", "tổ", "ấp", "thôn", "xóm", "khu", "khóm", "bản", "buôn", "phố", "ngõ", "ngách",
    "hẻm", "kiệt", "lô", "tầng", "phòng", "phường", "quận", "đội",
)  # fmt: skip
_UNIT_BY_BARE: dict[str, list[str]] = {}
for _unit in ADDRESS_UNITS:
    _UNIT_BY_BARE.setdefault(strip_tone(_unit)[0], []).append(_unit)
_BEFORE_NUMBER = re.compile(r"(?:^|(?<=[,;]\s))([^\W\d_]+)(?=\s+\d)")


def fix_address_units(text: str) -> str:
    """`text` with each word before a number at the start of an address part that is no address
    unit but one by its tone ("tố 12", "xòm 5") spelt as the unit (its case kept)."""

    def unit(m: re.Match[str]) -> str:
        word = m.group(1)
        low = word.lower()
        fits = _UNIT_BY_BARE.get(strip_tone(low)[0], [])
        if low in ADDRESS_UNITS or len(fits) != 1:
            return word
        right = fits[0]
        return (
            right.upper() if word.isupper() else right.capitalize() if word[0].isupper() else right
        )

    return _BEFORE_NUMBER.sub(unit, nfc(text))


def address_problem(text: str) -> str:
    """Why an address should be checked: a Vietnamese address ends with its province, so one
    naming none lost a part ("Số 5" of "Số 5 đường Lạc Long Quân, ..., tỉnh Lâm Đồng"), or ""."""
    if not text or provinces_named(text):
        return ""
    return f"no province or city named in {text!r}: part of the address lost?"


def place_ending(word: str) -> str | None:
    """The one province whose name ends with `word` ("Nội": "Hà Nội"), its first words lost,
    when `word` is the last word of exactly one province and no province itself; else None."""
    folded = fold(nfc(word)).strip(" ,.")
    if not folded or any(fold(n) == folded for n in NAMES):
        return None
    ends = [n for n in NAMES if len(n.split()) > 1 and fold(n.split()[-1]) == folded]
    if len(ends) != 1 or not same_spelling(word.strip(" ,."), ends[0].split()[-1]):
        return None
    return ends[0]


_LAST_PROVINCE = re.compile(r"(?<![^\W\d_])tinh\s+([^\W\d_]+(?:\s+[^\W\d_]+)?)[\s.,;]*$")


def cut_province(text: str) -> str:
    """Why a text that ends with "tỉnh" and the first words of a province's name only ("tỉnh
    Tuyên" of "tỉnh Tuyên Quang", the line's end lost) should be checked, or ""."""
    m = _LAST_PROVINCE.search(fold(nfc(text)).lower())
    if m is None:
        return ""
    read = m.group(1)
    if any(fold(n).lower() == read for n in NAMES):
        return ""
    whole = [n for n in NAMES if fold(n).lower().startswith(read + " ")]
    if not whole:
        return ""
    printed = text.rstrip(" .,;")[-len(read) :]
    return f"ends with 'tỉnh {printed}', the start of {' or '.join(whole)}: the rest lost? check it"


# Nationalities as Vietnamese papers print them (the citizen ID card always says "Việt Nam").
COUNTRIES = (
    "Việt Nam", "Lào", "Campuchia", "Trung Quốc", "Đài Loan", "Hàn Quốc", "Nhật Bản", "Thái Lan",
    "Ma-lai-xi-a", "Xin-ga-po", "In-đô-nê-xi-a", "Phi-líp-pin", "Mi-an-ma", "Ấn Độ", "Úc",
    "Hoa Kỳ", "Ca-na-đa", "Anh", "Pháp", "Đức", "Nga", "Ý", "Tây Ban Nha", "Hà Lan", "Ba Lan",
    "Séc", "Ucraina",
)  # fmt: skip
COUNTRY_SIMILARITY = 0.75  # folded similarity at which a misread name is the country


def fix_country(text: str) -> str:
    """A nationality read with a slip ("Việt Nar") as the one country it is close to."""
    value = nfc(text).strip()
    if value in COUNTRIES:
        return value
    folded = fold(value)
    scored = sorted(
        ((Levenshtein.normalized_similarity(folded, fold(c)), c) for c in COUNTRIES), reverse=True
    )
    best, runner_up = scored[0], scored[1]
    if best[0] >= COUNTRY_SIMILARITY and best[0] > runner_up[0]:
        return best[1].upper() if value.isupper() and len(value) > 3 else best[1]
    return value
