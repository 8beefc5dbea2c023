"""OCR engines behind one protocol: Tesseract for real work, a null engine (no words) for fast tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from ocr.recognize import tesseract, tones
from ocr.types import CleanedPage, PageText

EngineName = Literal["tesseract", "null"]


class OcrEngine(Protocol):
    """Reads a cleaned page and votes on a page's orientation."""

    def recognize(self, page: CleanedPage) -> PageText:
        """Words with boxes in archive pixels, in reading order, and the page's text."""
        ...

    def orientation(self, image: np.ndarray, *, dpi: float) -> tuple[int, float]:
        """(degrees clockwise to turn the image upright, confidence); (0, 0.0) is no opinion."""
        ...


@dataclass(frozen=True, slots=True)
class TesseractEngine:
    """Tesseract in a subprocess per call, with a timeout and a memory limit (picklable)."""

    languages: str = "vie"
    timeout: float = 180.0
    memory_mb: int | None = None

    def recognize(self, page: CleanedPage) -> PageText:
        """Tesseract's words in reading order; in Vietnamese, tone slips restored (`tones`)."""
        text = tesseract.recognize(
            page, languages=self.languages, timeout=self.timeout, memory_mb=self.memory_mb
        )
        return tones.restore_page_tones(text) if tones.is_vietnamese(self.languages) else text

    def orientation(self, image: np.ndarray, *, dpi: float) -> tuple[int, float]:
        return tesseract.detect_rotation(image, dpi=dpi)


@dataclass(frozen=True, slots=True)
class NullEngine:
    """Reads no words and has no opinion on orientation (OCRmyPDF's null_ocr plugin is the model)."""

    def recognize(self, page: CleanedPage) -> PageText:
        height, width = page.archive.shape[:2]
        return PageText(
            width=width, height=height, dpi=page.dpi, words=(), text="", confidence=100.0
        )

    def orientation(self, image: np.ndarray, *, dpi: float) -> tuple[int, float]:
        return 0, 0.0


def make_engine(
    name: EngineName,
    *,
    languages: str = "vie",
    timeout: float = 180.0,
    memory_mb: int | None = None,
) -> OcrEngine:
    """The engine called `name`, configured."""
    if name == "null":
        return NullEngine()
    return TesseractEngine(languages=languages, timeout=timeout, memory_mb=memory_mb)
