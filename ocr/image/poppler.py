"""Poppler, the one module that runs it: a PDF page to an image (pdftoppm, through pdf2image) and
a page's text with word boxes (pdftotext), each call with its own timeout, failures as our errors."""

from __future__ import annotations

import io
import subprocess

from pdf2image import convert_from_bytes
from pdf2image.exceptions import PDFPageCountError, PDFSyntaxError
from PIL import Image

from common.errors import BrokenInput, MissingDependency, NotFound, ProcessingError, ToolTimeout

RENDER_TIMEOUT = 120.0  # one page of a scanned PDF at its own resolution
TEXT_TIMEOUT = 120.0
PREVIEW_TIMEOUT = 30.0  # a low-resolution preview for the web page


def _render(data: bytes, *, page: int, dpi: float, timeout: float) -> Image.Image | None:
    try:
        images = convert_from_bytes(
            data, dpi=round(dpi), first_page=page, last_page=page, timeout=round(timeout)
        )
    except FileNotFoundError as e:
        raise MissingDependency("poppler-utils (pdftoppm) is not installed") from e
    except subprocess.TimeoutExpired as e:
        raise ToolTimeout(f"rendering page {page} took longer than {timeout:.0f} s") from e
    except (PDFPageCountError, PDFSyntaxError) as e:
        raise BrokenInput(f"page {page} of the PDF cannot be rendered: {e}") from e
    return images[0] if images else None


def render_page(
    data: bytes, *, page: int, dpi: float, timeout: float = RENDER_TIMEOUT
) -> Image.Image:
    """Page `page` (1-based) of the PDF `data` rendered at `dpi`."""
    image = _render(data, page=page, dpi=dpi, timeout=timeout)
    if image is None:
        raise ProcessingError(f"poppler rendered nothing for page {page}")
    return image


def render_png(data: bytes, *, page: int, dpi: float, timeout: float = PREVIEW_TIMEOUT) -> bytes:
    """PNG bytes of page `page` (1-based) at `dpi`; NotFound when the PDF has no such page."""
    image = _render(data, page=page, dpi=dpi, timeout=timeout)
    if image is None:
        raise NotFound(f"the document has no page {page}")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def page_text_xhtml(data: bytes, *, page: int, timeout: float = TEXT_TIMEOUT) -> bytes | None:
    """`pdftotext -bbox-layout` XHTML of page `page` (1-based), or None when poppler cannot read it."""
    args = [
        "pdftotext",
        "-bbox-layout",
        "-enc",
        "UTF-8",
        "-f",
        str(page),
        "-l",
        str(page),
        "-",
        "-",
    ]
    try:
        proc = subprocess.run(args, input=data, capture_output=True, timeout=timeout, check=False)
    except FileNotFoundError as e:
        raise MissingDependency("poppler-utils (pdftotext) is not installed") from e
    except subprocess.TimeoutExpired as e:
        raise ToolTimeout(
            f"reading the text of page {page} took longer than {timeout:.0f} s"
        ) from e
    return proc.stdout if proc.returncode == 0 else None
