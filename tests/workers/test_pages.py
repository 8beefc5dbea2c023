"""A page result survives the trip through the archive work area bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from ocr.types import PageText, Word
from pipeline.model import PageOutcome
from pipeline.pages import load_page, page_json, page_keys, page_png


@pytest.mark.parametrize("shape", [(120, 90), (120, 90, 3)])
def test_page_outcome_round_trips_through_json_and_png(shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(7)
    image = rng.integers(0, 256, size=shape, dtype=np.uint8)
    text = PageText(
        width=90,
        height=120,
        dpi=200.0,
        words=(Word("Đồng", 1, 2, 30, 10, 91.5, 0, 0), Word("Tháp", 35, 2, 30, 10, 88.0, 0, 0)),
        text="Đồng Tháp",
        confidence=89.75,
    )
    page = PageOutcome(
        index=4, archive=image, dpi=200.0, text=text, rotation=90, skew=-1.25,
        steps=("orient", "deskew"), seconds=0.5,
    )  # fmt: skip
    back = load_page(page_json(page), page_png(page))
    assert np.array_equal(back.archive, image) and back.archive.dtype == np.uint8
    assert back.text == text
    assert (back.index, back.dpi, back.rotation, back.skew, back.steps, back.seconds) == (
        4, 200.0, 90, -1.25, ("orient", "deskew"), 0.5,
    )  # fmt: skip
    assert page_keys("ab" * 32, 4) == (
        f"work/{'ab' * 32}/page-00004.json",
        f"work/{'ab' * 32}/page-00004.png",
    )
