"""Small typed results of the ocr package; they cross process boundaries, so keep them plain."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

_LOOK_AHEAD = 400  # characters between two words of the text that follow each other (a wide gap)


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
    read_as: str = ""  # what OCR read when `text` was changed after OCR (a tone mark restored)


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

    def as_read(self) -> PageText:
        """The page as OCR read it: every word changed after OCR back to its `read_as`, in the
        words and in the text."""
        if not any(w.read_as for w in self.words):
            return self
        pieces: list[str] = []
        at = 0
        for word, start in zip(self.words, word_starts(self.text, self.words), strict=True):
            if word.read_as and start >= 0:
                pieces += [self.text[at:start], word.read_as]
                at = start + len(word.text)
        words = tuple(
            replace(w, text=w.read_as, read_as="") if w.read_as else w for w in self.words
        )
        return replace(self, words=words, text="".join(pieces) + self.text[at:])


def word_starts(text: str, words: Sequence[Word]) -> list[int]:
    """Where each word is in `text`, the reading-order text made of them (-1: not found), each
    looked for after the one before."""
    starts: list[int] = []
    at = 0
    for word in words:
        found = text.find(word.text, at, at + _LOOK_AHEAD + len(word.text)) if word.text else -1
        starts.append(found)
        at = found + len(word.text) if found >= 0 else at
    return starts


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
