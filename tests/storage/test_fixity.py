"""Fixity against the catalog's sha256, and `--repair` from the bucket's versions or a replica.

Every object here is made by the test (short byte strings standing for a signed PDF, its text,
its manifest); damage is done behind the archive's back with storage_helpers.tamper.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from storage_helpers import record, tamper
from support import Seaweed

from common.errors import StorageError
from sohoa.cli import cli
from storage.archive import manifest_bytes, object_sha256, original_key, write_document
from storage.catalog import Catalog
from storage.factories import open_catalog, open_object_store
from storage.fixity import audit
from storage.memory import MemoryObjectStore
from storage.mirror import MirroredStore
from storage.objects import ObjectStore

FILES = {
    "document.pdf": b"%PDF-1.7 signed bytes of the decision",
    "text.txt": "Ủy ban nhân dân tỉnh Đồng Tháp".encode(),
    "metadata.json": b'{"doc_type": "decision"}',
}


def _file(store: ObjectStore, catalog: Catalog, n: int) -> str:
    """File one document version the way pipeline.filing does: objects, manifest, catalog row."""
    scan = f"scan {n}".encode()
    sha = hashlib.sha256(scan).hexdigest()
    key = original_key(sha, "png")
    store.put(key, scan)
    prefix = f"documents/2025/03/doc{n:05d}/v1/"
    manifest = write_document(store, prefix, {**FILES, "text.txt": f"văn bản {n}".encode()})
    rec = record(n, sha256=sha, original_key=key, prefix=prefix)
    catalog.add(rec.__class__(**{**rec.__dict__, "object_sha256": object_sha256(manifest)}))
    return prefix


def _forge(store: ObjectStore, prefix: str, name: str, data: bytes) -> None:
    """Edit one object AND rewrite its manifest to match: the manifest alone no longer tells."""
    manifest = json.loads(store.get(prefix + "manifest.json"))
    manifest["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    tamper(store, prefix + name, data)
    tamper(store, prefix + "manifest.json", manifest_bytes(manifest))


def test_the_catalog_keeps_the_sha256_of_every_object(store: ObjectStore, catalog: Catalog) -> None:
    prefix = _file(store, catalog, 1)
    kept = catalog.get("doc00001").object_sha256
    assert set(kept) == {"document.pdf", "text.txt", "metadata.json", "manifest.json"}
    assert kept["manifest.json"] == hashlib.sha256(store.get(prefix + "manifest.json")).hexdigest()


def test_a_document_edited_together_with_its_manifest_is_caught(
    store: ObjectStore, catalog: Catalog
) -> None:
    prefix = _file(store, catalog, 1)
    _file(store, catalog, 2)
    _forge(store, prefix, "document.pdf", b"%PDF-1.7 another decision, same size or not")
    report = audit(store, catalog)
    found = {(p.key, p.problem): p.detail for p in report.problems}
    assert set(found) == {
        (prefix + "document.pdf", "changed"),
        (prefix + "manifest.json", "changed"),
    }
    assert "manifest was changed to match" in found[(prefix + "document.pdf", "changed")]
    assert not report.ok


def test_repair_restores_objects_from_earlier_versions_in_the_bucket(
    s3_server: Seaweed, catalog: Catalog
) -> None:
    """SeaweedFS keeps versions (the bucket is created versioned): the good bytes are there."""
    store = s3_server.store(retention_days=1)
    prefix = _file(store, catalog, 1)
    good_pdf = store.get(prefix + "document.pdf")
    good_manifest = store.get(prefix + "manifest.json")
    _forge(store, prefix, "document.pdf", b"%PDF-1.7 forged")
    tamper(store, prefix + "text.txt", None)  # deleted: a delete marker hides the version
    original = catalog.get("doc00001").original_key
    tamper(store, original, b"bit rot")
    report = audit(store, catalog, repair=True)
    assert report.ok, report
    actions = {r.key: r.action for r in report.repairs}
    assert set(actions) == {
        prefix + "document.pdf",
        prefix + "manifest.json",
        prefix + "text.txt",
        original,
    }
    assert all(a == "restored from an earlier version in the bucket" for a in actions.values())
    assert store.get(prefix + "document.pdf") == good_pdf
    assert store.get(prefix + "manifest.json") == good_manifest
    assert store.get(original) == b"scan 1"
    assert audit(store, catalog).problems == []


def test_filing_writes_the_replica_and_repair_restores_from_it(
    tmp_path: Path, catalog: Catalog
) -> None:
    primary = open_object_store(f"file://{tmp_path / 'archive'}")  # a folder keeps no versions
    replica = open_object_store(f"file://{tmp_path / 'replica'}")
    store = MirroredStore(primary, replica)
    prefix = _file(store, catalog, 1)
    store.put("work/abc/page-1.json", b"{}")  # scratch: not mirrored
    assert replica.get(prefix + "document.pdf") == FILES["document.pdf"]
    assert not replica.exists("work/abc/page-1.json")
    _forge(primary, prefix, "document.pdf", b"%PDF-1.7 forged")
    report = audit(store, catalog, repair=True, replica=replica)
    assert report.ok
    assert {r.action for r in report.repairs} == {f"restored from the replica {replica.url}"}
    assert primary.get(prefix + "document.pdf") == FILES["document.pdf"]


def test_repair_without_a_good_copy_says_so_and_fails(tmp_path: Path, catalog: Catalog) -> None:
    store = open_object_store(f"file://{tmp_path / 'archive'}")
    prefix = _file(store, catalog, 1)
    _forge(store, prefix, "document.pdf", b"%PDF-1.7 forged")
    report = audit(store, catalog, repair=True)
    assert not report.ok
    failed = {r.key: r.action for r in report.repairs if not r.ok}
    assert failed[prefix + "document.pdf"].startswith("no earlier version in the bucket has")


def test_repair_copies_to_the_replica_what_was_filed_before_it(
    tmp_path: Path, catalog: Catalog
) -> None:
    primary = open_object_store(f"file://{tmp_path / 'archive'}")
    prefix = _file(primary, catalog, 1)
    replica = open_object_store(f"file://{tmp_path / 'replica'}")
    report = audit(primary, catalog, repair=True, replica=replica)
    assert report.ok and report.problems == []
    copied = {r.key for r in report.repairs}
    assert prefix + "document.pdf" in copied and prefix + "manifest.json" in copied
    assert replica.get(prefix + "text.txt") == primary.get(prefix + "text.txt")
    assert audit(primary, catalog, repair=True, replica=replica).repairs == []


def test_a_replica_that_cannot_be_written_fails_the_write() -> None:
    class Broken(MemoryObjectStore):
        def put(self, key: str, data: bytes, *, content_type: str = "") -> None:
            raise StorageError("disk full")

    store = MirroredStore(MemoryObjectStore(), Broken())
    with pytest.raises(StorageError, match="replica memory://: disk full") as info:
        store.put("originals/sha256/aa/x.png", b"x")
    assert info.value.retryable


def test_sohoa_fixity_repair_reports_what_it_did(sohoa_env: Path) -> None:
    home = sohoa_env
    home.mkdir(parents=True)
    archive, replica_dir = (home / "archive").resolve(), (home.parent / "replica").resolve()
    catalog = open_catalog(f"sqlite:///{(home / 'catalog.db').resolve()}")
    catalog.migrate()
    store = MirroredStore(
        open_object_store(f"file://{archive}"), open_object_store(f"file://{replica_dir}")
    )
    prefix = _file(store, catalog, 1)
    catalog.close()
    _forge(store.primary, prefix, "document.pdf", b"%PDF-1.7 forged")
    env = {"SOHOA_REPLICA_URL": f"file://{replica_dir}"}
    runner = CliRunner()
    found = runner.invoke(cli, ["fixity"], env=env)
    assert found.exit_code == 6
    assert f"changed: {prefix}document.pdf" in found.output
    fixed = runner.invoke(cli, ["fixity", "--repair"], env=env)
    assert fixed.exit_code == 0, fixed.output
    assert f"repaired: {prefix}document.pdf (restored from the replica file://" in fixed.output
    again = runner.invoke(cli, ["fixity", "--json"], env=env)
    assert again.exit_code == 0 and json.loads(again.output)["ok"] is True
