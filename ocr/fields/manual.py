"""Check a value a person typed (a review correction) with the validators extraction uses.

A clerk's value is normalized by the kind of its field (dates to ISO, phone numbers to their
digits, names to clean white space) and refused with a reason when a check fails; OCR repairs
(digits read as letters, surnames from a closed list) are not applied: the person is the source.
"""

from __future__ import annotations

import re

from ocr.fields import normalize as norm
from ocr.fields.read import convert_checked, document_number
from ocr.fields.specs import SPECS
from ocr.fields.validate import (
    citizen_id_problem,
    date_problem,
    enterprise_code_problem,
    phone_digits,
    phone_problem,
)

# fields the catalog holds outside any document type's spec
EXTRA_KINDS = {
    "owner_id": "owner_id",
    "id_number": "citizen_id",
    "enterprise_code": "enterprise_code",
    "date_of_birth": "date",
    "issue_date": "date",
    "registration_date": "date",
    "document_number": "document_number",
    "phone": "phone",
    "gender": "gender",
}
_ISO = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def field_kind(doc_type: str, key: str) -> str:
    """The kind of a field (date, citizen_id, person...) in its type's spec; "text" if unknown."""
    spec = SPECS.get(doc_type)
    if spec is not None:
        for field in spec.fields:
            if field.key == key:
                return field.kind
    return EXTRA_KINDS.get(key, "text")


def _date(value: str) -> tuple[str, str]:
    text = value.strip()
    if _ISO.fullmatch(text):
        y, m, d = (int(p) for p in text.split("-"))
        iso = f"{y:04d}-{m:02d}-{d:02d}"
    else:
        iso = norm.date_candidate(text) or ""
    if not iso:
        return text, f"not a date: {text!r} (write DD/MM/YYYY or YYYY-MM-DD)"
    return iso, date_problem(iso) or ""


def _owner(value: str) -> tuple[str, str]:
    text = re.sub(r"\s", "", value)
    if len(text) == 12:
        return text, citizen_id_problem(text) or ""
    return text, enterprise_code_problem(text) or ""


def check_value(doc_type: str, key: str, value: str) -> tuple[str, str]:
    """(normalized value, problem or "") of a value a person gives for field `key`."""
    kind = field_kind(doc_type, key)
    text = norm.spaces(value)
    if not text:
        return "", "empty value"
    if kind == "date":
        return _date(text)
    if kind == "citizen_id":
        digits = re.sub(r"[\s.]", "", text)
        return digits, citizen_id_problem(digits) or ""
    if kind == "owner_id":
        return _owner(text)
    if kind == "enterprise_code":
        code = re.sub(r"\s", "", text)
        return code, enterprise_code_problem(code) or ""
    if kind == "phone":
        digits = phone_digits(text)
        return digits, phone_problem(digits) or ""
    if kind in ("gender", "area"):  # checked as when read by OCR
        return convert_checked(kind, text, text)
    if kind == "document_number":
        return document_number(text)
    if kind in ("name", "person", "country"):
        return norm.name(text), ""
    return text, ""
