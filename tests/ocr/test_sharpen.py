"""Motion-blur sharpening of the OCR copy: it triggers on a page smeared one way, never on a sharp
page or an evenly soft one, and it narrows the smeared edges. Pages are drawn here
(tests/ocr/ocr_pages.py, Liberation Serif), not taken from samples/."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from ocr_pages import render_body

from ocr.image import clean, sharpen
from ocr.recognize.engine import NullEngine


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return render_body(300, lines=10)[:1300, :]


def _smear(grey: np.ndarray, angle: float, length: int = 7) -> np.ndarray:
    return cv2.filter2D(grey, -1, sharpen.line_kernel(angle, length))


def test_sharp_page_is_left_alone(page: np.ndarray) -> None:
    out, done = sharpen.sharpen(page)
    assert not done
    assert out is page


def test_evenly_soft_page_is_not_motion_blur(page: np.ndarray) -> None:
    soft = cv2.GaussianBlur(page, (0, 0), 1.5)
    assert sharpen.blur_direction(soft) is None


@pytest.mark.parametrize("angle", [0.0, 90.0])
def test_smear_is_found_in_its_direction(page: np.ndarray, angle: float) -> None:
    assert sharpen.blur_direction(_smear(page, angle)) == angle


def test_sharpening_narrows_the_smeared_edges(page: np.ndarray) -> None:
    smeared = _smear(page, 0.0)
    out, done = sharpen.sharpen(smeared)
    assert done
    before, after = sharpen.edge_widths(smeared)[0], sharpen.edge_widths(out)[0]
    assert after < 0.8 * before


def test_clean_page_sharpens_only_the_blurred_photo(page: np.ndarray) -> None:
    def cleaned(
        image: np.ndarray, *, believed: bool, before: tuple[str, ...] = ()
    ) -> tuple[str, ...]:
        return clean.clean_page(
            image,
            dpi=300,
            dpi_believed=believed,
            steps_before=before,
            engine=NullEngine(),
            skip=frozenset({"orient"}),
        ).steps

    blurred = _smear(page, 0.0)
    # a photo: no believable resolution tag, or its paper found and rectified
    assert "sharpen" not in cleaned(page, believed=False)
    assert "sharpen" in cleaned(blurred, believed=False)
    assert "sharpen" in cleaned(blurred, believed=True, before=("perspective",))
    # a scan (a believable tag, no paper rectified) is not measured: scanners do not shake
    assert "sharpen" not in cleaned(blurred, believed=True)
