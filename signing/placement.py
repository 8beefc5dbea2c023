"""Where the Decree 30 stamp goes on page 1: the emptiest box at the top right, else a white band.

The page is divided into cells of CELL points; a cell is occupied when a printed word (boxes
given by the caller, in PDF points) or ink of the page image (signing.ink) falls in it. Among
the stamp-sized windows of the top-right area that touch no occupied cell, the one nearest the
top-right corner is chosen. When there is none, the page grows by a white band above the scan
(the scan keeps its size and place: 100% scale) and the stamp sits at the top right of the band.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Box = tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points (origin bottom-left)

CELL = 3.0  # points
PAGE_MARGIN = 20.0  # points between the stamp and the page's top and right edges
BAND_MARGIN = 8.0  # points above and below the stamp inside an added band
CLEARANCE = 4.0  # points kept free around the stamp
AREA_WIDTH = 0.6  # the top-right area: this share of the page width, from the right
AREA_HEIGHT = 0.3  # ... and of its height, from the top


@dataclass(frozen=True)
class Placement:
    """The stamp's rectangle, and the height of the white band added above the page (0: none)."""

    box: Box
    band: float = 0.0


def place(
    page: Box,
    size: tuple[float, float],
    occupied: Sequence[Box] = (),
    ink: np.ndarray | None = None,
) -> Placement:
    """Choose the stamp's place on a page whose visible area is `page`.

    `ink` is a boolean grid of CELL-point cells over the page, row 0 at the top.
    """
    _x1, _y1, x2, y2 = page
    width, height = size
    grid = occupancy(page, occupied, ink)
    found = _free_window(grid, page, width + 2 * CLEARANCE, height + 2 * CLEARANCE)
    if found is not None:
        left, top = found
        return Placement(
            (left + CLEARANCE, top - CLEARANCE - height, left + CLEARANCE + width, top - CLEARANCE)
        )
    band = height + 2 * BAND_MARGIN
    right = x2 - PAGE_MARGIN
    return Placement((right - width, y2 + BAND_MARGIN, right, y2 + BAND_MARGIN + height), band)


def occupancy(page: Box, occupied: Sequence[Box], ink: np.ndarray | None) -> np.ndarray:
    """Boolean cells over the page (row 0 at the top): True where something is printed."""
    x1, y1, x2, y2 = page
    rows, cols = int(np.ceil((y2 - y1) / CELL)), int(np.ceil((x2 - x1) / CELL))
    grid = np.zeros((rows, cols), dtype=bool)
    if ink is not None and ink.size:
        grid |= _fit(ink, rows, cols)
    for bx1, by1, bx2, by2 in occupied:
        c1, c2 = int((min(bx1, bx2) - x1) // CELL), int(np.ceil((max(bx1, bx2) - x1) / CELL))
        r1, r2 = int((y2 - max(by1, by2)) // CELL), int(np.ceil((y2 - min(by1, by2)) / CELL))
        grid[max(r1, 0) : max(r2, 0), max(c1, 0) : max(c2, 0)] = True
    return grid


def _fit(ink: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """The ink grid cropped or padded to the page grid."""
    out = np.zeros((rows, cols), dtype=bool)
    r, c = min(rows, ink.shape[0]), min(cols, ink.shape[1])
    out[:r, :c] = ink[:r, :c].astype(bool)
    return out


def _free_window(
    grid: np.ndarray, page: Box, width: float, height: float
) -> tuple[float, float] | None:
    """Left and top (points) of the free window nearest the top-right corner, if any."""
    x1, _y1, _x2, y2 = page
    w, h = int(np.ceil(width / CELL)), int(np.ceil(height / CELL))
    rows, cols = grid.shape
    margin = int(np.ceil((PAGE_MARGIN - CLEARANCE) / CELL))
    r_last = max(int(rows * AREA_HEIGHT) - h, margin)  # windows start in rows margin..r_last
    c_first, c_last = int(cols * (1 - AREA_WIDTH)), cols - margin - w
    if c_last < c_first or r_last + h > rows:
        return None
    integral = np.pad(grid.astype(np.int32).cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    sums = integral[h:, w:] - integral[:-h, w:] - integral[h:, :-w] + integral[:-h, :-w]
    area = sums[margin : r_last + 1, c_first : c_last + 1]
    free = np.argwhere(area == 0)
    if not free.size:
        return None
    distance = free[:, 0].astype(float) ** 2 + (c_last - c_first - free[:, 1]).astype(float) ** 2
    r, c = free[int(np.argmin(distance))]
    return x1 + (c_first + int(c)) * CELL, y2 - (margin + int(r)) * CELL
