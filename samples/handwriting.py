"""Numbers and days a clerk writes by pen into the blanks of a Decree 30 header.

Many offices print "Số:      /CT-UBND" and "Quảng Ngãi, ngày      tháng 3 năm 2018" and fill
the blanks by hand when the paper is signed. `write_blanks` turns the printed number and day of
a laid-out page into such blanks with handwritten digits in them. The digits are MNIST digits
of the 2,000 the hand reader (ocr.recognize.handdigits) holds out of its training, so a set made
with them measures the reader on writing it has never seen; each is redrawn in a pen: blue or
black ink, a stroke width, a slant, a spacing (touching digits too) and a wobble of the
baseline drawn by the stamp's seed. The ground truth (the fields) does not change: the value
is the one written.
"""

from __future__ import annotations

import random
from functools import cache

import cv2
import numpy as np
from PIL import Image

from ocr.recognize.handdigits import held_out, mnist
from samples.fonts import FontFamily
from samples.layout import Page, Stamp, Text

HAND_TYPES = ("decision", "administrative_document")
INKS = ((28, 48, 150), (35, 60, 175), (45, 40, 120), (25, 25, 30), (40, 40, 48))  # blue, black
PEN = (0.06, 0.13)  # stroke width over the digit's height
SLANT = (-0.12, 0.38)  # horizontal shift of the top over the height (right-leaning mostly)
SPACING = (-0.03, 0.3)  # gap between digits over the height (below 0: touching)
# width kept of MNIST's digits: a ballpoint's digits in a blank are narrower (width over height
# of the real blanks' digits other than "1": 0.2-0.6; of MNIST's: about 0.6-0.8)
NARROW = (0.55, 1.0)


@cache
def _held_out_digits() -> dict[int, np.ndarray]:
    """The held-out MNIST digits (never in the reader's training) by class, float 0..1."""
    images, labels = mnist()
    mask = held_out(labels)
    return {d: images[mask & (labels == d)].astype(np.float32) / 255.0 for d in range(10)}


def _stroke_width(ink: np.ndarray) -> float:
    edges = ink - cv2.erode(ink, np.ones((3, 3), np.uint8))
    return 2.0 * float(ink.sum()) / max(1, int(edges.sum()))


def _glyph(image: np.ndarray, height: int, pen: float, narrow: float) -> np.ndarray:
    """An MNIST digit redrawn `height` pixels tall, `narrow` of its width, with strokes `pen`
    of the height (uint8 0/1)."""
    ys, xs = np.nonzero(image > 0.2)
    crop = image[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    scale = height / crop.shape[0]
    width = max(2, round(crop.shape[1] * scale * narrow))
    big = cv2.resize(crop, (width, height), interpolation=cv2.INTER_CUBIC)
    ink = (big > 0.45).astype(np.uint8)
    target = max(2.0, pen * height)
    kernel = np.ones((3, 3), np.uint8)
    for _ in range(6):  # MNIST's stroke is wider than most pens': thinned (or thickened) to it
        width_now = _stroke_width(ink)
        if width_now > target + 1.5:
            thinner = cv2.erode(ink, kernel)
            if thinner.sum() < 0.35 * ink.sum():
                break
            ink = np.asarray(thinner, np.uint8)
        elif width_now < target - 1.5:
            ink = np.asarray(cv2.dilate(ink, kernel), np.uint8)
        else:
            break
    return ink


def hand_digits(text: str, height: int, seed: int) -> Image.Image:
    """Digits written by hand about `height` pixels tall, as an RGBA image (alpha = ink)."""
    rng = random.Random(seed)
    colour = rng.choice(INKS)
    pen, slant = rng.uniform(*PEN), rng.uniform(*SLANT)
    spacing, narrow = rng.uniform(*SPACING), rng.uniform(*NARROW)
    pool = _held_out_digits()
    glyphs = []
    for ch in text:
        digits = pool[int(ch)]
        tall = round(height * rng.uniform(0.88, 1.1))
        glyph = _glyph(digits[rng.randrange(len(digits))], tall, pen, narrow)
        glyphs.append((glyph, rng.uniform(-1, 1)))
    pad = round(0.15 * height) + 4
    total = sum(g.shape[1] for g, _ in glyphs) + round(spacing * height) * (len(glyphs) - 1)
    canvas = np.zeros((round(1.3 * height) + 2 * pad, max(1, total) + 2 * pad), np.uint8)
    x = pad
    for g, wobble in glyphs:
        bottom = pad + round(1.15 * height + 0.06 * height * wobble)
        top = max(0, bottom - g.shape[0])
        region = canvas[top : top + g.shape[0], x : x + g.shape[1]]
        region |= g[: region.shape[0], : region.shape[1]]
        x += g.shape[1] + round(spacing * height)
    h, w = canvas.shape
    shift = abs(slant) * h
    shear = np.array([[1.0, -slant, slant * h if slant > 0 else 0.0], [0.0, 1.0, 0.0]], np.float32)
    canvas = cv2.warpAffine(canvas * 255, shear, (w + round(shift), h), flags=cv2.INTER_LINEAR)
    alpha = cv2.GaussianBlur(canvas.astype(np.float32), (0, 0), 0.7) * rng.uniform(0.85, 0.97)
    rgba = np.zeros((*alpha.shape, 4), np.uint8)
    rgba[..., :3] = colour
    rgba[..., 3] = alpha.clip(0, 255).astype(np.uint8)
    ys, xs = np.nonzero(rgba[..., 3] > 8)
    return Image.fromarray(rgba[: ys.max() + 2, max(0, xs.min() - 1) : xs.max() + 2])


def write_blanks(
    page: Page, fields: dict[str, str], font: FontFamily, rng: random.Random, rate: float
) -> list[str]:
    """On the first page of a Decree 30 paper, the printed number and day each made a blank
    written in by hand, each with probability `rate`; returns the fields so written."""
    written = []
    number = str(fields.get("document_number", "")).split("/")[0]
    day = str(fields.get("issue_date", ""))[8:10]
    for key, digits in (("document_number", number), ("issue_date", day)):
        if not digits.isdigit() or rng.random() >= rate:
            continue
        if key == "issue_date" and digits.startswith("0") and rng.random() < 0.35:
            digits = digits[1:]  # "4" as often as "04"
        if _blank(page, key, digits, font, rng):
            written.append(key)
    return written


def _blank(page: Page, key: str, digits: str, font: FontFamily, rng: random.Random) -> bool:
    """Split the printed text item of the number ("Số: 239/QĐ-UBND") or the day ("..., ngày
    05 tháng 02 năm 2025") around a blank, and write `digits` in it by hand."""
    for n, item in enumerate(page.items):
        if not isinstance(item, Text):
            continue
        if key == "document_number" and item.text.startswith("Số: "):
            head = "Số: "
            tail = item.text[len(head) :].lstrip("0123456789")
        elif key == "issue_date" and ", ngày " in item.text:
            head = item.text[: item.text.index(", ngày ") + len(", ngày ")]
            tail = item.text[len(head) :].lstrip("0123456789 ")
        else:
            continue
        face = font.get(item.style, item.size)
        height = round(item.size * rng.uniform(0.8, 1.2))
        seed = rng.randrange(2**31)
        image = hand_digits(digits, height, seed)
        room = max(image.width + round(item.size * rng.uniform(0.1, 0.9)), round(1.6 * item.size))
        start = item.x + face.getlength(head.rstrip()) + face.getlength(" ")
        x = start + rng.uniform(0.15, 0.5) * (room - image.width)
        bottom = item.y + rng.uniform(-0.05, 0.15) * item.size
        page.items[n : n + 1] = [
            Text(item.x, item.y, head.rstrip(), item.style, item.size, item.color),
            Text(start + room, item.y, tail, item.style, item.size, item.color),
            Stamp("hand", x, bottom - image.height, image.width, height, seed, digits),
        ]
        return True
    return False
