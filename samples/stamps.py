"""Raster elements drawn as RGBA images: red round seal, ink signature, ID photo, QR-like code."""

from __future__ import annotations

import math
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from samples.fonts import FontFamily
from samples.layout import Stamp

SEAL_RED = (205, 32, 38)
SEAL_BLACK = (38, 38, 40)  # a seal as a grey or black-and-white scan shows it
SIGN_INK = (28, 40, 130)


def render(stamp: Stamp, font: FontFamily) -> Image.Image:
    """The stamp as an RGBA image of its size (alpha = ink coverage)."""
    rng = random.Random(stamp.seed)
    if stamp.kind == "seal":
        return seal(stamp.w, stamp.text, font, rng)
    if stamp.kind == "black_seal":
        return seal(stamp.w, stamp.text, font, rng, SEAL_BLACK)
    if stamp.kind == "signature":
        return signature(stamp.w, stamp.h, rng)
    if stamp.kind == "photo":
        return photo(stamp.w, stamp.h, rng)
    if stamp.kind == "qr":
        return qr(stamp.w, rng)
    if stamp.kind == "guilloche":
        return guilloche(stamp.w, stamp.h, rng)
    if stamp.kind == "security":
        return security_print(stamp.w, stamp.h, rng)
    if stamp.kind == "hand":
        from samples.handwriting import hand_digits  # MNIST: loaded only for handwriting

        return hand_digits(stamp.text, stamp.h, stamp.seed)
    raise ValueError(f"unknown stamp kind {stamp.kind}")


def _ink_texture(img: Image.Image, rng: random.Random, strength: float) -> Image.Image:
    """Uneven ink: thin the alpha channel with smooth random patches."""
    w, h = img.size
    np_rng = np.random.default_rng(rng.randrange(2**32))
    small = np_rng.uniform(1 - strength, 1.0, size=(max(2, h // 24), max(2, w // 24)))
    patch = Image.fromarray((small * 255).astype(np.uint8)).resize((w, h), Image.Resampling.BICUBIC)
    alpha = np.asarray(img.getchannel("A"), dtype=np.float32) * (np.asarray(patch) / 255.0)
    speck = np_rng.random((h, w)) < 0.04
    alpha[speck] *= 0.3
    img.putalpha(Image.fromarray(alpha.clip(0, 255).astype(np.uint8)))
    return img


def seal(
    size: int,
    text: str,
    font: FontFamily,
    rng: random.Random,
    ink: tuple[int, int, int] = SEAL_RED,
) -> Image.Image:
    """Round seal (red unless `ink` says): two rings, the organ name around, a star inside."""
    scale = 2
    s = size * scale
    img = Image.new("RGBA", (s, s), (*ink, 0))
    d = ImageDraw.Draw(img)
    c = s / 2
    r_out = c - 6 * scale
    d.ellipse((c - r_out, c - r_out, c + r_out, c + r_out), outline=(*ink, 255), width=9 * scale)
    r_in = r_out * 0.66
    d.ellipse((c - r_in, c - r_in, c + r_in, c + r_in), outline=(*ink, 255), width=4 * scale)
    # star
    r_star, r_star_in = r_in * 0.42, r_in * 0.17
    pts = []
    for k in range(10):
        ang = -math.pi / 2 + k * math.pi / 5
        rad = r_star if k % 2 == 0 else r_star_in
        pts.append((c + rad * math.cos(ang), c - r_in * 0.18 + rad * math.sin(ang)))
    d.polygon(pts, fill=(*ink, 255))
    # ring text: glyphs rotated along the circle, centred on the top, spaced by their advance
    chars = list(text.upper())
    r_text = (r_out + r_in) / 2
    fsize = int((r_out - r_in) * 0.5)
    f = font.get("bold", fsize)
    advances = [f.getlength(ch) * 1.12 + fsize * 0.06 for ch in chars]
    room = r_text * math.radians(335)
    if sum(advances) > room:
        fsize = max(12, int(fsize * room / sum(advances)))
        f = font.get("bold", fsize)
        advances = [f.getlength(ch) * 1.12 + fsize * 0.06 for ch in chars]
    start = -math.pi / 2 - sum(advances) / r_text / 2
    run = 0.0
    for ch, adv in zip(chars, advances, strict=True):
        ang = start + (run + adv / 2) / r_text
        run += adv
        if ch == " ":
            continue
        glyph = Image.new("RGBA", (fsize * 2, fsize * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((fsize, fsize), ch, font=f, fill=(*ink, 255), anchor="mm")
        glyph = glyph.rotate(-math.degrees(ang) - 90, resample=Image.Resampling.BICUBIC)
        gx = c + r_text * math.cos(ang) - fsize
        gy = c + r_text * math.sin(ang) - fsize
        img.alpha_composite(glyph, (int(gx), int(gy)))
    img = img.resize((size, size), Image.Resampling.LANCZOS)
    img = img.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC)
    return _ink_texture(img, rng, 0.45)


def signature(w: int, h: int, rng: random.Random) -> Image.Image:
    """A cursive-looking signature in blue ink: looping strokes, a slant, an underline flourish."""
    img = Image.new("RGBA", (w, h), (*SIGN_INK, 0))
    d = ImageDraw.Draw(img)
    strokes = rng.randint(1, 3)
    x = w * rng.uniform(0.05, 0.15)
    for _ in range(strokes):
        loops = rng.randint(2, 5)
        length = w * rng.uniform(0.2, 0.75 / strokes)
        r = h * rng.uniform(0.12, 0.22)
        base = h * rng.uniform(0.4, 0.6)
        pts = []
        steps = loops * 24
        for k in range(steps + 1):
            t = k / steps
            phase = 2 * math.pi * loops * t
            amp = r * (0.6 + 0.5 * math.sin(math.pi * t)) * rng.uniform(0.9, 1.1)
            px = x + length * t - amp * 0.8 * math.sin(phase)
            py = base - amp * math.cos(phase) * (1.4 if k < steps / loops else 1.0)
            pts.append((px + (base - py) * 0.35, py))  # slant to the right
        d.line(pts, fill=(*SIGN_INK, 235), width=rng.randint(4, 6), joint="curve")
        x += length + w * rng.uniform(0.02, 0.08)
    y = h * rng.uniform(0.72, 0.85)
    d.line(
        [(w * 0.08, y + 10), (w * 0.5, y - 6), (min(x, w * 0.95), y + 4)],
        fill=(*SIGN_INK, 220),
        width=4,
        joint="curve",
    )
    return img.filter(ImageFilter.GaussianBlur(0.8))


def photo(w: int, h: int, rng: random.Random) -> Image.Image:
    """A grey head-and-shoulders portrait placeholder on a light blue background."""
    img = Image.new("RGBA", (w, h), (212, 226, 240, 255))
    d = ImageDraw.Draw(img)
    tone = rng.randint(90, 140)
    d.ellipse((w * 0.3, h * 0.14, w * 0.7, h * 0.56), fill=(tone + 60, tone + 40, tone + 20, 255))
    d.ellipse((w * 0.08, h * 0.58, w * 0.92, h * 1.3), fill=(tone - 40, tone - 40, tone - 30, 255))
    d.pieslice((w * 0.28, h * 0.08, w * 0.72, h * 0.42), 180, 360, fill=(40, 30, 30, 255))
    return img.filter(ImageFilter.GaussianBlur(2))


def qr(size: int, rng: random.Random) -> Image.Image:
    """A QR-looking square of modules with the three finder patterns."""
    n = 29
    cell = size / n
    img = Image.new("RGBA", (size, size), (255, 255, 255, 255))
    d = ImageDraw.Draw(img)
    for i in range(n):
        for j in range(n):
            if rng.random() < 0.5:
                d.rectangle(
                    (j * cell, i * cell, (j + 1) * cell, (i + 1) * cell), fill=(0, 0, 0, 255)
                )
    for fi, fj in ((0, 0), (0, n - 7), (n - 7, 0)):
        x0, y0 = fj * cell, fi * cell
        d.rectangle((x0, y0, x0 + 7 * cell, y0 + 7 * cell), fill=(255, 255, 255, 255))
        d.rectangle((x0, y0, x0 + 7 * cell, y0 + 7 * cell), outline=(0, 0, 0, 255), width=int(cell))
        d.rectangle(
            (x0 + 2 * cell, y0 + 2 * cell, x0 + 5 * cell, y0 + 5 * cell), fill=(0, 0, 0, 255)
        )
    return img


def guilloche(w: int, h: int, rng: random.Random) -> Image.Image:
    """Faint security-print waves for the ID card background."""
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    phase = rng.uniform(0, math.pi)
    for k in range(0, h + 60, 26):
        pts = [(x, k + 14 * math.sin(x / 55 + phase + k / 90)) for x in range(0, w + 10, 10)]
        d.line(pts, fill=(120, 160, 200, 70), width=2)
    return img


def security_print(w: int, h: int, rng: random.Random) -> Image.Image:
    """A page-wide security print (birth and land certificates): crossing fine waves and a
    central rosette in a pale colour, as the state printing works prints the blank forms."""
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    colour = rng.choice([(200, 120, 140), (120, 170, 130), (130, 150, 200), (210, 170, 110)])
    alpha = rng.randint(60, 110)
    phase = rng.uniform(0, math.pi)
    step = rng.randint(18, 28)
    for sign in (1, -1):
        for k in range(-h // 2, h + h // 2, step):
            pts: list[tuple[float, float]] = [
                (float(x), k + sign * x * 0.25 + 18 * math.sin(x / 70 + phase + k / 60))
                for x in range(0, w + 20, 20)
            ]
            d.line(pts, fill=(*colour, alpha), width=2)
    cx, cy, r = w / 2, h / 2, min(w, h) * rng.uniform(0.25, 0.35)
    for n in range(36):
        a = n * math.pi / 18
        pts = []  # reuses the wave list's type
        for t in range(0, 361, 6):
            u = math.radians(t)
            rr = r * (0.55 + 0.45 * math.sin(5 * u + a))
            pts.append((cx + rr * math.cos(u + a), cy + rr * math.sin(u + a)))
        d.line(pts, fill=(*colour, alpha), width=2)
    return img
