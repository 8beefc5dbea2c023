"""How a paper reaches the counter without a scanner: a citizen's phone photo, or a 96-dpi screenshot."""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image

CAPTURES = ("phone_photo", "screenshot")
# what a phone photo can show besides perspective, the background and JPEG (always there)
PHOTO_EFFECTS = ("curl", "shadow", "uneven_light", "motion_blur")
# EXIF Orientation -> how the stored pixels were turned from upright (PIL transpose applied)
EXIF_STORED = {
    1: None,
    3: Image.Transpose.ROTATE_180,
    6: Image.Transpose.ROTATE_90,  # stored turned 90° counter-clockwise; shown turned clockwise
    8: Image.Transpose.ROTATE_270,
}
BACKGROUNDS = [(118, 84, 56), (60, 58, 62), (180, 172, 160), (92, 110, 128), (30, 30, 32)]
SCREEN_DPI = 96
EXIF_ORIENTATION_TAG = 0x0112


@dataclass
class Capture:
    """The captured pixels and what was done, for the ground truth (`capture` key)."""

    image: Image.Image
    info: dict[str, object] = field(default_factory=dict)
    dpi: int | None = None  # the resolution tag to write (None: no tag)
    exif_orientation: int = 1
    jpeg_quality: int = 85


def _u8(a: np.ndarray) -> np.ndarray:
    return np.clip(a, 0, 255).astype(np.uint8)


# ---------------------------------------------------------------- single effects (tested one by one


def curl(page: np.ndarray, rng: random.Random) -> tuple[np.ndarray, float]:
    """Lift one side edge of the sheet: lines bend near it. Returns the image and the lift in px."""
    h, w = page.shape[:2]
    lift = rng.uniform(0.012, 0.03) * h
    start = rng.uniform(0.55, 0.75)
    right = rng.random() < 0.5
    xs = np.arange(w, dtype=np.float32) / w
    t = np.clip(((xs if right else 1 - xs) - start) / (1 - start), 0, 1)
    dy = (lift * t**2).astype(np.float32)
    squeeze = (0.02 * w * t**3).astype(np.float32) * (1 if right else -1)
    map_x = np.tile(np.arange(w, dtype=np.float32) + squeeze, (h, 1))
    map_y = np.arange(h, dtype=np.float32)[:, None] + dy[None, :]
    shade = 1 - 0.12 * t  # the lifted part turns away from the light
    out = cv2.remap(page, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return _u8(out.astype(np.float32) * shade[None, :, None]), float(lift)


def uneven_light(frame: np.ndarray, rng: random.Random) -> np.ndarray:
    """A lamp off to one side and a darker rim (vignetting)."""
    h, w = frame.shape[:2]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    ang = rng.uniform(0, 2 * math.pi)
    grad = math.cos(ang) * xs / w + math.sin(ang) * ys / h
    grad = (grad - grad.min()) / (np.ptp(grad) + 1e-6)
    r2 = ((xs - w / 2) / (w / 2)) ** 2 + ((ys - h / 2) / (h / 2)) ** 2
    light = 1 - rng.uniform(0.18, 0.35) * grad - rng.uniform(0.08, 0.18) * r2 / 2
    return _u8(frame.astype(np.float32) * light[..., None])


def shadow(frame: np.ndarray, rng: random.Random) -> np.ndarray:
    """The soft shadow of the phone and hand across part of the page."""
    h, w = frame.shape[:2]
    mask = np.zeros((h, w), np.uint8)
    side = rng.choice(["top", "bottom", "left", "right"])
    depth = rng.uniform(0.25, 0.5)
    a, b = sorted(rng.uniform(0, 1) for _ in range(2))
    b = max(b, a + 0.35)
    if side in ("top", "bottom"):
        edge = 0 if side == "top" else h
        tip = h * depth if side == "top" else h * (1 - depth)
        pts = [(w * a, edge), (w * min(b, 1.0), edge), (w * (a + b) / 2 + w * 0.1, tip)]
    else:
        edge = 0 if side == "left" else w
        tip = w * depth if side == "left" else w * (1 - depth)
        pts = [(edge, h * a), (edge, h * min(b, 1.0)), (tip, h * (a + b) / 2 + h * 0.1)]
    cv2.fillPoly(mask, [np.array(pts, np.int32)], 255)
    k = int(min(h, w) * 0.08) | 1
    soft = cv2.GaussianBlur(mask, (k, k), 0).astype(np.float32) / 255
    dark = 1 - rng.uniform(0.3, 0.5) * soft
    return _u8(frame.astype(np.float32) * dark[..., None])


def motion_blur(frame: np.ndarray, rng: random.Random) -> tuple[np.ndarray, int]:
    """A shaking hand: a straight blur 3-7 px long at any angle."""
    length = rng.randint(3, 7)
    line = np.zeros((length, length), np.float32)
    line[length // 2, :] = 1
    rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), rng.uniform(0, 180), 1)
    kernel = np.asarray(cv2.warpAffine(line, rot, (length, length)), np.float32)
    return cv2.filter2D(frame, -1, kernel / kernel.sum()), length


def background(h: int, w: int, rng: random.Random, nprng: np.random.Generator) -> np.ndarray:
    """A table, a bed cover or a floor: a colour with blotches and grain."""
    base = np.array(rng.choice(BACKGROUNDS), np.float32)
    coarse = nprng.normal(0, 1, (h // 64 + 2, w // 64 + 2)).astype(np.float32)
    blot = np.asarray(cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC), np.float32)
    grain = nprng.normal(0, 6, (h, w)).astype(np.float32)
    streak = np.sin(np.arange(w, dtype=np.float32) / rng.uniform(6, 30))[None, :] * 5
    return _u8(base[None, None, :] + (blot * 10 + grain + streak)[..., None])


def tilt_corners(
    w: float, h: float, tilt_deg: float, axis_deg: float, roll_deg: float, focal: float
) -> np.ndarray:
    """Corners of a w x h sheet seen by a pinhole camera after tilting it about an in-plane axis."""
    corners = np.array(
        [[-w / 2, -h / 2, 0], [w / 2, -h / 2, 0], [w / 2, h / 2, 0], [-w / 2, h / 2, 0]]
    )
    ax = math.radians(axis_deg)
    axis = np.array([math.cos(ax), math.sin(ax), 0.0])
    rot, _ = cv2.Rodrigues(axis * math.radians(tilt_deg))
    roll, _ = cv2.Rodrigues(np.array([0, 0, math.radians(roll_deg)]))
    pts = corners @ (roll @ rot).T
    z = pts[:, 2] + focal
    return np.stack([pts[:, 0] * focal / z, pts[:, 1] * focal / z], axis=1)


# ---------------------------------------------------------------- the whole capture


def _place(corners: np.ndarray, frame_w: int, frame_h: int, cover: float) -> np.ndarray:
    """Scale and centre the projected sheet so it covers `cover` of the frame's tighter side."""
    span = corners.max(axis=0) - corners.min(axis=0)
    k = cover * min(frame_w / span[0], frame_h / span[1])
    placed = (corners - corners.min(axis=0)) * k
    off = (np.array([frame_w, frame_h]) - span * k) / 2
    return (placed + off).astype(np.float32)


def phone_photo(page: Image.Image, rng: random.Random) -> Capture:
    """Photograph the (300 dpi) page with a phone: tilted, on a table, lit unevenly, JPEG'd."""
    nprng = np.random.default_rng(rng.randrange(2**31))
    effects = [e for e in PHOTO_EFFECTS if rng.random() < 0.55]
    src = np.asarray(page.convert("RGB"))
    lift = 0.0
    if "curl" in effects:
        src, lift = curl(src, rng)
    h, w = src.shape[:2]
    portrait = h >= w
    long_side = rng.randint(2200, 3000) if h > 1500 else rng.randint(1400, 1800)
    frame_w, frame_h = (
        (long_side * 3 // 4, long_side) if portrait else (long_side, long_side * 3 // 4)
    )
    tilt = rng.uniform(5, 25)
    axis, roll = rng.uniform(0, 180), rng.uniform(-8, 8)
    proj = tilt_corners(w, h, tilt, axis, roll, focal=1.1 * max(w, h))
    cover = rng.uniform(0.72, 0.9)
    dst = _place(proj, frame_w, frame_h, cover)
    src_pts = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    hom = cv2.getPerspectiveTransform(src_pts, dst)
    warped = cv2.warpPerspective(src, hom, (frame_w, frame_h), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), hom, (frame_w, frame_h))
    alpha = cv2.GaussianBlur(mask, (3, 3), 0).astype(np.float32)[..., None] / 255
    frame = background(frame_h, frame_w, rng, nprng).astype(np.float32)
    frame = _u8(warped * alpha + frame * (1 - alpha))
    if "uneven_light" in effects:
        frame = uneven_light(frame, rng)
    if "shadow" in effects:
        frame = shadow(frame, rng)
    blur_px = 0
    if "motion_blur" in effects:
        frame, blur_px = motion_blur(frame, rng)
    frame = _u8(frame.astype(np.float32) + nprng.normal(0, 2.5, frame.shape[:2])[..., None])
    scale = float(np.linalg.norm(dst[1] - dst[0]) / w)  # along the top edge
    orientation = rng.choices([1, 6, 8, 3], weights=[45, 30, 15, 10])[0]
    dpi_tag = rng.choice([None, 72])
    info: dict[str, object] = {
        "kind": "phone_photo",
        "tilt_deg": round(tilt, 1),
        "roll_deg": round(roll, 1),
        "effects": ["perspective", "background", *effects, "jpeg"],
        "curl_lift_px": round(lift * scale, 1),
        "motion_blur_px": blur_px,
        "effective_dpi": round(300 * scale),
        "paper_corners": [[round(float(x), 1), round(float(y), 1)] for x, y in dst],
        "exif_orientation": orientation,
        "dpi_tag": dpi_tag,
    }
    quality = rng.randint(50, 85)
    info["jpeg_quality"] = quality
    return Capture(Image.fromarray(frame), info, dpi_tag, orientation, quality)


def screenshot(page: Image.Image, rng: random.Random) -> Capture:
    """A PDF viewer at 100% on a 96-dpi screen: the page shrunk, grey around it, PNG."""
    w, h = page.size
    sw, sh = round(w * SCREEN_DPI / 300), round(h * SCREEN_DPI / 300)
    small = page.convert("RGB").resize((sw, sh), Image.Resampling.LANCZOS)
    pad_x, pad_top = rng.randint(40, 160), rng.randint(30, 90)
    grey = rng.choice([(82, 86, 89), (230, 230, 230), (64, 64, 64)])
    canvas = Image.new("RGB", (sw + 2 * pad_x, sh + pad_top + 30), grey)
    shade = Image.new("RGB", (sw, sh), tuple(max(0, c - 40) for c in grey))  # type: ignore[arg-type]
    canvas.paste(shade, (pad_x + 4, pad_top + 4))
    canvas.paste(small, (pad_x, pad_top))
    corners = [
        [pad_x, pad_top],
        [pad_x + sw, pad_top],
        [pad_x + sw, pad_top + sh],
        [pad_x, pad_top + sh],
    ]
    info: dict[str, object] = {
        "kind": "screenshot",
        "effects": ["screen_96dpi", "viewer_background"],
        "effective_dpi": SCREEN_DPI,
        "paper_corners": corners,
        "exif_orientation": 1,
        "dpi_tag": SCREEN_DPI,
    }
    return Capture(canvas, info, SCREEN_DPI)


def stored(cap: Capture) -> Image.Image:
    """The pixels as the phone stores them: turned so that the EXIF Orientation turns them back."""
    turn = EXIF_STORED[cap.exif_orientation]
    return cap.image if turn is None else cap.image.transpose(turn)


def encode_jpeg(cap: Capture) -> bytes:
    """The JPEG file a phone writes: stored pixels, EXIF Orientation, a 72-dpi tag or none.

    Without a tag, Pillow reads an EXIF block as 72 dpi; the JFIF density then says nothing
    (unit 0), which is what `dpi_tag: null` means.
    """
    img = stored(cap)
    kwargs: dict[str, object] = {"quality": cap.jpeg_quality}
    if cap.exif_orientation != 1 or cap.dpi is not None:  # else stripped, as chat apps send it
        exif = Image.Exif()
        exif[EXIF_ORIENTATION_TAG] = cap.exif_orientation
        kwargs["exif"] = exif.tobytes()
    buf = io.BytesIO()
    if cap.dpi is not None:
        kwargs["dpi"] = (cap.dpi, cap.dpi)
    img.save(buf, format="JPEG", **kwargs)  # type: ignore[arg-type]
    return buf.getvalue()


def encode_png(cap: Capture) -> bytes:
    buf = io.BytesIO()
    if cap.dpi is None:
        cap.image.save(buf, format="PNG")
    else:
        cap.image.save(buf, format="PNG", dpi=(cap.dpi, cap.dpi))
    return buf.getvalue()


CAPTURE = {"phone_photo": phone_photo, "screenshot": screenshot}
