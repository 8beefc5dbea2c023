"""Opening a catalog or an object store from its URL; no storage module imports this one (no circle)."""

from __future__ import annotations

from common.errors import ConfigError

from .catalog import Catalog
from .filestore import FileObjectStore
from .memory import MemoryCatalog, MemoryObjectStore
from .objects import ObjectStore
from .sqlite import SqliteCatalog


def open_catalog(url: str) -> Catalog:
    """sqlite:///path -> SQLite (FTS5), postgresql://... -> PostgreSQL, memory:// -> in memory."""
    if url.startswith("sqlite:///"):
        return SqliteCatalog(url.removeprefix("sqlite:///"))
    if url.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresCatalog

        return PostgresCatalog(url)
    if url.startswith("memory://"):
        return MemoryCatalog()
    raise ConfigError(
        f"unknown catalog URL {url!r}: use sqlite:///FILE, postgresql://... or memory://"
    )


def open_object_store(
    url: str,
    *,
    endpoint: str = "",
    access_key: str = "",
    secret_key: str = "",
    secure: bool = False,
    region: str = "",
    retention_days: int = 0,
) -> ObjectStore:
    """file:///abs/dir -> FileObjectStore, s3://bucket[/prefix] -> S3ObjectStore, memory:// -> memory."""
    if url.startswith("file://"):
        return FileObjectStore(url.removeprefix("file://"))
    if url.startswith("s3://"):
        from .s3 import S3ObjectStore

        bucket, _, prefix = url.removeprefix("s3://").partition("/")
        if not endpoint:
            raise ConfigError(f"{url}: the S3 endpoint (host:port) is not set")
        return S3ObjectStore(
            bucket,
            prefix=prefix,
            endpoint=endpoint,
            access_key=access_key,
            secret_key=secret_key,
            secure=secure,
            region=region,
            retention_days=retention_days,
        )
    if url.startswith("memory://"):
        return MemoryObjectStore()
    raise ConfigError(f"unknown archive URL {url!r}: use file:///DIR, s3://BUCKET or memory://")
