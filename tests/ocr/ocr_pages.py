"""Synthetic Vietnamese administrative pages rendered with PIL, with their true reading-order text.

Made here, from the Liberation fonts, so every test input says where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
REGULAR = FONT_DIR / "LiberationSerif-Regular.ttf"
BOLD = FONT_DIR / "LiberationSerif-Bold.ttf"

HEADER_LEFT = ["ỦY BAN NHÂN DÂN", "HUYỆN ĐÔNG ANH", "Số: 215/QĐ-UBND"]
HEADER_RIGHT = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Đông Anh, ngày 12 tháng 3 năm 2024",
]
TITLE = ["QUYẾT ĐỊNH", "Về việc cấp giấy phép xây dựng nhà ở riêng lẻ"]
BODY = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Luật Xây dựng ngày 18 tháng 6 năm 2014 và các văn bản hướng dẫn;",
    "Xét đề nghị của Trưởng phòng Quản lý đô thị huyện tại Tờ trình số 87,",
    "Điều 1. Cấp giấy phép xây dựng cho ông Trần Văn Hùng, thường trú tại",
    "thôn Cổ Loa, xã Cổ Loa, huyện Đông Anh, thành phố Hà Nội.",
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký ban hành.",
]
SIGN_LEFT = ["Nơi nhận:", "- Như Điều 2;", "- Lưu: VT."]
SIGN_RIGHT = ["CHỦ TỊCH", "Nguyễn Thị Phương"]


@dataclass(frozen=True)
class Page:
    image: np.ndarray  # BGR
    dpi: float
    text: str  # reading-order truth
    name_box: tuple[int, int, int, int]  # (left, top, right, bottom) of the signer's name


def _font(path: Path, points: float, dpi: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), max(6, round(points * dpi / 72)))


def render_page(
    dpi: float = 300.0, *, seal: bool = False, title_colour: tuple[int, int, int] = (0, 0, 0)
) -> Page:
    """An A4 decision with a two-column header, body and signature block (white paper, BGR)."""
    mm = dpi / 25.4
    width, height = round(210 * mm), round(297 * mm)
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    reg, bold = _font(REGULAR, 13, dpi), _font(BOLD, 13, dpi)
    step = round(7.5 * mm)
    margin_l, margin_r = round(30 * mm), width - round(20 * mm)

    def centred(
        x_mid: float,
        y: float,
        text: str,
        font: ImageFont.FreeTypeFont,
        colour: tuple[int, int, int] = (0, 0, 0),
    ) -> None:
        w = draw.textlength(text, font=font)
        draw.text((x_mid - w / 2, y), text, font=font, fill=colour)

    y = round(20 * mm)
    left_mid, right_mid = margin_l + 30 * mm, margin_r - 55 * mm
    for i, line in enumerate(HEADER_LEFT):
        centred(left_mid, y + i * step, line, bold if i < 2 else reg)
    for i, line in enumerate(HEADER_RIGHT):
        centred(right_mid, y + i * step, line, bold if i < 2 else reg)
    y += 4 * step
    for line in TITLE:
        centred(width / 2, y, line, bold, title_colour)
        y += step
    y += step // 2
    for line in BODY:
        draw.text((margin_l, y), line, font=reg, fill="black")
        y += step
    y += step
    for i, line in enumerate(SIGN_LEFT):
        draw.text((margin_l, y + i * step), line, font=bold if i == 0 else reg, fill="black")
    centred(right_mid, y, SIGN_RIGHT[0], bold)
    name_y = y + 4 * step
    centred(right_mid, name_y, SIGN_RIGHT[1], bold)
    name_w = draw.textlength(SIGN_RIGHT[1], font=bold)
    name_box = (
        round(right_mid - name_w / 2),
        name_y,
        round(right_mid + name_w / 2),
        name_y + round(6 * mm),
    )
    bgr = cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)
    if seal:
        # the seal's rings and lettering run right across the name, as on real signed papers
        bgr = stamp_seal(bgr, (name_box[0] + round(12 * mm), name_y + round(3 * mm)), dpi)
    text = "\n".join(HEADER_LEFT + HEADER_RIGHT + TITLE + BODY + SIGN_LEFT + SIGN_RIGHT)
    return Page(bgr, dpi, text, name_box)


def stamp_seal(bgr: np.ndarray, centre: tuple[int, int], dpi: float) -> np.ndarray:
    """A red round seal with thick rings and a star, multiplied over the page like real ink."""
    mm = dpi / 25.4
    seal = np.full_like(bgr, 255)
    red = (45, 35, 200)
    r = round(20 * mm)
    cv2.circle(seal, centre, r, red, thickness=max(2, round(1.6 * mm)))
    cv2.circle(seal, centre, round(r * 0.72), red, thickness=max(1, round(0.8 * mm)))
    cv2.putText(
        seal,
        "UBND HUYEN DONG ANH",
        (centre[0] - round(17 * mm), centre[1] - round(3 * mm)),
        cv2.FONT_HERSHEY_SIMPLEX,
        0.12 * mm,
        red,
        max(1, round(0.7 * mm)),
    )
    cv2.putText(
        seal,
        "* * *",
        (centre[0] - round(8 * mm), centre[1] + round(6 * mm)),
        cv2.FONT_HERSHEY_SIMPLEX,
        0.2 * mm,
        red,
        max(1, round(1.2 * mm)),
    )
    return (bgr.astype(np.uint16) * seal // 255).astype(np.uint8)


def skew_page(bgr: np.ndarray, angle: float) -> np.ndarray:
    """Rotate counter-clockwise by `angle` degrees on a white background."""
    h, w = bgr.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(bgr, m, (w, h), borderValue=(255, 255, 255))


def add_dark_border(bgr: np.ndarray, px: int) -> np.ndarray:
    """Put the page on a dark scanner bed `px` pixels wider on every side."""
    h, w = bgr.shape[:2]
    bed = np.full((h + 2 * px, w + 2 * px, 3), 25, np.uint8)
    bed[px : px + h, px : px + w] = bgr
    return bed


def measured_skew(grey: np.ndarray) -> float:
    """Residual skew of a page, independently of sohoa: angle of the long text lines (degrees)."""
    ink = (grey < 128).astype(np.uint8)
    # join the letters of each line into one long blob, then fit a line through each blob
    blobs = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((3, 61), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(blobs)
    angles, weights = [], []
    for i in range(1, count):
        if stats[i, cv2.CC_STAT_WIDTH] < grey.shape[1] * 0.4:
            continue
        ys, xs = np.nonzero(labels == i)
        slope = np.polyfit(xs, ys, 1)[0]
        angles.append(np.degrees(np.arctan(slope)))
        weights.append(xs.size)
    assert angles, "no long text line found"
    return float(np.average(angles, weights=weights))


FORM = [
    ("Họ và tên:", "LÊ THỊ HỒNG NHUNG"),
    ("Ngày sinh:", "14/08/1987"),
    ("Nơi thường trú:", "xóm 3, xã Hòa Bình, huyện Kim Sơn"),
    ("Số điện thoại:", "0912345678"),
]


def render_form(dpi: float = 300.0, *, dot_mm: float = 0.3, pitch_mm: float = 1.1) -> Page:
    """Form lines "Label: value" written on dotted leader lines running to the right margin."""
    mm = dpi / 25.4
    width, height = round(210 * mm), round(150 * mm)
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    reg = _font(REGULAR, 13, dpi)
    left, right = round(25 * mm), width - round(20 * mm)
    y = round(20 * mm)
    for label, value in FORM:
        draw.text((left, y), f"{label} {value}", font=reg, fill="black")
        base = y + round(6.2 * mm)
        x = left + draw.textlength(label + " ", font=reg)
        r = dot_mm * mm / 2
        while x < right:
            draw.ellipse((x - r, base - r, x + r, base + r), fill=(60, 60, 60))
            x += pitch_mm * mm
        y += round(10 * mm)
    bgr = cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)
    text = "\n".join(f"{label} {value}" for label, value in FORM)
    return Page(bgr, dpi, text, (0, 0, 0, 0))


def render_body(dpi: float = 300.0, lines: int = 30) -> np.ndarray:
    """An A4 page of 13 pt body text (the BODY lines repeated), grey, drawn at 300 dpi with
    Liberation Serif and resampled to `dpi` as a camera or a screen capture would."""
    mm = 300 / 25.4
    img = Image.new("L", (round(210 * mm), round(297 * mm)), 255)
    draw = ImageDraw.Draw(img)
    font = _font(REGULAR, 13, 300)
    y = round(25 * mm)
    for i in range(lines):
        draw.text((round(30 * mm), y), BODY[i % len(BODY)], font=font, fill=0)
        y += round(8 * mm)
    grey = np.asarray(img)
    if dpi == 300:
        return grey.copy()
    return cv2.resize(grey, None, fx=dpi / 300, fy=dpi / 300, interpolation=cv2.INTER_AREA)


def phone_photo(
    page: np.ndarray,
    *,
    tilt: float = 0.12,
    seed: int = 7,
    paper: tuple[int, int, int] = (255, 255, 255),
    desk: float = 70.0,
) -> np.ndarray:
    """`page` (grey) photographed from an angle: warped by a perspective (the top edge shorter
    by `tilt` of the width) onto a grey, noisy desk (level `desk`) 30% larger, with a light
    gradient (BGR); `paper` is the sheet's colour (BGR; the ink multiplies it)."""
    rng = np.random.default_rng(seed)
    h, w = page.shape[:2]
    big_w, big_h = round(w * 1.3), round(h * 1.3)
    ox, oy = (big_w - w) / 2, (big_h - h) / 2
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    dst = np.array(
        [
            [ox + tilt * w / 2, oy + 0.03 * h],
            [ox + w - tilt * w / 2, oy],
            [ox + w + 0.02 * w, oy + h],
            [ox - 0.01 * w, oy + h - 0.02 * h],
        ],
        dtype=np.float32,
    )
    matrix = cv2.getPerspectiveTransform(src, dst)
    tinted = cv2.cvtColor(page, cv2.COLOR_GRAY2BGR).astype(np.float32) * (
        np.array(paper, np.float32) / 255
    )
    sheet = cv2.warpPerspective(tinted, matrix, (big_w, big_h), borderValue=0)
    inside = cv2.warpPerspective(np.full_like(page, 255), matrix, (big_w, big_h), borderValue=0)
    table = rng.normal(desk, 12, (big_h, big_w)).clip(0, 255).astype(np.uint8)  # one grey
    photo = np.where(inside[..., None] > 127, sheet, table[..., None].astype(np.float32))
    light = np.linspace(1.0, 0.7, big_w, dtype=np.float32)[None, :, None]  # a window on the left
    return (photo * light).clip(0, 255).astype(np.uint8)


def guilloche_page(page: np.ndarray, *, dpi: float) -> np.ndarray:
    """`page` (grey) printed over a security background: fine pastel sine lines in two colours,
    as on ID cards and land certificates (BGR)."""
    h, w = page.shape[:2]
    pattern = np.full((h, w, 3), 255, np.uint8)
    pitch = max(4, round(dpi / 25))
    xs = np.arange(w)
    for k, colour in enumerate(((200, 170, 240), (170, 225, 180))):  # pink, green (BGR)
        for y0 in range(-pitch * 4, h + pitch * 4, pitch):
            ys = y0 + (pitch * 1.5 * np.sin(xs / (dpi / 8) + k * 1.7 + y0 / 37.0)).astype(np.int32)
            pts = np.stack([xs, ys], axis=1).reshape(-1, 1, 2)
            cv2.polylines(pattern, [pts], False, colour, 1)
    ink = cv2.cvtColor(page, cv2.COLOR_GRAY2BGR).astype(np.uint16)
    return (pattern.astype(np.uint16) * ink // 255).astype(np.uint8)
