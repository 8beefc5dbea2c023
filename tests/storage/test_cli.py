"""`sohoa search`, `reuse`, `fixity` and `export` on the embedded default (folder + SQLite)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from storage_helpers import flip_a_byte, record

from sohoa.cli import cli
from storage.archive import original_key, write_document
from storage.factories import open_catalog, open_object_store


def sohoa(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def archive(sohoa_env: Path) -> Path:
    """Three documents filed in the embedded default archive of SOHOA_HOME."""
    home = sohoa_env
    home.mkdir(parents=True)
    store = open_object_store(f"file://{(home / 'archive').resolve()}")
    catalog = open_catalog(f"sqlite:///{(home / 'catalog.db').resolve()}")
    catalog.migrate()
    texts = {
        1: "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP. QUYẾT ĐỊNH cấp phép xây dựng",
        2: "GIAY KHAI SINH. Noi sinh: DONG THAP",
        3: "Giấy chứng nhận quyền sử dụng đất, tỉnh Long An",
    }
    for n, text in texts.items():
        scan = f"scan {n}".encode()
        sha = hashlib.sha256(scan).hexdigest()
        rec = record(
            n,
            sha256=sha,
            original_key=original_key(sha, "png"),
            text=text,
            owner_id="079090001234" if n < 3 else "080095001122",
            doc_type="decision" if n == 1 else "birth_certificate",
            document_number=f"{n}/QĐ-UBND",
        )
        store.put(rec.original_key, scan)
        write_document(store, rec.prefix, {"document.pdf": b"%PDF " + text.encode()})
        catalog.add(rec)
    catalog.close()
    return home / "archive"


def test_search_finds_words_without_diacritics(archive: Path) -> None:
    result = sohoa("search", "dong", "thap")
    assert result.exit_code == 0, result.output
    assert "2 document(s)" in result.output
    assert "«ĐỒNG» «THÁP»" in result.output and "«DONG» «THAP»" in result.output


def test_search_filters_and_prints_json(archive: Path) -> None:
    result = sohoa("search", "Đồng Tháp", "--type", "birth_certificate", "--json")
    assert result.exit_code == 0, result.output
    page = json.loads(result.output)
    assert page["total"] == 1
    assert page["hits"][0]["document_id"] == "doc00002"
    assert "text" not in page["hits"][0]


def test_reuse_lists_an_owners_documents(archive: Path) -> None:
    result = sohoa("reuse", "--owner", "079090001234", "--json")
    assert result.exit_code == 0, result.output
    assert {d["document_id"] for d in json.loads(result.output)} == {"doc00001", "doc00002"}
    assert "doc00001" in sohoa("reuse", "--owner", "079090001234", "--type", "decision").output
    assert "no digitized documents" in sohoa("reuse", "--owner", "000000000000").output


def test_fixity_passes_on_an_intact_archive(archive: Path) -> None:
    result = sohoa("fixity")
    assert result.exit_code == 0, result.output
    assert "checked 3 document version(s) and 3 original(s): 0 problem(s)" in result.output


def test_fixity_reports_a_changed_byte_and_a_deleted_object(archive: Path) -> None:
    changed = archive / "documents/2025/03/doc00001/v1/document.pdf"
    changed.chmod(0o644)
    changed.write_bytes(flip_a_byte(changed.read_bytes(), 3))
    deleted = archive / "documents/2025/03/doc00002/v1/document.pdf"
    deleted.unlink()
    result = sohoa("fixity")
    assert result.exit_code == 6
    assert "changed: documents/2025/03/doc00001/v1/document.pdf" in result.output
    assert "missing: documents/2025/03/doc00002/v1/document.pdf" in result.output
    sample = sohoa("fixity", "--sample", "1", "--seed", "3", "--json")
    report = json.loads(sample.output.split("\nsohoa: error")[0])
    assert report["checked_versions"] == 1


def test_export_writes_a_bag(archive: Path, tmp_path: Path) -> None:
    result = sohoa("export", "doc00003", "--out", str(tmp_path / "bags"))
    assert result.exit_code == 0, result.output
    bag = tmp_path / "bags" / "doc00003"
    assert (bag / "bagit.txt").exists()
    assert (bag / "data" / "doc00003.pdf").read_bytes().startswith(b"%PDF")
    assert (bag / "data" / "doc00003.xml").exists()


def test_export_of_an_unknown_document_fails_cleanly(archive: Path, tmp_path: Path) -> None:
    result = sohoa("export", "nope", "--out", str(tmp_path))
    assert result.exit_code == 6
