"""Helpers of the storage tests: service checks that skip locally and fail in CI, sample records."""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from storage.catalog import Catalog, DocumentRecord, open_catalog
from storage.objects import ObjectStore, open_object_store

S3_KEY, S3_SECRET = "sohoatest", "sohoa-test-secret"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(condition: bool, reason: str) -> None:
    """Skip when a real service is absent; fail instead when CI=true."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def port_open(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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


class Seaweed:
    """A running `weed mini` with one S3 identity."""

    def __init__(self, endpoint: str, process: subprocess.Popen[bytes], log: Path) -> None:
        self.endpoint = endpoint
        self.process = process
        self.log = log

    def store(self, bucket: str | None = None, retention_days: int = 0) -> ObjectStore:
        return open_object_store(
            f"s3://{bucket or 'sohoa-' + uuid.uuid4().hex[:12]}",
            endpoint=self.endpoint,
            access_key=S3_KEY,
            secret_key=S3_SECRET,
            retention_days=retention_days,
        )


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
