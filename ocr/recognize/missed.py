"""Printed lines Tesseract's layout analysis left out, found in the ink the first reading left over.

Tesseract's page segmentation (psm 3) sometimes puts a whole printed line in no block: judged
non-text beside a signature, a seal's remnant or a shadow, the line is simply not read (measured:
the last five lines of a photographed business registration, a "Nơi nhận" line of a decree scan),
although Tesseract reads it perfectly on its own. So after the first reading, the page's ink is
taken (Otsu), every box Tesseract returned is erased, and what is left is searched for printed
lines: components of letter size (relative to the page's own word height) chained left to right in
a straight, near-level row. Signatures and seals are single large strokes or rings, rules and
underlines are far wider than a letter, specks and dotted leaders far smaller, so none of them
makes a row of letters of one size. Each row found becomes a band: the strip along its fitted
centre line, extended over all the line's ink no kept word covers (a line cut short garbles its
numbers). `canvas` levels the bands and stacks them on a white page for one more Tesseract call;
a line of that reading with a low median confidence is a seal's or signature's marks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from statistics import median

import cv2
import numpy as np

from ocr.types import Word

ANALYSIS_HEIGHT = 24.0  # the ink is analysed reduced so that a word is about this many pixels high
ERASE_PAD = 0.15  # word heights of margin erased around every box the first reading returned
LETTER_MIN = 0.3  # a letter-sized component is this many word heights high or more ...
LETTER_MAX = 1.2  # ... and at most this many, and at most
LETTER_WIDE = 2.0  # this many word heights wide (two or three touching letters)
MIN_LETTERS = 6  # a row of fewer letter-sized components is not a missed line, unless
SHORT_LETTERS = 3  # it has this many and begins under the first letter of a line read above it
UNDER_LEFT = 0.5  # word heights between the two lines' left ends, at most
UNDER_DROP = 2.5  # word heights from the top of the line above to the row's top, at most
ROW_LETTER = 0.5  # word heights a row's median letter is high at least (its x-height or more)
LETTER_GAP = 1.0  # word heights between two letters of one row, at most
ROW_OVERLAP = 0.5  # share of the lower letter's height two letters of one row overlap by
MIN_LENGTH = 3.0  # a missed line is at least this many word heights long
MAX_SLOPE = 0.2  # a printed line is near level (11 degrees; a phone photo is straightened roughly)
MAX_WOBBLE = 0.15  # word heights the letters' middles stray from the row's line, at the median
SAME_SIZE = 0.8  # share of a row's letters within a factor 1.7 of its median letter height
EXTEND_GAP = 1.5  # word heights of blank that end a line when a band is extended over its ink
CORE = 0.35  # half-height of the strip (in word heights) whose ink extends a band
MARGIN = 0.3  # word heights a band reaches past the ink it found
HALF_BAND = 0.8  # half-height of the strip (in word heights) copied for the second reading
OVERLAP = 0.5  # a second-reading word overlapping a first-reading word by half its box is not new
# a row goes on through a mark printed over it (a seal's star or ring joins the letters it
# touches into one blob): two level pieces of a row this many word heights apart at most are
# one row when ink covers the space between them, with no blank wider than a letter gap
BRIDGE_GAP = 4.0


@dataclass(frozen=True, slots=True)
class Band:
    """A missed line in OCR pixels: columns left..right around the line y = slope * x + middle."""

    left: int
    right: int
    slope: float
    middle: float
    half: float  # half of the band's height

    def centre(self, x: float) -> float:
        return self.slope * x + self.middle


def ink_mask(image: np.ndarray) -> np.ndarray:
    """1 where a pixel is ink (Otsu's threshold of the grey image), else 0."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    _, ink = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def _letters(ink: np.ndarray, height: float) -> np.ndarray:
    """Boxes (x, y, w, h) of the ink's letter-sized connected components."""
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    w, h, area = stats[1:, 2], stats[1:, 3], stats[1:, 4]
    keep = (h >= LETTER_MIN * height) & (h <= LETTER_MAX * height) & (w <= LETTER_WIDE * height)
    keep &= area >= 0.02 * height * height
    return stats[1:][keep][:, :4]


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _chain(boxes: np.ndarray, height: float) -> list[np.ndarray]:
    """The letters linked into rows: next to each other and overlapping in height."""
    order = np.argsort(boxes[:, 0], kind="stable")
    boxes = boxes[order]
    parent = list(range(len(boxes)))
    lefts = boxes[:, 0]
    for i, (x, y, w, h) in enumerate(boxes):
        stop = np.searchsorted(lefts, x + w + LETTER_GAP * height, side="right")
        for j in range(i + 1, stop):
            _, yj, _, hj = boxes[j]
            overlap = min(y + h, yj + hj) - max(y, yj)
            if overlap >= ROW_OVERLAP * min(h, hj):
                parent[_find(parent, j)] = _find(parent, i)
    rows: dict[int, list[int]] = {}
    for i in range(len(boxes)):
        rows.setdefault(_find(parent, i), []).append(i)
    return [boxes[idx] for idx in rows.values()]


def _bridged(rows: list[np.ndarray], ink: np.ndarray, height: float) -> list[np.ndarray]:
    """The rows, with the pieces of one row that a mark over it cut apart joined: level with each
    other (overlapping in height as letters of a row do), at most BRIDGE_GAP word heights apart,
    and the space between them inked all along (a word space or a blank ends the row)."""
    pieces = sorted(rows, key=lambda r: int(r[:, 0].min()))
    out: list[np.ndarray] = []
    used = [False] * len(pieces)
    for i, row in enumerate(pieces):
        if used[i]:
            continue
        used[i] = True
        current = row
        for j in range(i + 1, len(pieces)):
            if used[j]:
                continue
            nxt = pieces[j]
            right = int((current[:, 0] + current[:, 2]).max())
            left = int(nxt[:, 0].min())
            if left < right or left - right > BRIDGE_GAP * height:
                continue
            top = max(int(current[:, 1].min()), int(nxt[:, 1].min()))
            bottom = min(
                int((current[:, 1] + current[:, 3]).max()), int((nxt[:, 1] + nxt[:, 3]).max())
            )
            low = min(float(np.median(current[:, 3])), float(np.median(nxt[:, 3])))
            if bottom - top < ROW_OVERLAP * low:
                continue
            blank = _longest_blank(np.asarray(ink[top:bottom, right:left].any(axis=0)))
            if blank <= LETTER_GAP * height * 0.5:
                current = np.concatenate([current, nxt])
                used[j] = True
        out.append(current)
    return out


def _longest_blank(inked: np.ndarray) -> int:
    """The widest run of columns without ink."""
    best = run = 0
    for has in inked:
        run = 0 if has else run + 1
        best = max(best, run)
    return best


def _under_read(row: np.ndarray, read: list[tuple[int, ...]], height: float) -> bool:
    """True when the row begins where a word read just above it begins: the short last line of
    a list or paragraph ("- Lưu: VT."), in the column of the lines over it."""
    left, top = int(row[:, 0].min()), int(row[:, 1].min())
    return any(
        abs(x - left) <= UNDER_LEFT * height and 0 < top - y <= UNDER_DROP * height
        for x, y, _, _ in read
    )


def _printed_line(row: np.ndarray, height: float, letters: int) -> tuple[float, float] | None:
    """(slope, middle) of a row of `letters` or more that is a printed line, or None."""
    if len(row) < letters:
        return None
    left, right = int(row[:, 0].min()), int((row[:, 0] + row[:, 2]).max())
    if right - left < MIN_LENGTH * height:
        return None
    heights = row[:, 3].astype(float)
    usual = float(np.median(heights))
    if usual < ROW_LETTER * height:
        return None  # fragments: a seal's lettering cut by its rings, a signature's broken stroke
    if np.mean((heights >= usual / 1.7) & (heights <= usual * 1.7)) < SAME_SIZE:
        return None
    xs = row[:, 0] + row[:, 2] / 2.0
    ys = row[:, 1] + heights / 2.0
    slope, middle = np.polyfit(xs, ys, 1)
    wobble = float(np.median(np.abs(ys - (slope * xs + middle))))
    if abs(slope) > MAX_SLOPE or wobble > MAX_WOBBLE * height:
        return None
    return float(slope), float(middle)


def _strip(ink: np.ndarray, slope: float, middle: float, half: float) -> np.ndarray:
    """Per column, whether the strip of `half` around the line y = slope * x + middle has ink."""
    rows, cols = ink.shape
    xs = np.arange(cols)
    offsets = np.arange(-round(half), round(half) + 1)
    ys = np.clip(np.round(slope * xs + middle).astype(int)[None, :] + offsets[:, None], 0, rows - 1)
    return np.asarray(ink[ys, xs[None, :]].any(axis=0))


def _extend(inked: np.ndarray, left: int, right: int, gap: int) -> tuple[int, int]:
    """left..right widened while ink continues with blanks shorter than `gap` columns."""
    cols = np.flatnonzero(inked)
    lo = np.searchsorted(cols, left)
    while lo > 0 and cols[lo - 1] >= left - gap:
        lo -= 1
        left = int(cols[lo])
    hi = np.searchsorted(cols, right, side="right")
    while hi < len(cols) and cols[hi] <= right + gap:
        right = int(cols[hi])
        hi += 1
    return left, right


def _erase(ink: np.ndarray, boxes: list[tuple[int, ...]], pad: int) -> np.ndarray:
    left = ink.copy()
    for x, y, w, h in boxes:
        left[max(0, y - pad) : y + h + pad, max(0, x - pad) : x + w + pad] = 0
    return left


def find_missed(
    image: np.ndarray,
    boxes: list[tuple[int, int, int, int]],
    *,
    height: float,
    read: list[tuple[int, int, int, int]] | None = None,
) -> list[Band]:
    """Printed lines of `image` none of the boxes (x, y, w, h) the first reading returned covers.

    `height` is the usual word height in the image's pixels. A line is extended over its ink up to
    the boxes of `read` (the words the first reading kept; by default all the boxes): a garbage word
    returned over part of a missed line does not cut it short. The ink is analysed on a copy reduced
    to ANALYSIS_HEIGHT pixels a word (measured: 6-76 ms on a 300-dpi A4 copy, about 1% of its
    Tesseract reading); the bands come back in the image's own pixels.
    """
    scale = min(1.0, ANALYSIS_HEIGHT / max(height, 1.0))
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = ink_mask(small)
    h = height * scale
    pad = round(ERASE_PAD * h)
    sized = [tuple(round(v * scale) for v in b) for b in boxes]
    left_over = _erase(ink, sized, pad)
    rows = _bridged(_chain(_letters(left_over, h), h), left_over, h)
    kept = [tuple(round(v * scale) for v in b) for b in (boxes if read is None else read)]
    unread = _erase(ink, kept, pad)
    bands = []
    for row in rows:
        short = SHORT_LETTERS if _under_read(row, kept, h) else MIN_LETTERS
        line = _printed_line(row, h, short)
        if line is None:
            continue
        slope, middle = line
        left, right = int(row[:, 0].min()), int((row[:, 0] + row[:, 2]).max())
        left, right = _extend(
            _strip(unread, slope, middle, CORE * h), left, right, round(EXTEND_GAP * h)
        )
        bands.append(
            Band(
                left=max(0, round(left / scale - MARGIN * height)),
                right=min(image.shape[1] - 1, round(right / scale + MARGIN * height)),
                slope=slope,
                middle=middle / scale,
                half=HALF_BAND * height,
            )
        )
    return sorted(bands, key=lambda b: b.centre(b.left))


@dataclass(frozen=True, slots=True)
class Strips:
    """The bands levelled and stacked on a white image for the second reading.

    Canvas column c is image column c + left; band k's strip starts at canvas row tops[k], and
    its row r holds, in image column x, the pixel of row round(centre(x)) - reach + r.
    """

    image: np.ndarray
    bands: tuple[Band, ...]
    tops: tuple[int, ...]
    left: int
    reach: int

    def place(self, word: Word) -> Word:
        """A word read on the canvas moved to where it lies in the image."""
        middle = word.top + word.height / 2
        k = max(0, int(np.searchsorted(self.tops, middle, side="right")) - 1)
        x = word.left + self.left
        row = round(self.bands[k].centre(x + word.width / 2)) - self.reach
        return replace(word, left=x, top=row + word.top - self.tops[k])


def _level(image: np.ndarray, band: Band, reach: int) -> np.ndarray:
    """The band's strip of rows centre(x) - reach .. centre(x) + reach, column by column."""
    xs = np.arange(band.left, band.right + 1)
    offsets = np.arange(-reach, reach + 1)
    ys = np.round(band.slope * xs + band.middle).astype(int)[None, :] + offsets[:, None]
    inside = (ys >= 0) & (ys < image.shape[0])
    strip = image[np.clip(ys, 0, image.shape[0] - 1), xs[None, :]]
    strip[~inside] = 255
    return strip


def canvas(image: np.ndarray, bands: list[Band]) -> Strips:
    """The bands straightened to level and stacked, a band's height of white between them."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    reach = round(max(b.half for b in bands))
    step = 4 * reach
    left = max(0, min(b.left for b in bands) - 2 * reach)
    width = max(b.right for b in bands) - left + 2 * reach + 1
    page = np.full((step * len(bands) + 2 * reach, width), 255, np.uint8)
    tops = []
    for k, band in enumerate(bands):
        top = 2 * reach + k * step
        page[top : top + 2 * reach + 1, band.left - left : band.right - left + 1] = _level(
            grey, band, reach
        )
        tops.append(top)
    return Strips(image=page, bands=tuple(bands), tops=tuple(tops), left=left, reach=reach)


def _overlaps(a: Word, b: Word) -> bool:
    dx = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    dy = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    smaller = min(a.width * a.height, b.width * b.height)
    return dx > 0 and dy > 0 and dx * dy > OVERLAP * max(smaller, 1)


def new_words(first: list[Word], second: list[Word]) -> list[Word]:
    """The words of the second reading that overlap no word of the first, with block and line
    ids after the first reading's."""
    after = max((w.block for w in first), default=0) + 1
    fresh = []
    for w in second:
        moved = replace(w, block=w.block + after, line=w.line + after * 10**6)
        if not any(_overlaps(moved, old) for old in first):
            fresh.append(moved)
    return fresh


def well_read(words: list[Word], confidence: float) -> list[Word]:
    """The words of the lines whose median confidence is `confidence` or more (a printed line
    with a seal's or signature's marks read at an end still counts; keep_text drops the marks)."""
    by_line: dict[int, list[float]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w.confidence)
    good = {line for line, confs in by_line.items() if median(confs) >= confidence}
    return [w for w in words if w.line in good]


def usual_height(words: list[Word], default: float) -> float:
    """The median word height, or `default` on a page with no words."""
    return float(median(w.height for w in words)) if words else default
