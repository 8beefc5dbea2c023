"""The object-store interface of the archive, key rules, and opening a store from its URL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from common.errors import StorageError

DEFAULT_CONTENT_TYPE = "application/octet-stream"
SCRATCH_PREFIX = "work/"  # the work area: pages between OCR and filing, the only deletable keys


@runtime_checkable
class ObjectStore(Protocol):
    """Write-once objects by key: a folder on disk, an S3 bucket, or memory (tests)."""

    url: str

    def put(self, key: str, data: bytes, *, content_type: str = DEFAULT_CONTENT_TYPE) -> None:
        """Store `data`; the same bytes again is a no-op, other bytes raise ImmutableObject."""
        ...

    def get(self, key: str) -> bytes:
        """The object's bytes; NotFound when absent."""
        ...

    def exists(self, key: str) -> bool: ...

    def size(self, key: str) -> int:
        """The object's size in bytes; NotFound when absent."""
        ...

    def list(self, prefix: str = "") -> Iterator[str]:
        """Every key starting with `prefix`, sorted."""
        ...


@runtime_checkable
class RestorableStore(Protocol):
    """A store whose damaged objects can be put back (`sohoa fixity --repair` only)."""

    def restore(self, key: str, data: bytes, *, content_type: str = DEFAULT_CONTENT_TYPE) -> None:
        """Replace the object at `key` (missing or damaged) with `data`, on purpose."""
        ...


@runtime_checkable
class VersionedStore(Protocol):
    """A store that keeps the earlier bytes of an overwritten object (a versioned bucket)."""

    def earlier_versions(self, key: str) -> Iterator[bytes]:
        """The bytes of every kept version of `key`, newest first; nothing when unversioned."""
        ...


@runtime_checkable
class ScratchStore(Protocol):
    """A store that can drop objects of its work area (never originals or documents)."""

    def discard(self, key: str) -> None:
        """Delete the work-area object at `key` (absent is fine); StorageError outside it."""
        ...


def check_scratch(key: str) -> str:
    """`key` when it lies in the work area; anything else is never deleted."""
    if not check_key(key).startswith(SCRATCH_PREFIX):
        raise StorageError(f"only work-area objects can be deleted, not {key!r}")
    return key


def discard_scratch(store: ObjectStore, prefix: str) -> int:
    """Delete every work-area object under `prefix`; how many were deleted."""
    check_scratch(prefix.rstrip("/") + "/x")  # a prefix ends with "/": check it as a key would be
    if not isinstance(store, ScratchStore):
        return 0
    keys = list(store.list(prefix))
    for key in keys:
        store.discard(key)
    return len(keys)


def check_key(key: str) -> str:
    """Reject keys that could escape the archive or mean different things on disk and in S3."""
    if not key or key.startswith("/") or "\\" in key or "\x00" in key:
        raise StorageError(f"invalid object key {key!r}")
    parts = key.split("/")
    if any(p in ("", ".", "..") for p in parts):
        raise StorageError(f"invalid object key {key!r}")
    return key
