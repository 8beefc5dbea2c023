"""Object stores: write once, read back, list, and refuse what could lose or escape data.

Runs unchanged on the folder store, S3 on a real SeaweedFS, and the in-memory store.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from common.errors import ConfigError, ImmutableObject, NotFound, StorageError
from storage.factories import open_object_store
from storage.objects import ObjectStore


def test_an_object_reads_back_exactly(store: ObjectStore) -> None:
    data = bytes(range(256)) * 100
    store.put("originals/sha256/ab/x.pdf", data, content_type="application/pdf")
    assert store.get("originals/sha256/ab/x.pdf") == data
    assert store.size("originals/sha256/ab/x.pdf") == len(data)
    assert store.exists("originals/sha256/ab/x.pdf")


def test_putting_the_same_bytes_twice_is_a_no_op(store: ObjectStore) -> None:
    store.put("a/b.txt", b"same")
    store.put("a/b.txt", b"same")
    assert list(store.list("a/")) == ["a/b.txt"]


def test_an_object_is_never_overwritten_with_other_bytes(store: ObjectStore) -> None:
    store.put("documents/2025/01/d/v1/document.pdf", b"signed")
    with pytest.raises(ImmutableObject):
        store.put("documents/2025/01/d/v1/document.pdf", b"tampered")
    with pytest.raises(ImmutableObject):
        store.put("documents/2025/01/d/v1/document.pdf", b"signe")  # same prefix, shorter
    assert store.get("documents/2025/01/d/v1/document.pdf") == b"signed"


def test_an_empty_object_is_an_object(store: ObjectStore) -> None:
    store.put("e/empty.txt", b"")
    assert store.get("e/empty.txt") == b""
    assert store.size("e/empty.txt") == 0


def test_a_missing_object_is_not_found(store: ObjectStore) -> None:
    assert not store.exists("no/such.pdf")
    with pytest.raises(NotFound):
        store.get("no/such.pdf")
    with pytest.raises(NotFound):
        store.size("no/such.pdf")


def test_a_folder_is_not_an_object(store: ObjectStore) -> None:
    store.put("dir/sub/file.txt", b"x")
    assert not store.exists("dir/sub")
    with pytest.raises(NotFound):
        store.get("dir/sub")


def test_listing_gives_every_key_under_a_prefix_sorted(store: ObjectStore) -> None:
    keys = ["documents/2025/02/b/v1/a.txt", "documents/2025/01/a/v1/z.txt", "originals/x.pdf"]
    keys += ["documents/2025/01/a/v2/a.txt", "documents/2025/01/ab/v1/a.txt"]
    for key in keys:
        store.put(key, key.encode())
    assert list(store.list("documents/")) == sorted(k for k in keys if k.startswith("documents/"))
    assert list(store.list("documents/2025/01/a/")) == [
        "documents/2025/01/a/v1/z.txt",
        "documents/2025/01/a/v2/a.txt",
    ]
    assert list(store.list("documents/2025/01/a")) == [
        "documents/2025/01/a/v1/z.txt",
        "documents/2025/01/a/v2/a.txt",
        "documents/2025/01/ab/v1/a.txt",
    ]
    assert sorted(store.list()) == sorted(keys)
    assert list(store.list("nothing/")) == []


@pytest.mark.parametrize(
    "key", ["../etc/passwd", "/abs/key", "a/../../b", "a\\b", "a\x00b", "", "a//b", "./a", "a/"]
)
def test_keys_that_could_escape_the_archive_are_rejected(store: ObjectStore, key: str) -> None:
    with pytest.raises(StorageError):
        store.put(key, b"x")


def test_concurrent_writers_of_the_same_bytes_both_succeed(store: ObjectStore) -> None:
    errors: list[BaseException] = []

    def write() -> None:
        try:
            store.put("race/obj.bin", b"payload" * 1000)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=write) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.get("race/obj.bin") == b"payload" * 1000


def test_the_folder_store_leaves_no_temporary_files(tmp_path: Path) -> None:
    store = open_object_store(f"file://{tmp_path}")
    store.put("a/b/c.txt", b"x")
    assert [p.name for p in (tmp_path / "a" / "b").iterdir()] == ["c.txt"]
    assert (tmp_path / "a" / "b" / "c.txt").read_bytes() == b"x"


def test_the_folder_store_needs_an_absolute_path() -> None:
    with pytest.raises(ConfigError):
        open_object_store("file://relative/dir")


def test_unknown_archive_urls_are_a_config_error() -> None:
    with pytest.raises(ConfigError):
        open_object_store("ftp://host/dir")
    with pytest.raises(ConfigError):
        open_object_store("s3://bucket")  # no endpoint
