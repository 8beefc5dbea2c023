"""A second look at one region of a page: cropped from the page image, cleaned, read alone.

The page reading can lose the words of a small region a person reads on the image: a day typed
into the date line in another font ("ngày 24" read as "ngày"), the titles of a signature block
under a seal or a signature. Read alone, at a size Tesseract likes, with the coloured ink of a
seal or a pen taken out, they often come out. ocr.fields.reread decides when and where; this
module crops, cleans and reads, and gives back the page's text with the region's words replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import cv2
import numpy as np

from ocr.fields.reread import Region
from ocr.recognize.layout import reading_order
from ocr.recognize.tesseract import keep_text, parse_tsv, run_tesseract
from ocr.types import PageText, Word

X_HEIGHT = 30  # pixels: the x-height Tesseract reads best at
X_SHARE = 0.5  # a word box's height (capitals, marks, descenders) is about two x-heights
MAX_SCALE = 4.0
# a pixel whose channels differ this much is coloured ink (a red seal, a blue or violet pen),
# not black print: black and grey print stays below it (measured on a scanned letter: print
# 3-21, a pale red seal 20-130 in the seal's darkest pixels); a pixel darker than INK_DARK is
# print whatever its colour (JPEG's colour fringes on black letters)
INK_CHROMA = 25
INK_DARK = 100
PAD = 16  # white pixels around the cleaned crop
SINGLE_LINE_PSM, BLOCK_PSM = 7, 6
LINE_BASE = 900_000_000  # line ids of the re-read words, apart from the page's own


def drop_coloured_ink(crop: np.ndarray) -> np.ndarray:
    """The grey of a crop with the pixels of coloured ink made white (a colour crop; a grey one
    is returned as it is): a red seal or a blue signature over black print leaves the print."""
    if crop.ndim == 2:
        return crop
    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    brightest = crop.max(axis=2)
    chroma = brightest.astype(np.int16) - crop.min(axis=2)
    coloured = (chroma >= INK_CHROMA) & (brightest >= INK_DARK)
    return np.where(coloured, np.uint8(255), grey)


def clean_crop(
    image: np.ndarray, box: tuple[int, int, int, int], text_height: float
) -> tuple[np.ndarray, float]:
    """The region `box` (left, top, right, bottom) of a page image, ready for Tesseract: coloured
    ink dropped, scaled so its x-height is about X_HEIGHT (never down), binarized (Otsu), padded
    with white; and the scale used."""
    left, top, right, bottom = box
    crop = image[max(top, 0) : bottom, max(left, 0) : right]
    grey = drop_coloured_ink(crop)
    scale = min(MAX_SCALE, max(1.0, X_HEIGHT / max(X_SHARE * text_height, 1.0)))
    if scale > 1.0:
        grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    _, binary = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if (binary == 0).mean() > 0.5:  # an empty crop's Otsu splits paper noise: nothing is ink
        binary[:] = 255
    binary = without_specks(binary)
    return cv2.copyMakeBorder(binary, PAD, PAD, PAD, PAD, cv2.BORDER_CONSTANT, value=255), scale


SPECK = 0.02  # a blot smaller than this share of an x-height squared is a speck, not a letter


def without_specks(binary: np.ndarray) -> np.ndarray:
    """A binarized crop with its specks of ink made white: what a seal's or a pen's colour leaves
    along its edges once its ink is dropped (a dot of a letter is larger)."""
    _count, labels, stats, _ = cv2.connectedComponentsWithStats(255 - binary, connectivity=8)
    small = stats[:, cv2.CC_STAT_AREA] < SPECK * X_HEIGHT * X_HEIGHT
    small[0] = False
    out = binary.copy()
    out[small[labels]] = 255
    return out


def read_crop(
    image: np.ndarray,
    box: tuple[int, int, int, int],
    text_height: float,
    *,
    single_line: bool,
    dpi: float,
    languages: str = "vie",
    timeout: float = 30.0,
) -> list[Word]:
    """The words Tesseract reads in a cleaned crop of the page, boxes in page pixels."""
    cleaned, scale = clean_crop(image, box, text_height)
    psm = SINGLE_LINE_PSM if single_line else BLOCK_PSM
    args = ["-l", languages, "--psm", str(psm), "--dpi", str(max(70, round(dpi * scale)))]
    tsv = run_tesseract([*args, "tsv"], cleaned, timeout=timeout)
    rows, cols = cleaned.shape[:2]
    words = parse_tsv(tsv, scale=1.0, width=cols, height=rows)
    left, top = max(box[0], 0), max(box[1], 0)
    # on one line read alone Tesseract scores a word and the next it took for one piece low
    # ("ngày 24" at 0.8, both right): there a word with a letter or digit is kept, and the
    # field it gives is flagged for its confidence; a block's marks are dropped as on a page
    kept = (
        [w for w in words if any(c.isalnum() for c in w.text)] if single_line else keep_text(words)
    )
    return [_placed(w, scale, left, top) for w in kept]


def _placed(word: Word, scale: float, left: int, top: int) -> Word:
    return replace(
        word,
        left=left + round((word.left - PAD) / scale),
        top=top + round((word.top - PAD) / scale),
        width=max(1, round(word.width / scale)),
        height=max(1, round(word.height / scale)),
        line=LINE_BASE + word.line,
    )


def _inside(word: Word, box: tuple[int, int, int, int]) -> bool:
    x = word.left + word.width / 2
    y = word.top + word.height / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def spliced(page: PageText, box: tuple[int, int, int, int], words: list[Word]) -> PageText:
    """The page's text with the words inside `box` replaced by `words`, in reading order."""
    kept = [w for w in page.words if not _inside(w, box)]
    ordered, text = reading_order([*kept, *words], page_width=page.width, page_height=page.height)
    confidence = sum(w.confidence for w in ordered) / len(ordered) if ordered else 100.0
    return replace(page, words=tuple(ordered), text=text, confidence=round(confidence, 2))


def region_reader(
    texts: Sequence[PageText],
    image_of: Callable[[int], np.ndarray | None],
    *,
    languages: str = "vie",
    timeout: float = 30.0,
) -> Callable[[Region], PageText | None]:
    """A reader of regions of the pages (see ocr.fields.reread): `image_of(i)` gives page i's
    image (the one its word boxes are measured on), decoded only when a region of it is read."""
    images: dict[int, np.ndarray | None] = {}

    def read(region: Region) -> PageText | None:
        text = texts[region.page]
        if text.source != "ocr":
            return None  # born-digital text: nothing was lost in reading
        if region.page not in images:
            images[region.page] = image_of(region.page)
        image = images[region.page]
        if image is None or image.shape[:2] != (text.height, text.width):
            return None
        words = read_crop(
            image,
            region.box,
            region.text_height,
            single_line=region.single_line,
            dpi=text.dpi or 150.0,
            languages=languages,
            timeout=timeout,
        )
        return spliced(text, region.box, words) if words else None

    return read
