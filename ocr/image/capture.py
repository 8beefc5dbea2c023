"""Capture normalisation before cleaning: the page's true resolution from its own text, a phone
photo's paper found and its perspective corrected, and the scale at which Tesseract reads best.

A scanner's file says its resolution truthfully; a phone photo or a screenshot does not (no tag,
or a writer's 72/96 dpi default). The size of the printed letters does: official papers are set
in 12-14 pt type, so the height of the lower-case letters (x-height), measured as the main mode
of the connected components' heights, gives the pixels per inch. The archive keeps the pixels it
was given (rectified when a photo's paper was found); only the OCR copy is rescaled.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.image.clean import ink_mask
from ocr.types import SourcePage

MEASURE_SIDE = 2000  # long side of the copy on which letters are measured
XHEIGHT_AT_300 = 29.0  # main letter-height mode, in pixels, of 12-14 pt print at 300 dpi
MIN_LETTERS = 150  # fewer letter-like marks than this: too little text to measure (a seal page)
BIN = 0.04  # width of a height histogram bin, in log units (4%)
LOWER_MODE_MASS = 0.3  # a lower mode this big against the main one is the x-height
TARGET_DPI = 300.0  # text is scaled for Tesseract to the size of 300-dpi print...
MIN_TEXT_DPI = 250.0  # ...when it is smaller than this...
MAX_TEXT_DPI = 500.0  # ...or larger than this
MAX_UPSCALE = 4.0
TAG_AGREES = 2.0  # a file's resolution tag within this factor of the letters' is believed
MIN_DPI, MAX_DPI = 50.0, 1200.0
PHOTO_SIDE = 480  # long side of the copy on which a photo's paper is looked for
MIN_PAPER_SHARE = 0.5  # the paper must cover more than half the frame...
MAX_PAPER_SHARE = 0.97  # ...and leave a background around it
MIN_CONTRAST = 35.0  # paper at least this much brighter than what surrounds it (0-255)
FRAME_PAPER_SHARE = 0.6  # a frame whose edge is this much paper is a scan, not a photo
MIN_KEYSTONE = 1.03  # opposite sides differing less than this: a rectangle (crop/deskew suffice)
MARGIN = 0.01  # the paper quadrilateral is widened by this share of its size (never cut text)


@dataclass(frozen=True, slots=True)
class Capture:
    """A page ready for cleaning: its pixels, true resolution and the OCR scale for Tesseract."""

    image: np.ndarray
    dpi: float  # physical resolution: the PDF page size comes from it
    ocr_scale: float  # OCR-copy pixels per archive pixel (text brought to ~300-dpi size)
    text_dpi: float | None  # resolution measured from the letters, None when too little text
    steps: tuple[str, ...] = ()


def _grey(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def _shrink(grey: np.ndarray, side: int) -> tuple[np.ndarray, float]:
    factor = min(1.0, side / max(grey.shape))
    if factor >= 1.0:
        return grey, 1.0
    size = (max(1, round(grey.shape[1] * factor)), max(1, round(grey.shape[0] * factor)))
    return cv2.resize(grey, size, interpolation=cv2.INTER_AREA), factor


def letter_heights(grey: np.ndarray) -> np.ndarray:
    """Heights in pixels of the letter-like connected components of a grey page."""
    small, factor = _shrink(grey, MEASURE_SIDE)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink_mask(small), connectivity=8)
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    area = stats[1:, cv2.CC_STAT_AREA]
    fill = area / np.maximum(w * h, 1)
    ok = (h >= 4) & (w >= 2) & (w <= 3 * h) & (h <= 4 * w) & (fill > 0.15)
    ok &= h < small.shape[0] / 15
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


def text_dpi(grey: np.ndarray) -> float | None:
    """The resolution at which this page's letters would be 12-14 pt print, or None."""
    xh = x_height(letter_heights(grey))
    if xh is None:
        return None
    return float(np.clip(xh / XHEIGHT_AT_300 * 300.0, MIN_DPI, MAX_DPI))


def physical_dpi(tagged: float | None, measured: float | None) -> float:
    """The resolution the page is archived at: the file's tag when the letters agree with it."""
    if tagged is not None and (
        measured is None or 1 / TAG_AGREES <= tagged / measured <= TAG_AGREES
    ):
        return tagged
    if measured is not None:
        return measured
    return 300.0


def ocr_scale(measured: float | None, dpi: float) -> float:
    """OCR-copy pixels per archive pixel that bring the text to ~300-dpi print size."""
    size = measured if measured is not None else dpi
    if MIN_TEXT_DPI <= size <= MAX_TEXT_DPI:
        return 1.0
    return float(min(MAX_UPSCALE, TARGET_DPI / size))


def _order(quad: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    s, d = quad.sum(axis=1), np.diff(quad, axis=1)[:, 0]
    return np.array(
        [quad[np.argmin(s)], quad[np.argmin(d)], quad[np.argmax(s)], quad[np.argmax(d)]],
        dtype=np.float32,
    )


def _edge_paper_share(paper: np.ndarray) -> float:
    edge = np.concatenate([paper[0], paper[-1], paper[:, 0], paper[:, -1]])
    return float(edge.mean())


def _keystoned(quad: np.ndarray) -> bool:
    """Whether a quadrilateral (ordered corners) is seen in perspective, not a mere rectangle."""
    sides = [float(np.linalg.norm(quad[(i + 1) % 4] - quad[i])) for i in range(4)]
    ratios = (sides[0] / max(sides[2], 1.0), sides[1] / max(sides[3], 1.0))
    return any(max(r, 1 / max(r, 1e-6)) >= MIN_KEYSTONE for r in ratios)


def paper_quad(grey: np.ndarray) -> np.ndarray | None:
    """The four corners (full-size pixels) of the paper in a photo, or None when no paper edge
    is found with confidence (a scan, paper filling the frame, no clear background) or the paper
    is seen square-on (a scanner's dark border: cleaning crops it)."""
    small, factor = _shrink(grey, PHOTO_SIDE)
    blur = cv2.GaussianBlur(small, (5, 5), 0)
    _, paper = cv2.threshold(blur, 0, 1, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    if _edge_paper_share(paper) >= FRAME_PAPER_SHARE:
        return None
    paper = cv2.morphologyEx(paper, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    contours, _ = cv2.findContours(paper, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    hull = cv2.convexHull(max(contours, key=cv2.contourArea))
    share = cv2.contourArea(hull) / float(small.size)
    if not MIN_PAPER_SHARE < share < MAX_PAPER_SHARE:
        return None
    quad = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
    if len(quad) != 4 or not cv2.isContourConvex(quad):
        return None
    inside = np.zeros_like(small)
    cv2.fillConvexPoly(inside, quad, 1)
    if float(blur[inside == 1].mean()) - float(blur[inside == 0].mean()) < MIN_CONTRAST:
        return None
    corners = _order(quad.reshape(4, 2).astype(np.float32))
    return corners / factor if _keystoned(corners) else None


def rectify(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The paper inside `quad` warped to a rectangle at its own pixel size (a little margin kept)."""
    centre = quad.mean(axis=0)
    quad = centre + (quad - centre) * (1.0 + 2 * MARGIN)
    h, w = image.shape[:2]
    quad = np.clip(quad, 0, [w - 1, h - 1]).astype(np.float32)
    width = round(max(np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[3])))
    height = round(max(np.linalg.norm(quad[3] - quad[0]), np.linalg.norm(quad[2] - quad[1])))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]])
    matrix = cv2.getPerspectiveTransform(quad, target.astype(np.float32))
    return cv2.warpPerspective(
        image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )


def normalise(source: SourcePage, *, declared: bool = False) -> Capture:
    """Find a photo's paper and straighten it, measure the text, decide resolution and OCR scale.

    `declared`: the page size is declared by the file (a PDF page) and kept whatever the text says.
    """
    image, steps = source.image, []
    quad = paper_quad(_grey(image))
    if quad is not None:
        image = rectify(image, quad)
        steps.append("perspective")
    measured = text_dpi(_grey(image))
    if declared:
        dpi = source.dpi
    else:
        dpi = physical_dpi(source.dpi if source.dpi_tagged else None, measured)
    if dpi != source.dpi:
        steps.append("resolution")
    return Capture(
        image=image,
        dpi=dpi,
        ocr_scale=ocr_scale(measured, dpi),
        text_dpi=measured,
        steps=tuple(steps),
    )
