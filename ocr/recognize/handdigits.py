"""Digits written by hand into the blanks of a printed form ("Số: 239 /TTr-UBND", "ngày 20").

Tesseract is trained on print and reads a clerk's handwritten number as nothing or junk. This
module reads such a short run of digits from the page image: the ink in the blank is cut into
connected components (touching digits split at their thinnest column), each component is drawn
the way the UCI handwritten digits were (the 32x32 box of the digit's height, 4x4 blocks counted
into an 8x8 grid of 0..16) and given to a k-nearest-neighbour vote over those 1,797 digits
(ocr/data/digits.csv.gz, see ocr/data/README.txt; numpy, OpenCV 5 has no ml module), with small turns and thicker and thinner
strokes added when the classifier is built (once per process). A digit the neighbours do not
agree on, or whose nearest neighbour is far, makes the whole reading refused: a value read by
machine from handwriting is a suggestion for a person, never better than none.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache
from importlib import resources

import cv2
import numpy as np

# pen width of the UCI digits in their 32x32 box by the measure of `widen_strokes`: median 5.6,
# quartiles 4.7 and 6.3 (their 8x8 grids drawn back at 32x32); on the real blanks 4, 5 and 6
# were tried: 5 read the most digits right (49 of 64, against 45 without widening)
STROKE = 5.0
K = 9  # neighbours that vote
MIN_VOTES = 7  # of the K, at least this many name the same digit
MAX_DISTANCE = 28.0  # Euclidean, 0..16 grid units; a nearest training digit farther is no digit
_TURNS = (-10.0, 10.0)  # degrees, added when the classifier is built
_EDGE = 0.4  # a component cut by the blank's side and narrower than this (text heights) is print
_SPECK = 0.08  # a component shorter than this share of the blank's text height is a speck


@dataclass(frozen=True, slots=True)
class DigitReading:
    """Digits read from handwriting: the digits, and for each how sure the vote was."""

    digits: str
    votes: tuple[int, ...]  # neighbours (of K) that named each digit
    distances: tuple[float, ...]  # distance to the nearest training digit, per digit

    @property
    def sure(self) -> bool:
        """True when every digit had a clear majority of near neighbours."""
        return bool(self.digits) and all(
            v >= MIN_VOTES and d <= MAX_DISTANCE
            for v, d in zip(self.votes, self.distances, strict=True)
        )


def _training() -> tuple[np.ndarray, np.ndarray]:
    """The UCI digits (8x8, 0..16) as float rows, with their labels."""
    raw = resources.files("ocr.data").joinpath("digits.csv.gz").read_bytes()
    table = np.loadtxt(gzip.decompress(raw).decode().splitlines(), delimiter=",")
    return table[:, :64].astype(np.float32), table[:, 64].astype(np.int32)


def _variants(grid: np.ndarray) -> list[np.ndarray]:
    """Small turns and thicker/thinner strokes of one 8x8 digit, drawn at 32x32 and pooled."""
    big = cv2.resize(grid.reshape(8, 8) / 16.0, (32, 32), interpolation=cv2.INTER_LINEAR)
    ink = (big > 0.5).astype(np.uint8)
    out = []
    for angle in _TURNS:
        m = cv2.getRotationMatrix2D((16, 16), angle, 1.0)
        out.append(cv2.warpAffine(ink, m, (32, 32), flags=cv2.INTER_NEAREST))
    kernel = np.ones((3, 3), np.uint8)
    out += [cv2.dilate(ink, kernel), cv2.erode(ink, np.ones((2, 2), np.uint8))]
    return [pool(v.astype(bool)) for v in out if v.any()]


@dataclass(frozen=True, slots=True)
class Neighbours:
    """The training digits the vote is taken over (rows of 64 values) and their labels."""

    rows: np.ndarray
    labels: np.ndarray
    norms: np.ndarray  # squared length of each row, for the distances


@cache
def classifier() -> Neighbours:
    """The digits the k-nearest-neighbour vote is taken over, built once per process."""
    x, y = _training()
    rows, labels = [x], [y]
    for grid, label in zip(x, y, strict=True):
        extra = _variants(grid)
        rows.append(np.array(extra, np.float32))
        labels.append(np.full(len(extra), label, np.int32))
    table = np.concatenate(rows)
    return Neighbours(table, np.concatenate(labels), (table**2).sum(axis=1))


def pool(ink: np.ndarray) -> np.ndarray:
    """A digit's ink (bool) drawn as the UCI digits are: scaled to 32 pixels high (width in
    proportion, at most 32), centred, and counted in 4x4 blocks into 64 values of 0..16."""
    ys, xs = np.nonzero(ink)
    if not len(ys):
        return np.zeros(64, np.float32)
    crop = ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].astype(np.uint8) * 255
    h, w = crop.shape
    scale = 32.0 / max(h, w)
    nw, nh = max(1, min(32, round(w * scale))), max(1, min(32, round(h * scale)))
    small = cv2.resize(crop, (nw, nh), interpolation=cv2.INTER_AREA) > 96
    box = np.zeros((32, 32), bool)
    top, left = (32 - nh) // 2, (32 - nw) // 2
    box[top : top + nh, left : left + nw] = small
    box = widen_strokes(box)
    return box.reshape(8, 4, 8, 4).sum(axis=(1, 3)).reshape(64).astype(np.float32)


def widen_strokes(box: np.ndarray) -> np.ndarray:
    """The digit (32x32, bool) with its strokes widened to the UCI pen's width when thinner: a
    fine pen's digit is otherwise far from all of them. Width = 2 x ink / edge pixels."""
    ink = box.astype(np.uint8)
    edges = ink - cv2.erode(ink, np.ones((3, 3), np.uint8))
    width = 2.0 * float(ink.sum()) / max(1, int(edges.sum()))
    grow = round(STROKE - width)
    if grow <= 0:
        return box
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (grow + 1, grow + 1))
    return cv2.dilate(ink, kernel).astype(bool)


def classify(ink: np.ndarray) -> tuple[int, int, float]:
    """(digit, votes of K for it, distance to the nearest training digit) of one digit's ink."""
    known = classifier()
    x = pool(ink)
    dists = known.norms - 2.0 * known.rows @ x + float(x @ x)
    nearest = np.argpartition(dists, K)[:K]
    votes = np.bincount(known.labels[nearest], minlength=10)
    digit = int(votes.argmax())
    return digit, int(votes[digit]), float(np.sqrt(max(0.0, dists[nearest].min())))


def ink_of(grey: np.ndarray) -> np.ndarray:
    """Dark pixels (bool) of a grey crop, by Otsu's threshold (blank paper: nothing)."""
    level, binary = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    if level > 200 or grey.min() > 160:
        return np.zeros(grey.shape, bool)  # no ink darker than the paper's shade
    return binary > 0


def pieces(ink: np.ndarray, core: tuple[int, int], height: float) -> list[np.ndarray]:
    """The digits of a blank, left to right: connected components that reach into the text's
    band (`core`, rows), specks dropped, strokes above one another joined, wide runs split."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    spans: list[list[int]] = []
    for i in range(1, count):
        x, y, w, h, _ = stats[i]
        if h < _SPECK * height * 3 or y > core[1] or y + h < core[0]:
            continue
        if (x == 0 or x + w == ink.shape[1]) and w < _EDGE * height:
            continue  # the tail of the printed word beside the blank ("ngày"'s y, "tháng"'s t)
        spans.append([x, x + w, h, i])
    spans.sort()
    groups: list[list[int]] = []
    for x0, x1, h, i in spans:
        if groups and _stroke_of(groups[-1], (x0, x1, h)):
            g = groups[-1]
            g[0], g[1], g[2] = min(x0, g[0]), max(x1, g[1]), max(h, g[2])
            g.append(i)
        else:
            groups.append([x0, x1, h, i])
    out: list[np.ndarray] = []
    for g in groups:
        part = np.isin(labels[:, g[0] : g[1]], g[3:])
        out += split_wide(part)
    return out


def _stroke_of(group: list[int], piece: tuple[int, int, int]) -> bool:
    """True when a component is another stroke of the digit before it (the bar of a "5", the
    stem of a "4"): under or over it, most of the narrower one's width shared, and one of the
    two clearly shorter (two digits side by side are both of the full height)."""
    x0, x1, h = piece
    shared = min(x1, group[1]) - max(x0, group[0])
    narrower = min(x1 - x0, group[1] - group[0])
    return shared > 0.5 * narrower and min(h, group[2]) < 0.7 * max(h, group[2])


def split_wide(part: np.ndarray) -> list[np.ndarray]:
    """One component, or the digits it holds when it is wider than a digit is: cut at the
    thinnest column of its middle, again while a piece is still too wide."""
    rows = np.nonzero(part.any(axis=1))[0]
    height = rows.max() - rows.min() + 1 if len(rows) else 0
    width = part.shape[1]
    if height == 0 or width <= 1.1 * height:
        return [part]
    columns = part.sum(axis=0).astype(float)
    lo, hi = max(1, int(0.3 * width)), min(width - 1, int(0.7 * width))
    if hi <= lo:  # a sliver a few pixels wide (a thin stroke's end): nothing to cut
        return [part]
    cut = lo + int(np.argmin(columns[lo:hi]))
    return split_wide(part[:, :cut]) + split_wide(part[:, cut:])


def read_digits(grey: np.ndarray, core: tuple[int, int], height: float) -> DigitReading:
    """The digits written in a blank (a grey crop of the page; `core`: the rows of the printed
    text's band in it; `height`: that text's height in pixels)."""
    found = [classify(p) for p in pieces(ink_of(grey), core, height) if p.any()]
    return DigitReading(
        "".join(str(d) for d, _, _ in found),
        tuple(v for _, v, _ in found),
        tuple(dist for _, _, dist in found),
    )


def read_box(page: np.ndarray, box: tuple[int, int, int, int], height: int) -> DigitReading:
    """The digits written in a box of a grey page image (left, top, right, bottom), looking
    half a text height above and below it: a pen's digits are taller than the print."""
    left, top, right, bottom = box
    pad = height // 2
    y0, y1 = max(0, top - pad), min(page.shape[0], bottom + pad)
    crop = page[y0:y1, max(0, left) : min(page.shape[1], right)]
    if crop.size == 0:
        return DigitReading("", (), ())
    return read_digits(crop, (top - y0, bottom - y0), float(height))
