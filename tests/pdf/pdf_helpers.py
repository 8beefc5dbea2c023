"""Helpers of the PDF/ALTO tests: scan-like pages rendered with known word boxes, tool runners."""

from __future__ import annotations

import math
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ocr.types import PageText, Word

FONT = Path("/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf")

# A short administrative text with every kind of Vietnamese letter the brief names.
LINES = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "GIẤY XÁC NHẬN",
    "Họ và tên: Nguyễn Thị Ánh Tuyết, sinh năm 1990",
    "Nơi cư trú: xã Mỹ An, huyện Tháp Mười, Đồng Tháp",
    "Số CCCD: 087190001234; ỷ, ữ, ặ, ờ, ự, ẫ, ỡ",
    "Ủy ban nhân dân xã xác nhận nội dung trên là đúng sự thật.",
)


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run a tool, text output, raising when it fails."""
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=True)


def normalize(text: str) -> str:
    """Collapse every run of whitespace to one space."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class RenderedPage:
    """A page image and the exact boxes of the words drawn on it."""

    image: np.ndarray
    text: PageText


def render_page(
    lines: tuple[str, ...] = LINES,
    *,
    dpi: float = 300,
    size_in: tuple[float, float] = (8.27, 11.69),  # A4
    colour: bool = False,
    scan_noise: bool = True,
) -> RenderedPage:
    """Draw the lines at 12 pt on an A4 page; word boxes come from the font's ink boxes."""
    width, height = round(size_in[0] * dpi), round(size_in[1] * dpi)
    paper = (246, 243, 236) if colour else (244, 244, 244)
    img = Image.new("RGB", (width, height), paper)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), size=round(12 / 72 * dpi))
    space = draw.textlength(" ", font=font)
    words: list[Word] = []
    y = round(1.0 * dpi)
    for line_no, line in enumerate(lines):
        x = round(0.9 * dpi)
        for token in line.split():
            box = draw.textbbox((x, y), token, font=font)
            left, top = math.floor(box[0]), math.floor(box[1])
            right, bottom = math.ceil(box[2]), math.ceil(box[3])
            draw.text((x, y), token, font=font, fill=(30, 30, 90) if colour else (20, 20, 20))
            words.append(
                Word(token, left, top, right - left, bottom - top, 95.0, line=line_no, block=0)
            )
            x += round(draw.textlength(token, font=font) + space)
        y += round(0.3 * dpi)
    array = np.asarray(img)[:, :, ::-1].copy()  # RGB -> BGR
    if scan_noise:
        rng = np.random.default_rng(7)
        noisy = array.astype(np.int16) + rng.normal(0, 6, array.shape).astype(np.int16)
        array = cv2.GaussianBlur(np.clip(noisy, 0, 255).astype(np.uint8), (3, 3), 0)
    if not colour:
        array = cv2.cvtColor(array, cv2.COLOR_BGR2GRAY)
    text = PageText(
        width=width,
        height=height,
        dpi=dpi,
        words=tuple(words),
        text="\n".join(lines),
        confidence=95.0,
    )
    return RenderedPage(array, text)
