"""Turn printed values into their canonical form: ISO dates, decimal areas, clean names and numbers."""

from __future__ import annotations

import re
from datetime import date

from common.vietnamese import DIGIT_CONFUSIONS, DIGIT_LOOKALIKES, fold

_NUMERIC_TOKEN = re.compile("[0-9" + re.escape(DIGIT_LOOKALIKES) + "]+")

_DATE_WORDS = re.compile(
    r"(?<!\d)(\d{1,2})\s*(?:[/.\-]|,?\s*t\w{2,6}\s*|\s)\s*(\d{1,2})\s*(?:[/.\-]|,?\s*n\w{1,4}\s*|\s)\s*(\d{4})(?!\d)"
)
_SPACES = re.compile(r"\s+")
_LEADER = re.compile(r"(?:[.…·_]\s*){2,}")
_TRAIL = " \t.,;:…·_-–—"


_TINH = re.compile(r"\b(?:tính|tinh|tĩnh|tình)(?= [A-ZĐ])")


def spaces(text: str) -> str:
    """Collapse white space, strip dotted leaders, undo common OCR slips in capitals and place words.

    A value printed in capitals keeps no stray lower-case letter ("CÔNG TY Cổ PHẦN"), and the
    administrative word "tỉnh" before a province name gets its diacritic back.
    """
    text = _LEADER.sub(" ", text)
    text = _SPACES.sub(" ", text).strip(_TRAIL + "*")
    letters = [c for c in text if c.isalpha()]
    lower = sum(c.islower() for c in letters)
    if len(letters) >= 8 and 0 < lower <= max(1, len(letters) // 20):
        text = text.upper()
    return _TINH.sub("tỉnh", text)


def fix_digits(text: str) -> str:
    """Read letters that OCR put in place of digits inside numeric tokens (2O25 -> 2025)."""

    def repl(m: re.Match[str]) -> str:
        tok = m.group(0)
        digits = sum(c.isdigit() for c in tok)
        if digits and digits * 2 >= len(tok):
            return tok.translate(DIGIT_CONFUSIONS)
        return tok

    return _NUMERIC_TOKEN.sub(repl, text)


_GLUED_BEFORE = re.compile(r"([^\W\d_]{2,})(?=\d)")
_GLUED_AFTER = re.compile(r"(?<=\d)([^\W\d_]{2,})")


# a date word glued to a number whose first digit OCR read as a letter ("ngàyl6": ngày 16)
_DATE_WORD_GLUED = re.compile(
    r"(?i)\b(ng[aàáảãạ]y|th[aàáảãạ]ng|n[aăâ]m)(?=[" + re.escape(DIGIT_LOOKALIKES) + r"]\d)"
)


def unglue(text: str) -> str:
    """Words OCR glued to numbers set apart ("tháng10năm" -> "tháng 10 năm"); "2O25" is kept."""
    text = _DATE_WORD_GLUED.sub(r"\1 ", text)
    return _GLUED_AFTER.sub(r" \1", _GLUED_BEFORE.sub(r"\1 ", text))


# the day of "ngày |] tháng 9" read as marks that look like digits: the slot holds a number
_DAY_LOOKALIKE = re.compile(
    r"(?i)(\bng\w{1,2}\s*)([" + re.escape(DIGIT_LOOKALIKES) + r"]{1,2})(?=\s*th\w{2,4}\s*\d)"
)


def fix_date_digits(text: str) -> str:
    """fix_digits, and a day slot read as lookalikes only ("ngày |] tháng" -> "ngày 11 tháng")."""
    text = _DAY_LOOKALIKE.sub(lambda m: m.group(1) + m.group(2).translate(DIGIT_CONFUSIONS), text)
    return fix_digits(text)


def parse_date(text: str) -> str | None:
    """The first date in `text` as YYYY-MM-DD ("ngày 05 tháng 7 năm 2025", 05/07/2025, 5-7-2025).

    Returns None when no day-month-year can be read or it is not a real calendar date.
    """
    folded = fold(fix_date_digits(unglue(text)))
    for m in _DATE_WORDS.finditer(folded):
        d, mo, y = (int(g) for g in m.groups())
        try:
            return date(y, mo, d).isoformat()
        except ValueError:
            continue
    return None


def date_candidate(text: str) -> str | None:
    """The first day-month-year in `text` as YYYY-MM-DD even when it is not a real date."""
    m = _DATE_WORDS.search(fold(fix_date_digits(unglue(text))))
    if not m:
        return None
    d, mo, y = (int(g) for g in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}"


_AREA = re.compile(r"(\d{1,3}(?:[.\s]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)\s*(?:m|M)")
_AREA_BARE = re.compile(r"(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)")


def parse_area(text: str) -> str | None:
    """An area as printed ("1.250,5 m²", "125,5m2") as a decimal with a point ("1250.5")."""
    t = fix_digits(text)
    m = _AREA.search(t) or _AREA_BARE.search(t)
    if not m:
        return None
    num = m.group(1).replace(" ", "")
    if "," in num:
        num = num.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", num):
        num = num.replace(".", "")  # Vietnamese thousands separator
    return num


def digits_run(text: str, length: int) -> str | None:
    """A run of exactly `length` digits (spaces and dots between groups allowed), OCR-fixed."""
    t = fix_digits(text)
    for m in re.finditer(r"\d[\d .]*\d", t):
        d = re.sub(r"[ .]", "", m.group(0))
        if len(d) == length:
            return d
    return None


def gender(text: str) -> str | None:
    """'Nam' or 'Nữ', tolerant to a lost diacritic and to OCR's case slips ("NỮ" for "Nữ").

    Gender is a category, so its value is the canonical word whatever case it was printed in.
    """
    m = re.match(r"\s*(nam|nu|nir|nü|nừ|nứ|nư)\b", fold(text))
    if not m:
        return None
    return "Nam" if m.group(1) == "nam" else "Nữ"


_NAME_MARKS = " \"'“”‘’„.,:;|"  # quotes and stops OCR leaves at a name's ends
_NAME_END = re.compile(r"[,;(]|\s[-–]\s")


def name(text: str) -> str:
    """A person's or organization's name: case kept, white space normalized, trailing clauses cut."""
    text = _NAME_END.split(text, maxsplit=1)[0]
    return spaces(text).strip(_NAME_MARKS)
