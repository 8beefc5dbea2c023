"""Ingest: formats are told by content, bad inputs get a clear typed error, pages decode right."""

from __future__ import annotations

import io

import numpy as np
import pikepdf
import pytest
from PIL import Image

from common.errors import BrokenInput, EmptyInput, EncryptedInput, TooLarge, UnsupportedFormat
from ocr.image.rasterize import Limits, load_page, probe, sniff
from pipeline.ingest import ingest

LIMITS = Limits(max_pages=5, max_megapixels=50)


def png_bytes(size: tuple[int, int] = (200, 100), dpi: int = 300, mode: str = "L") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, 255).save(buf, format="PNG", dpi=(dpi, dpi))
    return buf.getvalue()


def jpeg_bytes() -> bytes:
    buf = io.BytesIO()
    noise = np.random.default_rng(1).integers(0, 255, (200, 300), dtype=np.uint8)
    Image.fromarray(noise).save(buf, format="JPEG", quality=90)
    return buf.getvalue()


def pdf_bytes(pages: int = 1, text: str | None = None, encrypt: bool = False) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        page = pdf.add_blank_page(page_size=(595, 842))
        if text:
            font = pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Font,
                    Subtype=pikepdf.Name.Type1,
                    BaseFont=pikepdf.Name.Helvetica,
                )
            )
            page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
            page.obj.Contents = pdf.make_stream(f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode())
    buf = io.BytesIO()
    if encrypt:
        pdf.save(buf, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    else:
        pdf.save(buf)
    return buf.getvalue()


def test_format_is_told_by_content_not_name() -> None:
    assert sniff(png_bytes()) == "png"
    assert sniff(pdf_bytes()) == "pdf"
    assert ingest(png_bytes(), filename="scan.pdf", limits=LIMITS).fmt == "png"


def test_the_same_bytes_get_the_same_sha256_and_original_key() -> None:
    a = ingest(png_bytes(), filename="a.png", limits=LIMITS)
    b = ingest(png_bytes(), filename="b.png", limits=LIMITS)
    assert a.sha256 == b.sha256
    assert a.original_key == f"originals/sha256/{a.sha256[:2]}/{a.sha256}.png"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyInput),
        (b"PK\x03\x04 this is a zip / docx file", UnsupportedFormat),
        ("Đơn đề nghị — plain text".encode(), UnsupportedFormat),
        (png_bytes()[:60], BrokenInput),
        (jpeg_bytes()[: len(jpeg_bytes()) // 2], BrokenInput),
        (b"%PDF-1.7\n garbage that is not a pdf", BrokenInput),
    ],
)
def test_bad_inputs_get_a_clear_typed_error(data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        ingest(data, filename="x", limits=LIMITS)
    assert str(info.value)  # a message a person can act on


def test_encrypted_pdf_is_refused() -> None:
    with pytest.raises(EncryptedInput, match="password"):
        probe(pdf_bytes(encrypt=True), LIMITS)


def test_too_many_pages_is_refused() -> None:
    with pytest.raises(TooLarge, match="6 pages"):
        probe(pdf_bytes(pages=6), LIMITS)


def test_decompression_bomb_is_refused_before_decoding() -> None:
    bomb = png_bytes(size=(12000, 12000), mode="1")  # 144 MP in a few kB
    assert len(bomb) < 100_000
    with pytest.raises(TooLarge, match="MP"):
        probe(bomb, LIMITS)


def test_image_page_keeps_its_dpi_and_colour_mode() -> None:
    page = load_page(png_bytes(dpi=150), "png", 0, LIMITS)
    assert page.dpi == 150
    assert page.image.shape == (100, 200)
    colour = io.BytesIO()
    Image.fromarray(np.full((50, 60, 3), (200, 30, 30), np.uint8)).save(colour, format="JPEG")
    bgr = load_page(colour.getvalue(), "jpeg", 0, LIMITS).image
    assert bgr.shape == (50, 60, 3)
    assert bgr[25, 30, 2] > 150 and bgr[25, 30, 0] < 100  # red stays red, in BGR order


def test_multipage_tiff_pages_are_read_one_by_one() -> None:
    buf = io.BytesIO()
    frames = [Image.new("L", (80, 40), v) for v in (0, 128, 255)]
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:], dpi=(300, 300))
    data = buf.getvalue()
    assert probe(data, LIMITS).pages == 3
    assert int(load_page(data, "tiff", 1, LIMITS).image.mean()) == 128


def test_born_digital_pdf_page_keeps_its_text_without_ocr() -> None:
    page = load_page(
        pdf_bytes(text="Cho phep cap so 1234 cho nha o tai xa Long Hai"), "pdf", 0, LIMITS
    )
    assert page.text is not None
    assert page.text.source == "born-digital"
    assert "1234" in page.text.text
    assert page.dpi == 300
    assert page.image.shape[:2] == (3508, 2479) or abs(page.image.shape[0] - 3508) <= 2


def test_scanned_pdf_page_has_no_text_and_is_rendered() -> None:
    page = load_page(pdf_bytes(), "pdf", 0, LIMITS)
    assert page.text is None
    assert page.image.ndim in (2, 3)
