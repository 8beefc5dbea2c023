"""A scanned PDF page taken as the scanner made it: the one image that covers the page.

Most scanners and phone apps write a page as one image drawn over the whole page, sometimes
with an invisible OCR text layer above it. Such a page is not rendered: its image is decoded
as stored (the scanner's own pixels and resolution, no resampling, no Poppler process). Any
other page (vector drawing, visible text, several images, masks, an image not filling the page)
returns None and is rendered as before.
"""

from __future__ import annotations

from dataclasses import dataclass

import pikepdf
from PIL import Image

# operators that may stand beside the image: graphics state, the image itself, and text
# (only invisible text is allowed, checked by the caller's text count)
_STATE = {"q", "Q", "cm", "gs", "w", "J", "j", "M", "d", "ri", "i"}
_TEXT = {
    "BT",
    "ET",
    "Tf",
    "Td",
    "TD",
    "Tm",
    "T*",
    "Tr",
    "Tz",
    "TL",
    "Tc",
    "Tw",
    "Ts",
    "Tj",
    "TJ",
    "'",
    '"',
}
_SHOW = {"Tj", "TJ", "'", '"'}
_SIMPLE_SPACES = {"/DeviceGray", "/DeviceRGB", "/CalGray", "/CalRGB"}
TOLERANCE_PT = 1.5  # how far the image's edges may be from the page's (rounding in writers)


@dataclass(frozen=True)
class ScanImage:
    """The page's single scanned image, found without decoding it: `decode()` gives its pixels
    upright as the page is shown, only when OCR needs them (a kept text layer never does)."""

    raw: pikepdf.Stream
    turn: int  # /Rotate of the page, degrees clockwise
    dpi: float  # its resolution on the page
    size: tuple[int, int]  # (width, height) in pixels as the page is shown

    @property
    def image(self) -> Image.Image:
        """The decoded image, turned as the page is shown (decoded at each call)."""
        image = pikepdf.PdfImage(self.raw).as_pil_image()
        return image.rotate(-self.turn, expand=True) if self.turn else image

    def decode(self) -> Image.Image | None:
        """The image, or None when its codec or data fails (render the page instead)."""
        try:
            return self.image
        except Exception:  # an image codec PIL lacks, or damaged data
            return None


def scan_image(page: pikepdf.Page) -> ScanImage | None:
    """The single image covering `page`, or None when the page must be rendered."""
    try:
        drawn = _single_drawn_image(page)
        if drawn is None:
            return None
        name, matrix = drawn
        raw = page.obj.Resources.XObject[name]
        if not isinstance(raw, pikepdf.Stream) or not _plain_image(raw):
            return None
        if not _covers(matrix, page.mediabox):
            return None
        width_px, height_px = int(raw.get("/Width", 0)), int(raw.get("/Height", 0))
    except Exception:  # an unusual page: render it instead
        return None
    width_pt = float(page.mediabox[2]) - float(page.mediabox[0])
    if width_px <= 0 or height_px <= 0 or width_pt <= 0:
        return None
    turn = int(page.obj.get("/Rotate", 0)) % 360
    size = (height_px, width_px) if turn % 180 else (width_px, height_px)
    return ScanImage(raw=raw, turn=turn, dpi=round(width_px / (width_pt / 72.0), 1), size=size)


def _single_drawn_image(page: pikepdf.Page) -> tuple[str, pikepdf.Matrix] | None:
    """(XObject name, its matrix) when the content draws exactly one XObject and shows only
    invisible text; None otherwise."""
    ctm, stack = pikepdf.Matrix(), []
    drawn: list[tuple[str, pikepdf.Matrix]] = []
    render_mode = 0
    for instruction in pikepdf.parse_content_stream(page):
        op, operands = str(instruction.operator), instruction.operands
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop() if stack else pikepdf.Matrix()
        elif op == "cm":
            ctm = pikepdf.Matrix(*(float(v) for v in operands)) @ ctm
        elif op == "Do":
            drawn.append((str(operands[0]), ctm))
        elif op == "Tr":
            render_mode = int(operands[0])
        elif (op in _SHOW and render_mode != 3) or (op not in _STATE and op not in _TEXT):
            return None
    return drawn[0] if len(drawn) == 1 else None


def _plain_image(raw: pikepdf.Object) -> bool:
    """An image XObject without masks, decode arrays or exotic colour."""
    if raw.get("/Subtype") != "/Image" or raw.get("/ImageMask", False):
        return False
    if any(key in raw for key in ("/SMask", "/Mask", "/Decode")):
        return False
    space = raw.get("/ColorSpace")
    if isinstance(space, pikepdf.Array):
        return str(space[0]) == "/ICCBased" and int(space[1].get("/N", 0)) in (1, 3)
    return str(space) in _SIMPLE_SPACES or (
        space is None and int(raw.get("/BitsPerComponent", 0)) == 1
    )


def _covers(matrix: pikepdf.Matrix, box: pikepdf.Array) -> bool:
    """The unit square drawn through `matrix` is the page box, upright (no turn, no flip)."""
    x1, y1, x2, y2 = (float(v) for v in box)
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    near = lambda u, v: abs(u - v) <= TOLERANCE_PT  # noqa: E731
    return (
        abs(b) < 1e-6
        and abs(c) < 1e-6
        and near(a, x2 - x1)
        and near(d, y2 - y1)
        and near(e, x1)
        and near(f, y1)
    )
