"""The archive layout of DESIGN.md: content-addressed originals, versioned documents, manifests, fixity."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from common.errors import FixityError, NotFound, StorageError

from .objects import ObjectStore

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "sohoa-manifest/1"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_EXT = re.compile(r"^[0-9a-z]{1,10}$")
_DOC_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]{0,127}$")
_PREFIX = re.compile(r"^documents/\d{4}/\d{2}/[0-9A-Za-z][0-9A-Za-z_-]*/v\d+/$")

_MIME = {
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
    "xml": "application/xml",
    "json": "application/json",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "tif": "image/tiff",
    "tiff": "image/tiff",
}


def original_key(sha256: str, ext: str) -> str:
    """originals/sha256/<ab>/<sha256>.<ext> — the input bytes, content-addressed."""
    sha = sha256.lower()
    ext = ext.lower().lstrip(".")
    if not _SHA256.match(sha):
        raise ValueError(f"not a sha256 hex digest: {sha256!r}")
    if not _EXT.match(ext):
        raise ValueError(f"bad file extension: {ext!r}")
    return f"originals/sha256/{sha[:2]}/{sha}.{ext}"


def document_prefix(created: datetime, document_id: str, version: int) -> str:
    """documents/<yyyy>/<mm>/<document-id>/v<N>/ (year and month of `created`, in UTC)."""
    if not _DOC_ID.match(document_id):
        raise ValueError(f"bad document id: {document_id!r}")
    if version < 1:
        raise ValueError(f"versions start at 1, got {version}")
    when = created.astimezone(UTC) if created.tzinfo else created
    return f"documents/{when:%Y}/{when:%m}/{document_id}/v{version}/"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_type_for(name: str) -> str:
    return _MIME.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def write_document(store: ObjectStore, prefix: str, files: Mapping[str, bytes]) -> dict[str, Any]:
    """Write every object of one document version, then its manifest LAST; return the manifest.

    Safe to retry after a crash: objects already written with the same bytes are no-ops, and a
    version without manifest.json is incomplete by definition. Rewriting a complete version
    with other bytes raises ImmutableObject (a correction is a new version).
    """
    if not prefix.endswith("/"):
        raise ValueError(f"a document prefix ends with '/': {prefix!r}")
    if MANIFEST in files:
        raise ValueError("manifest.json is written by write_document itself")
    entries: dict[str, dict[str, Any]] = {}
    for name in sorted(files):
        if "/" in name or not name:
            raise ValueError(f"document object names are plain file names: {name!r}")
        data = files[name]
        store.put(prefix + name, data, content_type=content_type_for(name))
        entries[name] = {"sha256": sha256_hex(data), "size": len(data)}
    manifest: dict[str, Any] = {"format": MANIFEST_FORMAT, "prefix": prefix, "files": entries}
    store.put(prefix + MANIFEST, manifest_bytes(manifest), content_type="application/json")
    return manifest


def manifest_bytes(manifest: Mapping[str, Any]) -> bytes:
    """The bytes of manifest.json as write_document writes them."""
    return json.dumps(manifest, indent=2, sort_keys=True).encode()


def object_sha256(manifest: Mapping[str, Any]) -> dict[str, str]:
    """sha256 of every object of a version, manifest.json included (what the catalog keeps)."""
    hashes = {name: str(entry["sha256"]) for name, entry in manifest["files"].items()}
    hashes[MANIFEST] = sha256_hex(manifest_bytes(manifest))
    return hashes


def read_manifest(store: ObjectStore, prefix: str) -> dict[str, Any]:
    """The manifest of a document version; NotFound when the version is incomplete or absent."""
    raw = store.get(prefix + MANIFEST)
    return {"files": parse_manifest(raw, prefix + MANIFEST), **json.loads(raw)}


def parse_manifest(raw: bytes, key: str) -> dict[str, dict[str, Any]]:
    """The `files` of a manifest's bytes (name -> sha256, size); FixityError when not valid."""
    try:
        files = json.loads(raw)["files"]
        if not isinstance(files, dict) or not all(isinstance(e, dict) for e in files.values()):
            raise TypeError("files is not an object of objects")
    except (ValueError, KeyError, TypeError) as e:
        raise FixityError(f"{key} is not a valid manifest: {e}") from e
    return files


def document_prefixes(store: ObjectStore) -> Iterator[str]:
    """Every documents/.../vN/ prefix that has a manifest (complete versions only)."""
    for key in store.list("documents/"):
        if key.endswith("/" + MANIFEST):
            prefix = key[: -len(MANIFEST)]
            if _PREFIX.match(prefix):
                yield prefix


@dataclass(frozen=True)
class FixityProblem:
    """One object that is missing or differs from its manifest."""

    key: str
    problem: Literal["missing", "changed", "manifest"]
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.problem}: {self.key}" + (f" ({self.detail})" if self.detail else "")


def check_fixity(store: ObjectStore, prefix: str) -> list[FixityProblem]:
    """Re-read every object of a document version and compare it with its manifest."""
    try:
        manifest = read_manifest(store, prefix)
    except NotFound:
        return [FixityProblem(prefix + MANIFEST, "missing", "no manifest")]
    except FixityError as e:
        return [FixityProblem(prefix + MANIFEST, "manifest", str(e))]
    problems: list[FixityProblem] = []
    for name, entry in sorted(manifest["files"].items()):
        key = prefix + name
        try:
            data = store.get(key)
        except NotFound:
            problems.append(FixityProblem(key, "missing"))
            continue
        except StorageError as e:
            problems.append(FixityProblem(key, "missing", f"unreadable: {e}"))
            continue
        digest = sha256_hex(data)
        if len(data) != entry.get("size") or digest != entry.get("sha256"):
            problems.append(
                FixityProblem(
                    key,
                    "changed",
                    f"sha256 {digest[:12]}… size {len(data)}, manifest says "
                    f"{str(entry.get('sha256'))[:12]}… size {entry.get('size')}",
                )
            )
    return problems


def check_original(store: ObjectStore, key: str) -> list[FixityProblem]:
    """An original is named by its sha256: re-read it and compare."""
    name = key.rsplit("/", 1)[-1].split(".", 1)[0]
    try:
        data = store.get(key)
    except NotFound:
        return [FixityProblem(key, "missing")]
    if _SHA256.match(name) and sha256_hex(data) != name:
        return [FixityProblem(key, "changed", f"sha256 is {sha256_hex(data)[:12]}…")]
    return []
