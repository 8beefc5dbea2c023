"""Page images of signed PDFs for the web page: rendered by ocr.image.poppler, cached on disk."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ocr.image import poppler
from storage.private import private_dir

THUMB_DPI = 24
PAGE_DPI = 100


def render_page(pdf: bytes, *, page: int, dpi: int, cache_dir: Path, key: str) -> bytes:
    """PNG of page `page` (1-based) at `dpi`; rendered once per (key, page, dpi)."""
    cached = cache_dir / f"{key}-p{page}-{dpi}.png"
    if cached.exists():
        return cached.read_bytes()
    png = poppler.render_png(pdf, page=page, dpi=dpi)
    private_dir(cache_dir)
    fd, tmp = tempfile.mkstemp(prefix="thumb-", suffix=".part", dir=cache_dir)
    with os.fdopen(fd, "wb") as out:
        out.write(png)
    os.replace(tmp, cached)
    return png
