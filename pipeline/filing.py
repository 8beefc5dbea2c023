"""The last steps of a component: fields, PDF/A, signature, archive objects, catalog row.

Order matters for crash safety: objects first, the manifest last among objects, the catalog
row after that. A retry finds a signed PDF left by a crashed attempt and files it as is,
so a document is never signed twice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from common.errors import NotFound
from ocr.fields.model import Extraction
from signing.config import SignerConfig, SignOptions
from signing.sign import sign, signature_summary
from storage.archive import document_prefix, object_sha256, write_document
from storage.catalog import DocumentRecord
from storage.reuse import ReuseMatch, find_reusable

from . import steps
from .context import Context
from .metadata import FIRST_VERSION, DocumentMetadata, describe
from .model import (
    Component,
    DigitizedDocument,
    Ingested,
    PageOutcome,
)


def document_id_for(sha256: str) -> str:
    """Documents are named by the content they came from, so a rerun finds the same one."""
    return sha256[:24]


def store_original(ctx: Context, ingested: Ingested, data: bytes) -> None:
    """Keep the original bytes, content-addressed and immutable."""
    ctx.store.put(ingested.original_key, data, content_type=_mime(ingested.fmt))


def existing_document(ctx: Context, sha256: str) -> DigitizedDocument | None:
    """The document already filed for these exact bytes, if any."""
    record = ctx.catalog.get_by_sha256(sha256)
    if record is None:
        return None
    return from_record(ctx, record, reused="same_bytes")


def prefix_for(ctx: Context, sha256: str, now: datetime) -> str:
    """Where this input's document goes; the first attempt's choice is kept for every retry."""
    pointer = f"work/{sha256}/document-prefix"
    if ctx.store.exists(pointer):
        return ctx.store.get(pointer).decode("utf-8")
    prefix = document_prefix(now, document_id_for(sha256), FIRST_VERSION)
    ctx.store.put(pointer, prefix.encode("utf-8"), content_type="text/plain")
    return prefix


def from_record(
    ctx: Context,
    record: DocumentRecord,
    *,
    reused: str = "",
    metadata: dict[str, Any] | None = None,
) -> DigitizedDocument:
    """The document of a catalog row; its metadata is read from the archive unless given."""
    if metadata is None:
        try:
            metadata = json.loads(ctx.store.get(record.prefix + "metadata.json"))
        except NotFound:
            metadata = {}
    return DigitizedDocument(
        document_id=record.document_id,
        version=record.version,
        prefix=record.prefix,
        sha256=record.sha256,
        filename=record.filename,
        pages=record.pages,
        doc_type=record.doc_type,
        fields=dict(record.fields),
        confidence=record.confidence,
        needs_review=record.needs_review,
        review_reasons=dict(record.review_reasons),
        signature=dict(metadata.get("signature", {})),
        created_at=record.created_at,
        metadata=metadata,
        reused=reused,
    )


def finish(
    ctx: Context,
    *,
    component: Component,
    ingested: Ingested,
    pages: Sequence[PageOutcome],
    signer: SignerConfig,
    options: SignOptions,
    now: datetime | None = None,
) -> DigitizedDocument:
    """Fields -> reuse? -> assemble and sign -> describe -> file, for a component whose pages are done.

    A paper already filed by the same office for the same owner, type and number (another scan
    of it) is linked to that document instead of being signed and filed again.
    """
    pages = sorted(pages, key=lambda p: p.index)
    now = now or datetime.now(UTC)
    extraction = steps.with_owner(steps.read_fields(pages, component, ctx.settings), component)
    match = _reusable(ctx, ingested, component, extraction)
    if match is not None:
        return from_record(ctx, match.record, reused=match.reason)
    prefix = prefix_for(ctx, ingested.sha256, now)
    signed = _signed_pdf(
        ctx, prefix + "document.pdf", pages, ingested, component, extraction, signer, options, now
    )
    signature = signature_summary(signed)
    meta = describe(
        document_id=document_id_for(ingested.sha256),
        ingested=ingested,
        component=component,
        extraction=extraction,
        pages=pages,
        signature=signature,
        created=_signing_time(signature) or now,
    )
    return _file(ctx, prefix, meta, signed, pages, ingested)


def _reusable(
    ctx: Context, ingested: Ingested, component: Component, extraction: Extraction
) -> ReuseMatch | None:
    """A document already filed that stands for this paper (storage.reuse's one rule)."""
    return find_reusable(
        ctx.catalog,
        sha256=ingested.sha256,
        owner_id=steps.owner_of(extraction, component),
        doc_type=extraction.doc_type,
        document_number=extraction.document_number,
        office=component.receiving_office,
    )


def _signed_pdf(
    ctx: Context,
    pdf_key: str,
    pages: Sequence[PageOutcome],
    ingested: Ingested,
    component: Component,
    extraction: Extraction,
    signer: SignerConfig,
    options: SignOptions,
    now: datetime,
) -> bytes:
    """The PDF/A assembled and signed, or the one a crashed attempt left (never sign twice)."""
    if ctx.store.exists(pdf_key):
        return ctx.store.get(pdf_key)
    pdf = steps.assemble(
        pages, ingested=ingested, component=component, extraction=extraction, created=now
    )
    return sign(pdf, signer, replace(options, occupied=word_boxes(pages[0])))


def _file(
    ctx: Context,
    prefix: str,
    meta: DocumentMetadata,
    signed: bytes,
    pages: Sequence[PageOutcome],
    ingested: Ingested,
) -> DigitizedDocument:
    """Archive objects (manifest last), then the catalog row made from the same description."""
    text = steps.document_text(pages)
    manifest = write_document(
        ctx.store,
        prefix,
        {
            "document.pdf": signed,
            "text.txt": text.encode("utf-8"),
            "alto.xml": steps.assemble_alto(pages, ingested),
            "metadata.json": meta.to_bytes(),
        },
    )
    record = meta.to_record(prefix=prefix, text=text, object_sha256=object_sha256(manifest))
    if ctx.catalog.add(record):
        return from_record(ctx, record, metadata=meta.to_json())
    # a racing worker filed these bytes first: its row is the document
    filed = ctx.catalog.get_by_sha256(ingested.sha256)
    return from_record(ctx, filed if filed is not None else record)


def word_boxes(page: PageOutcome) -> tuple[tuple[float, float, float, float], ...]:
    """The page's word boxes in PDF points (origin bottom-left), where the stamp must not go."""
    text = page.text
    if not (page.dpi > 0 and text.width > 0 and text.height > 0):
        return ()
    width_pt, height_pt = page.archive.width / page.dpi * 72, page.archive.height / page.dpi * 72
    sx, sy = width_pt / text.width, height_pt / text.height  # as ocr.pdf lays the words out
    return tuple(
        (
            w.left * sx,
            height_pt - (w.top + w.height) * sy,
            (w.left + w.width) * sx,
            height_pt - w.top * sy,
        )
        for w in text.words
    )


def _signing_time(signature: dict[str, Any]) -> datetime | None:
    value = signature.get("signing_time")
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _mime(fmt: str) -> str:
    return {
        "pdf": "application/pdf",
        "png": "image/png",
        "jpeg": "image/jpeg",
        "tiff": "image/tiff",
    }.get(fmt, "application/octet-stream")
