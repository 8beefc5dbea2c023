"""Phone photos and screenshots: each capture effect changes the image as its name says."""

from __future__ import annotations

import io
import random
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageOps

from samples import capture
from samples.generate import make_one

# inputs below are drawn here: white sheets with black rules, or pages of the seed-120 set


def ruled_page(w: int = 1200, h: int = 1600) -> np.ndarray:
    img = Image.new("RGB", (w, h), (250, 250, 250))
    d = ImageDraw.Draw(img)
    for y in range(100, h - 100, 100):
        d.line((50, y, w - 50, y), fill=(0, 0, 0), width=4)
    return np.asarray(img)


def row_of_ink(a: np.ndarray, x: int, near: int) -> int:
    """The row of the darkest pixel of column x within 60 px of row `near`."""
    col = a[near - 60 : near + 60, x].astype(int).sum(axis=1)
    return near - 60 + int(np.argmin(col))


def test_curl_bends_lines_near_one_edge_and_leaves_the_other_straight() -> None:
    page = ruled_page()
    bent, lift = capture.curl(page, random.Random(1))
    assert lift > 15
    w = page.shape[1]
    ends = [row_of_ink(bent, x, 800) for x in (60, w - 60)]
    middle = row_of_ink(bent, w // 3, 800)
    assert max(abs(e - 800) for e in ends) >= 8  # the lifted side moved
    assert min(abs(e - 800) for e in ends) <= 2  # the far side did not
    assert abs(middle - 800) <= 2


def test_uneven_light_darkens_one_side_more_than_the_other() -> None:
    flat = np.full((400, 600, 3), 240, np.uint8)
    lit = capture.uneven_light(flat, random.Random(2)).astype(float)
    quads = [lit[:200, :300], lit[:200, 300:], lit[200:, :300], lit[200:, 300:]]
    means = [q.mean() for q in quads]
    assert max(means) - min(means) > 15
    assert lit.max() <= 240


def test_cast_shadow_darkens_part_of_the_page_and_leaves_the_rest() -> None:
    flat = np.full((800, 600, 3), 240, np.uint8)
    shaded = capture.shadow(flat, random.Random(3)).astype(float)[..., 0]
    assert shaded.min() < 240 * 0.75
    assert (shaded >= 239).mean() > 0.4


def test_motion_blur_draws_a_dot_into_a_short_line() -> None:
    dot = np.zeros((41, 41, 3), np.uint8)
    dot[20, 20] = 255
    smeared, length = capture.motion_blur(dot, random.Random(4))
    lit = np.argwhere(smeared[..., 0] > 0)
    extent = np.ptp(lit, axis=0).max() + 1
    assert 3 <= length <= 7
    assert extent >= length - 1 and smeared[20, 20, 0] < 255


@pytest.mark.parametrize("tilt", [5.0, 25.0])
def test_perspective_makes_opposite_edges_of_the_sheet_unequal(tilt: float) -> None:
    corners = capture.tilt_corners(1000, 1400, tilt, 0.0, 0.0, focal=1540)
    top = np.linalg.norm(corners[1] - corners[0])
    bottom = np.linalg.norm(corners[2] - corners[3])
    ratio = max(top, bottom) / min(top, bottom)
    assert ratio > 1 + tilt / 200  # the near edge is longer than the far one
    flat = capture.tilt_corners(1000, 1400, 0.0, 0.0, 0.0, focal=1540)
    assert np.allclose(np.linalg.norm(flat[1] - flat[0]), np.linalg.norm(flat[2] - flat[3]))


@pytest.fixture(scope="module")
def photo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    out = tmp_path_factory.mktemp("photo")
    s = make_one(out, 0, seed=120, types=["decision"], degradations=["phone_photo"])
    return s.path, s.truth


def test_phone_photo_is_a_tilted_sheet_on_a_background(photo: tuple[Path, dict]) -> None:
    path, truth = photo
    info = truth["capture"]
    assert truth["format"] == "jpeg" and truth["degradations"] == ["phone_photo"]
    assert 5 <= info["tilt_deg"] <= 25
    with Image.open(path) as img:
        upright = np.asarray(ImageOps.exif_transpose(img).convert("L"), dtype=float)
    quad = np.array(info["paper_corners"], np.int32)
    inside = np.zeros(upright.shape, np.uint8)
    cv2.fillConvexPoly(inside, quad, 1)
    edges = [np.linalg.norm(quad[(i + 1) % 4] - quad[i]) for i in range(4)]
    assert abs(edges[0] - edges[2]) > 5 or abs(edges[1] - edges[3]) > 5  # not a rectangle
    paper = np.median(upright[inside == 1])
    table = np.median(upright[inside == 0])
    assert paper > 150 and paper - table > 30  # a bright sheet on a darker background
    assert 0 < inside.mean() < 0.95


def test_phone_photo_jpeg_quality_is_the_one_recorded(photo: tuple[Path, dict]) -> None:
    path, truth = photo
    quality = truth["capture"]["jpeg_quality"]
    assert 50 <= quality <= 85
    ref = io.BytesIO()
    Image.new("RGB", (16, 16)).save(ref, format="JPEG", quality=quality)
    with Image.open(path) as img, Image.open(ref) as r:
        assert img.quantization == r.quantization  # type: ignore[attr-defined]


@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
def test_exif_orientation_tag_turns_the_stored_pixels_upright(orientation: int) -> None:
    upright = Image.new("RGB", (300, 400), (255, 255, 255))
    ImageDraw.Draw(upright).rectangle((0, 0, 60, 40), fill=(0, 0, 0))  # ink at the top left
    cap = capture.Capture(upright, {}, None, orientation, 80)
    with Image.open(io.BytesIO(capture.encode_jpeg(cap))) as img:
        tag = img.getexif().get(capture.EXIF_ORIENTATION_TAG)
        assert (tag or 1) == orientation
        if orientation in (6, 8):
            assert img.size == (400, 300)  # stored on its side
        shown = np.asarray(ImageOps.exif_transpose(img).convert("L"))
    assert shown.shape == (400, 300)
    assert shown[:40, :60].mean() < 60 and shown[-40:, -60:].mean() > 200


@pytest.mark.parametrize("dpi", [None, 72])
def test_phone_photo_has_no_resolution_tag_or_a_72_dpi_one(dpi: int | None) -> None:
    cap = capture.Capture(Image.new("RGB", (200, 100), (255, 255, 255)), {}, dpi, 1, 80)
    with Image.open(io.BytesIO(capture.encode_jpeg(cap))) as img:
        if dpi is None:
            assert img.info.get("jfif_unit") == 0 and "exif" not in img.info
            assert "dpi" not in img.info
        else:
            assert img.info["dpi"] == (72, 72)


def test_screenshot_is_a_96_dpi_png_with_the_page_shrunk(tmp_path: Path) -> None:
    s = make_one(tmp_path, 1, seed=120, types=["decision"], degradations=["screenshot"])
    info = s.truth["capture"]
    assert isinstance(info, dict)
    assert s.truth["format"] == "png" and s.truth["dpi"] == 96
    (x0, y0), (x1, _), (_, y2) = info["paper_corners"][:3]
    assert abs((x1 - x0) - round(2480 * 96 / 300)) <= 1 and abs((y2 - y0) - 1123) <= 1
    with Image.open(s.path) as img:
        assert round(img.info["dpi"][0]) == 96
        a = np.asarray(img.convert("L"), dtype=float)
    assert abs(np.median(a[y0 + 5 : y2 - 5, x0 + 5 : x1 - 5]) - a[:, : x0 - 5].mean()) > 10


def test_phone_photos_are_deterministic(tmp_path: Path, photo: tuple[Path, dict]) -> None:
    again = make_one(tmp_path, 0, seed=120, types=["decision"], degradations=["phone_photo"])
    assert again.path.read_bytes() == photo[0].read_bytes()
    assert again.truth == photo[1]
