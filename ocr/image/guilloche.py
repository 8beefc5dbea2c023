"""Security-print backgrounds (ID cards, birth and land certificates): fine light-coloured line
patterns behind the text, made paper-white in the OCR copy; dark text and red or blue ink stay."""

from __future__ import annotations

import cv2
import numpy as np

LOOK_SIDE = 400  # long side of the copy on which a pattern is looked for
MIN_CHROMA = 30  # a pattern pixel is coloured (max - min channel at least this)...
MIN_LIGHT = 120  # ...and light (grey at least this; text, seals and pen ink are darker)
MIN_SHARE = 0.04  # share of the page such pixels must cover before anything is changed


def _pattern(image: np.ndarray, paper: np.ndarray) -> np.ndarray:
    """Boolean mask of the light coloured pixels of a BGR image that are not the paper's own
    tint (yellowed or tinted paper is not a pattern)."""
    b, g, r = cv2.split(image)
    chroma = cv2.subtract(cv2.max(cv2.max(b, g), r), cv2.min(cv2.min(b, g), r))
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    off_paper = cv2.absdiff(image, np.full_like(image, paper)).max(axis=2) >= MIN_CHROMA
    return (chroma >= MIN_CHROMA) & (grey >= MIN_LIGHT) & off_paper


def _look(image: np.ndarray) -> tuple[bool, np.ndarray]:
    """(whether a colour page carries a coloured background pattern, its paper colour), from a
    small copy."""
    factor = min(1.0, LOOK_SIDE / max(image.shape[:2]))
    # sampled, not averaged: a fine line keeps its colour instead of fading into the paper
    small = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_NEAREST)
    paper = np.median(small.reshape(-1, 3), axis=0).astype(np.uint8)
    return float(_pattern(small, paper).mean()) >= MIN_SHARE, paper


def has_pattern(image: np.ndarray) -> bool:
    """Whether a colour page carries a coloured background pattern (cheap, on a small copy)."""
    return image.ndim == 3 and _look(image)[0]


def suppress(image: np.ndarray, grey: np.ndarray) -> tuple[np.ndarray, bool]:
    """`grey` (the OCR copy of colour `image`) with the pattern painted white, and whether one
    was found. A page without such a pattern is returned as it is, at the cost of a small look."""
    if image.ndim != 3:
        return grey, False
    found, paper = _look(image)
    if not found:
        return grey, False
    out = grey.copy()
    out[_pattern(image, paper)] = 255
    return out, True
