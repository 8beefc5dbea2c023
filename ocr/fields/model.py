"""The result of reading a paper: its document type and its normalized, validated fields."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ocr.fields.validate import is_valid_citizen_id, is_valid_enterprise_code

OWNER_KEYS = ("id_number", "enterprise_code")


@dataclass(frozen=True)
class FieldValue:
    """One field as read: the normalized value, its OCR confidence (0..100) and review flag."""

    value: str
    confidence: float
    needs_review: bool = False
    reason: str = ""
    read_as: str = ""  # what OCR read, when the value was changed after OCR (always flagged)


@dataclass(frozen=True)
class Extraction:
    """The document type of a paper and the fields read from it."""

    doc_type: str
    type_confidence: float
    fields: dict[str, FieldValue] = field(default_factory=dict)
    flags: dict[str, str] = field(default_factory=dict)  # paper-level review reasons

    @property
    def needs_review(self) -> bool:
        """True when any field or the paper itself (type, pages, owner) needs a person."""
        return bool(self.flags) or any(f.needs_review for f in self.fields.values())

    @property
    def review_reasons(self) -> dict[str, str]:
        """Why each flagged field (or the paper, under its flag name) needs a person."""
        out = dict(self.flags)
        out.update({k: f.reason for k, f in self.fields.items() if f.needs_review})
        return out

    def flagged(self, flag: str, reason: str) -> Extraction:
        """The same extraction with one more paper-level review reason."""
        return replace(self, flags={**self.flags, flag: reason})

    @property
    def owner_id(self) -> str | None:
        """The citizen ID or enterprise code printed on the paper, when it is valid."""
        for key in OWNER_KEYS:
            f = self.fields.get(key)
            if f is None or not f.value:
                continue
            if key == "id_number" and is_valid_citizen_id(f.value):
                return f.value
            if key == "enterprise_code" and is_valid_enterprise_code(f.value):
                return f.value
        return None

    @property
    def document_number(self) -> str | None:
        """The number and notation of the paper (decision number, registration number)."""
        for key in ("document_number", "registration_number"):
            f = self.fields.get(key)
            if f is not None and f.value:
                return f.value
        return None

    @property
    def issue_date(self) -> str | None:
        """The ISO date the paper was issued or registered on, when read."""
        for key in ("issue_date", "registration_date"):
            f = self.fields.get(key)
            if f is not None and f.value:
                return f.value
        return None

    def plain_fields(self) -> dict[str, str]:
        """Field key -> value, the values only (empty values left out)."""
        return {k: f.value for k, f in self.fields.items() if f.value}
