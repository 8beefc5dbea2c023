"""Page images of signed PDFs for the web page: pdftoppm at low dpi, cached on disk."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from common.errors import MissingDependency, NotFound, ProcessingError, ToolTimeout
from storage.private import private_dir

TIMEOUT_S = 30.0
THUMB_DPI = 24
PAGE_DPI = 100


def render_page(pdf: bytes, *, page: int, dpi: int, cache_dir: Path, key: str) -> bytes:
    """PNG of page `page` (1-based) at `dpi`; rendered once per (key, page, dpi)."""
    cached = cache_dir / f"{key}-p{page}-{dpi}.png"
    if cached.exists():
        return cached.read_bytes()
    private_dir(cache_dir)
    with tempfile.TemporaryDirectory(prefix="thumb-", dir=cache_dir) as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        out = Path(tmp) / "page"
        try:
            proc = subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    str(dpi),
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-singlefile",
                    str(source),
                    str(out),
                ],
                capture_output=True,
                timeout=TIMEOUT_S,
                check=False,
            )
        except FileNotFoundError as e:
            raise MissingDependency("pdftoppm (poppler-utils) is not installed") from e
        except subprocess.TimeoutExpired as e:
            raise ToolTimeout(f"pdftoppm took more than {TIMEOUT_S:.0f} s on page {page}") from e
        png = out.with_suffix(".png")
        if proc.returncode != 0 or not png.exists():
            if proc.returncode == 99 or b"Wrong page range" in proc.stderr:
                raise NotFound(f"the document has no page {page}")
            message = proc.stderr.decode("utf-8", "replace").strip()[:200]
            raise ProcessingError(f"pdftoppm failed on page {page}: {message}")
        os.replace(png, cached)
    return cached.read_bytes()
