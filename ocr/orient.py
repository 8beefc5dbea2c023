"""Page orientation (0/90/180/270): a cheap projection test, Tesseract OSD only when unsure."""

from __future__ import annotations

import numpy as np

# up/down ink ratio (log) below which the cheap test is "unsure" and OSD decides
SURE_LOG_RATIO = 0.35


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


def upside_down_evidence(ink: np.ndarray) -> float:
    """log(ink above the x-height band / ink below it), summed over text lines.

    Latin script, and Vietnamese even more with its stacked diacritics, carries much more ink above
    the x-height (capitals, ascenders, accents) than below it (descenders, the dot below), so an
    upright page scores clearly positive and an upside-down one clearly negative.
    """
    profile = ink.sum(axis=1).astype(np.float64)
    above = below = 0.0
    for top, bottom in _text_lines(profile):
        line = profile[top:bottom]
        core = np.nonzero(line >= 0.45 * line.max())[0]
        if core.size == 0:
            continue
        above += float(line[: core[0]].sum())
        below += float(line[core[-1] + 1 :].sum())
    if above + below <= 0:
        return 0.0
    return float(np.log((above + 1.0) / (below + 1.0)))


def is_sure(evidence: float) -> bool:
    """Whether the cheap up/down evidence is strong enough to skip Tesseract OSD."""
    return abs(evidence) >= SURE_LOG_RATIO
