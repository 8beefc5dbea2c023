"""The visible stamp of an agency's signature on an electronic copy (Decree 30/2020/NĐ-CP).

Top right of page 1 where nothing is printed (signing.placement), no image, black text in a Times-metric serif at 10 pt, the font embedded
(subset) so every Vietnamese letter renders: copy form, agency name, signing time (+07:00).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign.fields import SigFieldSpec
from pyhanko.stamp import TextStampStyle

from common.errors import SigningError

from .ink import page_ink
from .placement import Box, Placement, place

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"),
)
FONT_SIZE = 10
LEADING = 12
PADDING = 4  # points between the text and the edge of the stamp box
# ISO 8601; the signing time is always converted to Vietnam's +07:00 before formatting
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S+07:00"
MAX_TEXT_WIDTH = 260.0  # points; longer agency names wrap onto more lines
SAMPLE_TS = "2000-01-01T00:00:00+07:00"


@functools.cache
def font_path() -> Path:
    for path in FONT_CANDIDATES:
        if path.exists():
            return path
    raise SigningError(
        "the stamp font Liberation Serif is not installed (Debian package fonts-liberation2)"
    )


PDF_UNITS_PER_EM = 1000
STAMP_CHARSET = [
    *range(0x20, 0x7F),  # ASCII
    *range(0xA0, 0x250),  # Latin-1, Latin Extended-A/B (Đ đ Ơ ơ Ư ư ...)
    *range(0x300, 0x370),  # combining diacritics
    *range(0x1EA0, 0x1F00),  # Latin Extended Additional: the precomposed Vietnamese letters
    *range(0x2010, 0x2028),  # dashes, quotes, bullet, ellipsis
    0x20AB,  # đồng sign
]


@functools.cache
def _font_bytes_1000_upem() -> bytes:
    """The stamp font rescaled to 1000 units per em.

    pyHanko writes the font's raw advance widths into the PDF's /W array, which PDF reads
    as 1/1000 em: a TrueType font with 2048 units per em (Liberation) would be set with
    letters twice too far apart. Rescaling the font once keeps the widths right.
    """
    font = TTFont(str(font_path()))
    if "FFTM" in font:  # FontForge timestamps: fontTools cannot subset them, and warns
        del font["FFTM"]
    # keep Latin and Vietnamese only: subsetting for each stamp is then several times faster
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=STAMP_CHARSET)
    subsetter.subset(font)
    if font["head"].unitsPerEm != PDF_UNITS_PER_EM:
        scale_upem(font, PDF_UNITS_PER_EM)
    out = BytesIO()
    font.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class _StampFontFactory(GlyphAccumulatorFactory):
    """GlyphAccumulatorFactory fed with the rescaled font bytes instead of a file."""

    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer,
            font_handle=BytesIO(_font_bytes_1000_upem()),
            font_size=self.font_size,
            obj_stream=obj_stream,
        )


@functools.cache
def _advances() -> tuple[dict[int, str], dict[str, int], int]:
    font = TTFont(str(font_path()), lazy=True)
    cmap = font.getBestCmap()
    widths = {name: adv for name, (adv, _lsb) in font["hmtx"].metrics.items()}
    return cmap, widths, int(font["head"].unitsPerEm)


def warm_up() -> None:
    """Do the stamp's one-time work now (the font rescaled and subset, its advances read: about
    a second of pure Python) rather than inside the first signature a server makes."""
    _font_bytes_1000_upem()
    _advances()


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Width in points of one line of text set in the stamp font (no kerning)."""
    cmap, widths, upem = _advances()
    units = sum(widths.get(cmap.get(ord(ch), ".notdef"), upem // 2) for ch in text)
    return units * size / upem


def wrap(text: str, max_width: float = MAX_TEXT_WIDTH) -> str:
    """Break text into lines no wider than max_width points, at spaces (long agency names)."""
    lines: list[str] = []
    for paragraph in text.splitlines():
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate) > max_width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return "\n".join(lines)


def stamp_lines(copy_form: str, agency: str) -> list[str]:
    lines: list[str] = []
    for part in (copy_form, agency):
        if part:
            lines.extend(wrap(part).splitlines())
    return [*lines, SAMPLE_TS]


def stamp_style(copy_form: str, agency: str) -> TextStampStyle:
    """A borderless, imageless black text stamp in the embedded serif at 10 pt."""
    template = "\n".join(
        part
        for part, value in (("%(copy_form)s", copy_form), ("%(agency)s", agency), ("%(ts)s", "x"))
        if value
    )
    return TextStampStyle(
        stamp_text=template,
        timestamp_format=TIMESTAMP_FORMAT,
        border_width=0,
        background=None,
        text_box_style=TextBoxStyle(
            font=_StampFontFactory(str(font_path()), font_size=FONT_SIZE),
            font_size=FONT_SIZE,
            leading=LEADING,
            text_color=(0.0, 0.0, 0.0),
            border_width=0,
            box_layout_rule=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN,
                y_align=layout.AxisAlignment.ALIGN_MAX,
                margins=layout.Margins(0, 0, 0, 0),
            ),
        ),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MAX,
            margins=layout.Margins(PADDING, PADDING, PADDING, PADDING),
            inner_content_scaling=layout.InnerScaling.NO_SCALING,
        ),
    )


def text_params(copy_form: str, agency: str) -> dict[str, str]:
    # values go in as parameters, so a '%' in an agency name cannot break the template
    return {"copy_form": wrap(copy_form), "agency": wrap(agency)}


def stamp_size(copy_form: str, agency: str) -> tuple[float, float]:
    """Width and height in points of the stamp, sized to its text."""
    lines = stamp_lines(copy_form, agency)
    width = max(text_width(line) for line in lines) + 2 * PADDING + 4
    height = LEADING * len(lines) + 2 * PADDING + 2
    return width, height


def stamp_placement(
    reader: PdfFileReader, copy_form: str, agency: str, occupied: Sequence[Box] = ()
) -> Placement:
    """Where the stamp goes on page 1: clear of the printed words and ink, else in a band."""
    page = page_box(reader)
    return place(page, stamp_size(copy_form, agency), occupied, page_ink(reader, page))


def page_box(reader: PdfFileReader) -> Box:
    """The visible area of page 1 (CropBox, else MediaBox, both inheritable), normalized."""
    page_ref, _resources = reader.find_page_for_modification(0)
    node = page_ref.get_object()
    for key in ("/CropBox", "/MediaBox"):
        current = node
        while current is not None:
            if key in current:
                x1, y1, x2, y2 = (float(v) for v in current[key])
                return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)
            parent = current.get("/Parent")
            current = parent.get_object() if parent is not None else None
    return 0.0, 0.0, 595.0, 842.0


def field_spec(name: str, placement: Placement) -> SigFieldSpec:
    x1, y1, x2, y2 = placement.box
    box = (math.floor(x1), math.floor(y1), math.ceil(x2), math.ceil(y2))
    return SigFieldSpec(sig_field_name=name, on_page=0, box=box)
