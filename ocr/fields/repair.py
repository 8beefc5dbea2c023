"""Repair a citizen ID that OCR read with one digit wrong, added or lost, when only one fix fits.

A 12-digit citizen ID carries its own checks: a province code that exists, a century/sex digit and
two year digits that agree with the date of birth and gender printed on the same paper. When the
number as read fails on its own (wrong length, or a province code that does not exist), every
number one edit away is tried; if exactly one passes every check, that is what was printed. When
several pass, the province of the code must be one the paper names (place of origin or residence);
if that still leaves more than one, nothing is guessed. A repaired value is still flagged for
review, with the reading it was repaired from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from common.vietnamese import fold
from ocr.fields.provinces import PROVINCE_CODES
from ocr.fields.validate import citizen_id_problem

DIGITS = "0123456789"


def one_edit(digits: str) -> Iterator[str]:
    """Every 12-digit string one substitution, deletion or insertion away from `digits`."""
    n = len(digits)
    if n == 12:
        for i in range(n):
            for d in DIGITS:
                if d != digits[i]:
                    yield digits[:i] + d + digits[i + 1 :]
    elif n == 13:
        for i in range(n):
            yield digits[:i] + digits[i + 1 :]
    elif n == 11:
        for i in range(n + 1):
            for d in DIGITS:
                yield digits[:i] + d + digits[i:]


def provinces_named(text: str) -> set[str]:
    """Codes of the provinces whose names appear in `text` (diacritics ignored)."""
    folded = fold(text)
    return {
        code
        for code, name in PROVINCE_CODES.items()
        if re.search(rf"(?<![a-z]){re.escape(fold(name))}(?![a-z])", folded)
    }


def repair_citizen_id(
    digits: str, *, birth_date: str | None, gender: str | None, context: str
) -> str | None:
    """The one valid citizen ID a single OCR slip away from `digits`, or None."""
    if not digits.isdigit() or (len(digits) == 12 and citizen_id_problem(digits) is None):
        return None  # a number valid on its own is not second-guessed
    fits = {
        c
        for c in one_edit(digits)
        if citizen_id_problem(c, birth_date=birth_date, gender=gender) is None
    }
    if len(fits) > 1:
        named = provinces_named(context)
        fits = {c for c in fits if c[:3] in named}
    return fits.pop() if len(fits) == 1 else None
