"""Catalog records: idempotent filing, versions, look-ups for reuse, migrations.

Runs unchanged on SQLite, PostgreSQL (a fresh database on 127.0.0.1:5432) and memory.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from storage_helpers import fresh_pg_catalog, record

from common.errors import NotFound
from storage.catalog import Catalog, SearchQuery
from storage.factories import open_catalog


def test_a_record_reads_back_with_every_field(catalog: Catalog) -> None:
    original = record(
        1,
        fields={"ho_ten": "Nguyễn Văn An", "ngay_sinh": "1990-05-01"},
        owner_id="079090001234",
        document_number="123/QĐ-UBND",
        issue_date="2024-11-05",
        procedure="1.001234",
        dossier_id="HS-2025-0001",
        receiving_office="UBND phường Bến Nghé",
        role="result",
        text="Ủy ban nhân dân",
        needs_review=True,
        review_reasons={"ngay_sinh": "low confidence"},
        signed_at=datetime(2025, 3, 1, 9, 30, 15, tzinfo=UTC),
    )
    assert catalog.add(original) is True
    assert catalog.get("doc00001") == original
    assert catalog.get_by_sha256(original.sha256) == original


def test_filing_the_same_document_twice_adds_one_row(catalog: Catalog) -> None:
    assert catalog.add(record(1)) is True
    assert catalog.add(record(1)) is False
    assert catalog.count() == 1
    assert len(list(catalog.iter_documents())) == 1


def test_the_same_bytes_under_another_id_are_not_filed_again(catalog: Catalog) -> None:
    first = record(1)
    assert catalog.add(first)
    assert catalog.add(replace(record(2), sha256=first.sha256)) is False
    assert catalog.count() == 1
    with pytest.raises(NotFound):
        catalog.get("doc00002")


def test_a_correction_is_a_new_version_and_the_latest_is_served(catalog: Catalog) -> None:
    v1 = record(1, text="bản gốc có lỗi chính tả", doc_type="quyet_dinh")
    v2 = replace(v1, version=2, prefix="documents/2025/03/doc00001/v2/", text="bản đã sửa")
    assert catalog.add(v1) and catalog.add(v2)
    assert catalog.get("doc00001").version == 2
    found = catalog.get_by_sha256(v1.sha256)
    assert found is not None and found.version == 2
    assert catalog.count() == 1
    assert [r.version for r in catalog.iter_documents()] == [1, 2]
    assert catalog.search(SearchQuery(text="sua")).total == 1
    assert catalog.search(SearchQuery(text="chinh ta")).total == 0


def test_an_unknown_document_is_not_found(catalog: Catalog) -> None:
    with pytest.raises(NotFound):
        catalog.get("nope")
    assert catalog.get_by_sha256("0" * 64) is None


def test_the_same_paper_is_found_by_owner_type_and_number(catalog: Catalog) -> None:
    catalog.add(
        record(1, owner_id="079090001234", doc_type="quyet_dinh", document_number="123/QĐ-UBND")
    )
    catalog.add(
        record(2, owner_id="079090001234", doc_type="quyet_dinh", document_number="124/QĐ-UBND")
    )
    same = catalog.find_same("079090001234", "quyet_dinh", "123/qđ-ubnd")
    assert same is not None and same.document_id == "doc00001"
    assert catalog.find_same("079090001234", "quyet_dinh", "123 / QD-UBND") is not None
    assert catalog.find_same("079090009999", "quyet_dinh", "123/QĐ-UBND") is None
    assert catalog.find_same("079090001234", "giay_khai_sinh", "123/QĐ-UBND") is None


def test_reuse_lists_an_owners_documents_newest_first(catalog: Catalog) -> None:
    owner = "001203004567"
    catalog.add(record(1, owner_id=owner, doc_type="cccd", text="long text", created_at=_t(1)))
    catalog.add(record(2, owner_id=owner, doc_type="giay_khai_sinh", created_at=_t(3)))
    catalog.add(record(3, owner_id=owner, doc_type="cccd", created_at=_t(2)))
    catalog.add(record(4, owner_id="001203009999", doc_type="cccd", created_at=_t(4)))
    assert [r.document_id for r in catalog.reuse(owner)] == ["doc00002", "doc00003", "doc00001"]
    assert [r.document_id for r in catalog.reuse(owner, "cccd")] == ["doc00003", "doc00001"]
    assert catalog.reuse("000000000000") == []


def test_migrations_are_idempotent(catalog: Catalog) -> None:
    catalog.add(record(1))
    catalog.migrate()
    catalog.migrate()
    assert catalog.count() == 1


def _t(day: int) -> datetime:
    return datetime(2025, 1, day, 8, 0, tzinfo=UTC)


def test_times_in_any_zone_sort_by_the_instant(catalog: Catalog) -> None:
    hanoi = timezone(timedelta(hours=7))
    catalog.add(
        record(1, created_at=datetime(2025, 1, 2, 6, 0, tzinfo=hanoi))
    )  # 23:00 UTC on the 1st
    catalog.add(record(2, created_at=datetime(2025, 1, 1, 23, 30, tzinfo=UTC)))
    newest_first = [h.record.document_id for h in catalog.search(SearchQuery()).hits]
    assert newest_first == ["doc00002", "doc00001"]
    assert catalog.get("doc00001").created_at == datetime(2025, 1, 1, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_workers_filing_the_same_bytes_at_once_add_one_row(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Eight connections (as eight worker processes would have) race to file one document."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'race.db'}"
    else:
        url = request.getfixturevalue("pg_url")
        fresh_pg_catalog(url).close()  # a migrated, empty database
    first = open_catalog(url)
    first.migrate()
    catalogs = [open_catalog(url) for _ in range(8)]
    results: list[bool] = []
    barrier = threading.Barrier(len(catalogs))

    def file(catalog: Catalog, n: int) -> None:
        barrier.wait()
        # same bytes, ids differing as two attempts with different clocks might name them
        results.append(catalog.add(record(1, document_id=f"doc{n:05d}")))

    threads = [threading.Thread(target=file, args=(c, n)) for n, c in enumerate(catalogs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 7 + [True]
    assert first.count() == 1
    for c in [first, *catalogs]:
        c.close()
