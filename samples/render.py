"""Draw a laid-out page: to a 300 dpi RGB image, or as real text into a born-digital PDF."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
from fpdf import FPDF
from PIL import Image, ImageDraw

from samples import stamps
from samples.fonts import FontFamily
from samples.layout import DPI, Box, Dots, Page, Rule, Stamp, Text

PAPER = (253, 253, 250)
MULTIPLY = {"seal", "black_seal", "signature", "hand"}


def _multiply(page: Image.Image, overlay: Image.Image, x: int, y: int) -> None:
    """Ink blends like ink: the page is darkened by the overlay colour, never lightened."""
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(page.width, x + overlay.width), min(page.height, y + overlay.height)
    if x1 <= x0 or y1 <= y0:
        return
    sub = np.asarray(overlay.crop((x0 - x, y0 - y, x1 - x, y1 - y)), dtype=np.float32)
    region = np.asarray(page.crop((x0, y0, x1, y1)), dtype=np.float32)
    a = sub[..., 3:4] / 255.0
    out = region * (1 - a + a * sub[..., :3] / 255.0)
    page.paste(Image.fromarray(out.clip(0, 255).astype(np.uint8)), (x0, y0))


def raster(page: Page, font: FontFamily, paper: tuple[int, int, int] = PAPER) -> Image.Image:
    img = Image.new("RGB", (page.width, page.height), paper)
    d = ImageDraw.Draw(img)
    late: list[Stamp] = []
    for item in page.items:
        if isinstance(item, Text):
            d.text(
                (item.x, item.y),
                item.text,
                font=font.get(item.style, item.size),
                fill=item.color,
                anchor="ls",
            )
        elif isinstance(item, Rule):
            d.line((item.x0, item.y0, item.x1, item.y1), fill=item.color, width=round(item.width))
        elif isinstance(item, Dots):
            x = item.x0 + 6
            while x < item.x1:
                d.ellipse((x - 1.3, item.y - 1.3, x + 1.3, item.y + 1.3), fill=item.color)
                x += 14
        elif isinstance(item, Box):
            d.rectangle(
                (item.x0, item.y0, item.x1, item.y1),
                fill=item.fill,
                outline=item.outline,
                width=round(item.width),
            )
        elif isinstance(item, Stamp):
            if item.kind in MULTIPLY:
                late.append(item)
            else:
                over = stamps.render(item, font)
                img.paste(over, (round(item.x0), round(item.y0)), over)
                d = ImageDraw.Draw(img)
    for st in late:
        _multiply(img, stamps.render(st, font), round(st.x0), round(st.y0))
    return img


FPDF_STYLE = {"regular": "", "bold": "B", "italic": "I", "bolditalic": "BI"}
EPOCH = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)


def text_pdf(pages: list[Page], font: FontFamily, title: str) -> bytes:
    """A born-digital PDF: real text with the embedded (subset) font, seals as images."""
    k = 72 / DPI
    pdf = FPDF(unit="pt", format=(pages[0].width * k, pages[0].height * k))
    pdf.set_creation_date(EPOCH)
    pdf.set_title(title)
    pdf.set_producer("sohoa samples")
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    for style, path in font.files.items():
        pdf.add_font("Body", FPDF_STYLE[style], str(path))
    for page in pages:
        pdf.add_page(format=(page.width * k, page.height * k))
        for item in page.items:
            if isinstance(item, Text):
                pdf.set_font("Body", FPDF_STYLE[item.style], item.size * k)
                pdf.set_text_color(*item.color)
                pdf.text(item.x * k, item.y * k, item.text)
            elif isinstance(item, Rule):
                pdf.set_draw_color(*item.color)
                pdf.set_line_width(item.width * k)
                pdf.line(item.x0 * k, item.y0 * k, item.x1 * k, item.y1 * k)
            elif isinstance(item, Dots):
                pdf.set_draw_color(*item.color)
                pdf.set_line_width(3 * k)
                pdf.set_dash_pattern(dash=3 * k, gap=10 * k)
                pdf.line((item.x0 + 6) * k, item.y * k, item.x1 * k, item.y * k)
                pdf.set_dash_pattern()
            elif isinstance(item, Box):
                style = ("F" if item.fill else "") + ("D" if item.outline else "")
                if item.fill:
                    pdf.set_fill_color(*item.fill)
                if item.outline:
                    pdf.set_draw_color(*item.outline)
                    pdf.set_line_width(item.width * k)
                pdf.rect(
                    item.x0 * k,
                    item.y0 * k,
                    (item.x1 - item.x0) * k,
                    (item.y1 - item.y0) * k,
                    style=style or "D",
                )
            elif isinstance(item, Stamp):
                img = stamps.render(item, font)
                buf = io.BytesIO()
                img.save(buf, format="PNG")
                pdf.image(buf, x=item.x0 * k, y=item.y0 * k, w=item.w * k, h=item.h * k)
    return bytes(pdf.output())
