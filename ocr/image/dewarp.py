"""Page curl: text lines bent where a photographed sheet lifts off the table, made straight.

Only a photo is looked at (cleaning gates this step as it gates sharpening). The text lines are
found in the ink (letter-sized marks joined along their line) and each line's middle is followed
across the page in slices one letter high wide. One smooth vertical displacement over the page,
cubic across it and linear down it, is fitted to how the lines bend (each line's own height is
left free, so only the bending counts). When the lines bend by more than a share of the letters'
height, the page's rows are remapped so that every line runs straight; a flat page is left alone.
"""

from __future__ import annotations

import cv2
import numpy as np

MIN_BEND = 0.5  # letter heights: lines bent less than this (top to bottom of the bend) stay;
# flat pages measure 0.1-0.45 (letters, accents and JPEG noise move the middles a little)
MIN_LINES = 4  # text lines needed to trust a fit
LINE_LENGTH = 10  # letter heights: shorter runs of text (a label, a number) are not followed
SLICE = 1.5  # letter heights: width of the slices in which a line's middle is taken
X_DEGREE = 3  # the bend across the page: up to a cubic (one lifted edge, a book's gutter)
Y_DEGREE = 1  # ... changing linearly down the page
OUTLIER = 3.0  # a middle further than this many median deviations from the fit is dropped


def letter_height(ink: np.ndarray) -> float | None:
    """The median height of letter-sized marks (0/1 ink), or None on a page without text."""
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    letters = h[(h >= 3) & (w <= 3 * h) & (h <= ink.shape[0] // 20)]
    return float(np.median(letters)) if len(letters) >= 20 else None


def line_middles(ink: np.ndarray, height: float) -> list[np.ndarray]:
    """For each long text line, the (x, y) middles of its ink in slices along it."""
    join = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, round(2 * height)) | 1, 1))
    joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, join)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    step = max(2, round(SLICE * height))
    lines = []
    for i in range(1, count):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if w < LINE_LENGTH * height or h > 3 * height:
            continue
        mine = (labels[y : y + h, x : x + w] == i) & (ink[y : y + h, x : x + w] > 0)
        starts = np.arange(0, w, step)
        counts = np.add.reduceat(mine.sum(axis=0), starts)
        rows = np.add.reduceat((mine * np.arange(h)[:, None]).sum(axis=0), starts)
        full = counts >= height  # a slice with a letter's worth of ink, not a lone accent
        if full.sum() >= 4:
            xs = x + starts[full] + step / 2
            lines.append(np.column_stack([xs, y + rows[full] / counts[full]]))
    return lines


def _features(x: np.ndarray, y: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Powers of the page coordinates scaled to -1..1: x^1..X_DEGREE times y^0..Y_DEGREE."""
    u, v = 2 * x / shape[1] - 1, 2 * y / shape[0] - 1
    return np.column_stack(
        [u**k * v**j for k in range(1, X_DEGREE + 1) for j in range(Y_DEGREE + 1)]
    )


def fit_bend(lines: list[np.ndarray], shape: tuple[int, int]) -> np.ndarray | None:
    """Coefficients of the displacement over `_features`, each line's own offset taken out."""
    if len(lines) < MIN_LINES:
        return None
    groups = np.concatenate([np.full(len(line), i) for i, line in enumerate(lines)])
    xy = np.concatenate(lines)
    keep = np.ones(len(xy), bool)
    coef = None
    for _ in range(2):  # fit, drop the middles far from it (a seal's ring, a signature), refit
        feats, ys = _features(xy[:, 0], xy[:, 1], shape), xy[:, 1].copy()
        for g in np.unique(groups[keep]):
            mine = keep & (groups == g)
            feats[mine] -= feats[mine].mean(axis=0)
            ys[mine] -= ys[mine].mean()
        coef = np.linalg.lstsq(feats[keep], ys[keep], rcond=None)[0]
        residual = np.abs(ys - feats @ coef)
        spread = float(np.median(residual[keep])) + 1e-6
        keep &= residual <= OUTLIER * spread
    return coef


def displacement(coef: np.ndarray, shape: tuple[int, int], span: tuple[float, float]) -> np.ndarray:
    """The rows' displacement over the page (float32, its shape), each row's mean taken out.
    Across the page the fit is held flat outside the `span` of x where lines were seen."""
    h, w = shape
    xs = np.clip(np.arange(w, dtype=np.float64), *span)
    # the features are products of a power of x and one of y: the field is a sum of outer
    # products (one row profile per power of y), never a page-sized feature matrix
    u = 2 * xs / w - 1
    powers = np.stack([u**k for k in range(1, X_DEGREE + 1)])  # (X_DEGREE, w)
    profiles = coef.reshape(X_DEGREE, Y_DEGREE + 1).T @ powers  # (Y_DEGREE + 1, w)
    v = 2 * np.arange(h, dtype=np.float64) / h - 1
    field = np.stack([v**j for j in range(Y_DEGREE + 1)], axis=1) @ profiles  # (h, w)
    return np.asarray(field - field.mean(axis=1, keepdims=True), np.float32)


def measure(ink: np.ndarray) -> tuple[np.ndarray, float] | None:
    """The displacement that straightens the text lines of an analysis ink mask and its size in
    letter heights, or None when there are too few lines to tell."""
    height = letter_height(ink)
    if height is None:
        return None
    lines = line_middles(ink, height)
    coef = fit_bend(lines, ink.shape)
    if coef is None:
        return None
    xs = np.concatenate([line[:, 0] for line in lines])
    field = displacement(coef, ink.shape, (float(xs.min()), float(xs.max())))
    bend = float(np.percentile(field, 99.5) - np.percentile(field, 0.5))
    return field, bend / height


def remap_rows(image: np.ndarray, field: np.ndarray) -> np.ndarray:
    """`image` with each pixel taken from the row `field` (analysis pixels, resized) says."""
    h, w = image.shape[:2]
    scale = h / field.shape[0]
    dy = cv2.resize(field, (w, h), interpolation=cv2.INTER_LINEAR) * scale
    map_x = np.broadcast_to(np.arange(w, dtype=np.float32), (h, w))
    map_y = np.arange(h, dtype=np.float32)[:, None] + dy
    return cv2.remap(
        image,
        np.ascontiguousarray(map_x),
        map_y,
        cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE,
    )


def straighten(ink: np.ndarray) -> np.ndarray | None:
    """The displacement field (analysis pixels) that makes bent lines straight, or None when
    the lines are straight enough already or cannot be followed."""
    found = measure(ink)
    if found is None or found[1] < MIN_BEND:
        return None
    return found[0]
