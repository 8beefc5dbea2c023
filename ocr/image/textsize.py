"""The page's true resolution from its own letters, and the scale at which Tesseract reads it best.

A scanner's file says its resolution truthfully; a phone photo or a screenshot does not (no tag,
or a writer's 72/96 dpi default). The size of the printed letters does: official papers are set
in 12-14 pt type, so the height of the lower-case letters (x-height), the main low mode of the
connected components' heights, gives the pixels per inch. Measured on the ink mask cleaning
makes anyway, so it costs next to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

XHEIGHT_AT_300 = 29.0  # main letter-height mode, in pixels, of 12-14 pt print at 300 dpi
MIN_LETTERS = 100  # fewer letter-like marks than this: too little text to measure (a seal page)
BIN = 0.04  # width of a height histogram bin, in log units (4%)
LOWER_MODE_MASS = 0.15  # a lower mode this big against the main one is the x-height
TARGET_DPI = 300.0  # text is scaled for Tesseract to the size of 300-dpi print...
MIN_TEXT_DPI = 250.0  # ...when it is smaller than this...
MAX_TEXT_DPI = 500.0  # ...or larger than this
MAX_UPSCALE = 4.0
TAG_AGREES = 3.0  # a stated resolution within this factor of the letters' is believed (an ID
# card's 8 pt print reads as ~140 dpi on a 300-dpi scan: upscaling it measured worse, 2.4% vs 1.5% CER)
MIN_DPI, MAX_DPI = 50.0, 1200.0


@dataclass(frozen=True, slots=True)
class Resolution:
    """What the page is archived at and how the OCR copy is scaled, with the letters' measure."""

    dpi: float  # physical resolution: the PDF page size comes from it
    scale: float  # OCR-copy pixels per archive pixel
    measured: float | None  # resolution at which the letters would be 12-14 pt print
    corrected: bool  # the stated resolution was not believed


def letter_heights(ink: np.ndarray, factor: float) -> np.ndarray:
    """Heights in full-size pixels of the letter-like marks of an ink mask made at `factor`."""
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    area = stats[1:, cv2.CC_STAT_AREA]
    fill = area / np.maximum(w * h, 1)
    ok = (h >= 5) & (w >= 2) & (w <= 3 * h) & (h <= 4 * w) & (fill > 0.15)
    ok &= h < ink.shape[0] / 15
    ok &= ~((fill > 0.72) & (np.abs(w - h) <= 1))  # round dots: leaders, bullets, i-dots
    return h[ok].astype(np.float64) / factor


def _mass(heights: np.ndarray, centre: float) -> int:
    """How many heights lie within 10% of `centre`."""
    return int((np.abs(np.log(heights / centre)) <= 0.1).sum())


def x_height(heights: np.ndarray) -> float | None:
    """The lower-case letter height: the main mode of the heights, or the mode ~0.6-0.8 of it
    when that one is the capitals' and accented letters' (Vietnamese has many)."""
    if heights.size < MIN_LETTERS:
        return None
    # heights are whole pixels: each is spread over its pixel, so small text has no empty bins
    spread = (heights[:, None] + np.array([-0.375, -0.125, 0.125, 0.375])).ravel()
    lo = float(np.log(spread.min()))
    counts = np.bincount(np.floor((np.log(spread) - lo) / BIN).astype(np.int64)).astype(np.float64)
    smooth = np.convolve(counts, [1.0, 2.0, 1.0], mode="same")
    peak = int(np.argmax(smooth))
    below = np.arange(len(smooth))
    window = (below >= peak + np.log(0.6) / BIN) & (below <= peak + np.log(0.82) / BIN)
    if window.any():
        second = int(below[window][np.argmax(smooth[window])])
        dip = smooth[second : peak + 1].min()
        mass = [_mass(heights, float(np.exp(lo + (b + 0.5) * BIN))) for b in (second, peak)]
        if mass[0] >= LOWER_MODE_MASS * mass[1] and dip < 0.9 * smooth[second]:
            peak = second
    centre = float(np.exp(lo + (peak + 0.5) * BIN))
    chosen = heights[np.abs(np.log(heights / centre)) <= max(2 * BIN, 0.6 / centre)]
    return float(chosen.mean()) if chosen.size else centre


def text_dpi(ink: np.ndarray, factor: float) -> float | None:
    """The resolution at which these letters would be 12-14 pt print, or None (too little text)."""
    xh = x_height(letter_heights(ink, factor))
    if xh is None:
        return None
    return float(np.clip(xh / XHEIGHT_AT_300 * 300.0, MIN_DPI, MAX_DPI))


def resolve(
    stated: float, *, believable: bool, declared: bool, measured: float | None
) -> Resolution:
    """Archive resolution and OCR scale from what the file states and what the letters say.

    `declared`: the page size is the file's own (a PDF page) and is kept; `believable`: the file
    carried a plausible resolution tag. A stated resolution the letters agree with keeps the
    scanner's usual handling (scans under 250 dpi upscaled to 300); otherwise the letters decide.
    """
    agrees = measured is None or 1 / TAG_AGREES <= stated / measured <= TAG_AGREES
    if (believable or declared) and agrees:
        return Resolution(stated, _scale(stated), measured, False)
    dpi = stated if declared or measured is None else measured
    size = measured if measured is not None else stated
    return Resolution(dpi, _scale(size), measured, dpi != stated)


def _scale(text_dpi: float) -> float:
    """OCR-copy pixels per archive pixel that bring text of this resolution to ~300-dpi size."""
    if MIN_TEXT_DPI <= text_dpi <= MAX_TEXT_DPI:
        return 1.0
    return float(min(MAX_UPSCALE, TARGET_DPI / text_dpi))
