"""Page curl (ocr.image.dewarp) and the photo-only light flattening around cast shadows.

Inputs are drawn here: Liberation Serif body text (tests/ocr/ocr_pages.py) whose right part is
bent up as a sheet lifting off a table bends it (rows displaced by lift * t^2, t growing from 0
at 40% of the width to 1 at the edge), not taken from samples/."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from ocr_pages import render_body

from ocr.image import clean, dewarp
from ocr.recognize.engine import NullEngine

LEFT = (0.15, 0.30)  # share of the width: a band where every body line has text, not bent...
RIGHT = (0.62, 0.70)  # ...and one where every line has text, bent by the curl


def curled(page: np.ndarray, lift: float) -> np.ndarray:
    """`page` with its right part lifted: rows displaced by up to `lift` of the height."""
    h, w = page.shape[:2]
    t = np.clip((np.arange(w, dtype=np.float32) / w - 0.4) / 0.6, 0, 1)
    map_x = np.broadcast_to(np.arange(w, dtype=np.float32), (h, w))
    map_y = np.arange(h, dtype=np.float32)[:, None] + (lift * h * t**2)[None, :]
    return cv2.remap(page, np.ascontiguousarray(map_x), map_y, cv2.INTER_LINEAR, borderValue=255)


def band_offset(grey: np.ndarray) -> int:
    """Rows by which the text lines in the RIGHT band sit off those in the LEFT band (the shift
    that best lines up the two bands' ink-per-row profiles)."""
    w = grey.shape[1]
    ink = (grey < 128).astype(np.float32)
    left = ink[:, round(LEFT[0] * w) : round(LEFT[1] * w)].sum(axis=1)
    right = ink[:, round(RIGHT[0] * w) : round(RIGHT[1] * w)].sum(axis=1)
    shifts = range(-20, 21)
    score = [float(np.dot(left, np.roll(right, -s))) for s in shifts]
    return shifts[int(np.argmax(score))]


def test_curled_lines_come_out_straight() -> None:
    page = render_body(150)
    bent = curled(page, lift=0.03)
    assert abs(band_offset(bent)) >= 6  # the curl is there to take out

    field = dewarp.straighten(clean.ink_mask(bent))

    assert field is not None
    straight = dewarp.remap_rows(bent, field)
    assert abs(band_offset(straight)) <= 1
    assert abs(band_offset(page)) <= 1  # the measure itself sees flat lines as flat


def test_curled_photo_is_straightened_by_cleaning() -> None:
    bent = curled(render_body(150), lift=0.03)

    cleaned = clean.clean_page(bent, dpi=72, dpi_believed=False, engine=NullEngine())

    assert "dewarp" in cleaned.steps
    assert abs(band_offset(cleaned.archive)) <= 1
    assert abs(band_offset(cleaned.ocr)) <= 1


def test_flat_photo_is_left_as_it_is() -> None:
    cleaned = clean.clean_page(render_body(150), dpi=72, dpi_believed=False, engine=NullEngine())

    assert "dewarp" not in cleaned.steps


def test_clean_scan_is_not_measured_for_curl(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_curl(*args: object, **kwargs: object) -> None:
        raise AssertionError("a 300-dpi scan was measured for page curl")

    monkeypatch.setattr(dewarp, "straighten", no_curl)
    page = render_body(300)

    cleaned = clean.clean_page(page, dpi=300, engine=NullEngine())

    assert "dewarp" not in cleaned.steps
    assert cleaned.archive.shape == page.shape


def test_page_without_text_lines_gives_no_bend() -> None:
    blank = np.full((800, 600), 255, np.uint8)

    assert dewarp.straighten(clean.ink_mask(blank)) is None


def _shadowed(page: np.ndarray) -> np.ndarray:
    """`page` with the right part of the sheet in a soft-edged shadow (60% of the light)."""
    h, w = page.shape
    sharp = np.ones((h, w), np.float32)
    sharp[:, w // 2 :] = 0.6
    light = np.asarray(cv2.GaussianBlur(sharp, (0, 0), sigmaX=w * 0.01), np.float32)
    return (page.astype(np.float32) * light).astype(np.uint8)


def test_text_beside_a_shadow_edge_is_flattened_white_on_a_photo() -> None:
    page = render_body(150)
    shadowed = _shadowed(page)
    w = page.shape[1]
    edge = (slice(None), slice(w // 2 + 4, w // 2 + 20))  # just inside the shadow
    paper = page[edge] > 250

    scan = clean.flatten_light(shadowed, dpi=150)
    photo = clean.flatten_light(shadowed, dpi=150, shadows=True)

    assert float(photo[edge][paper].mean()) > 240  # paper in the shadow turns white...
    assert float(photo[edge][paper].mean()) > float(scan[edge][paper].mean()) + 10
    text = page < 128
    assert float((photo[text] < 128).mean()) > 0.9  # ...and the letters stay dark


def test_evenly_lit_photo_keeps_the_plain_flattening() -> None:
    page = render_body(150)

    photo = clean.flatten_light(page, dpi=150, shadows=True)

    assert np.array_equal(photo, clean.flatten_light(page, dpi=150))


def test_dark_picture_inside_a_shadowed_photo_is_not_taken_for_light() -> None:
    page = render_body(150)  # letters from x = 178
    portrait = (slice(300, 600), slice(20, 170))  # a dark filled area 0.05 in from the letters
    page[portrait] = 40
    shadowed = _shadowed(page)
    beside = (slice(300, 600), slice(170, 250))
    text = page[beside] < 128
    w = page.shape[1]
    in_shadow = (slice(None), slice(w // 2 + 4, w // 2 + 20))

    photo = clean.flatten_light(shadowed, dpi=150, shadows=True)

    assert float(photo[portrait].mean()) < 100  # the picture stays dark, not divided by itself...
    assert float((photo[beside][text] < 128).mean()) > 0.9  # ...the letters beside it too...
    assert float(photo[in_shadow][page[in_shadow] > 250].mean()) > 240  # ...and the shadow goes
