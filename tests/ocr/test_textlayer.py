"""A PDF's own text is judged, not trusted: accentless scanner OCR layers, invisible layers and
signature-stamp text over a scan are OCRed again; good Vietnamese text is kept; --ocr modes;
PDFs restricted only by an owner password open. (PDFs made here with fpdf2 and pikepdf.)"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from fpdf import FPDF
from fpdf.enums import TextMode
from PIL import Image

from common.errors import EncryptedInput
from ocr.image.rasterize import Limits, load_page, probe
from ocr.image.textlayer import judge
from ocr.types import Word

LIMITS = Limits(max_pages=5, max_megapixels=80)
FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
GOOD = [
    "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
    "Về việc tăng cường công tác phòng, chống tham nhũng trên địa bàn tỉnh",
    "Thực hiện chỉ đạo của Chính phủ, Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành",
    "tổ chức triển khai thực hiện nghiêm túc các nội dung sau đây trong năm 2024.",
]
ACCENTLESS = [
    "CONG HOA XA HOI CHU NGHIA VIET NAM Doc lap Tu do Hanh phuc",
    "Ve viec tang cuong cong tac phong chong tham nhung tren dia ban tinh",
    "Thuc hien chi dao cua Chinh phu Uy ban nhan dan tinh yeu cau cac so ban nganh",
]
GARBLED = ["CONG Hcok xA HQI CHiJ NGHiA VIET NAM", "Doc lqp Tr,r do Hqnh phric Sti: 12 /QD-UBND"]
STAMP = [
    "Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi",
    "Email: ubnd@quangngai.gov.vn",
    "Thời gian ký: 15.03.2024",
]


def words(lines: list[str], *, top: int = 50, width: int = 500) -> list[Word]:
    out = []
    for n, line in enumerate(lines):
        x = 50
        for text in line.split():
            out.append(Word(text, x, top + 20 * n, 8 * len(text), 14, 100.0, n, 0))
            x += 8 * len(text) + 6
    return out


def verdict(lines: list[str], **kw: object) -> tuple[bool, str]:
    args: dict = {"page_width": 595, "page_height": 842, "invisible": False, "over_image": True}
    args.update(kw)
    j = judge(words(lines * 6), **args)
    return j.keep, j.reason


def test_good_vietnamese_text_is_kept() -> None:
    assert verdict(GOOD) == (True, "the PDF's own text is good Vietnamese")


def test_a_layer_without_accents_is_ocred_again() -> None:
    keep, reason = verdict(ACCENTLESS)
    assert not keep and "accents" in reason


def test_a_garbled_scanner_layer_is_ocred_again() -> None:
    keep, reason = verdict(GARBLED)
    assert not keep and "not Vietnamese" in reason


def test_signature_stamp_text_alone_is_ocred_again() -> None:
    j = judge(words(STAMP), page_width=595, page_height=842, invisible=False, over_image=True)
    assert not j.keep and "signature stamp" in j.reason


def test_text_covering_a_corner_of_a_scan_is_ocred_again() -> None:
    j = judge(words(GOOD[:1]), page_width=595, page_height=842, invisible=False, over_image=True)
    assert not j.keep and "small part" in j.reason


def test_a_short_born_digital_page_without_a_scan_keeps_its_text() -> None:
    j = judge(words(GOOD[:1]), page_width=595, page_height=842, invisible=False, over_image=False)
    assert j.keep


@pytest.mark.parametrize(
    ("mode", "invisible", "lines", "keep"),
    [
        ("force", False, GOOD, False),
        ("skip-text", True, GARBLED, True),
        ("redo", True, GOOD, False),
        ("redo", False, GARBLED, True),
        ("auto", True, GOOD, False),
    ],
)
def test_ocr_modes_have_ocrmypdfs_meanings(
    mode: str, invisible: bool, lines: list[str], keep: bool
) -> None:
    assert verdict(lines, invisible=invisible, mode=mode)[0] is keep


def scan_pdf(lines: list[str], *, text_mode: TextMode, at_top: bool = False) -> bytes:
    """A page-sized grey scan image with a text layer drawn over it in `text_mode`."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.add_font("serif", fname=str(FONT))
    scan = io.BytesIO()
    Image.new("L", (620, 877), 235).save(scan, format="PNG")
    pdf.image(scan, x=0, y=0, w=595, h=842)
    pdf.set_font("serif", size=11)
    pdf.text_mode = text_mode
    y = 60.0
    for line in lines if at_top else lines * 8:
        pdf.text(60, y, line)
        y += 14 if at_top else 24
    return bytes(pdf.output())


def test_an_invisible_accentless_scanner_layer_is_not_taken_as_the_text() -> None:
    page = load_page(scan_pdf(ACCENTLESS, text_mode=TextMode.INVISIBLE), "pdf", 0, LIMITS)
    assert page.text is None
    assert "invisible" in page.note


def test_a_signature_stamp_layer_over_a_scan_is_not_taken_as_the_text() -> None:
    data = scan_pdf(STAMP, text_mode=TextMode.FILL, at_top=True)
    page = load_page(data, "pdf", 0, LIMITS)
    assert page.text is None
    assert "signature stamp" in page.note


def test_visible_good_vietnamese_text_over_an_image_is_kept() -> None:
    page = load_page(scan_pdf(GOOD, text_mode=TextMode.FILL), "pdf", 0, LIMITS)
    assert page.text is not None and "Quảng Ngãi".upper() in page.text.text
    assert (
        load_page(scan_pdf(GOOD, text_mode=TextMode.FILL), "pdf", 0, LIMITS, "force").text is None
    )


def encrypted(user: str) -> bytes:
    buf = io.BytesIO()
    with pikepdf.open(io.BytesIO(scan_pdf(GOOD, text_mode=TextMode.FILL))) as pdf:
        pdf.save(buf, encryption=pikepdf.Encryption(user=user, owner="owner-secret"))
    return buf.getvalue()


def test_a_pdf_protected_only_against_editing_is_read() -> None:
    data = encrypted(user="")
    assert probe(data, LIMITS).pages == 1
    assert load_page(data, "pdf", 0, LIMITS).text is not None


def test_a_pdf_that_needs_a_password_to_open_is_refused_with_the_reason() -> None:
    with pytest.raises(EncryptedInput, match="password"):
        probe(encrypted(user="open-sesame"), LIMITS)
