"""Where page 1 of a PDF carries ink, read from its scanned image (a grid of placement cells).

Only the common case is read: one JPEG image drawn over the whole page, as sohoa's PDF/A and
most scanners make it. Any other page gives None and the stamp is placed from the word boxes.
"""

from __future__ import annotations

import math
from io import BytesIO

import numpy as np
from PIL import Image
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

from .placement import CELL, Box

INK_LEVEL = 170  # grey level below which a pixel is ink (at most; lower on grey paper)
INK_CONTRAST = 50  # ... and at least this much darker than the paper
INK_SHARE = 0.03  # a cell with more ink than this share is occupied
MIN_PAPER = 185  # a page whose median grey is darker has no blank paper (a photo)
TONE_STEP = 30  # a cell this much darker than the paper on average is not blank (a seal, a photo)
MAX_PAPER_CHROMA = 30  # a cell more coloured than this is printed (a card's background, a seal)
ASPECT_TOLERANCE = 0.03


def page_ink(reader: PdfFileReader, page: Box) -> np.ndarray | None:
    """Boolean cells (row 0 at the top) where page 1's full-page image is not blank paper."""
    try:
        image = _full_page_jpeg(reader, page)
    except Exception:  # an unusual page structure: fall back to the word boxes alone
        return None
    if image is None:
        return None
    x1, y1, x2, y2 = page
    cells = (math.ceil((x2 - x1) / CELL), math.ceil((y2 - y1) / CELL))
    image.draft(image.mode, (cells[0] * 4, cells[1] * 4))  # JPEG decodes reduced: fast
    return not_paper(image.convert("RGB"), cells)


def not_paper(rgb: Image.Image, cells: tuple[int, int]) -> np.ndarray:
    """Cells holding ink, colour, or anything darker than the page's own paper tone.

    The paper tone is the page's median grey (a scan's paper is rarely pure white); a page
    with no light paper at all (a photo filling it) is occupied everywhere.
    """
    grey = rgb.convert("L")
    mean = np.asarray(grey.resize(cells, Image.Resampling.BOX), dtype=np.int16)
    paper = float(np.median(mean))
    if paper < MIN_PAPER:
        return np.ones((cells[1], cells[0]), dtype=bool)
    level = min(INK_LEVEL, paper - INK_CONTRAST)
    ink = grey.point(lambda v: 255 if v < level else 0).resize(cells, Image.Resampling.BOX)
    colour = np.asarray(rgb.resize(cells, Image.Resampling.BOX), dtype=np.int16)
    chroma = colour.max(axis=2) - colour.min(axis=2)
    return (
        (np.asarray(ink) > INK_SHARE * 255)
        | (mean < paper - TONE_STEP)
        | (chroma > MAX_PAPER_CHROMA)
    )


def _full_page_jpeg(reader: PdfFileReader, page: Box) -> Image.Image | None:
    page_ref, _resources = reader.find_page_for_modification(0)
    resources = page_ref.get_object().get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    if xobjects is None:
        return None
    images = [
        obj
        for obj in (v.get_object() for v in xobjects.get_object().values())
        if isinstance(obj, generic.StreamObject)
        and obj.get("/Subtype") == "/Image"
        and obj.get("/Filter") == "/DCTDecode"
    ]
    if len(images) != 1:
        return None
    stream = images[0]
    width, height = int(stream["/Width"]), int(stream["/Height"])
    x1, y1, x2, y2 = page
    if abs(width / height - (x2 - x1) / (y2 - y1)) > ASPECT_TOLERANCE * width / height:
        return None
    return Image.open(BytesIO(stream.encoded_data))
