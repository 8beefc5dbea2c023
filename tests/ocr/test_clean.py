"""Page cleaning on synthetic scans: straight, upright, cropped, seal-free, upscaled."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from ocr_pages import (
    SIGN_RIGHT,
    TITLE,
    Page,
    add_dark_border,
    measured_skew,
    render_form,
    render_page,
    skew_page,
)

from ocr.image.clean import clean_page, paint_edge_darkness
from ocr.recognize.tesseract import recognize


def _grey(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


@pytest.mark.parametrize("angle", [3.7, -2.3, 0.6])
def test_skewed_page_is_straightened(page300: Page, angle: float) -> None:
    skewed = skew_page(page300.image, angle)
    assert abs(measured_skew(_grey(skewed)) + angle) < 0.1  # the ruler sees the skew we made

    cleaned = clean_page(skewed, dpi=300)

    assert abs(measured_skew(_grey(cleaned.archive))) < 0.2
    assert abs(cleaned.skew + angle) < 0.2
    assert "deskew" in cleaned.steps


def test_straight_page_is_left_alone(page300: Page) -> None:
    cleaned = clean_page(page300.image, dpi=300)
    assert cleaned.rotation == 0
    assert "deskew" not in cleaned.steps
    assert cleaned.archive.shape == page300.image.shape
    assert np.array_equal(cleaned.archive, page300.image)


@pytest.mark.parametrize("quarters", [1, 2, 3])
def test_rotated_page_comes_out_upright(page300: Page, quarters: int) -> None:
    turned = np.ascontiguousarray(np.rot90(page300.image, quarters))  # counter-clockwise

    cleaned = clean_page(turned, dpi=300)

    assert cleaned.rotation == (90 * quarters) % 360
    assert cleaned.archive.shape == page300.image.shape
    diff = np.abs(_grey(cleaned.archive).astype(int) - _grey(page300.image).astype(int))
    assert diff.mean() < 2.0


def test_dark_scanner_border_is_cropped(page300: Page) -> None:
    scan = add_dark_border(skew_page(page300.image, -1.5), 90)

    cleaned = clean_page(scan, dpi=300)

    grey = _grey(cleaned.archive)
    h, w = grey.shape
    assert "crop" in cleaned.steps
    assert abs(h - page300.image.shape[0]) < 40 and abs(w - page300.image.shape[1]) < 40
    frame = np.concatenate(
        [grey[:5].ravel(), grey[-5:].ravel(), grey[:, :5].ravel(), grey[:, -5:].ravel()]
    )
    assert (frame < 100).mean() < 0.02, "dark scanner bed left at the page edges"
    assert abs(measured_skew(grey)) < 0.2


def test_archive_copy_keeps_colour_and_ocr_copy_drops_the_red_seal() -> None:
    page = render_page(300, seal=True)
    left, top, right, bottom = page.name_box

    cleaned = clean_page(page.image, dpi=300)

    seal_pixel = cleaned.archive[top - 200 : bottom + 200, left - 200 : right].reshape(-1, 3)
    red = (seal_pixel[:, 2].astype(int) - seal_pixel[:, 1]) > 80
    assert red.sum() > 1000, "the archive copy lost the seal's colour"
    assert cleaned.ocr.ndim == 2
    ring = cleaned.ocr[top - 200 : bottom + 200, left - 200 : right]
    assert (ring < 128).mean() < (
        _grey(page.image)[top - 200 : bottom + 200, left - 200 : right] < 128
    ).mean()


def test_seal_no_longer_hides_the_signers_name(tesseract_ready: None) -> None:
    page = render_page(300, seal=True)
    surname = SIGN_RIGHT[1].split()[-1]

    raw = recognize(
        clean_page(_grey(page.image), dpi=300)  # a grey scan: the seal cannot be told apart
    )
    cleaned = recognize(clean_page(page.image, dpi=300))

    assert surname not in raw.text.split()
    assert SIGN_RIGHT[1] in cleaned.text.splitlines()


def test_red_text_outside_a_seal_is_still_read(tesseract_ready: None) -> None:
    page = render_page(300, seal=True, title_colour=(170, 30, 30))  # a red title, as on ID cards

    cleaned = clean_page(page.image, dpi=300)
    text = recognize(cleaned).text.splitlines()

    assert "seal" in cleaned.steps
    assert TITLE[0] in text
    assert SIGN_RIGHT[1] in text


def test_low_resolution_scan_is_upscaled_for_ocr_and_boxes_map_back(tesseract_ready: None) -> None:
    page = render_page(150)

    cleaned = clean_page(page.image, dpi=150)
    text = recognize(cleaned)

    assert cleaned.ocr_scale == pytest.approx(2.0, abs=0.01)
    assert cleaned.ocr.shape[0] == pytest.approx(2 * cleaned.archive.shape[0], abs=2)
    assert "upscale" in cleaned.steps
    assert (text.width, text.height) == (page.image.shape[1], page.image.shape[0])
    surname = SIGN_RIGHT[1].split()[-1]
    word = next(w for w in text.words if w.text == surname)
    left, top, right, bottom = page.name_box
    assert left - 3 <= word.left and word.left + word.width <= right + 3
    assert top - 5 <= word.top and word.top + word.height <= bottom + 5


@pytest.mark.parametrize("dpi", [300, 200])
def test_dotted_writing_lines_of_a_form_are_erased(tesseract_ready: None, dpi: int) -> None:
    page = render_form(dpi)

    cleaned = clean_page(page.image, dpi=dpi)
    text = recognize(cleaned).text

    assert "leaders" in cleaned.steps
    assert text.splitlines() == page.text.splitlines()
    ink = _grey(page.image) < 128
    left_ink = (cleaned.ocr < 128).sum() / cleaned.ocr_scale**2
    assert left_ink < 0.9 * ink.sum()  # the dots are gone, the words stay (checked by OCR)


def test_each_cleaning_step_is_timed_and_can_be_left_out(page300: Page) -> None:
    skewed = skew_page(page300.image, 2.0)
    timings: dict[str, float] = {}

    cleaned = clean_page(skewed, dpi=300, timings=timings)
    unskewed = clean_page(skewed, dpi=300, skip=frozenset({"deskew", "flatten"}))

    assert {"deskew", "flatten", "leaders"} <= timings.keys()
    assert all(seconds >= 0 for seconds in timings.values())
    assert "deskew" in cleaned.steps and "flatten" in cleaned.steps
    assert "deskew" not in unskewed.steps and "flatten" not in unskewed.steps
    assert unskewed.skew == 0.0


def test_print_joined_to_an_edge_stroke_is_not_painted_over() -> None:
    """A reader's pen note in the margin, underlining two printed lines and running to the page
    edge, beside a scanner-bed corner (drawn here with OpenCV): the corner is painted over, the
    printed lines stay (they used to vanish with the stroke that touched them)."""
    small = np.full((400, 300), 235, np.uint8)
    for y in (150, 185):
        cv2.putText(small, "Can cu Luat", (40, y), cv2.FONT_HERSHEY_SIMPLEX, 0.6, 20, 1)
        cv2.line(small, (0, y + 1), (220, y + 1), 30, 2)  # underlined to the page edge
    corner = np.array([[0, 399], [0, 330], [60, 399]], np.int32)
    cv2.fillConvexPoly(small, corner, 10)
    letters = np.zeros_like(small, bool)
    for y in (150, 185):
        letters[y - 22 : y - 2, 40:230] = True
    printed_ink = int((small[letters] < 100).sum())

    painted = paint_edge_darkness(small, small, paper=235)

    assert int((painted[letters] < 100).sum()) == printed_ink  # every printed pixel stays
    assert (painted[380:399, 0:10] == 235).all()  # the scanner-bed corner is gone
