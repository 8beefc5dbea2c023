"""Motion blur: a shaking hand widens the letters' edges along one direction only.

The edge width is measured in four directions on the OCR copy (ink contrast over the steepest
gradients along that direction); edges much wider one way than across it mean motion blur, and
only then is the OCR copy sharpened along that one direction (an unsharp mask whose blur is a
short line the way the edges are widest: the smear is taken back where it happened, and the
paper grain across it is not amplified). A sharp page, or one evenly soft (a scan's optics), is
left alone.
"""

from __future__ import annotations

import cv2
import numpy as np

ANGLES = (0.0, 45.0, 90.0, 135.0)  # directions (image y down) in which the edge width is measured
STEEP = 99.5  # percentile of the directional gradient taken as the edges' steepness
MIN_ANISOTROPY = 1.4  # widest over narrowest edge width at which a page counts as blurred
LENGTH = 5  # the line the mask blurs with, OCR-copy pixels (letters at 300-dpi size)
AMOUNT = 2.0  # unsharp mask strength


def _percentile(levels: np.ndarray, q: float) -> float:
    """The q-th percentile of a uint8 image, from its histogram (a sort of a page is slow)."""
    counts = cv2.calcHist([levels], [0], None, [256], [0, 256]).ravel().cumsum()
    return float(np.searchsorted(counts, q / 100 * counts[-1]))


def edge_widths(grey: np.ndarray) -> list[float]:
    """Edge width in pixels, per direction of ANGLES, of the dark marks on a light page."""
    gx = cv2.Sobel(grey, cv2.CV_16S, 1, 0, ksize=3)
    gy = cv2.Sobel(grey, cv2.CV_16S, 0, 1, ksize=3)
    # a Sobel sums 8 neighbour differences, weighted 1-2-1: /8 is the grey step per pixel,
    # counted here in half grey levels so the histogram keeps the steepness precise enough
    half = 2 / 8
    diagonal = half / np.sqrt(2)
    steps = (
        cv2.convertScaleAbs(gx, alpha=half),  # 0 degrees
        cv2.convertScaleAbs(cv2.add(gx, gy), alpha=diagonal),  # 45
        cv2.convertScaleAbs(gy, alpha=half),  # 90
        cv2.convertScaleAbs(cv2.subtract(gx, gy), alpha=diagonal),  # 135
    )
    contrast = _percentile(grey, 90) - _percentile(grey, 1)  # paper minus ink
    return [contrast / max(1.0, _percentile(step, STEEP) / 2) for step in steps]


def blur_direction(grey: np.ndarray) -> float | None:
    """The direction (degrees, of ANGLES) in which the edges are smeared, None if they are not."""
    widths = edge_widths(grey)
    if min(widths) <= 0 or max(widths) < MIN_ANISOTROPY * min(widths):
        return None
    return ANGLES[int(np.argmax(widths))]


def line_kernel(angle: float, length: int = LENGTH) -> np.ndarray:
    """A normalised straight line `length` pixels long at `angle` degrees (image y down)."""
    line = np.zeros((length, length), np.float32)
    line[length // 2, :] = 1
    centre = (length / 2 - 0.5, length / 2 - 0.5)
    kernel = cv2.warpAffine(line, cv2.getRotationMatrix2D(centre, -angle, 1), (length, length))
    return kernel / kernel.sum()


def sharpen(grey: np.ndarray) -> tuple[np.ndarray, bool]:
    """The OCR copy sharpened along the smear when motion blur is measured on it, and whether."""
    angle = blur_direction(grey)
    if angle is None:
        return grey, False
    smeared = cv2.filter2D(grey, -1, line_kernel(angle))
    return cv2.addWeighted(grey, 1.0 + AMOUNT, smeared, -AMOUNT, 0), True
