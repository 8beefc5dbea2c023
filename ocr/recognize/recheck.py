"""A second look at a page whose OCR came out as garbage: was it read upside down?

The orientation test (ink above/below the x-height, then Tesseract OSD when unsure) can be fooled
by a small, blurred or patterned page such as an ID card. A page read upside down gives
Tesseract's lowest confidences, so a page whose mean word confidence is that low is read once
more turned 180 degrees, and the better reading is kept. Pages read well (nearly all) pay nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from ocr.types import CleanedPage, PageText

# Mean word confidence below which a page may have been read upside down (measured: upright
# degraded pages score 80-95, an upside-down ID card 57).
DOUBT_CONFIDENCE = 70.0
MIN_GAIN = 10.0  # the turned reading must be this much more confident to replace the first


def turned_half(page: CleanedPage) -> CleanedPage:
    """The page turned 180 degrees (archive and OCR copies alike)."""
    return replace(
        page,
        archive=np.ascontiguousarray(page.archive[::-1, ::-1]),
        ocr=np.ascontiguousarray(page.ocr[::-1, ::-1]),
        rotation=(page.rotation + 180) % 360,
        steps=(*page.steps, "reorient"),
    )


def doubtful(text: PageText) -> bool:
    return bool(text.words) and text.confidence < DOUBT_CONFIDENCE


def read_upright(
    page: CleanedPage, read: Callable[[CleanedPage], PageText]
) -> tuple[CleanedPage, PageText]:
    """Read the page; when the reading is doubtful, read it turned over too and keep the better."""
    text = read(page)
    if not doubtful(text):
        return page, text
    turned = turned_half(page)
    other = read(turned)
    if other.confidence >= text.confidence + MIN_GAIN and len(other.words) * 2 >= len(text.words):
        return turned, other
    return page, text
