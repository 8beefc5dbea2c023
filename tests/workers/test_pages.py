"""A page result survives the trip through the archive work area byte for byte."""

from __future__ import annotations

import numpy as np
import pytest

from ocr.pdf.assemble import encode_page_image
from ocr.types import PageText, Word
from pipeline.model import PageOutcome
from pipeline.pages import load_page, page_image, page_json, page_keys


@pytest.mark.parametrize("shape", [(120, 90), (120, 90, 3)])
def test_page_outcome_round_trips_through_the_work_area(shape: tuple[int, ...]) -> None:
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
        index=4, archive=encode_page_image(image, bitonal=False, jpeg_quality=75), dpi=200.0, text=text, rotation=90, skew=-1.25,
        steps=("orient", "deskew"), seconds=0.5,
    )  # fmt: skip
    back = load_page(page_json(page), page_image(page))
    assert back.archive == page.archive  # the same encoded bytes and parameters: no re-encoding
    assert back.text == text
    assert (back.index, back.dpi, back.rotation, back.skew, back.steps, back.seconds) == (
        4, 200.0, 90, -1.25, ("orient", "deskew"), 0.5,
    )  # fmt: skip
    assert page_keys("ab" * 32, 4) == (
        f"work/{'ab' * 32}/page-00004.json",
        f"work/{'ab' * 32}/page-00004.img",
    )


def test_a_damaged_page_image_is_refused() -> None:
    image = np.zeros((40, 30), np.uint8)
    text = PageText(width=30, height=40, dpi=300.0, words=(), text="", confidence=100.0)
    page = PageOutcome(
        index=0,
        archive=encode_page_image(image, bitonal=False, jpeg_quality=75),
        dpi=300.0,
        text=text,
    )
    from common.errors import BrokenInput

    with pytest.raises(BrokenInput):
        load_page(page_json(page), page_image(page)[:-5])
