"""Write rendered pages as PNG, JPEG, multi-page TIFF, scanned PDF or born-digital PDF."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import img2pdf
import pikepdf
from PIL import Image

from samples import render
from samples.fonts import FontFamily
from samples.layout import Page

FORMATS = ("png", "jpeg", "tiff", "pdf", "pdf-text")
EXTENSIONS = {
    "png": "png",
    "jpeg": "jpg",
    "tiff": "tif",
    "pdf": "pdf",
    "pdf-text": "pdf",
    "pdf-ocr-noaccent": "pdf",
    "pdf-signed": "pdf",
}
FIXED_DATE = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)


def write(
    path: Path,
    fmt: str,
    images: list[Image.Image],
    dpi: int,
    *,
    pages: list[Page],
    font: FontFamily,
    title: str,
) -> None:
    """Write one document; the resolution is recorded in the file (pHYs, JFIF, TIFF tags, PDF size)."""
    if fmt in ("png", "jpeg") and len(images) != 1:
        raise ValueError(f"{fmt} holds one page, got {len(images)}")
    if fmt == "png":
        images[0].save(path, format="PNG", dpi=(dpi, dpi))
    elif fmt == "jpeg":
        images[0].save(path, format="JPEG", dpi=(dpi, dpi), quality=85)
    elif fmt == "tiff":
        # JPEG-in-TIFF in YCbCr (as scanners write it): a third of the size of RGB JPEG-in-TIFF
        ycc = [img.convert("YCbCr") for img in images]
        ycc[0].save(
            path,
            format="TIFF",
            dpi=(dpi, dpi),
            compression="jpeg",
            quality=80,
            save_all=True,
            append_images=ycc[1:],
        )
    elif fmt == "pdf":
        blobs = []
        for img in images:
            buf = io.BytesIO()
            img.save(buf, format="JPEG", dpi=(dpi, dpi), quality=80)
            blobs.append(buf.getvalue())
        made = img2pdf.convert(
            blobs,
            creationdate=FIXED_DATE,
            moddate=FIXED_DATE,
            title=title,
            producer="sohoa samples",
        )
        with pikepdf.open(io.BytesIO(made)) as pdf:  # a content-derived /ID: same seed, same bytes
            del pdf.trailer.ID
            pdf.save(path, deterministic_id=True)
    elif fmt == "pdf-text":
        path.write_bytes(render.text_pdf(pages, font, title))
    else:
        raise ValueError(f"unknown format {fmt}")
