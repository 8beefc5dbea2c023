"""The page's resolution from its letters (ocr.image.textsize) on a paper with little text."""

from __future__ import annotations

import numpy as np

from ocr.image import textsize


def test_a_card_screenshot_with_some_120_letters_is_measured() -> None:
    # measured on 96-dpi screenshots of ID cards (seed 2468): 124-157 letter marks, x-height
    # 6-7 px; with 150 letters asked they were not measured, read at a believed 300 dpi, not
    # upscaled, and 3 of 5 came out typed "other"
    rng = np.random.default_rng(7)
    small = rng.choice([6, 6, 6, 7], size=80)  # lower-case letters
    tall = rng.choice([8, 9, 9, 10], size=44)  # capitals and accented letters
    heights = np.concatenate([small, tall]).astype(np.float64)
    xh = textsize.x_height(heights)
    assert xh is not None and 5.5 <= xh <= 7.5
    assert textsize.x_height(heights[:60]) is None  # a seal's marks: too few to measure
