"""An archive written to two stores at once: the primary, and a replica kept for repairs."""

from __future__ import annotations

from collections.abc import Iterator

from common.errors import StorageError

from .objects import DEFAULT_CONTENT_TYPE, ObjectStore, RestorableStore, VersionedStore

# archive content is mirrored; work/ (pages in flight, pointers) is scratch and stays on the primary
MIRRORED = ("originals/", "documents/")


class MirroredStore:
    """Reads from `primary`; every archive object is written to `primary`, then to `replica`.

    A put succeeds only when both copies are written, so a filed document always has its
    replica (a failing replica fails the write, which the job retries). Objects filed before
    the replica was configured are not copied by this class: `sohoa fixity --repair` reports
    and copies what the replica lacks.
    """

    def __init__(self, primary: ObjectStore, replica: ObjectStore) -> None:
        self.primary = primary
        self.replica = replica
        self.url = primary.url

    def put(self, key: str, data: bytes, *, content_type: str = DEFAULT_CONTENT_TYPE) -> None:
        self.primary.put(key, data, content_type=content_type)
        if key.startswith(MIRRORED):
            try:
                self.replica.put(key, data, content_type=content_type)
            except StorageError as e:  # same class: retryable or not as the cause
                raise type(e)(f"replica {self.replica.url}: {e.message}") from e

    def get(self, key: str) -> bytes:
        return self.primary.get(key)

    def exists(self, key: str) -> bool:
        return self.primary.exists(key)

    def size(self, key: str) -> int:
        return self.primary.size(key)

    def list(self, prefix: str = "") -> Iterator[str]:
        return self.primary.list(prefix)

    def restore(self, key: str, data: bytes, *, content_type: str = DEFAULT_CONTENT_TYPE) -> None:
        if not isinstance(self.primary, RestorableStore):
            raise StorageError(f"{self.primary.url} cannot restore objects")
        self.primary.restore(key, data, content_type=content_type)

    def earlier_versions(self, key: str) -> Iterator[bytes]:
        if isinstance(self.primary, VersionedStore):
            yield from self.primary.earlier_versions(key)
