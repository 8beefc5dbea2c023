"""S3 specifics on a real SeaweedFS: bucket created with versioning and object lock, prefixes, errors."""

from __future__ import annotations

import pytest
from storage_helpers import S3_KEY, S3_SECRET
from support import Seaweed, free_port

from common.errors import ConfigError, ImmutableObject, StorageError
from storage.factories import open_object_store
from storage.s3 import S3ObjectStore


def test_a_missing_bucket_is_created_with_versioning_and_object_lock(s3_server: Seaweed) -> None:
    store = s3_server.store(retention_days=3)
    assert isinstance(store, S3ObjectStore)
    store.put("originals/sha256/aa/x.pdf", b"%PDF-1.7")
    assert store.versioning and store.object_lock
    config = store.client.get_object_lock_config(store.bucket)
    assert (config.mode, config.duration, config.duration_unit) == ("GOVERNANCE", 3, "Days")


def test_an_existing_bucket_is_reused(s3_server: Seaweed) -> None:
    first = s3_server.store("sohoa-shared-bucket")
    first.put("k.txt", b"1")
    second = s3_server.store("sohoa-shared-bucket")
    assert second.get("k.txt") == b"1"
    assert isinstance(second, S3ObjectStore) and second.versioning


def test_a_prefix_in_the_url_keeps_keys_apart(s3_server: Seaweed) -> None:
    a = open_object_store(
        "s3://sohoa-prefixed/tinh-a",
        endpoint=s3_server.endpoint,
        access_key=S3_KEY,
        secret_key=S3_SECRET,
    )
    b = open_object_store(
        "s3://sohoa-prefixed/tinh-b",
        endpoint=s3_server.endpoint,
        access_key=S3_KEY,
        secret_key=S3_SECRET,
    )
    a.put("x.txt", b"a")
    b.put("x.txt", b"b")
    assert a.get("x.txt") == b"a" and b.get("x.txt") == b"b"
    assert list(a.list()) == ["x.txt"]


def test_an_unreachable_server_is_a_storage_error_without_the_secret() -> None:
    store = open_object_store(
        "s3://bucket",
        endpoint=f"127.0.0.1:{free_port()}",
        access_key="me",
        secret_key="hunter2-secret",
    )
    with pytest.raises(StorageError) as info:
        store.get("x")
    assert "hunter2" not in str(info.value)
    assert "127.0.0.1" in str(info.value)


def test_wrong_credentials_are_a_storage_error(s3_server: Seaweed) -> None:
    store = open_object_store(
        "s3://sohoa-denied", endpoint=s3_server.endpoint, access_key="x", secret_key="wrong-pw"
    )
    with pytest.raises(StorageError) as info:
        store.put("x", b"x")
    assert "wrong-pw" not in str(info.value)


def test_the_server_refuses_bytes_that_do_not_match_the_sent_checksum(s3_server: Seaweed) -> None:
    """put() sends x-amz-checksum-sha256, so bytes damaged on the way are refused, not stored."""
    import io

    from minio.error import S3Error

    store = s3_server.store()
    assert isinstance(store, S3ObjectStore)
    store.put("ok.txt", b"hello")
    wrong = "A" * 43 + "="
    with pytest.raises(S3Error) as info:
        store.client.put_object(
            store.bucket,
            "damaged.txt",
            io.BytesIO(b"hello"),
            5,
            metadata={"x-amz-checksum-sha256": wrong},
        )
    assert info.value.code == "BadDigest"
    assert not store.exists("damaged.txt")


def test_a_64_mb_object_is_stored_in_parts_and_read_back_whole(s3_server: Seaweed) -> None:
    """Larger than a part: sent as a multipart upload (no whole-object checksum header, which
    SeaweedFS refuses there), then read back and compared by sha256; object lock is on."""
    import hashlib
    import os

    store = s3_server.store(retention_days=1)
    assert isinstance(store, S3ObjectStore)
    data = os.urandom(64 * 1024 * 1024)  # made here: random bytes, incompressible like a scan
    store.put("originals/sha256/ab/big.png", data, content_type="image/png")
    stat = store.client.stat_object(store.bucket, "originals/sha256/ab/big.png")
    parts = -(-len(data) // store.part_size)
    assert (stat.etag or "").endswith(f"-{parts}")  # it went in parts
    assert hashlib.sha256(store.get("originals/sha256/ab/big.png")).digest() == (
        hashlib.sha256(data).digest()
    )
    store.put("originals/sha256/ab/big.png", data)  # the same bytes again: a no-op
    with pytest.raises(ImmutableObject):
        store.put("originals/sha256/ab/big.png", data[:-1] + b"x")


def test_an_object_over_the_clients_5_mib_threshold_goes_in_one_checked_put(
    s3_server: Seaweed,
) -> None:
    """The 10.8 MB PNG of issue 16 failed with InvalidRequest: now one PUT with its sha256."""
    import os

    store = s3_server.store(retention_days=1)
    assert isinstance(store, S3ObjectStore)
    data = os.urandom(10_800_000)  # made here, the size of the scan that failed
    store.put("originals/sha256/cd/scan.png", data, content_type="image/png")
    stat = store.client.stat_object(store.bucket, "originals/sha256/cd/scan.png")
    assert "-" not in (stat.etag or "")  # one PUT, not parts
    assert store.get("originals/sha256/cd/scan.png") == data


def test_a_multipart_upload_stored_wrong_is_refused_and_removed(
    s3_server: Seaweed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server (or proxy) that keeps other bytes than those sent is caught by the read-back."""
    import io
    import os

    store = s3_server.store()
    assert isinstance(store, S3ObjectStore)
    data = os.urandom(store.part_size + 1)  # made here: just over one part
    real_put = store.client.put_object

    def put_damaged(bucket: str, name: str, stream: io.BytesIO, length: int, **kw: object) -> None:
        damaged = bytearray(stream.read())
        damaged[1000] ^= 0x01  # one bit flipped on the way to the disks
        real_put(bucket, name, io.BytesIO(bytes(damaged)), length, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(store.client, "put_object", put_damaged)
    with pytest.raises(StorageError) as info:
        store.put("big.bin", data)
    assert "not the" in str(info.value) and info.value.retryable
    monkeypatch.undo()
    assert not store.exists("big.bin")
    store.put("big.bin", data)  # the next attempt stores it
    assert store.size("big.bin") == len(data)


def test_a_part_size_outside_the_s3_limits_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        S3ObjectStore("b", endpoint="127.0.0.1:9", part_size=1024)
