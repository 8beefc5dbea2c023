"""Archive layout, manifests written last, retry after a crash, and fixity on every object store."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from storage_helpers import flip_a_byte, record, tamper

from common.errors import ImmutableObject, StorageError
from storage.archive import (
    check_fixity,
    document_prefix,
    document_prefixes,
    original_key,
    read_manifest,
    write_document,
)
from storage.catalog import Catalog
from storage.fixity import audit
from storage.objects import ObjectStore, discard_scratch

SHA = hashlib.sha256(b"scan").hexdigest()
FILES = {
    "document.pdf": b"%PDF-1.7 signed bytes",
    "text.txt": "Ủy ban nhân dân tỉnh Đồng Tháp".encode(),
    "alto.xml": b"<alto/>",
    "metadata.json": b'{"doc_type": "decision"}',
}


def test_keys_follow_the_archive_layout() -> None:
    assert original_key(SHA, "PDF") == f"originals/sha256/{SHA[:2]}/{SHA}.pdf"
    created = datetime(2025, 1, 31, 23, 30, tzinfo=timezone(timedelta(hours=-2)))
    assert document_prefix(created, "abc123", 2) == "documents/2025/02/abc123/v2/"
    with pytest.raises(ValueError):
        original_key("not-a-hash", "pdf")
    with pytest.raises(ValueError):
        document_prefix(created, "../x", 1)
    with pytest.raises(ValueError):
        document_prefix(created, "abc", 0)


def test_a_document_is_written_with_a_manifest_of_every_object(store: ObjectStore) -> None:
    prefix = document_prefix(datetime(2025, 3, 1, tzinfo=UTC), "doc1", 1)
    manifest = write_document(store, prefix, FILES)
    assert sorted(store.list(prefix)) == sorted(prefix + n for n in [*FILES, "manifest.json"])
    stored = json.loads(store.get(prefix + "manifest.json"))
    assert stored == manifest == read_manifest(store, prefix)
    for name, data in FILES.items():
        assert stored["files"][name] == {
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
        }
    assert check_fixity(store, prefix) == []
    assert list(document_prefixes(store)) == [prefix]


def test_a_filing_interrupted_before_its_manifest_is_completed_by_a_retry(
    store: ObjectStore,
) -> None:
    prefix = "documents/2025/03/doc1/v1/"
    store.put(prefix + "document.pdf", FILES["document.pdf"])  # the worker died here
    assert list(document_prefixes(store)) == []  # no manifest: not a document yet
    write_document(store, prefix, FILES)
    assert list(document_prefixes(store)) == [prefix]
    assert check_fixity(store, prefix) == []


def test_a_filed_version_cannot_be_rewritten(store: ObjectStore) -> None:
    prefix = "documents/2025/03/doc1/v1/"
    write_document(store, prefix, FILES)
    write_document(store, prefix, FILES)  # the same retry is fine
    with pytest.raises(ImmutableObject):
        write_document(store, prefix, {**FILES, "text.txt": b"corrected"})
    write_document(store, "documents/2025/03/doc1/v2/", {**FILES, "text.txt": b"corrected"})
    assert store.get(prefix + "text.txt") == FILES["text.txt"]


def test_a_changed_byte_is_reported_by_key(store: ObjectStore) -> None:
    prefix = "documents/2025/03/doc1/v1/"
    write_document(store, prefix, FILES)
    tamper(store, prefix + "document.pdf", flip_a_byte(FILES["document.pdf"], 5))
    problems = check_fixity(store, prefix)
    assert [(p.key, p.problem) for p in problems] == [(prefix + "document.pdf", "changed")]


def test_a_deleted_object_is_reported_by_key(store: ObjectStore) -> None:
    prefix = "documents/2025/03/doc1/v1/"
    write_document(store, prefix, FILES)
    tamper(store, prefix + "alto.xml", None)
    problems = check_fixity(store, prefix)
    assert [(p.key, p.problem) for p in problems] == [(prefix + "alto.xml", "missing")]


def _file(store: ObjectStore, catalog: Catalog, n: int) -> str:
    scan = f"scan {n}".encode()
    sha = hashlib.sha256(scan).hexdigest()
    key = original_key(sha, "png")
    store.put(key, scan)
    prefix = f"documents/2025/03/doc{n}/v1/"
    write_document(store, prefix, {**FILES, "text.txt": f"văn bản {n}".encode()})
    catalog.add(record(n, sha256=sha, original_key=key, prefix=prefix))
    return prefix


def test_an_audit_finds_every_problem_in_the_archive(store: ObjectStore, catalog: Catalog) -> None:
    prefixes = [_file(store, catalog, n) for n in range(1, 6)]
    assert audit(store, catalog).ok
    tamper(store, prefixes[0] + "text.txt", b"rewritten")
    tamper(store, prefixes[1] + "document.pdf", None)
    tamper(store, prefixes[2] + "manifest.json", None)  # only the catalog row still knows it
    original = catalog.get("doc00004").original_key
    tamper(store, original, b"bit rot")
    report = audit(store, catalog)
    found = {(p.key, p.problem) for p in report.problems}
    assert found == {
        (prefixes[0] + "text.txt", "changed"),
        (prefixes[1] + "document.pdf", "missing"),
        (prefixes[2] + "manifest.json", "missing"),
        (original, "changed"),
    }
    assert report.checked_versions == 5 and report.checked_originals == 5


def test_an_audit_can_check_a_random_sample(store: ObjectStore, catalog: Catalog) -> None:
    for n in range(1, 7):
        _file(store, catalog, n)
    report = audit(store, catalog, sample=2, seed=1)
    assert report.checked_versions == 2 and report.ok


def test_filing_the_same_document_twice_changes_no_count(
    store: ObjectStore, catalog: Catalog
) -> None:
    _file(store, catalog, 1)
    objects, rows = len(list(store.list())), catalog.count()
    _file(store, catalog, 1)  # a redelivered message, a rerun of the same folder
    assert (len(list(store.list())), catalog.count()) == (objects, rows) == (6, 1)


def test_work_area_objects_can_be_dropped_but_never_archive_objects(store: ObjectStore) -> None:
    store.put("work/ab12/page-00000.json", b"{}")
    store.put("work/ab12/page-00000.img", b"img")
    store.put("originals/sha256/ab/ab12.png", b"png")
    assert discard_scratch(store, "work/ab12/") == 2
    assert list(store.list("work/")) == []
    assert store.get("originals/sha256/ab/ab12.png") == b"png"
    with pytest.raises(StorageError, match="only work-area"):
        discard_scratch(store, "originals/")
