"""Security-print backgrounds (ID cards, birth and land certificates): fine light-coloured line
patterns behind the text, made paper-white in the OCR copy; dark text and red or blue ink stay."""

from __future__ import annotations

import cv2
import numpy as np

LOOK_SIDE = 400  # long side of the copy on which a pattern is looked for
MIN_CHROMA = 30  # a pattern pixel is coloured (max - min channel at least this)...
MIN_LIGHT = 120  # ...and light (grey at least this; text, seals and pen ink are darker)
MIN_SHARE = 0.04  # share of the page such pixels must cover before anything is changed


def _pattern(image: np.ndarray) -> np.ndarray:
    """Boolean mask of light coloured pixels of a BGR image."""
    b, g, r = cv2.split(image)
    chroma = cv2.subtract(cv2.max(cv2.max(b, g), r), cv2.min(cv2.min(b, g), r))
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return (chroma >= MIN_CHROMA) & (grey >= MIN_LIGHT)


def has_pattern(image: np.ndarray) -> bool:
    """Whether a colour page carries a coloured background pattern (cheap, on a small copy)."""
    if image.ndim != 3:
        return False
    factor = min(1.0, LOOK_SIDE / max(image.shape[:2]))
    # sampled, not averaged: a fine line keeps its colour instead of fading into the paper
    small = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_NEAREST)
    return float(_pattern(small).mean()) >= MIN_SHARE


def suppress(image: np.ndarray, grey: np.ndarray) -> tuple[np.ndarray, bool]:
    """`grey` (the OCR copy of colour `image`) with the pattern painted white, and whether one
    was found. A page without such a pattern is returned as it is, at the cost of a small look."""
    if not has_pattern(image):
        return grey, False
    out = grey.copy()
    out[_pattern(image)] = 255
    return out, True
