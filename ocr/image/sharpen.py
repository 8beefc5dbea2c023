"""Motion blur: a shaking hand widens the letters' edges along one direction only.

The edge width is measured in four directions on the OCR copy (ink contrast over the steepest
gradients along that direction); edges much wider one way than across it mean motion blur, and
only then is the OCR copy sharpened (unsharp mask). A sharp page, or one evenly soft (a scan's
optics), is left alone.
"""

from __future__ import annotations

import cv2
import numpy as np

ANGLES = (0.0, 45.0, 90.0, 135.0)  # directions in which the edge width is measured
STEEP = 99.5  # percentile of the directional gradient taken as the edges' steepness
MIN_ANISOTROPY = 1.3  # widest over narrowest edge width at which a page counts as blurred
SIGMA = 3.0  # unsharp mask radius, OCR-copy pixels (letters at 300-dpi size)
AMOUNT = 1.0  # unsharp mask strength


def edge_widths(grey: np.ndarray) -> list[float]:
    """Edge width in pixels, per direction of ANGLES, of the dark marks on a light page."""
    f = grey.astype(np.float32)
    gx = cv2.Sobel(f, cv2.CV_32F, 1, 0, ksize=3) / 8
    gy = cv2.Sobel(f, cv2.CV_32F, 0, 1, ksize=3) / 8
    ink, paper = np.percentile(f, [1, 90])
    widths = []
    for angle in np.radians(ANGLES):
        steep = np.percentile(np.abs(gx * np.cos(angle) + gy * np.sin(angle)), STEEP)
        widths.append(float(paper - ink) / max(1.0, float(steep)))
    return widths


def motion_blurred(grey: np.ndarray) -> bool:
    widths = edge_widths(grey)
    return min(widths) > 0 and max(widths) >= MIN_ANISOTROPY * min(widths)


def sharpen(grey: np.ndarray) -> tuple[np.ndarray, bool]:
    """The OCR copy sharpened when motion blur is measured on it, and whether it was."""
    if not motion_blurred(grey):
        return grey, False
    soft = cv2.GaussianBlur(grey, (0, 0), SIGMA)
    return cv2.addWeighted(grey, 1.0 + AMOUNT, soft, -AMOUNT, 0), True
