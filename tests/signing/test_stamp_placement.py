"""The Decree 30 stamp stays at the top right of page 1 without covering printed content.

Pages are drawn here with Pillow (Liberation Serif, the words' boxes taken from what was drawn):
an A4 decision with the national motto at the top right, a citizen ID card, a photo filling the
page. Where no free box exists, a white band is added above the scan at 100% scale.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import pikepdf
from PIL import Image, ImageDraw, ImageFont
from signing_helpers import pdf_of_image

from signing.config import SignerConfig, SignOptions
from signing.placement import place
from signing.sign import sign
from signing.verify import verify

FONT = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
BOLD = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"
DPI = 150
Box = tuple[float, float, float, float]


def _draw(
    image: Image.Image, lines: list[tuple[str, int, int, int, bool]], height_px: int
) -> list[Box]:
    """Draw (text, x px, y px, size px, bold) lines; the word boxes in PDF points."""
    draw = ImageDraw.Draw(image)
    boxes: list[Box] = []
    scale = 72 / DPI
    for text, x, y, size, bold in lines:
        font = ImageFont.truetype(BOLD if bold else FONT, size)
        for word in text.split():
            left, top, right, bottom = draw.textbbox((x, y), word, font=font)
            draw.text((x, y), word, font=font, fill=0)
            boxes.append(
                (
                    left * scale,
                    (height_px - bottom) * scale,
                    right * scale,
                    (height_px - top) * scale,
                )
            )
            x = int(right + size * 0.3)
    return boxes


def _decision() -> tuple[bytes, list[Box]]:
    """An A4 decision: agency at the top left, the motto and the date at the top right."""
    w, h = 1240, 1754
    image = Image.new("L", (w, h), 255)
    lines = [
        ("ỦY BAN NHÂN DÂN", 110, 90, 26, True),
        ("TỈNH ĐỒNG THÁP", 120, 125, 26, True),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 560, 90, 26, True),
        ("Độc lập - Tự do - Hạnh phúc", 680, 125, 26, True),
        ("Số: 123/QĐ-UBND", 150, 200, 26, False),
        ("Đồng Tháp, ngày 9 tháng 3 năm 2026", 640, 200, 26, False),
        ("QUYẾT ĐỊNH", 520, 330, 32, True),
        *[
            (
                "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
                110,
                420 + i * 45,
                26,
                False,
            )
            for i in range(20)
        ],
    ]
    boxes = _draw(image, lines, h)
    return pdf_of_image(image, (w * 72 / DPI, h * 72 / DPI)), boxes


def _id_card() -> tuple[bytes, list[Box]]:
    """A citizen ID card scanned alone: 85.6 x 54 mm, printed edge to edge."""
    w, h = 506, 319
    image = Image.new("RGB", (w, h), (205, 225, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 90, 140, 250), fill=(120, 110, 100))  # the holder's photo
    lines = [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 150, 15, 17, True),
        ("CĂN CƯỚC CÔNG DÂN", 200, 45, 20, True),
        ("Số: 087190001234", 160, 95, 20, True),
        ("Họ và tên: NGUYỄN THỊ ÁNH TUYẾT", 160, 130, 16, False),
    ]
    boxes = _draw(image, lines, h)
    return pdf_of_image(image, (w * 72 / DPI, h * 72 / DPI)), boxes


def _photo() -> bytes:
    """A phone photo of a paper on a table: mid-tone texture over the whole page."""
    rng = random.Random(7)
    w, h = 1240, 1754
    image = Image.new("RGB", (w, h))
    pixels = [
        (120 + rng.randrange(60), 100 + rng.randrange(60), 80 + rng.randrange(60))
        for _ in range((w // 8) * (h // 8))
    ]
    small = Image.new("RGB", (w // 8, h // 8))
    small.putdata(pixels)
    image = small.resize((w, h))
    return pdf_of_image(image, (w * 72 / DPI, h * 72 / DPI))


def _widget_and_page(pdf: bytes) -> tuple[Box, Box, bytes]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        x1, y1, x2, y2 = (float(v) for v in page.Annots[0].Rect)
        media = tuple(float(v) for v in page.MediaBox)
        contents = (
            page.Contents.read_bytes() if not isinstance(page.Contents, pikepdf.Array) else b""
        )
    return (x1, y1, x2, y2), (media[0], media[1], media[2], media[3]), contents


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _sign(pdf: bytes, signer: SignerConfig, boxes: list[Box]) -> bytes:
    options = SignOptions(agency_name="UBND phường Bến Nghé", occupied=tuple(boxes))
    return sign(pdf, signer, options)


def test_on_a_decision_the_stamp_sits_top_right_clear_of_the_motto(
    dev_signer: SignerConfig, dev_ca: Path
) -> None:
    pdf, boxes = _decision()
    signed = _sign(pdf, dev_signer, boxes)
    widget, media, _ = _widget_and_page(signed)
    width, height = media[2], media[3]
    assert media == (0.0, 0.0, 1240 * 72 / DPI, 1754 * 72 / DPI)  # no band needed
    assert widget[0] > width * 0.4 and widget[3] > height * 0.7  # top right
    assert not [b for b in boxes if _overlaps(widget, b)]
    assert verify(signed, trust_roots=[dev_ca]).ok


def test_on_an_id_card_a_white_band_above_the_scan_holds_the_stamp(
    dev_signer: SignerConfig, dev_ca: Path
) -> None:
    pdf, boxes = _id_card()
    card_w, card_h = 506 * 72 / DPI, 319 * 72 / DPI
    signed = _sign(pdf, dev_signer, boxes)
    widget, media, contents = _widget_and_page(signed)
    assert media[:3] == (0.0, 0.0, card_w) and media[3] > card_h + (widget[3] - widget[1])
    assert widget[1] >= card_h and widget[3] <= media[3]  # in the band, above the scan
    assert widget[2] > card_w * 0.6  # at the right
    assert f"q {card_w} 0 0 {card_h} 0 0 cm".encode() in contents  # the scan at 100%, in place
    assert verify(signed, trust_roots=[dev_ca]).ok


def test_on_a_photo_filling_the_page_the_stamp_goes_in_a_band(dev_signer: SignerConfig) -> None:
    pdf = _photo()
    height = 1754 * 72 / DPI
    widget, media, _ = _widget_and_page(_sign(pdf, dev_signer, []))
    assert media[3] > height and widget[1] >= height


def test_place_prefers_the_corner_then_moves_clear_of_words_then_adds_a_band() -> None:
    page = (0.0, 0.0, 595.0, 842.0)
    corner = place(page, (120, 40))
    assert corner.band == 0 and corner.box[2] > 570 and corner.box[3] > 815
    motto = [(300.0, 790.0, 580.0, 830.0)]
    moved = place(page, (120, 40), motto)
    assert moved.band == 0 and not _overlaps(moved.box, motto[0])
    full = place(page, (120, 40), [(0.0, 500.0, 595.0, 842.0)])
    assert full.band > 40 and full.box[1] >= 842
