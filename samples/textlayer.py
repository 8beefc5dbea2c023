"""Scanned PDFs with a misleading text layer: a scanner's OCR without accents, or a signature stamp."""

from __future__ import annotations

import datetime as dt
import io
import random

from fpdf import FPDF
from fpdf.enums import TextMode
from PIL import Image

from samples import content as C
from samples.fonts import FontFamily
from samples.layout import DPI, Page, Text

TEXT_LAYERS = ("pdf-ocr-noaccent", "pdf-signed")
EPOCH = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)
# what a scanner's Latin-only OCR makes of an accented capital or small letter (base -> misreads)
MISREADS = {
    "O": ["Q", "c", "0", "6", "Oo"],
    "A": ["x", "4", "e", "Ai"],
    "U": ["iJ", "li", "Ll"],
    "I": ["i", "l", "1"],
    "E": ["e", "c", "F"],
    "Y": ["v", "y"],
    "D": ["0", "B"],
    "o": ["c", "6", "0", "ok"],
    "a": ["e", "u", "4"],
    "u": ["ii", "n", "ti"],
    "i": ["l", "1", "f"],
    "e": ["c", "o"],
    "y": ["v", "j"],
    "d": ["cl", "a"],
}


def garble(text: str, rng: random.Random) -> str:
    """Accents dropped; an accented letter is misread as something else half the time."""
    out = []
    for ch in text:
        base = C.ascii_fold(ch)
        if base != ch and base in MISREADS and rng.random() < 0.5:
            out.append(rng.choice(MISREADS[base]))
        else:
            out.append(base if base.isascii() else "?")
    return "".join(out)


def _pdf(images: list[Image.Image], dpi: int, title: str) -> tuple[FPDF, float]:
    w, h = images[0].size
    pdf = FPDF(unit="pt", format=(w * 72 / dpi, h * 72 / dpi))
    pdf.set_creation_date(EPOCH)
    pdf.set_title(title)
    pdf.set_producer("sohoa samples (scanner)")
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    return pdf, 72 / DPI


def _page_image(pdf: FPDF, img: Image.Image, dpi: int) -> None:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, format="JPEG", quality=80, dpi=(dpi, dpi))
    pdf.add_page(format=(img.width * 72 / dpi, img.height * 72 / dpi))
    pdf.image(buf, x=0, y=0, w=img.width * 72 / dpi, h=img.height * 72 / dpi)


def ocr_noaccent_pdf(
    images: list[Image.Image], dpi: int, pages: list[Page], title: str, rng: random.Random
) -> bytes:
    """The scan with an invisible text layer, as a Latin-only scanner OCR writes it."""
    pdf, k = _pdf(images, dpi, title)
    for img, page in zip(images, pages, strict=True):
        _page_image(pdf, img, dpi)
        pdf.text_mode = TextMode.INVISIBLE
        for item in page.items:
            if isinstance(item, Text):
                pdf.set_font("Helvetica", "B" if "bold" in item.style else "", item.size * k)
                pdf.text(item.x * k, item.y * k, garble(item.text, rng))
        pdf.text_mode = TextMode.FILL
    return bytes(pdf.output())


def stamp_lines(authority: str, signed: dt.datetime) -> list[str]:
    """The text of a Vietnamese digital-signature stamp as PDF signing tools print it."""
    return [
        f"Ký bởi: {authority}",
        "Email: vanthu@" + "".join(C.ascii_fold(authority).lower().split()[-2:]) + ".gov.vn",
        f"Thời gian ký: {signed.strftime('%d.%m.%Y %H:%M:%S')} +07:00",
    ]


def signed_pdf(
    images: list[Image.Image], dpi: int, font: FontFamily, lines: list[str], title: str
) -> bytes:
    """The scan, with only the signature stamp as real text (a blue box in the top margin)."""
    pdf, k = _pdf(images, dpi, title)
    pdf.add_font("Body", "", str(font.files["regular"]))
    for n, img in enumerate(images):
        _page_image(pdf, img, dpi)
        if n:
            continue
        size = 30  # pixels at 300 dpi
        pdf.set_draw_color(20, 60, 160)
        pdf.set_line_width(3 * k)
        pdf.rect(1300 * k, 50 * k, 1060 * k, (len(lines) * size * 1.35 + 30) * k)
        pdf.set_font("Body", "", size * k)
        pdf.set_text_color(20, 60, 160)
        for i, ln in enumerate(lines):
            pdf.text(1320 * k, (50 + 15 + size + i * size * 1.35) * k, ln)
    return bytes(pdf.output())
