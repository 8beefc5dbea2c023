"""DocumentMetadata: metadata.json and the catalog row of a filed document say the same things."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ocr.fields.model import Extraction, FieldValue
from ocr.pdf.image import EncodedImage
from ocr.types import PageText, Word
from pipeline.metadata import DocumentMetadata, describe, page_confidence
from pipeline.model import Component, Ingested, PageOutcome

BLANK = EncodedImage(b"", 100, 100, "DCTDecode", "DeviceGray", 8, {})
SIGNED = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)


def _page(index: int, confidences: list[float]) -> PageOutcome:
    words = tuple(Word("chữ", 10 * i, 10, 8, 8, c) for i, c in enumerate(confidences))
    mean = sum(confidences) / len(confidences) if confidences else 100.0
    text = PageText(100, 100, 300.0, words, " ".join(w.text for w in words), mean)
    return PageOutcome(index=index, archive=BLANK, dpi=300.0, text=text)


def _meta() -> DocumentMetadata:
    """A birth certificate read with one doubtful field (values made up for this test)."""
    extraction = Extraction(
        "giay_khai_sinh",
        0.91234,
        {
            "full_name": FieldValue("NGUYỄN VĂN AN", 91.26),
            "issue_date": FieldValue("2020-02-30", 88.0, True, "no such date"),
        },
    )
    return describe(
        document_id="a" * 24,
        ingested=Ingested("a" * 64, "png", ".png", 1234, 2, "originals/aa", "khai-sinh.png"),
        component=Component(Path("khai-sinh.png"), "HS-1", "1.001", "001099012345", "UBND-X"),
        extraction=extraction,
        pages=[_page(0, [90.0, 70.0]), _page(1, [100.0])],
        signature={"level": "B-B", "signing_time": SIGNED.isoformat()},
        created=SIGNED,
    )


def test_catalog_row_and_metadata_json_agree_on_every_shared_field() -> None:
    meta = _meta()
    stored = json.loads(meta.to_bytes())
    row = meta.to_record(prefix="docs/2026/aa/v1/", text="chữ\f", object_sha256={"x": "y"})

    shared = set(stored) & set(row.to_json())
    assert {"document_id", "doc_type", "owner_id", "review_reasons", "confidence"} <= shared
    for key in shared:
        assert stored[key] == row.to_json()[key], key
    assert row.signature_level == "B-B" and row.signed_at == SIGNED
    assert row.prefix == "docs/2026/aa/v1/" and row.object_sha256 == {"x": "y"}


def test_metadata_rounds_and_flags_as_a_clerk_reads_them() -> None:
    stored = _meta().to_json()

    assert stored["type_confidence"] == 0.912
    assert stored["confidence"] == 86.7  # pages of 80 (2 words) and 100 (1 word)
    assert stored["owner_id"] == "001099012345"  # no valid ID read: the dossier's owner
    assert stored["needs_review"] is True
    assert stored["review_reasons"] == {"issue_date": "no such date"}
    assert stored["field_details"]["full_name"]["confidence"] == 91.3
    assert stored["created_at"] == SIGNED.isoformat()
    assert [p["page"] for p in stored["page_details"]] == [1, 2]


def test_metadata_is_frozen_and_an_unread_document_has_no_confidence() -> None:
    with pytest.raises(FrozenInstanceError):
        _meta().doc_type = "other"  # type: ignore[misc]
    assert page_confidence([_page(0, [])]) == 0.0  # nothing read: no confidence in anything
