"""Printed lines the first reading left out: found in the leftover ink, read in one more call."""

from __future__ import annotations

import itertools
import time

import cv2
import numpy as np
import pytest
from ocr_pages import REGULAR, render_page
from PIL import Image, ImageDraw, ImageFont

from ocr.image.clean import clean_page
from ocr.recognize import tesseract
from ocr.recognize.missed import Band, find_missed, new_words, well_read
from ocr.types import CleanedPage, Word

LINES = [
    "Sinh ngày: 24/05/1950",
    "Số định danh cá nhân: 092050379131",
    "Địa chỉ liên lạc: ấp Tân Thuận, xã Nghĩa Trung,",
    "huyện Phong Điền, thành phố Cần Thơ",
]
Box = tuple[int, int, int, int]


def _render(lines: list[str], *, angle: float = 0.0) -> tuple[np.ndarray, list[Box]]:
    """A grey 300-dpi page of 13 pt lines, turned `angle` degrees, and each line's (x, y, w, h)."""
    img = Image.new("L", (2000, 200 + 75 * len(lines)), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(REGULAR), 54)
    boxes = []
    for i, line in enumerate(lines):
        x0, y0, x1, y1 = draw.textbbox((150, 100 + 75 * i), line, font=font)
        draw.text((150, 100 + 75 * i), line, font=font, fill=0)
        boxes.append((round(x0), round(y0), round(x1 - x0), round(y1 - y0)))
    grey = np.asarray(img).copy()
    if angle:
        turn = cv2.getRotationMatrix2D((1000, grey.shape[0] / 2), angle, 1.0)
        grey = cv2.warpAffine(grey, turn, grey.shape[::-1], borderValue=255)
    return grey, boxes


def _covers(band: Band, box: Box) -> bool:
    x, y, w, h = box
    middle = y + h / 2
    return band.left <= x and band.right >= x + w and abs(band.centre(x + w / 2) - middle) < h / 2


def test_a_line_no_box_covers_is_found_across_its_whole_length() -> None:
    grey, boxes = _render(LINES)
    read = [boxes[0], boxes[2], boxes[3]]

    bands = find_missed(grey, read, height=50)

    assert len(bands) == 1
    assert _covers(bands[0], boxes[1])


def test_a_line_partly_boxed_is_taken_whole() -> None:
    """The first reading returned a garbage word over the number: the band still runs to the end."""
    grey, boxes = _render(LINES)
    x, y, w, h = boxes[1]
    number = (x + w - 330, y, 330, h)

    read = [boxes[0], boxes[2], boxes[3]]  # the words kept: the garbage word is not among them

    bands = find_missed(grey, [*read, number], height=50, read=read)

    assert len(bands) == 1
    assert _covers(bands[0], boxes[1])


def test_two_slanted_missed_lines_stay_two_bands() -> None:
    grey, _ = _render(LINES, angle=4.0)

    bands = find_missed(grey, [], height=50)

    assert len(bands) == 4
    slopes = [b.slope for b in bands]
    assert all(-0.09 < s < -0.05 for s in slopes)  # tan(4 degrees) = 0.07, the image turned up
    middles = [b.centre(1000) for b in bands]
    assert all(60 < b - a < 90 for a, b in itertools.pairwise(middles))


def test_a_short_last_line_under_the_lines_read_is_found() -> None:
    """ "- Lưu: VT." under the recipients: too few letters for a line anywhere on the page, but
    it begins where the line read above it begins."""
    grey, boxes = _render(["- Như trên;", "- Sở Tư pháp;", "- Lưu: VT."])
    words = [(x + 40, y, w - 40, h) for x, y, w, h in boxes]  # the first word after the bullet

    bands = find_missed(grey, words[:2], height=50)

    assert len(bands) == 1
    assert _covers(bands[0], boxes[2])


def test_a_short_row_away_from_the_lines_read_is_not_a_line() -> None:
    grey, boxes = _render(["- Như trên;", "- Sở Tư pháp;", "", "", "", "- Lưu: VT."])

    assert find_missed(grey, boxes[:2], height=50) == []


def _scribble(grey: np.ndarray, x: int, y: int) -> None:
    """A signature: three looping pen strokes of varying height, and a flourish under them."""
    for k, (loops, size) in enumerate([(3, 70), (5, 45), (2, 90)]):
        t = np.linspace(0, 2 * np.pi * loops, 80 * loops)
        xs = x + 330 * k + 22 * t - 35 * np.sin(t)
        ys = y - size * np.cos(t) * (1 + 0.3 * np.sin(t / 3)) + 8 * k
        cv2.polylines(grey, [np.stack([xs, ys], axis=1).astype(np.int32)], False, 30, 4)
    cv2.ellipse(grey, (x + 500, y + 110), (520, 40), -3, 10, 170, 30, 3)


def _seal(grey: np.ndarray, cx: int, cy: int) -> None:
    """A round seal: two rings, its lettering along the upper arc, a star in the middle."""
    cv2.circle(grey, (cx, cy), 240, 40, 12)
    cv2.circle(grey, (cx, cy), 170, 40, 5)
    font = ImageFont.truetype(str(REGULAR), 40)
    text = "PHÒNG ĐĂNG KÝ KINH DOANH"
    for i, char in enumerate(text):
        angle = np.radians(200 + 140 * i / (len(text) - 1))
        glyph = Image.new("L", (60, 60), 255)
        ImageDraw.Draw(glyph).text((15, 5), char, font=font, fill=40)
        turned = np.asarray(glyph.rotate(-np.degrees(angle) - 90, fillcolor=255))
        x, y = round(cx + 205 * np.cos(angle)) - 30, round(cy + 205 * np.sin(angle)) - 30
        grey[y : y + 60, x : x + 60] = np.minimum(grey[y : y + 60, x : x + 60], turned)
    star = [
        (cx + r * np.cos(a), cy + r * np.sin(a))
        for a, r in zip(np.linspace(-np.pi / 2, 1.5 * np.pi, 11)[:-1], [60, 25] * 5, strict=True)
    ]
    cv2.fillPoly(grey, [np.array(star, np.int32)], 40)


def test_signature_seal_rules_and_specks_trigger_nothing() -> None:
    grey = np.full((1400, 2000), 255, np.uint8)
    _scribble(grey, 200, 300)
    cv2.line(grey, (150, 600), (1850, 600), 0, 3)  # a ruled line
    for x in range(150, 1850, 14):
        cv2.circle(grey, (x, 700), 2, 60, -1)  # a dotted leader
    specks = np.random.default_rng(7).integers(0, [2000, 1400], size=(300, 2))
    for sx, sy in specks:
        cv2.circle(grey, (int(sx), int(sy)), 2, 0, -1)
    _seal(grey, 1400, 1050)

    assert find_missed(grey, [], height=50) == []


def test_the_ink_is_analysed_quickly() -> None:
    grey, boxes = _render(LINES * 9)
    page = cv2.resize(grey, (2480, 3508))
    started = time.perf_counter()
    find_missed(page, boxes, height=50)
    assert time.perf_counter() - started < 0.5  # measured about 0.05 s


def _word(text: str, left: int, top: int, *, line: int = 1001001, block: int = 1) -> Word:
    return Word(text, left, top, 100, 40, 90.0, line=line, block=block)


def test_only_words_the_first_reading_lacks_are_added_with_fresh_ids() -> None:
    first = [_word("Sinh", 100, 100, line=3001001, block=3)]
    second = [_word("Sinh", 105, 104), _word("Số", 100, 170), _word("định", 220, 170)]

    added = new_words(first, second)

    assert [w.text for w in added] == ["Số", "định"]
    # block 1 of the second reading comes after the first reading's last block, 3
    assert {w.block for w in added} == {5}
    assert {w.line for w in added} == {5001001}


def test_second_look_lines_read_poorly_are_marks_not_text() -> None:
    def line(confidences: list[float], line_id: int) -> list[Word]:
        return [Word("x", 40 * i, 0, 30, 30, c, line=line_id) for i, c in enumerate(confidences)]

    seal = line([0.0, 67.0, 12.0], 7)
    printed = line([96.0, 41.0, 90.0], 8)
    printed_by_a_seal = line([0.0, 0.0, 96.8, 96.9, 96.6], 9)  # the seal's marks read at its start

    assert well_read(seal + printed + printed_by_a_seal, 60.0) == printed + printed_by_a_seal


def _page(grey: np.ndarray) -> CleanedPage:
    return CleanedPage(archive=grey, dpi=300, ocr=grey, ocr_scale=1.0)


def test_recognize_reads_a_line_its_first_pass_dropped(
    tesseract_ready: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    grey, boxes = _render(LINES)
    real = tesseract.run_tesseract
    full = real(["-l", "vie", "--psm", "3", "--dpi", "300", "tsv"], grey, timeout=60)
    top, bottom = boxes[1][1], boxes[1][1] + boxes[1][3]
    # the first pass as Tesseract gives it when its layout analysis drops the second line
    rows = full.splitlines()
    dropped = rows[:1] + [r for r in rows[1:] if not top - 5 <= int(r.split("\t")[7]) <= bottom]
    calls = []

    def run(args: list[str], image: np.ndarray, **kw: object) -> str:
        calls.append(image.shape)
        return "\n".join(dropped) if len(calls) == 1 else real(args, image, timeout=60)

    monkeypatch.setattr(tesseract, "run_tesseract", run)
    text = tesseract.recognize(_page(grey))

    assert len(calls) == 2
    assert calls[1][0] < grey.shape[0] / 2  # the second call reads only the band
    assert text.text.splitlines() == LINES
    assert len({w.line for w in text.words}) == 4


def test_a_page_read_whole_costs_one_call(
    tesseract_ready: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    cleaned = clean_page(render_page(300.0, seal=True).image, dpi=300)
    real = tesseract.run_tesseract
    calls = []

    def run(args: list[str], image: np.ndarray, **kw: object) -> str:
        calls.append(args)
        return real(args, image, timeout=60)

    monkeypatch.setattr(tesseract, "run_tesseract", run)
    tesseract.recognize(cleaned)

    assert len(calls) == 1


def _seal_over(grey: np.ndarray, box: Box) -> np.ndarray:
    """The page with a seal's thick ring and star drawn over the line in `box`, touching its
    letters (so that they join the ring and the star into blobs no letter is the size of)."""
    x, y, w, h = box
    out = grey.copy()
    centre = (x + w // 2, y + h // 2)
    cv2.circle(out, centre, int(2.2 * h), 0, 6)
    cv2.circle(out, centre, int(3.6 * h), 0, 8)
    star = np.array(
        [
            [centre[0] + dx, centre[1] + dy]
            for dx, dy in ((0, -60), (35, 45), (-55, -15), (55, -15), (-35, 45))
        ],
        dtype=np.int32,
    )
    cv2.fillPoly(out, [star], 0)
    return out


def test_a_line_a_seal_is_printed_over_is_found_through_the_seal() -> None:
    """The seal's rings and star swallow the letters they touch: the pieces of the line left
    on either side, level and joined by ink, are still one missed line."""
    grey, boxes = _render(["Nguyễn Thị Hồng Nhung"])
    sealed = _seal_over(grey, boxes[0])

    bands = find_missed(sealed, [], height=50)

    assert any(_covers(band, boxes[0]) for band in bands)


def test_pieces_of_a_row_with_blank_paper_between_are_not_joined() -> None:
    """Three letters, then blank paper, then three letters: no mark joins them, so neither
    piece is a line (too few letters) and no band is made of the two."""
    grey, _ = _render(["Nhà          Thị"])

    assert find_missed(grey, [], height=50) == []
