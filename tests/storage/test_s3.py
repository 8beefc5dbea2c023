"""S3 specifics on a real SeaweedFS: bucket created with versioning and object lock, prefixes, errors."""

from __future__ import annotations

import pytest
from storage_helpers import S3_KEY, S3_SECRET
from support import Seaweed, free_port

from common.errors import StorageError
from storage.objects import open_object_store
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
