"""Scanner and paper defects applied to rendered pages, each one named in the ground truth."""

from __future__ import annotations

import io
import random

import numpy as np
from PIL import Image, ImageFilter

DEGRADATIONS = (
    "clean",
    "skew",
    "rotate90",
    "rotate180",
    "rotate270",
    "noise",
    "blur",
    "jpeg",
    "uneven_light",
    "dark_border",
    "low_dpi",
    "yellowed",
    "seal_over_text",
    "photocopy",
)
ROTATIONS = ("rotate90", "rotate180", "rotate270")
# order in which pixel defects happen: paper, copier, light, placement, optics, sensor, output
ORDER = (
    "photocopy",
    "yellowed",
    "uneven_light",
    "skew",
    "dark_border",
    "blur",
    "noise",
    "rotate90",
    "rotate180",
    "rotate270",
    "low_dpi",
    "jpeg",
)
WEIGHTS = {
    "skew": 5,
    "rotate90": 1,
    "rotate180": 1,
    "rotate270": 1,
    "noise": 3,
    "blur": 3,
    "jpeg": 2,
    "uneven_light": 3,
    "dark_border": 2,
    "low_dpi": 2,
    "yellowed": 2,
    "seal_over_text": 2,
    "photocopy": 2,
}


def draw(rng: random.Random) -> list[str]:
    """0-3 degradations (at most one quarter-turn), in the vocabulary's order."""
    n = rng.choices([0, 1, 2, 3], weights=[25, 35, 25, 15])[0]
    chosen: list[str] = []
    names = sorted(WEIGHTS)
    while len(chosen) < n:
        name = rng.choices(names, weights=[WEIGHTS[k] for k in names])[0]
        if name in chosen or (name in ROTATIONS and any(r in chosen for r in ROTATIONS)):
            continue
        chosen.append(name)
    return [d for d in DEGRADATIONS if d in chosen]


def _arr(img: Image.Image) -> np.ndarray:
    return np.asarray(img, dtype=np.float32)


def _img(arr: np.ndarray) -> Image.Image:
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8))


def yellowed(img: Image.Image, rng: random.Random, nprng: np.random.Generator) -> Image.Image:
    tint = np.array([1.0, rng.uniform(0.95, 0.98), rng.uniform(0.84, 0.9)], dtype=np.float32)
    a = _arr(img)
    h, w = a.shape[:2]
    blot = nprng.normal(0, 1, (h // 200 + 2, w // 200 + 2)).astype(np.float32)
    blot_img = Image.fromarray(((blot - blot.min()) / (np.ptp(blot) + 1e-6) * 255).astype(np.uint8))
    stain = np.asarray(blot_img.resize((w, h), Image.Resampling.BICUBIC), dtype=np.float32) / 255
    shade = 1 - 0.07 * stain[..., None]
    return _img(a * tint * shade)


def photocopy(img: Image.Image, rng: random.Random, nprng: np.random.Generator) -> Image.Image:
    grey = _arr(img.convert("L"))
    faint = rng.uniform(0.55, 0.7)  # black prints as dark grey
    out = 255 - (255 - grey) * faint
    out = out * rng.uniform(0.9, 0.96) + rng.uniform(4, 12)
    speck = nprng.random(grey.shape) < 0.0015
    out[speck] = nprng.uniform(40, 120, int(speck.sum()))
    return _img(np.repeat(out[..., None], 3, axis=2)).filter(ImageFilter.GaussianBlur(0.6))


def uneven_light(img: Image.Image, rng: random.Random, nprng: np.random.Generator) -> Image.Image:
    a = _arr(img)
    h, w = a.shape[:2]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    ang = rng.uniform(0, 2 * np.pi)
    grad = np.cos(ang) * xs / w + np.sin(ang) * ys / h
    grad = (grad - grad.min()) / (np.ptp(grad) + 1e-6)
    cx, cy = rng.uniform(0, w), rng.uniform(0, h)
    shadow = np.exp(-(((xs - cx) / (w * 0.35)) ** 2 + ((ys - cy) / (h * 0.35)) ** 2))
    light = 1 - rng.uniform(0.2, 0.4) * grad - rng.uniform(0.1, 0.25) * shadow
    return _img(a * light[..., None])


def skew(img: Image.Image, rng: random.Random, nprng: np.random.Generator) -> Image.Image:
    angle = rng.uniform(0.3, 5.0) * rng.choice([-1, 1])
    fill = tuple(int(v) for v in _arr(img)[5, 5])
    return img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=fill)  # type: ignore[arg-type]


def dark_border(img: Image.Image, rng: random.Random, nprng: np.random.Generator) -> Image.Image:
    a = _arr(img)
    h, w = a.shape[:2]
    sides = rng.sample(["top", "bottom", "left", "right"], rng.randint(1, 3))
    for side in sides:
        depth = rng.randint(25, 110)
        along = w if side in ("top", "bottom") else h
        edge = depth + np.cumsum(nprng.normal(0, 1.2, along)).clip(-20, 20)
        edge = edge.clip(5, None).astype(int)
        level = rng.uniform(8, 40)
        for i in range(along):
            d = edge[i]
            if side == "top":
                a[:d, i] = level
            elif side == "bottom":
                a[h - d :, i] = level
            elif side == "left":
                a[i, :d] = level
            else:
                a[i, w - d :] = level
    return _img(a)


def blur(img: Image.Image, rng: random.Random, nprng: np.random.Generator) -> Image.Image:
    return img.filter(ImageFilter.GaussianBlur(rng.uniform(1.0, 1.8)))


def noise(img: Image.Image, rng: random.Random, nprng: np.random.Generator) -> Image.Image:
    a = _arr(img)
    a = a + nprng.normal(0, rng.uniform(3, 7), a.shape[:2])[..., None]
    salt = nprng.random(a.shape[:2]) < 0.0008
    a[salt] = 30
    return _img(a)


def jpeg(img: Image.Image, rng: random.Random, nprng: np.random.Generator) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=rng.randint(12, 25))
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def low_dpi(img: Image.Image, rng: random.Random, nprng: np.random.Generator) -> Image.Image:
    return img.resize((img.width // 2, img.height // 2), Image.Resampling.BILINEAR)


PIXEL = {
    "yellowed": yellowed,
    "photocopy": photocopy,
    "uneven_light": uneven_light,
    "skew": skew,
    "dark_border": dark_border,
    "blur": blur,
    "noise": noise,
    "rotate90": lambda img, rng, nprng: img.transpose(Image.Transpose.ROTATE_90),
    "rotate180": lambda img, rng, nprng: img.transpose(Image.Transpose.ROTATE_180),
    "rotate270": lambda img, rng, nprng: img.transpose(Image.Transpose.ROTATE_270),
    "low_dpi": low_dpi,
    "jpeg": jpeg,
}


def scanned(img: Image.Image, rng: random.Random, nprng: np.random.Generator) -> Image.Image:
    """What every flatbed adds, even to a "clean" scan: optics softness and uneven toner."""
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.45, 0.7)))
    a = _arr(img)
    h, w = a.shape[:2]
    blotch = nprng.uniform(0.82, 1.0, (h // 40 + 1, w // 40 + 1)).astype(np.float32)
    blotch_img = Image.fromarray((blotch * 255).astype(np.uint8))
    toner = np.asarray(blotch_img.resize((w, h), Image.Resampling.BICUBIC), dtype=np.float32) / 255
    ink = (255 - a).max(axis=2, keepdims=True) > 60  # only printed strokes; the paper stays even
    a = np.where(ink, 255 - (255 - a) * toner[..., None], a)
    return _img(a)


def apply(img: Image.Image, names: list[str], seed: int) -> Image.Image:
    """Scan `img`, with the defects among `names` in physical order; deterministic for `seed`."""
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    img = scanned(img, rng, nprng)
    for name in ORDER:
        if name in names:
            img = PIXEL[name](img, rng, nprng)
    return img
