"""A second look at one region of a page: cropped from the page image, cleaned, read alone.

The page reading can lose the words of a small region a person reads on the image: a day typed
into the date line in another font ("ngày 24" read as "ngày"), the titles of a signature block
under a seal or a signature. Read alone, at a size Tesseract likes, with the coloured ink of a
seal or a pen taken out (or filled in from the print around it, where a seal's ring printed
over the words hid the print under it), they often come out. ocr.fields.reread decides when
and where; this module crops, cleans and reads, and gives back the page's text with the
region's words replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import product

import cv2
import numpy as np

from ocr.fields.reread import ROW_STRIDE, Region
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
    return np.where(coloured_ink(crop), np.uint8(255), grey)


def coloured_ink(crop: np.ndarray) -> np.ndarray:
    """Where a colour crop holds coloured ink (INK_CHROMA, INK_DARK), as a mask."""
    brightest = crop.max(axis=2)
    chroma = brightest.astype(np.int16) - crop.min(axis=2)
    return (chroma >= INK_CHROMA) & (brightest >= INK_DARK)


# a gap coloured ink cut across black print (a seal's letters over a title, a pen's line over a
# name) is bridged when print lies on both sides of it within this many x-heights: up and down
# (a stem cut across) or left and right (a bar cut down)
MEND_DOWN, MEND_ACROSS = 0.8, 0.35


def mend_coloured_ink(crop: np.ndarray, x_height: float) -> np.ndarray:
    """The grey of a crop with coloured ink made white, as drop_coloured_ink, except where it
    crossed black print: a pixel of coloured ink between print on both sides (MEND_DOWN) is
    print again, so the seal's letters over a title leave no holes in it."""
    grey = drop_coloured_ink(crop)
    if crop.ndim == 2:
        return grey
    coloured = grey == 255
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    down = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(3, round(MEND_DOWN * x_height))))
    across = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, round(MEND_ACROSS * x_height)), 1))
    bridged = (cv2.morphologyEx(ink, cv2.MORPH_CLOSE, down) > 0) | (
        cv2.morphologyEx(ink, cv2.MORPH_CLOSE, across) > 0
    )
    fill = bridged & coloured & (ink == 0)
    if not fill.any() or not (ink > 0).any():
        return grey
    out = grey.copy()
    out[fill] = np.uint8(np.median(grey[ink > 0]))
    return out


# a seal's ring is printed over the name in opaque ink: the print under it is not in the image,
# only around it; the band of coloured ink (grown by a pixel, its fringe) is filled in from the
# pixels around it (Telea's inpainting) over this many x-heights, about a ring's width, so a
# stem or a bowl the ring cut runs on across it and the paper stays paper
FILL_REACH = 0.45


def fill_coloured_ink(crop: np.ndarray, x_height: float) -> np.ndarray:
    """The grey of a crop with the pixels of coloured ink (see drop_coloured_ink) painted over
    from the pixels around them: a stem, a bar or a bowl of black print a seal's ring or a
    pen's line cut across runs on through the cut, where mend_coloured_ink only bridges straight
    up and down or across (a grey crop is returned as it is)."""
    if crop.ndim == 2:
        return crop
    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    coloured = coloured_ink(crop)
    if not coloured.any():
        return grey
    mask = cv2.dilate(coloured.astype(np.uint8) * 255, np.ones((3, 3), np.uint8))
    reach = max(3, round(FILL_REACH * x_height))
    return cv2.inpaint(grey, mask, reach, cv2.INPAINT_TELEA)


def clean_crop(
    image: np.ndarray,
    box: tuple[int, int, int, int],
    text_height: float,
    *,
    x_height: float = X_HEIGHT,
    strokes: bool = False,
    fill: bool = False,
) -> tuple[np.ndarray, float]:
    """The region `box` (left, top, right, bottom) of a page image, ready for Tesseract: coloured
    ink dropped (with `fill`, filled in from the print around it: fill_coloured_ink), scaled so
    its x-height is about `x_height` (never down), binarized (Otsu), with `strokes` the strokes
    of a signature and a seal's rings taken out (without_strokes), padded with white; and the
    scale used."""
    left, top, right, bottom = box
    crop = image[max(top, 0) : bottom, max(left, 0) : right]
    if fill:
        grey = fill_coloured_ink(crop, X_SHARE * text_height)
    elif strokes:
        grey = mend_coloured_ink(crop, X_SHARE * text_height)
    else:
        grey = drop_coloured_ink(crop)
    scale = min(MAX_SCALE, max(1.0, x_height / max(X_SHARE * text_height, 1.0)))
    if scale > 1.0:
        grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    _, binary = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if (binary == 0).mean() > 0.5:  # an empty crop's Otsu splits paper noise: nothing is ink
        binary[:] = 255
    binary = without_specks(binary)
    if strokes:
        binary = without_strokes(binary, X_SHARE * text_height * scale)
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


# a blot of ink that is no letter of printed text, in x-heights: a stroke longer than STROKE_LONG
# and thinner on average than STROKE_THIN (its area over its length: a pen's line; a bold
# letter's stems are thicker), or taller than BLOT_TALL or wider than BLOT_WIDE (a seal's ring, a
# signature's loops, a rule; a capital with its marks is about 2.2 x-heights tall)
STROKE_LONG, STROKE_THIN = 1.5, 0.12
BLOT_TALL, BLOT_WIDE = 3.0, 12.0


def without_strokes(binary: np.ndarray, x_height: float) -> np.ndarray:
    """A binarized crop with the blots of ink that are no printed letters made white: what a
    signature's line or a seal's ring in black ink leaves across a signature block (see
    STROKE_LONG); a letter the stroke runs into goes with it, so this is one of the readings
    tried, not the only one."""
    _count, labels, stats, _ = cv2.connectedComponentsWithStats(255 - binary, connectivity=8)
    width = stats[:, cv2.CC_STAT_WIDTH]
    height = stats[:, cv2.CC_STAT_HEIGHT]
    extent = np.maximum(np.maximum(width, height), 1)
    thin = stats[:, cv2.CC_STAT_AREA] / extent < STROKE_THIN * x_height
    drop = (thin & (extent > STROKE_LONG * x_height)) | (height > BLOT_TALL * x_height)
    drop |= width > BLOT_WIDE * x_height
    drop[0] = False
    out = binary.copy()
    out[drop[labels]] = 255
    return out


# the ways a region is read, tried in turn until the field read passes its checks (Region's
# attempt): as cleaned; with the strokes of a signature or a seal taken out; so, at a larger size
# (a mark Tesseract misses at one size it often reads at another); with the coloured ink filled
# in from the print around it, at both sizes (x-height, strokes out, coloured ink filled in).
# The titles' rows are read the first ROW_READINGS ways.
READINGS: tuple[tuple[float, bool, bool], ...] = (
    (X_HEIGHT, False, False),
    (X_HEIGHT, True, False),
    (40.0, True, False),
    (X_HEIGHT, False, True),
    (40.0, False, True),
)
ROW_READINGS = 3


def read_crop(
    image: np.ndarray,
    box: tuple[int, int, int, int],
    text_height: float,
    *,
    single_line: bool,
    dpi: float,
    languages: str = "vie",
    timeout: float = 30.0,
    attempt: int = 0,
) -> list[Word]:
    """The words Tesseract reads in a cleaned crop of the page, boxes in page pixels, the crop
    cleaned the way READINGS[attempt] says."""
    x_height, strokes, fill = READINGS[attempt]
    cleaned, scale = clean_crop(
        image, box, text_height, x_height=x_height, strokes=strokes, fill=fill
    )
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


# the title rows of a signature block a seal or a signature covers (title_rows), measured on the
# block's middle (the titles are centred over the signer's name; a seal lies beside or under it)
ROW_BAND = 2.0  # half the middle band's width, in name heights
ROW_EDGE = 0.12  # a row of print runs while at least this share of the band is ink
ROW_INK = 0.25  # and a row of text has at least this share on average
ROW_CLEAR = 0.45  # with the band above and below it below this share of its own ink
ROW_TALL = (0.35, 1.4)  # a row of capitals is this many name heights tall
ROW_SPECK = 0.15  # a run of ink rows shorter than this many name heights is a mark or a speck
ROW_APART = 1.6  # the title rows follow each other at most this many name heights apart
MAX_ROWS = 4


def title_rows(
    image: np.ndarray, box: tuple[int, int, int, int], text_height: float
) -> list[tuple[int, int, int, int]]:
    """The rows of print at the top of a signature block's titles `box`, top to bottom, each a
    box of the region's width around one row of capitals (marks included): found by the share of
    ink in the block's middle band, row after row from the top while each stands clear (a seal's
    ring and letters, a signature's loops below them make no clear rows). Empty when the top of
    the box is no clear row."""
    left, top, right, bottom = box
    crop = image[max(top, 0) : bottom, max(left, 0) : right]
    if crop.size == 0:
        return []
    grey = drop_coloured_ink(crop)
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if (ink > 0).mean() > 0.5:
        return []
    middle, half = grey.shape[1] // 2, round(ROW_BAND * text_height)
    share = (ink[:, max(0, middle - half) : middle + half] > 0).mean(axis=1)
    runs = _runs(share >= ROW_INK, share >= ROW_EDGE, ROW_TALL[1] * text_height)
    rows: list[tuple[int, int, int, int]] = []
    for start, end in runs:
        tall = end - start
        if tall < ROW_SPECK * text_height:
            continue  # a mark, a speck, a seal's letter's edge
        if rows and start - (rows[-1][3] - top) > ROW_APART * text_height:
            break
        margin = max(2, round(0.25 * tall))
        around = np.concatenate([share[max(0, start - margin) : start], share[end : end + margin]])
        clear = around.size > 0 and around.min() < ROW_CLEAR * share[start:end].mean()
        if not (ROW_TALL[0] * text_height <= tall <= ROW_TALL[1] * text_height and clear):
            if rows:
                break  # the seal's or the signature's tangle under the title rows
            continue  # a seal's letters or ring above the first title row
        y0, y1 = max(0, round(start - 0.45 * tall)), round(end + 0.3 * tall)
        x0, x1 = _row_span(ink[start:end] > 0, text_height)
        rows.append((left + x0, top + y0, left + x1, top + y1))
        if len(rows) == MAX_ROWS:
            break
    return rows


ROW_WORD_GAP = 1.0  # a title's words are closer than this many name heights
ROW_PAD = 1.0  # name heights of the row kept beyond its print's span
ROW_COLUMN = 0.1  # a column of a row with ink over this share of its height holds print


def _row_span(core: np.ndarray, text_height: float) -> tuple[int, int]:
    """Where a title row's print lies across a signature block's box (`core`: its ink between
    the capitals' top and bottom): from the box's middle, where the titles are centred over the
    signer's name, rightwards as far as its words run on (gaps under ROW_WORD_GAP), and as far
    to the left of the middle, which leaves out the ring and letters of a seal beside it."""
    columns = core.sum(axis=0) >= max(2, ROW_COLUMN * core.shape[0])  # not a speck's column
    width = columns.size
    middle, gap = width // 2, ROW_WORD_GAP * text_height
    inked = np.flatnonzero(columns)
    right = next((x for x in inked[::-1] if x <= middle), middle)
    for x in inked[inked > middle]:
        if x - right > gap:
            break
        right = x
    half = right - middle
    pad = round(ROW_PAD * text_height)
    return max(0, int(middle - half - pad)), min(width, int(right + pad))


def _runs(on: np.ndarray, through: np.ndarray, longest: float) -> list[tuple[int, int]]:
    """The runs of True in `on` (start, end), two runs joined when `through` holds all the way
    between them and the two together are at most `longest` long (a row's letters with a thin
    stretch between their bars)."""
    runs: list[tuple[int, int]] = []
    at = None
    for y, v in enumerate([*on.tolist(), False]):
        if v and at is None:
            at = y
        elif not v and at is not None:
            if runs and through[runs[-1][1] : at].all() and y - runs[-1][0] <= longest:
                runs[-1] = (runs[-1][0], y)
            else:
                runs.append((at, y))
            at = None
    return runs


def read_rows(
    image: np.ndarray,
    box: tuple[int, int, int, int],
    text_height: float,
    *,
    dpi: float,
    languages: str = "vie",
    timeout: float = 30.0,
) -> list[Word]:
    """The title rows of a signature block (title_rows) read one by one as single lines, each
    cropped to its print's span (the seal beside it left out) and across the whole box (a span
    off the middle: the name it was measured on read in part), in the first ROW_READINGS ways of
    READINGS: the words of row r read the k-th way are on line r * ROW_STRIDE + k."""
    words: list[Word] = []
    for r, row in enumerate(title_rows(image, box, text_height)):
        tall = (row[3] - row[1]) / 1.75  # the capitals' height, marks and margins aside
        crops = (row, (box[0], row[1], box[2], row[3]))
        for k, (crop, attempt) in enumerate(product(crops, range(ROW_READINGS))):
            read = read_crop(
                image, crop, 1.4 * tall, single_line=True, dpi=dpi, languages=languages,
                timeout=timeout, attempt=attempt,
            )  # fmt: skip
            words += [replace(w, line=r * ROW_STRIDE + k) for w in read]
    return words


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
        if text.source != "ocr" or region.attempt >= len(READINGS):
            return None  # born-digital text: nothing was lost in reading
        if region.page not in images:
            images[region.page] = image_of(region.page)
        image = images[region.page]
        if image is None or image.shape[:2] != (text.height, text.width):
            return None
        if region.rows:
            words = read_rows(
                image, region.box, region.text_height, dpi=text.dpi or 150.0,
                languages=languages, timeout=timeout,
            )  # fmt: skip
            return replace(text, words=tuple(words), text="") if words else None
        words = read_crop(
            image,
            region.box,
            region.text_height,
            single_line=region.single_line,
            dpi=text.dpi or 150.0,
            languages=languages,
            timeout=timeout,
            attempt=region.attempt,
        )
        return spliced(text, region.box, words) if words else None

    return read
