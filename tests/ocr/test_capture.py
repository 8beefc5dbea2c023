"""Capture normalisation: EXIF turns, resolution from the letters, phone-photo paper, guilloche,
and orientation that never turns an upright page. Inputs are drawn here (tests/ocr/ocr_pages.py:
Liberation Serif pages, OpenCV perspective warps onto a dark desk), not taken from samples/."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import cv2
import numpy as np
import pikepdf
import pytest
from ocr_pages import guilloche_page, phone_photo, render_body
from PIL import Image

from ocr.image import capture, clean
from ocr.image.orient import keep_upright
from ocr.image.rasterize import Limits, load_page
from ocr.pdf.assemble import PdfInfo, PdfPage, assemble_pdf
from ocr.recognize.engine import NullEngine, OcrEngine
from ocr.recognize.tesseract import reading_score
from pipeline.steps import PageOptions, process_page

A4_MM = (210.0, 297.0)


def _encode(grey: np.ndarray, fmt: str, **params: object) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(grey).save(buf, format=fmt, **params)
    return buf.getvalue()


def test_exif_rotated_jpeg_is_read_upright() -> None:
    page = render_body(100)
    stored = np.ascontiguousarray(np.rot90(page, 1))  # the sensor's frame: turned left
    exif = Image.Exif()
    exif[0x0112] = 6  # "turn 90 degrees clockwise to show"
    data = _encode(stored, "JPEG", quality=95, exif=exif.tobytes())

    source = load_page(data, "jpeg", 0, Limits())

    assert source.image.shape == page.shape
    assert float(np.abs(source.image.astype(int) - page.astype(int)).mean()) < 3.0


@pytest.mark.parametrize(
    ("fmt", "params"), [("PNG", {}), ("JPEG", {"dpi": (72, 72), "quality": 90})]
)
def test_untagged_or_72_dpi_small_text_gets_its_resolution_from_the_letters(
    fmt: str, params: dict[str, object]
) -> None:
    data = _encode(render_body(100), fmt, **params)  # 13 pt print at 100 dpi: a screen capture

    source = load_page(data, "png" if fmt == "PNG" else "jpeg", 0, Limits())
    cleaned = clean.clean_page(source.image, dpi=source.dpi, dpi_believed=source.dpi_tagged)

    assert not source.dpi_tagged
    assert cleaned.dpi == pytest.approx(100, rel=0.15)
    assert "resolution" in cleaned.steps
    assert cleaned.ocr_scale == pytest.approx(3.0, rel=0.15)  # text brought to 300-dpi size


def test_tagged_scan_keeps_its_resolution() -> None:
    data = _encode(render_body(200), "PNG", dpi=(200, 200))

    source = load_page(data, "png", 0, Limits())
    cleaned = clean.clean_page(source.image, dpi=source.dpi, dpi_believed=source.dpi_tagged)

    assert cleaned.dpi == 200
    assert "resolution" not in cleaned.steps


def _page_mm(outcome_dpi: float, width: int, height: int, archive: object) -> tuple[float, float]:
    info = PdfInfo(
        title="t", author="", subject="", keywords=[], creator="test", created=datetime.now(UTC)
    )
    pdf = pikepdf.open(
        io.BytesIO(assemble_pdf([PdfPage(image=archive, dpi=outcome_dpi, text=None)], info))  # type: ignore[arg-type]
    )
    box = pdf.pages[0].mediabox
    return float(box[2]) / 72 * 25.4, float(box[3]) / 72 * 25.4


def test_untagged_photo_of_an_a4_page_makes_an_a4_pdf_page(tesseract_ready: None) -> None:
    data = _encode(render_body(90), "PNG")  # an untagged 744 x 1052 photo of an A4 page

    outcome = process_page(data, "png", 0, PageOptions())

    width_mm = outcome.archive.width / outcome.dpi * 25.4
    height_mm = outcome.archive.height / outcome.dpi * 25.4
    assert width_mm == pytest.approx(A4_MM[0], rel=0.15)
    assert height_mm == pytest.approx(A4_MM[1], rel=0.15)
    assert "Căn cứ Luật Xây dựng" in outcome.text.text


def test_perspective_photo_is_rectified() -> None:
    page = render_body(150)
    photo = phone_photo(page)

    source = load_page(_encode(cv2.cvtColor(photo, cv2.COLOR_BGR2RGB), "JPEG"), "jpeg", 0, Limits())
    captured = capture.normalise(source.image)
    cleaned = clean.clean_page(captured.image, dpi=source.dpi, dpi_believed=source.dpi_tagged)

    assert "perspective" in captured.steps
    h, w = captured.image.shape[:2]
    assert h / w == pytest.approx(page.shape[0] / page.shape[1], rel=0.05)
    assert w == pytest.approx(page.shape[1], rel=0.08)  # the paper, not the desk around it
    assert cleaned.dpi == pytest.approx(150, rel=0.15)


def test_paper_covering_less_than_half_the_frame_is_found() -> None:
    """A tilted A4 sheet in a 4:3 frame often covers only 35-50% of it."""
    page = render_body(100)
    photo = phone_photo(page)
    pad = round(0.15 * photo.shape[1])
    wide = cv2.copyMakeBorder(photo, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=(50, 50, 50))
    paper_share = page.size / (wide.shape[0] * wide.shape[1])

    captured = capture.normalise(wide)

    assert paper_share < 0.45
    assert "perspective" in captured.steps
    assert captured.image.shape[1] == pytest.approx(page.shape[1], rel=0.08)


def test_clean_scan_does_not_pay_for_photo_correction(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_photo(*args: object, **kwargs: object) -> np.ndarray:
        raise AssertionError("a clean scan went through the photo correction")

    monkeypatch.setattr(capture, "rectify", no_photo)
    scan = cv2.cvtColor(render_body(300), cv2.COLOR_GRAY2BGR)
    bordered = cv2.copyMakeBorder(scan, 60, 60, 60, 60, cv2.BORDER_CONSTANT, value=(25, 25, 25))

    for image in (scan, bordered):  # a dark scanner border is cropped by cleaning, not warped
        captured = capture.normalise(image)
        assert captured.steps == ()
        assert captured.image is image
    cleaned = clean.clean_page(scan, dpi=300)
    assert cleaned.dpi == 300 and cleaned.ocr_scale == 1.0
    assert not {"guilloche", "resolution", "upscale"} & set(cleaned.steps)


def test_a_scan_whose_light_falls_off_across_it_is_not_taken_for_a_photo() -> None:
    """Light fading from one side of a scan to the other splits it in a dark and a bright part
    along a slanted line, as a desk and a paper would; but no edge steps there."""
    page = render_body(300).astype(float)
    y, x = np.mgrid[0 : page.shape[0], 0 : page.shape[1]]
    light = 0.35 + 0.65 * np.clip((x + 0.3 * y) / (1.1 * page.shape[1]), 0, 1)
    scan = np.clip(page * light, 0, 255).astype(np.uint8)

    captured = capture.normalise(scan)

    assert captured.steps == ()
    assert captured.image is scan


def test_guilloche_background_is_removed_from_the_ocr_copy_only() -> None:
    page = render_body(200, lines=12)
    printed = guilloche_page(page, dpi=200)

    cleaned = clean.clean_page(printed, dpi=200, skip=frozenset({"crop", "orient", "upscale"}))

    assert "guilloche" in cleaned.steps
    text = page < 128
    background = (page > 250) & (cv2.cvtColor(printed, cv2.COLOR_BGR2GRAY) < 235)
    assert float((cleaned.ocr[background] > 200).mean()) > 0.97  # the pattern is gone
    assert float((cleaned.ocr[text] < 128).mean()) > 0.95  # the letters stay
    assert cleaned.archive.ndim == 3 and (cleaned.archive != 255).any()  # the archive keeps it


class _LeaningOsd(NullEngine):
    """An engine whose OSD leans, without being sure, towards turning the page over."""

    def orientation(self, image: np.ndarray, *, dpi: float) -> tuple[int, float]:
        return 180, 2.0


def _doubtful_votes_for_a_half_turn(monkeypatch: pytest.MonkeyPatch) -> OcrEngine:
    """The cheap test and OSD both lean, without being sure, towards turning the page over."""
    monkeypatch.setattr(clean, "upside_down_evidence", lambda ink: (-0.1, 12))
    return _LeaningOsd()


def test_upright_page_with_unsure_osd_stays_upright(
    tesseract_ready: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = _doubtful_votes_for_a_half_turn(monkeypatch)

    cleaned = clean.clean_page(render_body(300), dpi=300, engine=engine)

    assert cleaned.rotation == 0
    assert "kept-upright" in cleaned.steps


def test_upside_down_page_with_unsure_osd_is_still_turned(
    tesseract_ready: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = _doubtful_votes_for_a_half_turn(monkeypatch)
    upside_down = np.ascontiguousarray(render_body(300)[::-1, ::-1])

    cleaned = clean.clean_page(upside_down, dpi=300, engine=engine)

    assert cleaned.rotation == 180
    assert "kept-upright" not in cleaned.steps


@pytest.mark.parametrize("quarters", [1, 3])
def test_page_lying_on_its_side_does_not_read_well_as_it_lies(
    tesseract_ready: None, quarters: int
) -> None:
    """Tesseract reads lines running down the image turned, so the check must not take a page on
    its side for one that reads well upright (a business licence scanned sideways stayed so)."""
    upright = render_body(150, lines=24)
    sideways = np.ascontiguousarray(np.rot90(upright, quarters))  # counter-clockwise

    assert reading_score(upright, dpi=150)[0] >= 0.6
    assert reading_score(sideways, dpi=150)[0] < 0.3
    assert not keep_upright(sideways, (90 * quarters) % 360, dpi=150)


def test_yellowed_paper_is_not_taken_for_a_security_background() -> None:
    page = cv2.cvtColor(render_body(150, lines=12), cv2.COLOR_GRAY2BGR).astype(np.float32)
    yellowed = (page * np.array([0.78, 0.92, 0.98], np.float32)).astype(np.uint8)  # old paper

    cleaned = clean.clean_page(yellowed, dpi=150)

    assert "guilloche" not in cleaned.steps


@pytest.mark.parametrize("quarters", [1, 3])
def test_a_page_with_little_text_is_judged_by_its_whole_reading(
    tesseract_ready: None, quarters: int
) -> None:
    """A last page holding only its signature block and recipients has a blank middle band: the
    check reads the whole page then, so the page lying on its side is turned (a decision's second
    page stayed sideways and its signer's words came out of order) and the upright one is not."""
    upright = render_body(150, lines=6)  # text in the top fifth only
    sideways = np.ascontiguousarray(np.rot90(upright, quarters))

    assert not keep_upright(sideways, (90 * quarters) % 360, dpi=150)
    assert keep_upright(upright, 90, dpi=150)
    assert keep_upright(upright, 180, dpi=150)


def _on_a_light_tinted_table(page: np.ndarray) -> np.ndarray:
    """`page` (grey) warped onto a beige table (BGR 170-192, as bright as paper in the shade)
    lit from one corner: the far end of the paper darker than the near end of the table."""
    rng = np.random.default_rng(3)
    h, w = page.shape
    big_w, big_h = round(w * 1.4), round(h * 1.3)
    ox, oy = (big_w - w) / 2, (big_h - h) / 2
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    dst = np.array(
        [
            [ox + 0.06 * w, oy + 0.03 * h],
            [ox + 0.94 * w, oy],
            [ox + 1.02 * w, oy + h],
            [ox - 0.01 * w, oy + 0.98 * h],
        ],
        dtype=np.float32,
    )
    matrix = cv2.getPerspectiveTransform(src, dst)
    paper = cv2.warpPerspective(cv2.cvtColor(page, cv2.COLOR_GRAY2BGR), matrix, (big_w, big_h))
    inside = cv2.warpPerspective(np.full_like(page, 255), matrix, (big_w, big_h)) > 127
    table = np.array([170, 182, 192], np.float32) + rng.normal(0, 6, (big_h, big_w, 1))
    photo = np.where(inside[..., None], paper.astype(np.float32), table)
    y, x = np.mgrid[0:big_h, 0:big_w].astype(np.float32)
    light = 1.0 - 0.5 * (x / big_w + y / big_h) / 2  # brightest at the top left
    return (photo * light[..., None]).clip(0, 255).astype(np.uint8)


def test_paper_on_a_light_tinted_table_under_uneven_light_is_rectified() -> None:
    """No single grey level parts this paper from its table (Otsu's cuts off the paper's shaded
    end); its lack of colour and the steps along all four sides find it."""
    page = render_body(100)
    photo = _on_a_light_tinted_table(page)

    captured = capture.normalise(photo)

    assert "perspective" in captured.steps
    h, w = captured.image.shape[:2]
    assert h / w == pytest.approx(page.shape[0] / page.shape[1], rel=0.05)
    assert w == pytest.approx(page.shape[1], rel=0.08)


def test_neutral_light_darkens_a_tinted_surface_not_grey_paper() -> None:
    patch = np.zeros((2, 2, 3), np.uint8)
    patch[0] = (160, 172, 180)  # a beige table (BGR)
    patch[1] = (175, 175, 175)  # grey paper in the shade

    neutral = capture.neutral_light(patch)

    assert int(neutral[1, 0]) == 175
    assert int(neutral[0, 0]) < 150


@pytest.mark.parametrize(
    ("paper", "desk"),
    [((190, 230, 245), 120), ((215, 200, 245), 120), ((190, 230, 245), 70), ((255, 255, 255), 120)],
    ids=["cream-on-grey", "pink-on-grey", "cream-on-dark", "white-on-grey"],
)
def test_tinted_paper_on_a_grey_table_is_rectified(
    paper: tuple[int, int, int], desk: float
) -> None:
    """Taking a cream or pink paper's colour off as brightness brings it down to a grey table's
    level (BGR 190,230,245: grey 230, neutral light about 120); the plain grey view finds it."""
    page = render_body(100)
    photo = phone_photo(page, paper=paper, desk=desk)

    captured = capture.normalise(photo)

    assert "perspective" in captured.steps
    h, w = captured.image.shape[:2]
    assert h / w == pytest.approx(page.shape[0] / page.shape[1], rel=0.05)
    assert w == pytest.approx(page.shape[1], rel=0.08)


def test_a_photo_with_an_alpha_channel_is_rectified() -> None:
    page = render_body(100)
    photo = cv2.cvtColor(phone_photo(page, paper=(215, 200, 245), desk=120), cv2.COLOR_BGR2BGRA)

    captured = capture.normalise(photo)

    assert "perspective" in captured.steps
    assert capture.neutral_light(photo).shape == photo.shape[:2]


def test_the_lit_part_of_a_scan_is_not_taken_for_the_paper(monkeypatch: pytest.MonkeyPatch) -> None:
    """Uneven light on a scan can leave a bright four-sided patch (here the lower half, its top
    edge slanting) that looks like a photographed sheet; the print above it shows it is not the
    paper, and cropping to it would lose half the page."""
    page = render_body(150)
    h, w = page.shape
    lit = np.zeros((h, w), np.float32)
    patch = np.array([[0.04 * w, 0.5 * h], [0.97 * w, 0.46 * h], [w - 1, h - 1], [0, h - 1]])
    cv2.fillConvexPoly(lit, patch.astype(np.int32), 1.0)
    light = 0.4 + 0.6 * cv2.GaussianBlur(lit, (0, 0), 3)
    scan = (cv2.cvtColor(page, cv2.COLOR_GRAY2BGR) * light[..., None]).astype(np.uint8)

    assert capture.normalise(scan).steps == ()
    monkeypatch.setattr(capture, "MAX_INK_OUTSIDE", 2.0)  # the patch is a paper's outline else
    assert capture.normalise(scan).steps == ("perspective",)
