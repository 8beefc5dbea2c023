"""Dotted writing lines of forms ("Họ và tên: ......"): found as chains of equal dots and erased."""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np

MIN_CHAIN = 5  # dots in a row, evenly spaced, before they count as a leader
RULE_DOTS = 8  # a mark this many dot sizes long and no taller than a dot is a rule, not text
WORK_DPI = 150.0  # marks are found on a copy at this resolution (a dot is still 2-3 pixels)
DASHED_DOTS = 15  # a run of dashes this many dot sizes long is a blurred leader
DOT_INCHES = 0.022  # largest dot: ~6.6 px at 300 dpi (an i-dot or a period is about this)


def _chains(xs: np.ndarray, max_pitch: float) -> list[np.ndarray]:
    """Index runs (into sorted xs) spaced by a steady pitch; a few dots may be missing in a run
    (merged with a letter's descender), so a gap of two or three pitches continues it."""
    runs: list[np.ndarray] = []
    start, pitch = 0, 0.0
    n = xs.size
    for i in range(1, n + 1):
        ok = False
        if i < n:
            gap = float(xs[i] - xs[i - 1])
            if pitch == 0.0:
                ok = 2 <= gap <= max_pitch
                if ok:
                    pitch = gap
            else:
                steps = round(gap / pitch)
                ok = 1 <= steps <= 3 and abs(gap - steps * pitch) <= 0.2 * pitch + 1
        if not ok:
            if i - start >= MIN_CHAIN:
                runs.append(np.arange(start, i))
            start, pitch = i, 0.0
    return runs


def _dashes(left: np.ndarray, right: np.ndarray, *, max_gap: float) -> list[np.ndarray]:
    """Index runs of marks (sorted by left edge) each starting close after the previous ends."""
    runs: list[np.ndarray] = []
    start = 0
    for i in range(1, left.size + 1):
        if i == left.size or not 0 <= left[i] - right[i - 1] <= max_gap:
            if i - start >= 3:
                runs.append(np.arange(start, i))
            start = i
    return runs


def _bands(x: np.ndarray, y: np.ndarray, height: float, *, least: int) -> Iterator[np.ndarray]:
    """The indices of the marks of each horizontal band `height` high, left to right, for bands
    of at least `least` marks; over two staggered band grids, so a line of marks never
    straddles both."""
    for offset in (0.0, 0.5):
        band = np.floor(y / height + offset).astype(np.int64)
        order = np.lexsort((x, band))
        bands, starts = np.unique(band[order], return_index=True)
        bounds = [*starts.tolist(), order.size]
        for k in range(len(bands)):
            idx = order[bounds[k] : bounds[k + 1]]
            if idx.size >= least:
                yield idx


def _leader_marks(dark: np.ndarray, size: float) -> tuple[np.ndarray, int]:
    """Mask (uint8, same shape) of the leader dots, blurred dashes and thin rules of a 0/1 image."""
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(dark, connectivity=8)
    w, h, area = (
        stats[:, cv2.CC_STAT_WIDTH],
        stats[:, cv2.CC_STAT_HEIGHT],
        stats[:, cv2.CC_STAT_AREA],
    )
    dots = np.nonzero((w <= size) & (h <= size) & (area >= 1))[0]
    dots = dots[dots > 0]
    # a rule, or dots a blur has run together: one long mark no taller than a dot
    rules = np.nonzero((h <= size) & (w >= RULE_DOTS * size))[0]
    rules = rules[rules > 0]
    if dots.size < MIN_CHAIN and rules.size == 0:
        return np.zeros_like(dark), 0
    cy, cx = centroids[dots, 1], centroids[dots, 0]
    erase: list[np.ndarray] = [rules]
    height = max(1.5, size / 3)
    for idx in _bands(cx, cy, height, least=MIN_CHAIN):
        for run in _chains(cx[idx], max_pitch=6 * size):
            erase.append(dots[idx[run]])
    # dots a blur has run together into short dashes: flat marks edge to edge, on one line
    flat = np.nonzero((h <= size) & (w > size) & (w < RULE_DOTS * size))[0]
    flat = flat[flat > 0]
    if flat.size:
        marks = np.concatenate([dots, flat])
        left = stats[marks, cv2.CC_STAT_LEFT].astype(np.float64)
        right = left + w[marks]
        my = centroids[marks, 1]
        for idx in _bands(left, my, height, least=3):
            for run in _dashes(left[idx], right[idx], max_gap=2 * size):
                if right[idx[run[-1]]] - left[idx[run[0]]] >= DASHED_DOTS * size:
                    erase.append(marks[idx[run]])
    gone = np.concatenate(erase)
    if gone.size == 0:
        return np.zeros_like(dark), 0
    mask = np.zeros(count, np.uint8)
    mask[gone] = 1
    return mask[labels], int(gone.size)


def erase_leaders(grey: np.ndarray, *, dpi: float) -> tuple[np.ndarray, int]:
    """The grey page with dotted leader lines (and thin rules) painted white, and how many marks
    were erased. Marks are looked for twice: at the Otsu level (what Tesseract sees) and at a
    fainter level (light dots of a low-resolution scan, which Otsu breaks into pieces)."""
    step = max(1, round(dpi / WORK_DPI))
    factor = 1.0 / step
    small = grey
    if step > 1:  # darkest pixel of each step x step cell: a faint dot keeps its darkness
        small = cv2.erode(grey, np.ones((step, step), np.uint8))[
            step // 2 :: step, step // 2 :: step
        ]
    size = max(2.0, DOT_INCHES * dpi * factor)
    level, dark = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    marks, found = _leader_marks(dark, size)
    _, faint = cv2.threshold(small, (level + 255) / 2, 1, cv2.THRESH_BINARY_INV)
    more, found_faint = _leader_marks(faint, size)
    if found + found_faint == 0:
        return grey, 0
    erase_mask = cv2.dilate(marks | more, np.ones((5, 5), np.uint8))  # with the dots' halo
    if step > 1:
        erase_mask = cv2.resize(
            erase_mask, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_NEAREST
        )
    out = grey.copy()
    out[erase_mask.astype(bool)] = 255
    return out, found + found_faint
