"""Documents filed straight into an archive and catalog, made here without OCR or signing.

Each is what `pipeline.filing.finish` leaves behind for an application form (đơn đề nghị):
v1/ with document.pdf (stand-in bytes), text.txt, alto.xml made by ocr.alto from the word
boxes below, metadata.json with field_details, and the catalog row.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from ocr.pdf.alto import to_alto
from ocr.types import PageText, Word
from storage.archive import document_prefix, original_key, write_document
from storage.catalog import Catalog, DocumentRecord
from storage.objects import ObjectStore

LINES = [
    ["ĐƠN", "ĐỀ", "NGHỊ", "XÁC", "NHẬN", "CƯ", "TRÚ"],
    ["Họ", "và", "tên:", "Nguyen", "Van", "Aan"],
    ["Số", "định", "danh", "cá", "nhân:", "087093001234"],
    ["Ngày", "sinh:", "12/05/1990"],
]
FIELDS = {"full_name": "Nguyen Van Aan", "id_number": "087093001234", "date_of_birth": "1990-05-12"}
REASONS = {
    "full_name": "low OCR confidence (41 < 60)",
    "id_number": "citizen ID year digits 93 disagree with birth year 1990",
}
T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def page_text() -> PageText:
    """One 1000 x 800 pixel page: each line 40 px high, words 20 px apart."""
    words = []
    for n, line in enumerate(LINES):
        left = 50
        for text in line:
            width = 18 * len(text)
            words.append(Word(text, left, 60 + 60 * n, width, 40, 41.0 if n == 1 else 93.0, n, 0))
            left += width + 20
    text = "\n".join(" ".join(line) for line in LINES)
    return PageText(1000, 800, 200.0, tuple(words), text, 80.0)


def file_document(
    store: ObjectStore,
    catalog: Catalog,
    n: int,
    *,
    office: str = "DT-01",
    fields: dict[str, str] | None = None,
    reasons: dict[str, str] | None = None,
) -> DocumentRecord:
    """File document number `n` (distinct bytes per n) received by `office`."""
    scan = f"application form scan {n}".encode()
    sha = hashlib.sha256(scan).hexdigest()
    created = T0 + timedelta(minutes=n)
    prefix = document_prefix(created, sha[:24], 1)
    fields = dict(FIELDS if fields is None else fields)
    reasons = dict(REASONS if reasons is None else reasons)
    page = page_text()
    metadata: dict[str, Any] = {
        "document_id": sha[:24],
        "version": 1,
        "doc_type": "application_form",
        "fields": fields,
        "field_details": {
            k: {
                "value": v,
                "confidence": 80.0,
                "needs_review": k in reasons,
                "reason": reasons.get(k, ""),
            }
            for k, v in fields.items()
        },
        "owner_id": fields.get("id_number"),
        "needs_review": bool(reasons),
        "review_reasons": reasons,
        "receiving_office": office,
        "signature": {"level": "B-B", "signer": "test", "signing_time": created.isoformat()},
        "created_at": created.isoformat(),
    }
    store.put(original_key(sha, "png"), scan)
    write_document(
        store,
        prefix,
        {
            "document.pdf": b"%PDF-1.7 signed stand-in " + scan,
            "text.txt": page.text.encode(),
            "alto.xml": to_alto([page], source_name="scan.png"),
            "metadata.json": json.dumps(metadata, ensure_ascii=False).encode(),
        },
    )
    record = DocumentRecord(
        document_id=sha[:24],
        version=1,
        sha256=sha,
        original_key=original_key(sha, "png"),
        prefix=prefix,
        created_at=created,
        filename=f"don-{n}.png",
        pages=1,
        doc_type="application_form",
        fields=fields,
        owner_id=fields.get("id_number"),
        receiving_office=office,
        text=page.text,
        confidence=80.0,
        needs_review=bool(reasons),
        review_reasons=reasons,
        signature_level="B-B",
        signed_at=created,
        pipeline_version="test",
    )
    assert catalog.add(record)
    return record
