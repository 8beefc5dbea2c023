"""Review queue, document versions and later versions that keep the signed objects, on every backend."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from storage_helpers import record, tamper

from common.errors import NotFound
from storage.archive import check_fixity, object_key, read_manifest, write_document, write_version
from storage.catalog import Catalog, ReviewQuery, search_query
from storage.export import verified
from storage.objects import ObjectStore

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def _flagged(n: int, office: str, minutes: int, reasons: dict[str, str], **kw: object):  # type: ignore[no-untyped-def]
    return record(
        n,
        receiving_office=office,
        created_at=T0 + timedelta(minutes=minutes),
        needs_review=bool(reasons),
        review_reasons=reasons,
        **kw,
    )


def test_review_queue_lists_flagged_documents_oldest_first_with_filters(catalog: Catalog) -> None:
    catalog.add(_flagged(1, "DT-01", 30, {"date_of_birth": "no such calendar date: 1990-02-31"}))
    catalog.add(_flagged(2, "DT-01", 10, {"owner_conflict": "dossier owner 0871 differs"}))
    catalog.add(_flagged(3, "HN-01", 5, {"full_name": "low OCR confidence (41 < 60)"}))
    catalog.add(_flagged(4, "DT-01", 1, {}))  # nothing flagged: not in the queue
    every = catalog.review_queue(ReviewQuery())
    assert [r.document_id for r in every.records] == ["doc00003", "doc00002", "doc00001"]
    assert every.total == 3
    assert every.records[1].review_reasons == {"owner_conflict": "dossier owner 0871 differs"}
    office = catalog.review_queue(ReviewQuery(receiving_office="DT-01"))
    assert [r.document_id for r in office.records] == ["doc00002", "doc00001"]
    by_reason = catalog.review_queue(ReviewQuery(reason="owner_conflict"))
    assert [r.document_id for r in by_reason.records] == ["doc00002"]
    assert [
        r.document_id for r in catalog.review_queue(ReviewQuery(reason="Calendar")).records
    ] == ["doc00001"]
    paged = catalog.review_queue(ReviewQuery(page=2, per_page=2))
    assert [r.document_id for r in paged.records] == ["doc00001"] and paged.total == 3


def test_a_later_version_replaces_the_row_in_queue_search_and_reuse(catalog: Catalog) -> None:
    v1 = _flagged(
        1,
        "DT-01",
        0,
        {"full_name": "low OCR confidence (41 < 60)"},
        fields={"full_name": "Nguyen Van Aan"},
        owner_id="087093001234",
        text="Họ và tên: Nguyen Van Aan",
    )
    assert catalog.add(v1)
    v2 = replace(
        v1,
        version=2,
        prefix=v1.prefix.replace("/v1/", "/v2/"),
        fields={"full_name": "Nguyễn Văn An"},
        owner_id="087190001234",
        needs_review=False,
        review_reasons={},
    )
    assert catalog.add(v2)
    assert not catalog.add(v2)  # the same version twice: a racing correction loses
    assert catalog.review_queue(ReviewQuery()).total == 0
    assert catalog.get("doc00001").version == 2
    assert [r.version for r in catalog.versions("doc00001")] == [1, 2]
    assert catalog.versions("absent") == []
    hits = catalog.search(search_query("nguyen van an")).hits
    assert [h.record.version for h in hits] == [2]
    assert [r.version for r in catalog.reuse("087190001234")] == [2]
    assert catalog.reuse("087093001234") == []  # the misread owner no longer holds it
    assert catalog.count() == 1


def _v1(store: ObjectStore) -> str:
    prefix = "documents/2025/03/doc00001/v1/"
    write_document(
        store,
        prefix,
        {
            "document.pdf": b"%PDF-1.7 signed",
            "text.txt": b"text",
            "metadata.json": b'{"version": 1}',
        },
    )
    return prefix


def test_a_later_version_keeps_the_signed_pdf_where_it_is(store: ObjectStore) -> None:
    v1 = _v1(store)
    v2 = "documents/2025/03/doc00001/v2/"
    manifest = write_version(store, v2, {"metadata.json": b'{"version": 2}'}, kept_from=v1)
    assert manifest["files"]["document.pdf"]["key"] == v1 + "document.pdf"
    assert not store.exists(v2 + "document.pdf")  # nothing signed is copied or rewritten
    assert object_key(store, v2, "document.pdf") == v1 + "document.pdf"
    assert object_key(store, v2, "metadata.json") == v2 + "metadata.json"
    assert object_key(store, v1, "document.pdf") == v1 + "document.pdf"
    with pytest.raises(NotFound):
        object_key(store, v2, "absent.xml")
    assert json.loads(store.get(object_key(store, v2, "metadata.json"))) == {"version": 2}
    # a third version keeps the first version's PDF, not a pointer to a pointer
    v3 = "documents/2025/03/doc00001/v3/"
    write_version(store, v3, {"metadata.json": b'{"version": 3}'}, kept_from=v2)
    assert read_manifest(store, v3)["files"]["document.pdf"]["key"] == v1 + "document.pdf"
    assert verified(store, v3, ["document.pdf", "metadata.json"])["document.pdf"] == (
        b"%PDF-1.7 signed"
    )
    assert check_fixity(store, v3) == []


def test_fixity_of_a_later_version_checks_the_kept_objects(store: ObjectStore) -> None:
    v1 = _v1(store)
    v2 = "documents/2025/03/doc00001/v2/"
    write_version(store, v2, {"metadata.json": b'{"version": 2}'}, kept_from=v1)
    tamper(store, v1 + "document.pdf", b"%PDF-1.7 forged")
    problems = check_fixity(store, v2)
    assert [(p.key, p.problem) for p in problems] == [(v1 + "document.pdf", "changed")]


def test_concurrent_corrections_of_one_version_give_one_new_version(
    catalog: Catalog, tmp_path: Path
) -> None:
    from filed_documents import file_document

    from common.errors import StaleVersion
    from pipeline.context import Context
    from pipeline.review import correct_fields
    from pipeline.settings import load_settings
    from storage.memory import MemoryObjectStore

    ctx = Context(load_settings(home=tmp_path), MemoryObjectStore(), catalog)
    doc = file_document(ctx.store, catalog, 1)
    outcomes: list[str] = []

    def clerk(n: int) -> None:
        try:
            correct_fields(
                ctx, doc.document_id, version=1, fields={"full_name": f"Nguyễn Văn {n}"},
                by={"via": "test", "user": str(n)},
            )  # fmt: skip
            outcomes.append(f"Nguyễn Văn {n}")
        except StaleVersion:
            outcomes.append("409")

    threads = [threading.Thread(target=clerk, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [o for o in outcomes if o != "409"]
    assert len(winners) == 1 and outcomes.count("409") == 5
    assert [r.version for r in catalog.versions(doc.document_id)] == [1, 2]
    current = catalog.get(doc.document_id)
    metadata = json.loads(ctx.store.get(current.prefix + "metadata.json"))
    assert current.fields["full_name"] == metadata["fields"]["full_name"] == winners[0]
