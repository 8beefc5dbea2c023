"""Small typed results of the ocr package; they cross process boundaries, so keep them plain."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np


@dataclass(frozen=True, slots=True)
class Word:
    """One recognized word; the box is in pixels of the archive page image (origin top-left)."""

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float  # 0..100; 100 for born-digital text
    line: int = 0  # index of its line in reading order on the page
    block: int = 0  # index of its block (column/paragraph) in reading order


@dataclass(frozen=True, slots=True)
class PageText:
    """The text of one page in reading order, with its words."""

    width: int  # archive image width in pixels
    height: int  # archive image height in pixels
    dpi: float  # archive image resolution
    words: tuple[Word, ...]
    text: str  # reading-order text, one line per line, no trailing newline
    confidence: float  # mean word confidence, 0..100 (100 for an empty page)
    source: Literal["ocr", "born-digital"] = "ocr"


@dataclass(frozen=True, slots=True)
class SourcePage:
    """A page as read from the input file, before cleaning."""

    index: int
    image: np.ndarray  # uint8, (H, W) grey or (H, W, 3) BGR
    dpi: float
    text: PageText | None = None  # set for born-digital PDF pages whose own text is kept
    note: str = ""  # what was decided about the page's own text layer, and why
    dpi_tagged: bool = True  # False: `dpi` is a default, the file carried no believable tag


@dataclass(frozen=True, slots=True)
class CleanedPage:
    """A page after cleaning: the faithful archive copy and the copy made for OCR only."""

    archive: np.ndarray  # uint8 grey or BGR, upright, straightened, borders cropped
    dpi: float  # resolution of `archive`
    ocr: np.ndarray  # uint8 grey/binary image that Tesseract reads
    ocr_scale: float  # ocr pixels per archive pixel (e.g. 2.0 when a 150 dpi scan is upscaled)
    rotation: int = 0  # degrees clockwise applied to make the page upright (0/90/180/270)
    skew: float = 0.0  # degrees of skew corrected
    steps: tuple[str, ...] = field(default_factory=tuple)  # names of the cleaning steps applied
