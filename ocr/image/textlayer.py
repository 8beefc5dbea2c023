"""Is a PDF page's own text layer good Vietnamese worth keeping, or must the page be OCRed?

A PDF's text is judged, not trusted: a scanner's OCR layer read without the Vietnamese language
("CONG Hcok xA HQI CHiJ NGHiA"), an invisible layer another program made, or the few words of a
digital-signature stamp over a scanned page would otherwise be filed as if they were the paper's
text, with full confidence. The modes follow OCRmyPDF's:

- ``auto``: visible text judged good Vietnamese is kept; invisible (OCR) layers and any other
  text are replaced by our own OCR;
- ``skip-text``: a page with a text layer keeps it as it is, unjudged;
- ``redo``: invisible (OCR) layers are replaced, visible text is kept unjudged;
- ``force``: every page is OCRed, whatever it holds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from common.vietnamese import fold, is_syllable
from ocr.types import Word

OcrMode = Literal["auto", "skip-text", "redo", "force"]
OCR_MODES: tuple[OcrMode, ...] = ("auto", "skip-text", "redo", "force")

MIN_SYLLABLE_SHARE = 0.75  # of the letter words, at least this many are Vietnamese syllables
MIN_ACCENT_SHARE = 0.15  # Vietnamese prose marks well over a third of its syllables
ACCENT_SAMPLE = 15  # judge accents only on a page with this many syllables
MIN_COVER = 0.12  # the words' extent covers at least this share of the page
_ABBREVIATION = re.compile(r"^[A-ZĐ]{2,6}$")  # UBND, HĐND, TTHC, QĐ: not syllables, not garbage
_TOKEN = re.compile(r"[^\W\d_]+")
# what a digital-signature stamp prints (Vietnamese government CA and common signing tools)
_STAMP = re.compile(
    r"ky boi|nguoi ky|thoi gian ky|ngay ky|co quan:|email:|signed by|signature valid|ky so"
)


@dataclass(frozen=True, slots=True)
class Judgement:
    """Keep the page's text layer, or OCR the page; why, in words a clerk understands."""

    keep: bool
    reason: str


def judge(
    words: Sequence[Word],
    *,
    page_width: float,
    page_height: float,
    invisible: bool,
    over_image: bool,
    mode: OcrMode = "auto",
) -> Judgement:
    """The verdict on one page's text layer (word boxes in the same unit as the page size);
    `over_image`: the page also holds a picture (a scan under the text, or a stamp image)."""
    if mode == "force":
        return Judgement(False, "every page is OCRed (--ocr force)")
    if mode == "skip-text":
        return Judgement(True, "text layer kept as it is (--ocr skip-text)")
    if invisible:
        return Judgement(False, "the PDF's text layer is an invisible OCR layer: read again")
    if mode == "redo":
        return Judgement(True, "visible text kept (--ocr redo)")
    return _judge_text(words, page_width * page_height if over_image else 0.0)


def _judge_text(words: Sequence[Word], page_area: float) -> Judgement:
    """Judge the text itself; with `page_area`, also how much of the page (a scan) it covers."""
    text = " ".join(w.text for w in words)
    if len(words) < 80 and len(set(_STAMP.findall(fold(text.lower())))) >= 2:
        return Judgement(False, "the text layer holds only a digital-signature stamp")
    tokens = [t for w in words for t in _TOKEN.findall(w.text) if not _ABBREVIATION.match(t)]
    syllables = [t for t in tokens if is_syllable(t)]
    if tokens and len(syllables) < MIN_SYLLABLE_SHARE * len(tokens):
        share = 1 - len(syllables) / len(tokens)
        return Judgement(
            False, f"the text layer is not Vietnamese ({share:.0%} of its words are not)"
        )
    accented = sum(1 for t in syllables if not t.isascii())
    if len(syllables) >= ACCENT_SAMPLE and accented < MIN_ACCENT_SHARE * len(syllables):
        return Judgement(False, "the text layer has lost its Vietnamese accents")
    if page_area > 0 and _extent(words) < MIN_COVER * page_area:
        return Judgement(False, "the text layer covers only a small part of the page")
    return Judgement(True, "the PDF's own text is good Vietnamese")


def _extent(words: Sequence[Word]) -> float:
    """Area of the rectangle holding every word."""
    left = min(w.left for w in words)
    top = min(w.top for w in words)
    right = max(w.left + w.width for w in words)
    bottom = max(w.top + w.height for w in words)
    return float(max(0, right - left) * max(0, bottom - top))
