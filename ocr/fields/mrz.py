"""The machine-readable zone of a citizen ID card's back (ICAO 9303 TD1: three lines of 30).

Line 1: "IDVNM", the last 9 digits of the ID number, their check digit, the 12-digit number;
line 2: birth date (YYMMDD) and its check digit, sex (M/F), expiry date and its check digit,
"VNM". OCR may merge the lines with others or read them out of order, so each is searched for
anywhere on a line. A value read from the zone is trusted only when its check digit agrees.
"""

from __future__ import annotations

import datetime as dt
import re

from common.vietnamese import fold
from ocr.fields.lines import Doc
from ocr.fields.spec import DocSpec, Span

_FIRST = re.compile(r"I[D<]VNM(\d{9})(\d)(\d{12})<")
_SECOND = re.compile(r"(?<![\dA-Z])(\d{6}\d)([MF<])(\d{6}\d)VNM")
_WEIGHTS = (7, 3, 1)
_ORGAN_START = re.compile(r"(?:bo|cuc|cuc truong)\s")  # "BỘ CÔNG AN", "CỤC TRƯỞNG CỤC ..."


def check_digit(text: str) -> str:
    """The ICAO 9303 check digit of `text` (digits, capitals A=10..Z=35, "<" = 0)."""
    total = 0
    for i, c in enumerate(text):
        value = int(c) if c.isdigit() else (ord(c) - 55 if c.isalpha() else 0)
        total += value * _WEIGHTS[i % 3]
    return str(total % 10)


def recognize(doc: Doc) -> int | None:
    """The line holding the zone's first line: the back of a Vietnamese ID card."""
    for line in doc.lines:
        if _FIRST.search(line.text.upper()):
            return line.index
    return None


def id_number(doc: Doc, spec: DocSpec) -> list[Span] | None:
    """The 12-digit ID number of the zone's first line, when its last 9 digits check."""
    for line in doc.lines:
        m = _FIRST.search(line.text.upper())
        if m and check_digit(m.group(1)) == m.group(2) and m.group(3).endswith(m.group(1)):
            return [(line.index, m.start(3), m.end(3))]
    return None


def _second(doc: Doc, group: int) -> list[Span] | None:
    for line in doc.lines:
        m = _SECOND.search(line.text.upper())
        if m:
            return [(line.index, m.start(group), m.end(group))]
    return None


def birth(doc: Doc, spec: DocSpec) -> list[Span] | None:
    return _second(doc, 1)


def sex(doc: Doc, spec: DocSpec) -> list[Span] | None:
    return _second(doc, 2)


def expiry(doc: Doc, spec: DocSpec) -> list[Span] | None:
    return _second(doc, 3)


def date_value(text: str, *, past: bool) -> tuple[str, str]:
    """(ISO date, problem) of "YYMMDD" + check digit; a birth date (`past`) is in the last
    hundred years, an expiry date in this century."""
    digits = text.strip()
    if not re.fullmatch(r"\d{7}", digits):
        return digits, f"not a date of the machine-readable zone: {digits!r}"
    yy, mm, dd = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    year = 2000 + yy
    if past and year > dt.date.today().year:
        year -= 100
    try:
        iso = dt.date(year, mm, dd).isoformat()
    except ValueError:
        return digits, f"no such date in the machine-readable zone: {digits!r}"
    if check_digit(digits[:6]) != digits[6]:
        return iso, f"check digit of {digits!r} does not agree: a digit misread?"
    return iso, ""


def sex_value(text: str) -> tuple[str, str]:
    """("Nam" or "Nữ", problem) of the zone's M or F."""
    value = {"M": "Nam", "F": "Nữ"}.get(text.strip().upper())
    return (value, "") if value else (text, f"sex must be M or F, got {text!r}")


def authority(doc: Doc, spec: DocSpec) -> list[Span] | None:
    """The issuing authority of a card's back (a zone on the paper): its lines in capitals that
    begin with an organ ("BỘ CÔNG AN") or its head ("CỤC TRƯỞNG CỤC CẢNH SÁT ..."), the zone's
    own lines (digits, "<") aside."""
    if recognize(doc) is None:
        return None
    spans: list[Span] = []
    for line in doc.lines:
        text = line.text.strip()
        caps = line.is_caps and not re.search(r"[\d<]", text)
        if spans and caps and line.page == doc.lines[spans[-1][0]].page:
            spans.append((line.index, line.text.index(text), line.text.index(text) + len(text)))
        elif spans:
            return spans
        elif caps and _ORGAN_START.match(fold(text)):
            spans.append((line.index, line.text.index(text), line.text.index(text) + len(text)))
    return spans or None
