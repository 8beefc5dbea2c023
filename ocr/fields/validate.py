"""Checks that catch OCR slips in identifiers, dates and phone numbers; each returns a reason or None."""

from __future__ import annotations

import re
from datetime import date

from ocr.fields.provinces import PROVINCE_CODES

MIN_YEAR = 1900
MAX_YEAR = 2100

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ENTERPRISE = re.compile(r"\d{10}(?:-\d{3})?")
_MOBILE = re.compile(r"0[35789]\d{8}")
_LANDLINE = re.compile(r"02\d{9}")


def date_problem(iso: str) -> str | None:
    """Why `iso` (YYYY-MM-DD) is not a real calendar date in a plausible range, or None."""
    m = _ISO.fullmatch(iso)
    if not m:
        return f"not a date: {iso!r}"
    year, month, day = (int(g) for g in m.groups())
    try:
        date(year, month, day)
    except ValueError:
        return f"no such calendar date: {iso}"
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"implausible year {year}"
    return None


def century_sex_digit(birth_year: int, gender: str | None) -> set[str]:
    """The 4th digits of a citizen ID allowed for a birth year (and gender, when known)."""
    century = (birth_year // 100) - 19  # 1900s -> 0, 2000s -> 1, ...
    if not 0 <= century <= 4:
        return set()
    male, female = str(2 * century), str(2 * century + 1)
    g = (gender or "").strip().lower()
    if g == "nam":
        return {male}
    if g in ("nữ", "nu"):
        return {female}
    return {male, female}


def citizen_id_problem(
    value: str, *, birth_date: str | None = None, gender: str | None = None
) -> str | None:
    """Why `value` is not a valid 12-digit citizen ID (agreeing with birth date and gender), or None.

    Layout (Circular 59/2021/TT-BCA): 3-digit province of birth registration, 1 digit for
    century and sex (0/1 = male/female born 1900-1999, 2/3 = 2000-2099, ...), 2 digits for the
    year of birth, 6 serial digits.
    """
    if not re.fullmatch(r"\d{12}", value):
        return f"citizen ID must be 12 digits, got {value!r}"
    if value[:3] not in PROVINCE_CODES:
        return f"citizen ID province code {value[:3]} does not exist"
    if birth_date and not date_problem(birth_date):
        year = int(birth_date[:4])
        if value[3] not in century_sex_digit(year, gender):
            if value[3] not in century_sex_digit(year, None):
                return f"citizen ID century digit {value[3]} disagrees with birth year {year}"
            return f"citizen ID sex digit {value[3]} disagrees with gender {gender}"
        if value[4:6] != f"{year % 100:02d}":
            return f"citizen ID year digits {value[4:6]} disagree with birth year {year}"
    elif gender and value[3] not in {
        d for c in range(5) for d in century_sex_digit(1900 + 100 * c, gender)
    }:
        return f"citizen ID sex digit {value[3]} disagrees with gender {gender}"
    return None


def is_valid_citizen_id(value: str) -> bool:
    """True for a 12-digit citizen ID with an existing province code."""
    return citizen_id_problem(value) is None


def enterprise_code_problem(value: str) -> str | None:
    """Why `value` is not a 10-digit enterprise code or a 13-digit branch code (0312345678-001)."""
    if not _ENTERPRISE.fullmatch(value):
        return f"enterprise code must be 10 digits or 10-3 digits, got {value!r}"
    if value.endswith("-000"):
        return "branch suffix 000 does not exist"
    return None


def is_valid_enterprise_code(value: str) -> bool:
    """True for a well-formed enterprise or branch code."""
    return enterprise_code_problem(value) is None


def phone_digits(value: str) -> str:
    """The digits of a phone number in national form (+84 912... -> 0912...)."""
    digits = re.sub(r"[\s.\-()]", "", value)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits


def phone_problem(value: str) -> str | None:
    """Why `value` is not a Vietnamese mobile (10 digits, 03/05/07/08/09) or landline (02 + 9)."""
    digits = phone_digits(value)
    if not digits.isdigit():
        return f"phone number has non-digits: {value!r}"
    if _MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits):
        return None
    return f"not a Vietnamese phone number: {value!r}"
