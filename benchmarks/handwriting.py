"""The hand reader of a Decree 30 header's blanks on digits it never trained on, without OCR.

    .venv/bin/python -m benchmarks.handwriting [--count 400] [--seed 1] [--show]

Each case is a printed "Số:      /QĐ-UBND" row (a held-out font, samples.fonts) with a number of
1-4 digits, or a day of 1-2, written into the blank by samples.handwriting (held-out MNIST
digits the reader does not train on, a pen's colour, width, slant and spacing drawn by the
seed), sometimes blurred, noisy or grey as a photocopy, then read as the pipeline reads a blank
(ocr.recognize.handdigits.read_box over the gap between the printed words). Printed: of the
blanks, the share read sure, likely (not every digit sure: see handdigits.judged), only as a
guess, or not at all, and how many of each were right. ocr.fields.blanks writes a sure or likely
reading (flagged, the reason saying which) into an empty field when the value checks, and never a
guess (the field stays empty, flagged, the guess named in the reason).
"""

from __future__ import annotations

import argparse
import random
from collections import Counter

import cv2
import numpy as np
from PIL import Image, ImageDraw

from ocr.recognize.handdigits import read_box
from samples.fonts import FONT_SETS, family
from samples.handwriting import hand_digits
from samples.layout import pt


def case(rng: random.Random) -> tuple[np.ndarray, tuple[int, int, int, int], int, str]:
    """A printed row with a handwritten blank: BGR image, the blank's box, text height, digits."""
    font = family(rng.choice(FONT_SETS["heldout"]))
    size = pt(13)
    face = font.get("regular", size)
    if rng.random() < 0.5:
        digits = str(rng.randint(1, rng.choice((9, 99, 999, 3999))))
    else:
        day = rng.randint(1, 31)
        digits = f"{day:02d}" if rng.random() < 0.65 else str(day)
    hand = hand_digits(digits, round(size * rng.uniform(0.8, 1.2)), rng.randrange(2**31))
    img = Image.new("RGB", (1000, 260), (250, 250, 246))
    draw = ImageDraw.Draw(img)
    base = 170
    draw.text((60, base), "Số:", font=face, fill=(22, 22, 26), anchor="ls")
    start = 60 + round(face.getlength("Số: "))
    room = max(hand.width + round(size * rng.uniform(0.1, 0.9)), round(1.6 * size))
    end = start + room
    draw.text((end, base), "/QĐ-UBND", font=face, fill=(22, 22, 26), anchor="ls")
    x = start + round(rng.uniform(0.15, 0.5) * (room - hand.width))
    bottom = base + round(rng.uniform(-0.05, 0.15) * size)
    over = np.asarray(hand, np.float32)
    region = np.asarray(img, np.float32)[bottom - hand.height : bottom, x : x + hand.width]
    a = over[..., 3:4] / 255.0
    region = region * (1 - a + a * over[..., :3] / 255.0)
    page = np.asarray(img).copy()
    page[bottom - hand.height : bottom, x : x + hand.width] = region.clip(0, 255).astype(np.uint8)
    page = _degraded(cv2.cvtColor(page, cv2.COLOR_RGB2BGR), rng)
    cap = round(0.72 * size)
    return page, (start, base - cap, end, base + round(0.05 * size)), cap, digits


def _degraded(page: np.ndarray, rng: random.Random) -> np.ndarray:
    """None, blur, noise or a grey photocopy, as the generator's degradations draw them."""
    kind = rng.choice(("clean", "blur", "noise", "photocopy"))
    if kind == "blur":
        page = cv2.GaussianBlur(page, (0, 0), rng.uniform(0.8, 1.6))
    elif kind == "noise":
        noise = np.random.default_rng(rng.randrange(2**31)).normal(0, 12, page.shape)
        page = (page.astype(np.float32) + noise).clip(0, 255).astype(np.uint8)
    elif kind == "photocopy":
        page = cv2.cvtColor(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    return page


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.handwriting")
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", action="store_true", help="print every wrong reading")
    args = parser.parse_args(argv)
    rng = random.Random(f"handwriting/{args.seed}")
    tiers: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for n in range(args.count):
        page, box, height, digits = case(rng)
        got = read_box(page, box, height)
        tier = "sure" if got.sure else "likely" if got.likely else "guess" if got.digits else "none"
        tiers[tier] += 1
        right[tier] += got.digits == digits
        if args.show and got.digits != digits:
            print(f"  {n:4d} {digits!r:>7} read {got.digits!r:>8} ({tier})")
    total = max(1, args.count)
    print(f"{args.count} handwritten blanks (held-out MNIST digits, held-out fonts)")
    for tier in ("sure", "likely", "guess", "none"):
        share = tiers[tier] / total
        acc = right[tier] / max(1, tiers[tier])
        print(f"  {tier:8s} {share:6.1%} of the blanks, {acc:6.1%} of them read right")
    strong = tiers["sure"] + tiers["likely"]
    good = right["sure"] + right["likely"]
    print(f"  sure or likely {strong / total:6.1%}: right {good / total:6.1%}, "
          f"wrong {(strong - good) / total:6.1%}")  # fmt: skip
    print(f"  all digits right, any tier: {sum(right.values()) / total:.1%}")


if __name__ == "__main__":
    main()
