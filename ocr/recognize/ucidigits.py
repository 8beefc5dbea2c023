"""The second opinion on a handwritten digit: a k-nearest-neighbour vote over the 1,797 UCI
handwritten digits (ocr/data/digits.csv.gz, see ocr/data/README.txt; 43 writers other than
MNIST's), each digit drawn the way they were (the 32x32 box of the digit's height, 4x4 blocks
counted into an 8x8 grid of 0..16), with small turns and thicker and thinner strokes added when
the classifier is built (once per process). ocr.recognize.handdigits calls a digit sure only when
this vote names the same digit as its MNIST reader.
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
