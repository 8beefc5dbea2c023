"""The third reader of a handwritten digit: a small neural network (one hidden layer) over the
same description of the digit as the MNIST vote (ocr.recognize.handdigits: edge directions and
pooled pixels of the digit framed as MNIST's), trained on the MNIST training split redrawn the
way a clerk's pen draws it in a blank.

A k-nearest-neighbour vote only knows the digits it holds; a pen's digit is narrower, thinner,
more slanted and more wobbly than MNIST's, and a "2" with a loop or a "9" with a short tail is
read as whichever stored digit happens to be nearest. This network is trained on every training
digit redrawn several times (`redrawn`: at a pen's size, narrowed, slanted, turned, elastically
distorted, its stroke thinned or thickened, then framed exactly as a blank's digit is), so it
learns what stays the same under those changes, and it says how sure it is (the probability it
gives its digit), which ocr.recognize.handdigits uses to tier a reading and to choose where
to cut touching digits. numpy and OpenCV only, deterministic (fixed seeds), trained once per
machine (two to four minutes) and kept in the user's cache folder like the MNIST vote.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import cv2
import numpy as np

HIDDEN = 256  # units of the hidden layer
EPOCHS = 10
BATCH = 128
RATE = 2e-3  # Adam's step
DECAY = 2e-5  # weight decay (L2), per step
VARIANTS = 4  # pen redrawings of each training digit, besides the digit as MNIST has it
SEED = 30  # everything random here draws from this: the same network on every machine
MEMBERS = 3  # networks trained from different seeds, their probabilities averaged


@dataclass(frozen=True, slots=True)
class Net:
    """The trained networks (MEMBERS of them, trained alike from different seeds: their
    average is steadier and better calibrated than any one): input scaling, then each
    member's two layers, stacked on a first axis."""

    mean: np.ndarray
    scale: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """(n, classes) probabilities of each class for rows of features, the members'
        average."""
        x = (rows - self.mean) / self.scale
        total = np.zeros((len(rows), self.w2.shape[-1]))
        for w1, b1, w2, b2 in zip(self.w1, self.b1, self.w2, self.b2, strict=True):
            logits = np.maximum(0.0, x @ w1 + b1) @ w2 + b2
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            total += p / p.sum(axis=1, keepdims=True)
        return total / len(self.w1)


def redrawn(
    image: np.ndarray, rng: np.random.Generator, frame: Callable[[np.ndarray], np.ndarray]
) -> np.ndarray | None:
    """One MNIST digit (28x28 float, ink bright) redrawn as a pen writes it in a blank and
    framed by `frame` (a digit's ink, bool, any size -> 28x28 float), the way a blank's digit is
    read: 30-60 pixels tall, 50-100% of its width, slanted (-0.15..0.4 of its height) and
    turned (+-8 degrees), elastically distorted, its stroke 5-14% of its height; None when
    nothing is left of it."""
    ys, xs = np.nonzero(image > 0.2)
    if not len(ys):
        return None
    crop = image[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    height = int(rng.integers(30, 61))
    width = max(3, round(crop.shape[1] * height / crop.shape[0] * rng.uniform(0.5, 1.0)))
    big = cv2.resize(crop, (width, height), interpolation=cv2.INTER_CUBIC)
    pad = height // 2
    big = np.pad(big, pad)
    big = _elastic(big, rng, height)
    h, w = big.shape
    slant, turn = rng.uniform(-0.15, 0.4), rng.uniform(-8.0, 8.0)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), turn, 1.0)
    m[0, 1] -= slant
    m[0, 2] += slant * h / 2
    big = cv2.warpAffine(big, m, (w, h), flags=cv2.INTER_LINEAR)
    ink = (big > 0.45).astype(np.uint8)
    ink = _pen(ink, rng.uniform(0.05, 0.14) * height)
    if ink.sum() < 4:
        return None
    return frame(ink.astype(bool))


def _elastic(big: np.ndarray, rng: np.random.Generator, height: int) -> np.ndarray:
    """The image moved by a smooth random field (Simard et al. 2003): a hand's wobble. The
    field is drawn on a coarse grid (a node every sixth of the digit's height) and smoothed up
    to the image, each pixel moved by at most 6% of the height."""
    h, w = big.shape
    step = max(2, height // 6)
    coarse = rng.uniform(-1.0, 1.0, (2, h // step + 2, w // step + 2)).astype(np.float32)
    reach = rng.uniform(0.0, 0.06) * height
    dx = cv2.resize(coarse[0], (w, h), interpolation=cv2.INTER_CUBIC) * reach
    dy = cv2.resize(coarse[1], (w, h), interpolation=cv2.INTER_CUBIC) * reach
    gx, gy = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    return cv2.remap(big, gx + dx, gy + dy, cv2.INTER_LINEAR, borderValue=0)


def _pen(ink: np.ndarray, target: float) -> np.ndarray:
    """The ink (uint8 0/1) with its strokes thinned or thickened towards `target` pixels."""
    kernel = np.ones((3, 3), np.uint8)
    for _ in range(8):
        edges = ink - cv2.erode(ink, kernel)
        now = 2.0 * float(ink.sum()) / max(1, int(edges.sum()))
        if now > target + 1.5:
            thinner = cv2.erode(ink, kernel)
            if thinner.sum() < 0.35 * ink.sum():
                break
            ink = np.asarray(thinner, np.uint8)
        elif now < max(2.0, target) - 1.5:
            ink = np.asarray(cv2.dilate(ink, kernel), np.uint8)
        else:
            break
    return ink


def train(rows: np.ndarray, labels: np.ndarray, seed: int = SEED) -> Net:
    """A network trained by Adam on the rows (features) and labels (0..n-1: as many outputs),
    softmax cross-entropy."""
    rng = np.random.default_rng(seed)
    classes = int(labels.max()) + 1
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0) + 1e-3
    x = ((rows - mean) / scale).astype(np.float32)
    n, d = x.shape
    params = [
        (rng.standard_normal((d, HIDDEN)) * np.sqrt(2.0 / d)).astype(np.float32),
        np.zeros(HIDDEN, np.float32),
        (rng.standard_normal((HIDDEN, classes)) * np.sqrt(1.0 / HIDDEN)).astype(np.float32),
        np.zeros(classes, np.float32),
    ]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    step = 0
    for epoch in range(EPOCHS):
        rate = RATE * (0.5 ** (epoch / 4))
        order = rng.permutation(n)
        for start in range(0, n, BATCH):
            at = order[start : start + BATCH]
            xb, yb = x[at], labels[at]
            w1, b1, w2, b2 = params
            pre = xb @ w1 + b1
            hidden = np.maximum(0.0, pre)
            logits = hidden @ w2 + b2
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            p[np.arange(len(at)), yb] -= 1.0
            g_logits = p / len(at)
            g_hidden = (g_logits @ w2.T) * (pre > 0)
            grads = [xb.T @ g_hidden, g_hidden.sum(0), hidden.T @ g_logits, g_logits.sum(0)]
            step += 1
            for k, g in enumerate(grads):
                m[k] = 0.9 * m[k] + 0.1 * g
                v[k] = 0.999 * v[k] + 0.001 * g * g
                mh = m[k] / (1 - 0.9**step)
                vh = v[k] / (1 - 0.999**step)
                params[k] -= (rate * (mh / (np.sqrt(vh) + 1e-8) + DECAY * params[k])).astype(
                    np.float32
                )
    return Net(mean.astype(np.float32), scale.astype(np.float32), *(p[None] for p in params))


def trained(rows: np.ndarray, labels: np.ndarray) -> Net:
    """MEMBERS networks trained on the same rows from seeds SEED, SEED + 1, ..., as one."""
    members = [train(rows, labels, SEED + k) for k in range(MEMBERS)]
    first = members[0]
    stacked = (np.concatenate([getattr(m, f) for m in members]) for f in ("w1", "b1", "w2", "b2"))
    return Net(first.mean, first.scale, *stacked)


FIELDS = ("mean", "scale", "w1", "b1", "w2", "b2")
SHIPPED = "digitnet.npz"  # in ocr.data: the network as trained, with the digest it was made under


def _load(source: Traversable, digest: str | None = None) -> Net | None:
    """The network in an .npz file (a path or an importlib resource), None when it cannot be read
    or (with `digest`) was made from other code or data."""
    try:
        with source.open("rb") as raw, np.load(raw) as f:
            if digest is not None and str(f["digest"]) != digest:
                return None
            return Net(*(f[name] for name in FIELDS))
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):
        return None


def _save(net: Net, path: Path, digest: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz")
    with os.fdopen(fd, "wb") as out:
        np.savez(out, digest=np.array(digest), **{name: getattr(net, name) for name in FIELDS})
    os.replace(tmp, path)


@cache
def network(build: Callable[[], tuple[np.ndarray, np.ndarray]], key: bytes) -> Net:
    """The network trained on `build()` (feature rows, labels) from `key` (the code and data it
    is made from) and this module's code. The one shipped in ocr/data when it was made from the
    same (`python -m ocr.recognize.digitnet` writes it: the same network on every machine, no
    training); else trained once per machine and kept in the user's cache folder."""
    digest = _digest(key)
    shipped = _load(resources.files("ocr.data").joinpath(SHIPPED), digest)
    if shipped is not None:
        return shipped
    cached = _cache_file(digest)
    net = _load(cached)
    if net is not None:
        return net
    rows, labels = build()
    net = trained(rows, labels)
    with contextlib.suppress(OSError):  # a read-only home: trained again next time
        _save(net, cached, digest)
    return net


def _digest(key: bytes) -> str:
    """What a network is made from: `key`, this module's training code and settings, the data."""
    training = (redrawn, _elastic, _pen, train, trained)
    settings = (HIDDEN, EPOCHS, BATCH, RATE, DECAY, VARIANTS, SEED, MEMBERS)
    digest = hashlib.sha256("".join(inspect.getsource(f) for f in training).encode())
    digest.update(repr(settings).encode())
    digest.update(key)
    digest.update(resources.files("ocr.data").joinpath("mnist10k.u8.gz").read_bytes())
    return digest.hexdigest()[:16]


def _cache_file(digest: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sohoa" / f"digitnet-{digest}.npz"


def shipped_digest() -> str | None:
    """The digest the shipped network was made under, None without one."""
    try:
        with resources.files("ocr.data").joinpath(SHIPPED).open("rb") as raw, np.load(raw) as f:
            return str(f["digest"])
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):
        return None


def main() -> None:
    """Train the hand reader's network (or take it from the user's cache) and write it into
    ocr/data for every machine to load."""
    from ocr.recognize import handdigits  # the training digits and the key are the reader's

    net = handdigits.network()
    digest = _digest(handdigits.network_key())
    target = Path(__file__).resolve().parent.parent / "data" / SHIPPED
    _save(net, target, digest)
    print(f"{target}: digest {digest}, {target.stat().st_size} bytes")


if __name__ == "__main__":
    main()
