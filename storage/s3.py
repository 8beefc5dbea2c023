"""The archive in an S3 bucket (MinIO, SeaweedFS, any S3) through the minio client."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import threading
from collections.abc import Iterator
from typing import Any

import urllib3
from minio import Minio
from minio.commonconfig import ENABLED, GOVERNANCE
from minio.error import MinioException, S3Error
from minio.helpers import MAX_PART_SIZE, MIN_PART_SIZE
from minio.objectlockconfig import DAYS, ObjectLockConfig
from minio.versioningconfig import VersioningConfig

from common.errors import ConfigError, ImmutableObject, NotFound, StorageError

from .objects import DEFAULT_CONTENT_TYPE, check_key, check_scratch

# objects up to this size go in one PUT with their sha256; larger ones in parts of this size
PART_SIZE = 16 * 1024 * 1024
_MISSING = {"NoSuchKey", "NoSuchObject", "NoSuchVersion", "ResourceNotFound"}
# servers that do not implement a bucket feature answer with one of these
_UNSUPPORTED = {"NotImplemented", "InvalidRequest", "MalformedXML", "InvalidBucketState"}


class S3ObjectStore:
    """Write-once objects in `bucket` under `prefix`; the bucket is created on first use.

    An object up to `part_size` is sent in one PUT with its sha256, which the server checks;
    a larger one in parts, each checked by the server, then read back and its sha256 compared.

    A new bucket gets versioning and object lock where the server supports them, and a
    default GOVERNANCE retention of `retention_days` when > 0, so even a buggy or malicious
    overwrite keeps the old bytes as an older version.
    """

    def __init__(
        self,
        bucket: str,
        *,
        endpoint: str,
        prefix: str = "",
        access_key: str = "",
        secret_key: str = "",
        secure: bool = False,
        region: str = "",
        retention_days: int = 0,
        timeout_s: float = 30.0,
        part_size: int = PART_SIZE,
    ) -> None:
        if not bucket:
            raise StorageError("s3:// archive URL without a bucket name")
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.endpoint = endpoint
        self.retention_days = retention_days
        if not MIN_PART_SIZE <= part_size <= MAX_PART_SIZE:
            raise ConfigError(f"S3 part size must be 5 MiB to 5 GiB, got {part_size} bytes")
        self.part_size = part_size
        self.url = f"s3://{bucket}/{self.prefix}" if self.prefix else f"s3://{bucket}"
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=min(5.0, timeout_s), read=timeout_s),
            retries=urllib3.Retry(
                total=2, backoff_factor=0.2, status_forcelist=(500, 502, 503, 504)
            ),
            maxsize=10,
        )
        self.client = Minio(
            endpoint,
            access_key=access_key or None,
            secret_key=secret_key or None,
            secure=secure,
            region=region or None,
            http_client=http,
        )
        self._ready = False
        self._lock = threading.Lock()
        self.versioning = False
        self.object_lock = False

    # --- bucket -----------------------------------------------------------------------------

    def _where(self) -> str:
        return f"{self.url} at {self.endpoint}"

    def ensure_bucket(self) -> None:
        """Create the bucket when missing, with versioning and object lock when supported."""
        if self._ready:
            return
        with self._lock:
            if self._ready:
                return
            try:
                if not self.client.bucket_exists(self.bucket):
                    self._create_bucket()
                else:
                    self._read_features()
            except S3Error as e:
                raise StorageError(f"S3 bucket {self._where()}: {e.code} {e.message}") from e
            except (MinioException, urllib3.exceptions.HTTPError, OSError) as e:
                raise StorageError(f"cannot reach the S3 server {self._where()}: {_why(e)}") from e
            self._ready = True

    def _create_bucket(self) -> None:
        try:
            self.client.make_bucket(self.bucket, object_lock=True)
            self.object_lock = True
        except S3Error as e:
            if e.code in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                self._read_features()
                return
            if e.code not in _UNSUPPORTED:
                raise
            self.client.make_bucket(self.bucket)
        try:
            self.client.set_bucket_versioning(self.bucket, VersioningConfig(ENABLED))
            self.versioning = True
        except S3Error as e:
            if e.code not in _UNSUPPORTED:
                raise
        if self.object_lock and self.retention_days > 0:
            self.client.set_object_lock_config(
                self.bucket, ObjectLockConfig(GOVERNANCE, self.retention_days, DAYS)
            )

    def _read_features(self) -> None:
        try:
            self.versioning = self.client.get_bucket_versioning(self.bucket).status == ENABLED
        except S3Error:
            self.versioning = False
        try:
            self.client.get_object_lock_config(self.bucket)
            self.object_lock = True
        except S3Error:
            self.object_lock = False

    # --- objects ----------------------------------------------------------------------------

    def _name(self, key: str) -> str:
        return self.prefix + check_key(key)

    def put(self, key: str, data: bytes, *, content_type: str = DEFAULT_CONTENT_TYPE) -> None:
        self.ensure_bucket()
        name = self._name(key)
        stat = self._stat(name)
        if stat is not None:
            self._same_or_raise(key, name, stat, data)
            return
        self._upload(key, name, data, content_type)

    def restore(self, key: str, data: bytes, *, content_type: str = DEFAULT_CONTENT_TYPE) -> None:
        """Write `data` over a damaged object (fixity repair); a versioned bucket keeps the
        damaged bytes as an older version."""
        self.ensure_bucket()
        self._upload(key, self._name(key), data, content_type)

    def _upload(self, key: str, name: str, data: bytes, content_type: str) -> None:
        try:
            self._put(name, data, content_type)
        except S3Error as e:
            raise StorageError(f"cannot write {key} to {self._where()}: {e.code}") from e
        except (MinioException, urllib3.exceptions.HTTPError, OSError) as e:
            raise StorageError(f"cannot write {key} to {self._where()}: {_why(e)}") from e
        if len(data) > self.part_size:
            self._verify_upload(key, name, data)

    def earlier_versions(self, key: str) -> Iterator[bytes]:
        """Every kept version of `key`, newest first (delete markers skipped)."""
        self.ensure_bucket()
        name = self._name(key)
        try:
            found = [
                v
                for v in self.client.list_objects(self.bucket, prefix=name, include_version=True)
                if v.object_name == name and not v.is_delete_marker and v.version_id
            ]
        except S3Error as e:
            raise StorageError(f"cannot list versions of {key} in {self._where()}: {e.code}") from e
        except (MinioException, urllib3.exceptions.HTTPError, OSError) as e:
            raise StorageError(f"cannot list versions of {key}: {_why(e)}") from e
        for version in found:  # S3 lists the versions of a key newest first
            yield self._read(key, name, version.version_id)

    def _put(self, name: str, data: bytes, content_type: str) -> None:
        """Up to part_size: one PUT with the object's sha256 (the server refuses bytes that do
        not match it; object-lock buckets also want a checksum on a PUT). Larger: a multipart
        upload without a whole-object checksum header (S3 servers refuse it there); every part
        carries its own checksum (Content-MD5 over TLS, the signed x-amz-content-sha256 over
        plain HTTP), which the server checks, and `_verify_upload` checks the whole object after.
        """
        whole = len(data) <= self.part_size
        self.client.put_object(
            self.bucket,
            name,
            io.BytesIO(data),
            len(data),
            content_type=content_type,
            part_size=self.part_size,
            metadata={"x-amz-checksum-sha256": _b64_sha256(data)} if whole else None,
        )

    def _verify_upload(self, key: str, name: str, data: bytes) -> None:
        """Read a multipart object back and compare its sha256; a wrong one is removed."""
        expected = hashlib.sha256(data).hexdigest()
        stored = self._sha256_of(key, name)
        if stored == expected:
            return
        # the error below says what matters; if removing fails, the next attempt sees other bytes
        with contextlib.suppress(MinioException, urllib3.exceptions.HTTPError, OSError):
            self.client.remove_object(self.bucket, name)
        raise StorageError(
            f"{key} was stored with sha256 {stored[:12]}…, not the {expected[:12]}… sent "
            f"to {self._where()}; removed, try again"
        )

    def _sha256_of(self, key: str, name: str) -> str:
        """The sha256 of an object, read in chunks (large objects are not held twice)."""
        digest = hashlib.sha256()
        with self._opened(key, name, verb="read back") as response:
            for chunk in response.stream(1024 * 1024):
                digest.update(chunk)
        return digest.hexdigest()

    def _same_or_raise(self, key: str, name: str, stat: Any, data: bytes) -> None:
        if stat.size == len(data):
            etag = (stat.etag or "").strip('"')
            if etag == hashlib.md5(data, usedforsecurity=False).hexdigest():
                return
            # multipart or encrypted: the etag is not the md5
            if self._sha256_of(key, name) == hashlib.sha256(data).hexdigest():
                return
        raise ImmutableObject(f"{key} already exists with other content; write a new version")

    def _stat(self, name: str) -> Any:
        try:
            return self.client.stat_object(self.bucket, name)
        except S3Error as e:
            if e.code in _MISSING:
                return None
            raise StorageError(f"cannot read {name} in {self._where()}: {e.code}") from e
        except (MinioException, urllib3.exceptions.HTTPError, OSError) as e:
            raise StorageError(f"cannot reach the S3 server {self._where()}: {_why(e)}") from e

    @contextlib.contextmanager
    def _opened(
        self,
        key: str,
        name: str,
        *,
        verb: str,
        version_id: str | None = None,
        missing: bool = False,
    ) -> Iterator[Any]:
        """An object's response, closed after use; its failures become StorageError (NotFound
        for a missing object when `missing`)."""
        response = None
        try:
            response = self.client.get_object(self.bucket, name, version_id=version_id)
            yield response
        except S3Error as e:
            if missing and e.code in _MISSING:
                raise NotFound(f"no object {key}") from e
            raise StorageError(f"cannot {verb} {key} in {self._where()}: {e.code}") from e
        except (MinioException, urllib3.exceptions.HTTPError, OSError) as e:
            raise StorageError(f"cannot {verb} {key} in {self._where()}: {_why(e)}") from e
        finally:
            if response is not None:
                response.close()
                response.release_conn()

    def _read(self, key: str, name: str, version_id: str | None = None) -> bytes:
        with self._opened(key, name, verb="read", version_id=version_id, missing=True) as response:
            return bytes(response.read())

    def get(self, key: str) -> bytes:
        self.ensure_bucket()
        return self._read(key, self._name(key))

    def discard(self, key: str) -> None:
        """Delete a work-area object (in a versioned bucket: a delete marker; its locked
        versions expire with the bucket's retention)."""
        self.ensure_bucket()
        name = self._name(check_scratch(key))
        try:
            self.client.remove_object(self.bucket, name)
        except (MinioException, urllib3.exceptions.HTTPError, OSError) as e:
            raise StorageError(f"cannot delete {key} from {self._where()}: {_why(e)}") from e

    def exists(self, key: str) -> bool:
        self.ensure_bucket()
        return self._stat(self._name(key)) is not None

    def size(self, key: str) -> int:
        self.ensure_bucket()
        stat = self._stat(self._name(key))
        if stat is None:
            raise NotFound(f"no object {key}")
        return int(stat.size)

    def list(self, prefix: str = "") -> Iterator[str]:
        self.ensure_bucket()
        try:
            for obj in self.client.list_objects(
                self.bucket, prefix=self.prefix + prefix, recursive=True
            ):
                name = obj.object_name or ""
                if obj.is_dir or name.endswith("/"):
                    continue
                yield name[len(self.prefix) :]
        except S3Error as e:
            raise StorageError(f"cannot list {prefix!r} in {self._where()}: {e.code}") from e
        except (MinioException, urllib3.exceptions.HTTPError, OSError) as e:
            raise StorageError(f"cannot list {prefix!r} in {self._where()}: {_why(e)}") from e


def _b64_sha256(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def _why(e: BaseException) -> str:
    reason = getattr(e, "reason", None)
    return str(reason or e.__class__.__name__)
