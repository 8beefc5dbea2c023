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

INK_LEVEL = 170  # grey level below which a pixel is ink
INK_SHARE = 0.03  # a cell with more ink than this share is occupied
PAPER_LEVEL = 215  # a cell darker than this on average is not blank paper (a photo, a seal)
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
    cols, rows = math.ceil((x2 - x1) / CELL), math.ceil((y2 - y1) / CELL)
    image.draft("L", (cols * 4, rows * 4))  # JPEG decodes at a reduced size: fast
    grey = image.convert("L")
    ink = grey.point(lambda v: 255 if v < INK_LEVEL else 0).resize(
        (cols, rows), Image.Resampling.BOX
    )
    mean = grey.resize((cols, rows), Image.Resampling.BOX)
    return (np.asarray(ink) > INK_SHARE * 255) | (np.asarray(mean) < PAPER_LEVEL)


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
