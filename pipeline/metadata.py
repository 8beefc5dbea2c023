"""DocumentMetadata: the one description of a filed document; its catalog row and metadata.json are made from it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from ocr.fields.model import Extraction
from storage.catalog import DocumentRecord

from .model import PIPELINE_VERSION, Component, Ingested, PageOutcome
from .steps import owner_of

FIRST_VERSION = 1


@dataclass(frozen=True, slots=True)
class DocumentMetadata:
    """What is known of one filed document version (Decree 30/2020 Annex VI and sohoa's own)."""

    document_id: str
    version: int
    sha256: str
    original_key: str
    filename: str
    format: str
    pages: int
    doc_type: str
    type_confidence: float
    fields: dict[str, str]
    field_details: dict[str, dict[str, Any]]
    flags: dict[str, str]  # paper-level review reasons (owner_conflict, ...)
    owner_id: str | None  # whose document it is: the dossier's owner, else the printed ID
    printed_owner_id: str | None  # the ID read on the paper
    document_number: str | None
    issue_date: str | None
    confidence: float
    needs_review: bool
    review_reasons: dict[str, str]
    procedure: str | None
    dossier_id: str | None
    receiving_office: str | None
    role: str
    signature: dict[str, Any]
    page_details: list[dict[str, Any]]
    created_at: datetime
    pipeline_version: str = PIPELINE_VERSION
    language: str = "vi"

    def to_json(self) -> dict[str, Any]:
        """The metadata.json dict (the exports are made from it)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["created_at"] = self.created_at.isoformat()
        return out

    def to_bytes(self) -> bytes:
        """metadata.json as stored in the archive."""
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2, sort_keys=True).encode()

    def to_record(self, *, prefix: str, text: str, object_sha256: dict[str, str]) -> DocumentRecord:
        """The catalog row of this document version."""
        return DocumentRecord(
            document_id=self.document_id,
            version=self.version,
            sha256=self.sha256,
            original_key=self.original_key,
            prefix=prefix,
            created_at=self.created_at,
            filename=self.filename,
            pages=self.pages,
            doc_type=self.doc_type,
            fields=dict(self.fields),
            owner_id=self.owner_id,
            document_number=self.document_number,
            issue_date=self.issue_date,
            procedure=self.procedure,
            dossier_id=self.dossier_id,
            receiving_office=self.receiving_office,
            role=self.role,
            text=text,
            confidence=self.confidence,
            needs_review=self.needs_review,
            review_reasons=dict(self.review_reasons),
            signature_level=self.signature.get("level"),
            signed_at=self.created_at,
            pipeline_version=self.pipeline_version,
            object_sha256=object_sha256,
        )


def describe(
    *,
    document_id: str,
    ingested: Ingested,
    component: Component,
    extraction: Extraction,
    pages: Sequence[PageOutcome],
    signature: dict[str, Any],
    created: datetime,
) -> DocumentMetadata:
    """The description of a document filed from these pages, fields and signature.

    `extraction` is the one filing uses (pipeline.steps.with_owner has flagged an owner conflict).
    """
    return DocumentMetadata(
        document_id=document_id,
        version=FIRST_VERSION,
        sha256=ingested.sha256,
        original_key=ingested.original_key,
        filename=ingested.filename,
        format=ingested.fmt,
        pages=len(pages),
        doc_type=extraction.doc_type,
        type_confidence=round(extraction.type_confidence, 3),
        fields=extraction.plain_fields(),
        field_details=field_details(extraction),
        flags=dict(extraction.flags),
        owner_id=owner_of(extraction, component),
        printed_owner_id=extraction.owner_id,
        document_number=extraction.document_number,
        issue_date=extraction.issue_date,
        confidence=round(page_confidence(pages), 1),
        needs_review=extraction.needs_review,
        review_reasons=extraction.review_reasons,
        procedure=component.procedure,
        dossier_id=component.dossier_id,
        receiving_office=component.receiving_office,
        role=component.role,
        signature=signature,
        page_details=[p.summary() for p in pages],
        created_at=created,
    )


def field_details(extraction: Extraction) -> dict[str, dict[str, Any]]:
    """Each field with its confidence, review flag and reason, and what OCR read when changed."""
    out: dict[str, dict[str, Any]] = {}
    for key, v in extraction.fields.items():
        out[key] = {
            "value": v.value,
            "confidence": round(v.confidence, 1),
            "needs_review": v.needs_review,
            "reason": v.reason,
        }
        if v.read_as:
            out[key]["read_as"] = v.read_as
    return out


def page_confidence(pages: Sequence[PageOutcome]) -> float:
    """Mean word confidence over the document, each word counting once."""
    words = sum(len(p.text.words) for p in pages)
    if not words:
        return 0.0  # nothing read: no confidence in anything
    return sum(p.text.confidence * len(p.text.words) for p in pages) / words
