"""Ingest: read an input within its size limit, validate it, and name it by its sha256.

Every front end (the API, `sohoa digitize`, backfill) goes through `ingest`, so a file refused
here is refused everywhere with the same reason, before any page reaches OpenCV or Tesseract.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import pikepdf
from PIL import Image, ImageSequence

from common.errors import BrokenInput, EmptyInput, InputError, TooLarge
from ocr.image.rasterize import DEFAULT_DPI, Limits, probe
from storage.archive import original_key

from .model import Ingested

# A scan of a paper is never this small or this thin; OpenCV crashes the process on such
# images (a 1x1 or 2000x1 PNG segfaults the cleaning step), so they are refused at the door.
MIN_SIDE_PX = 16
MAX_ASPECT = 50.0


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
    """Validate an input (magic bytes, pages, pixels, page shapes, encryption); name it by sha256."""
    found = probe(data, limits)
    check_page_shapes(data, found.fmt, limits)
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


def check_page_shapes(data: bytes, fmt: str, limits: Limits) -> None:
    """Refuse a page under MIN_SIDE_PX on a side, thinner than 1:MAX_ASPECT, or over the pixels."""
    sizes = _pdf_sizes(data) if fmt == "pdf" else _image_sizes(data)
    for number, (width, height) in enumerate(sizes, start=1):
        check_shape(width, height, limits, page=number)


def check_shape(width: int, height: int, limits: Limits, *, page: int = 1) -> None:
    """One page's pixel size against the limits; the reason names the page and its size."""
    where = f"page {page} is {width}x{height} pixels"
    if min(width, height) < MIN_SIDE_PX:
        raise BrokenInput(
            f"{where}: a side under {MIN_SIDE_PX} pixels is not a scan of a paper; "
            "scan the paper again"
        )
    if max(width, height) / min(width, height) > MAX_ASPECT:
        raise BrokenInput(
            f"{where}: longer than 1:{MAX_ASPECT:.0f}, this is not a scan of a paper; "
            "scan the paper again"
        )
    megapixels = width * height / 1e6
    if megapixels > limits.max_megapixels:
        raise TooLarge(
            f"{where} ({megapixels:.0f} MP), over the limit of {limits.max_megapixels:.0f} MP"
        )


def _image_sizes(data: bytes) -> Iterator[tuple[int, int]]:
    """Each frame's size from its header (no pixel is decoded)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            for frame in ImageSequence.Iterator(image):
                yield frame.width, frame.height
    except (OSError, SyntaxError, ValueError, EOFError) as e:
        raise BrokenInput(f"the image cannot be read: {e}") from e


def _pdf_sizes(data: bytes) -> Iterator[tuple[int, int]]:
    """Each page's size in pixels as it would be rendered for OCR (DEFAULT_DPI)."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                box = page.mediabox
                width_pt = abs(float(box[2]) - float(box[0]))
                height_pt = abs(float(box[3]) - float(box[1]))
                yield round(width_pt / 72 * DEFAULT_DPI), round(height_pt / 72 * DEFAULT_DPI)
    except (pikepdf.PdfError, ValueError, TypeError, IndexError) as e:
        raise BrokenInput(f"a page of the PDF cannot be read: {e}") from e
