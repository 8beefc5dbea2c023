"""Helpers of the storage tests: sample records, objects changed behind the archive's back."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from storage.catalog import Catalog, DocumentRecord
from storage.factories import open_catalog
from storage.objects import ObjectStore

S3_KEY, S3_SECRET = "sohoatest", "sohoa-test-secret"


def record(n: int, **changes: Any) -> DocumentRecord:
    """A plausible catalog record; `n` makes ids and hashes distinct."""
    sha = f"{n:064x}"
    base: dict[str, Any] = {
        "document_id": f"doc{n:05d}",
        "version": 1,
        "sha256": sha,
        "original_key": f"originals/sha256/{sha[:2]}/{sha}.pdf",
        "prefix": f"documents/2025/03/doc{n:05d}/v1/",
        "created_at": datetime(2025, 3, 1, 8, 0, tzinfo=UTC).replace(minute=n % 60),
        "filename": f"scan-{n}.pdf",
        "pages": 1,
        "doc_type": "giay_khai_sinh",
        "fields": {},
        "owner_id": None,
        "document_number": None,
        "issue_date": None,
        "procedure": None,
        "dossier_id": None,
        "receiving_office": None,
        "role": "submitted",
        "text": "",
        "confidence": 91.5,
        "needs_review": False,
        "review_reasons": {},
        "signature_level": "B-B",
        "signed_at": datetime(2025, 3, 1, 8, 5, tzinfo=UTC),
        "pipeline_version": "test",
    }
    base.update(changes)
    return DocumentRecord(**base)


def tamper(store: ObjectStore, key: str, data: bytes | None) -> None:
    """Change (or, with None, delete) an object behind the archive's back: bit rot, an intruder."""
    import io
    import os

    from storage.filestore import FileObjectStore
    from storage.memory import MemoryObjectStore
    from storage.s3 import S3ObjectStore

    if isinstance(store, FileObjectStore):
        path = store.root / key
        if data is None:
            path.unlink()
        else:
            os.chmod(path, 0o644)
            path.write_bytes(data)
    elif isinstance(store, S3ObjectStore):
        name = store.prefix + key
        if data is None:
            store.client.remove_object(store.bucket, name)
        else:
            store.client.put_object(store.bucket, name, io.BytesIO(data), len(data))
    elif isinstance(store, MemoryObjectStore):
        store.tamper(key, data)
    else:  # pragma: no cover
        raise TypeError(type(store))


def flip_a_byte(data: bytes, at: int = 0) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def fresh_pg_catalog(url: str) -> Catalog:
    """The session database, emptied: each test starts with no documents."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")
    catalog = open_catalog(url)
    catalog.migrate()
    return catalog
