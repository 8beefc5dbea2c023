"""Page orientation (0/90/180/270): a cheap projection test, Tesseract OSD only when unsure, and a
reading check before a doubtful turn (a page that reads well as it came is never turned)."""

from __future__ import annotations

import cv2
import numpy as np

from ocr.recognize.tesseract import reading_score

# up/down ink ratio (log) below which the cheap test is "unsure" and OSD decides
SURE_LOG_RATIO = 0.35
MIN_LINES = 6  # clean text lines the cheap test needs (an ID card's guilloche leaves too few)
CHECK_DPI = 150.0  # resolution of the band read to check a doubtful turn
MIN_CHECK_WORDS = 5  # fewer words than this read in the band: no opinion
READS_WELL = 0.6  # share of valid Vietnamese syllables of a page read the right way up
CLEARLY_BETTER = 0.15  # the turned page must read this much better to be turned


def _text_lines(profile: np.ndarray) -> list[tuple[int, int]]:
    """Runs of rows whose ink is above a small share of the busiest row."""
    if profile.max() <= 0:
        return []
    busy = profile > 0.08 * float(np.percentile(profile[profile > 0], 90))
    lines: list[tuple[int, int]] = []
    start = -1
    for i, b in enumerate([*busy.tolist(), False]):
        if b and start < 0:
            start = i
        elif not b and start >= 0:
            if i - start >= 3:
                lines.append((start, i))
            start = -1
    return lines


def _above_below(ink: np.ndarray) -> tuple[float, float, int]:
    """Ink above and below the x-height band, over the text lines of normal height; their count."""
    profile = ink.sum(axis=1).astype(np.float64)
    lines = _text_lines(profile)
    if not lines:
        return 0.0, 0.0, 0
    heights = np.array([b - t for t, b in lines], dtype=np.float64)
    mass = np.array([profile[t:b].sum() for t, b in lines])
    order = np.argsort(heights)
    cumulative = np.cumsum(mass[order])
    usual = float(heights[order][np.searchsorted(cumulative, cumulative[-1] / 2)])
    above = below = 0.0
    used = 0
    for top, bottom in lines:
        if not 0.6 * usual <= bottom - top <= 1.8 * usual:
            continue  # specks, a seal, a signature, or two columns' lines run together
        line = profile[top:bottom]
        core = np.nonzero(line >= 0.45 * line.max())[0]
        if core.size == 0:
            continue
        above += float(line[: core[0]].sum())
        below += float(line[core[-1] + 1 :].sum())
        used += 1
    return above, below, used


def upside_down_evidence(ink: np.ndarray) -> tuple[float, int]:
    """log(ink above the x-height band / ink below it), over the text lines of each page half.

    Latin script, and Vietnamese even more with its stacked diacritics, carries much more ink above
    the x-height (capitals, ascenders, accents) than below it (descenders, the dot below), so an
    upright page scores clearly positive and an upside-down one clearly negative. The two halves
    of the page are measured apart, so two columns with offset lines do not blur each other.
    Returns the evidence and the number of text lines it rests on.
    """
    half = ink.shape[1] // 2
    above = below = 0.0
    lines = 0
    for part in (ink[:, :half], ink[:, half:]):
        a, b, n = _above_below(part)
        above, below, lines = above + a, below + b, lines + n
    if above + below <= 0:
        return 0.0, lines
    return float(np.log((above + 1.0) / (below + 1.0))), lines


def is_sure(evidence: float, lines: int) -> bool:
    """Whether the cheap up/down evidence is strong enough to skip Tesseract OSD."""
    return abs(evidence) >= SURE_LOG_RATIO and lines >= MIN_LINES


def _score(small: np.ndarray, dpi: float) -> tuple[float, int]:
    """`reading_score` of the page's middle band; of the whole page when the band holds too few
    words to judge (a last page with only the signature block and the recipients)."""
    score, count = reading_score(_middle_band(small), dpi=dpi)
    if count >= MIN_CHECK_WORDS:
        return score, count
    return reading_score(small, dpi=dpi)


def _middle_band(image: np.ndarray) -> np.ndarray:
    """The middle third of the page's height, where body text usually is."""
    h = image.shape[0]
    return np.ascontiguousarray(image[h // 3 : h - h // 3])


def keep_upright(grey: np.ndarray, rotation: int, *, dpi: float) -> bool:
    """Whether a page should stay as it came rather than be turned by `rotation` degrees
    clockwise: it reads well as it is, or the turned page does not read clearly better.

    `grey` is a small (150-200 dpi) copy of the page as it came. Costs two quick Tesseract
    passes on a band of the page, so it is asked only about doubtful turns.
    """
    factor = min(1.0, CHECK_DPI / dpi)
    small = cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    as_is, count = _score(small, dpi * factor)
    if count >= MIN_CHECK_WORDS and as_is >= READS_WELL:
        return True
    k = (-rotation // 90) % 4
    turned, count_turned = _score(np.ascontiguousarray(np.rot90(small, k)), dpi * factor)
    if count_turned < MIN_CHECK_WORDS:
        return True  # the turned page reads as nothing: no reason to turn
    return turned < as_is + CLEARLY_BETTER
