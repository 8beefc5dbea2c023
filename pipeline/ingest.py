"""Ingest: read an input within its size limit, validate it, and name it by its sha256."""

from __future__ import annotations

import hashlib
from pathlib import Path

from common.errors import EmptyInput, InputError, TooLarge
from ocr.image.rasterize import Limits, probe
from storage.archive import original_key

from .model import Ingested


def read_input(path: Path, *, max_bytes: int) -> bytes:
    """Read a file from disk, refusing one over the size limit before reading it."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise InputError(f"cannot read the file: {e.strerror or e}") from e
    if size == 0:
        raise EmptyInput("the file is empty")
    if size > max_bytes:
        raise TooLarge(f"{size / 1e6:.1f} MB, more than the limit of {max_bytes / 1e6:.0f} MB")
    try:
        return path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read the file: {e.strerror or e}") from e


def ingest(data: bytes, *, filename: str, limits: Limits) -> Ingested:
    """Validate an input (magic bytes, pages, pixels, encryption) and name it by its sha256."""
    found = probe(data, limits)
    sha256 = hashlib.sha256(data).hexdigest()
    return Ingested(
        sha256=sha256,
        fmt=found.fmt,
        ext=found.ext,
        size=len(data),
        pages=found.pages,
        original_key=original_key(sha256, found.ext),
        filename=filename,
    )
