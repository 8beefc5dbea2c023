"""Page orientation (0/90/180/270): a cheap projection test, Tesseract OSD only when unsure."""

from __future__ import annotations

import numpy as np

# up/down ink ratio (log) below which the cheap test is "unsure" and OSD decides
SURE_LOG_RATIO = 0.35
MIN_LINES = 6  # clean text lines the cheap test needs (an ID card's guilloche leaves too few)


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
