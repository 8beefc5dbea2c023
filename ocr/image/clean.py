"""Page cleaning: orientation, deskew, dark border crop, light flattening, seal removal, upscaling."""

from __future__ import annotations

import time

import cv2
import numpy as np

from ocr.image import guilloche, textsize
from ocr.image.deskew import rotate, skew_and_sharpness
from ocr.image.leaders import erase_leaders
from ocr.image.orient import is_sure, keep_upright, upside_down_evidence
from ocr.recognize.tesseract import detect_rotation
from ocr.types import CleanedPage

ANALYSIS_SIDE = 1200  # long side in pixels of the copy used to measure orientation, skew, borders
OSD_DPI = 200.0  # resolution of the copy given to Tesseract OSD when the cheap test is unsure
OSD_MIN_CONFIDENCE = 1.0
OSD_SURE = 6.0  # OSD this confident is a sure vote (no reading check)
SURE_MARGIN = 2.0  # the cheap up/down test is a sure vote at this many times its usual margin
CLEAR_LINES = 1.5  # lines this much sharper one way than the other: the way they run is sure
BACKGROUND_DPI = 25.0  # resolution at which the paper's light is estimated
SEAL_DPI = 50.0  # resolution at which red seals are looked for
SEAL_INCHES = 0.5  # the smallest seal (real ones are 30-42 mm across)
SEAL_MIN_REDNESS = 25  # red minus the larger of green and blue, at least...
SEAL_RED_SHARE = 0.22  # ...and at least this share of red (yellowed paper: ~0.05)
SOLID = 5  # analysis pixels: dark areas thinner than this are ink, not a scanner bed...
SOLID_SHARE = 0.5  # ...and an edge area is painted only when this share of it is thicker
MIN_SKEW = 0.1  # degrees; smaller skews are left alone (half the 0.2 degree target)


def _grey(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def _resize(image: np.ndarray, factor: float, *, up: bool = False) -> np.ndarray:
    if abs(factor - 1.0) < 1e-3:
        return image
    h, w = image.shape[:2]
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    return cv2.resize(image, size, interpolation=cv2.INTER_CUBIC if up else cv2.INTER_AREA)


def dark_border_box(small: np.ndarray) -> tuple[int, int, int, int] | None:
    """(top, bottom, left, right) of the page inside a dark scanner border, or None if no border."""
    h, w = small.shape
    paper = float(np.percentile(small, 90))
    dark = small < 0.4 * paper
    rows, cols = dark.mean(axis=1), dark.mean(axis=0)

    def walk(fracs: np.ndarray, limit: int) -> int:
        i = 0
        while i < limit and fracs[i] > 0.5:
            i += 1
        return i

    top = walk(rows, h // 4)
    bottom = h - walk(rows[::-1], h // 4)
    left = walk(cols, w // 4)
    right = w - walk(cols[::-1], w // 4)
    if (top, bottom, left, right) == (0, h, 0, w):
        return None
    inset = 2  # the blurred edge of the paper
    top, left = (top + inset if top else 0), (left + inset if left else 0)
    bottom, right = (bottom - inset if bottom < h else h), (right - inset if right < w else w)
    if bottom - top < h // 3 or right - left < w // 3:
        return None
    return top, bottom, left, right


def paint_edge_darkness(image: np.ndarray, small: np.ndarray, *, paper: int) -> np.ndarray:
    """Paint in paper colour the dark areas touching the image edge (scanner bed corners).

    Only areas that are mostly solid dark are painted: a pen stroke that reaches the edge (a
    margin note written beside the text) is thin, and it and the print it touches stay.
    """
    dark = (small < 0.4 * paper).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=4)
    solid = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((SOLID, SOLID), np.uint8))
    solid_area = np.bincount(labels[solid.astype(bool)], minlength=count)
    h, w = small.shape
    edge = np.zeros(count, bool)
    for i in range(1, count):
        x, y, bw, bh, area = stats[i, :5]
        touches = x == 0 or y == 0 or x + bw == w or y + bh == h
        edge[i] = touches and solid_area[i] >= SOLID_SHARE * area
    if not edge.any():
        return image
    mask = cv2.dilate(edge[labels].astype(np.uint8), np.ones((3, 3), np.uint8))
    mask = cv2.resize(mask, (image.shape[1], image.shape[0]), interpolation=cv2.INTER_NEAREST)
    out = image.copy()
    out[mask.astype(bool)] = paper
    return out


def ink_mask(small: np.ndarray) -> np.ndarray:
    """Dark marks against their surroundings (robust to uneven light), as 0/1 uint8."""
    block = max(15, (min(small.shape) // 20) | 1)
    mask = cv2.adaptiveThreshold(
        small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15
    )
    # scanner noise: specks of one or two pixels are not ink
    _, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= 3
    keep[0] = False
    return keep[labels].astype(np.uint8)


def _turn(image: np.ndarray, clockwise: int) -> np.ndarray:
    k = (-clockwise // 90) % 4
    return np.ascontiguousarray(np.rot90(image, k)) if k else image


def flatten_light(grey: np.ndarray, *, dpi: float) -> np.ndarray:
    """Divide the page by its estimated paper brightness: shadows and uneven light become white."""
    factor = min(1.0, BACKGROUND_DPI / dpi)
    small = _resize(grey, factor)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))
    paper = cv2.dilate(small, kernel)  # the text (dark, thin) disappears
    paper = cv2.medianBlur(paper, 5)
    paper = cv2.resize(paper, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(grey, np.maximum(paper, 1), scale=255)


def seal_boxes(image: np.ndarray, *, dpi: float) -> list[tuple[int, int, int, int]]:
    """(top, bottom, left, right) of round red seals: red blobs at least SEAL_INCHES wide and
    about as tall as wide (red letters, such as an ID card's title, are neither)."""
    factor = min(1.0, SEAL_DPI / dpi)
    small = _resize(image, factor).astype(np.int16)
    b, g, r = small[:, :, 0], small[:, :, 1], small[:, :, 2]
    redness = r - np.maximum(g, b)
    # relative to the red channel, so a seal in a scan's shadow or blurred thin still counts
    is_red = (redness > SEAL_MIN_REDNESS) & (redness > SEAL_RED_SHARE * r)
    red = cv2.morphologyEx(is_red.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(red, connectivity=8)
    least = SEAL_INCHES * dpi * factor
    boxes = []
    for i in range(1, count):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if w >= least and h >= least and 0.6 <= w / h <= 1.6:
            pad = 2
            boxes.append(
                (
                    max(0, round((y - pad) / factor)),
                    round((y + h + pad) / factor),
                    max(0, round((x - pad) / factor)),
                    round((x + w + pad) / factor),
                )
            )
    return boxes


def seal_free_grey(image: np.ndarray, *, dpi: float) -> tuple[np.ndarray, bool]:
    """Grey for OCR where the red ink of seals turns light and black/blue ink stays dark.

    Inside each seal's box the red channel is the grey (red ink is as light as paper there);
    elsewhere the usual grey, so red text outside seals (an ID card's title) is still read.
    Returns the grey and whether a seal was found.
    """
    grey = _grey(image)
    if image.ndim == 2:
        return grey, False
    boxes = seal_boxes(image, dpi=dpi)
    if boxes:
        grey = grey.copy()
        for top, bottom, left, right in boxes:
            grey[top:bottom, left:right] = image[top:bottom, left:right, 2]
    return grey, bool(boxes)


class _Stopwatch:
    """Adds the seconds spent in each named step to an optional dict."""

    def __init__(self, sink: dict[str, float] | None) -> None:
        self.sink = sink
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        if self.sink is not None:
            self.sink[name] = self.sink.get(name, 0.0) + now - self.last
        self.last = now


def _crop(image: np.ndarray, box: tuple[int, int, int, int], factor: float) -> np.ndarray:
    t, b, left, r = (round(v / factor) for v in box)
    return image[t:b, left:r]


def _osd_copy(
    grey: np.ndarray, box: tuple[int, int, int, int] | None, factor: float, dpi: float
) -> tuple[np.ndarray, float]:
    """A copy of the (border-cropped) page at about OSD_DPI, and its resolution."""
    osd_factor = min(1.0, OSD_DPI / dpi)
    small = _resize(grey, osd_factor)
    if box is not None:
        small = _crop(small, box, factor / osd_factor)
    return small, dpi * osd_factor


def _quarter(ink: np.ndarray) -> tuple[int, float, bool]:
    """(0 or 90 degrees: the way the text lines run, their skew, whether clearly so)."""
    skew, sharpness = skew_and_sharpness(ink)
    skew_turned, sharpness_turned = skew_and_sharpness(_turn(ink, 90))
    if sharpness_turned > sharpness:  # the text lines run down the page
        return 90, skew_turned, sharpness_turned > CLEAR_LINES * sharpness
    return 0, skew, True


def _orientation(
    ink: np.ndarray,
    grey: np.ndarray,
    *,
    box: tuple[int, int, int, int] | None,
    factor: float,
    dpi: float,
    skip: frozenset[str],
    steps: list[str],
    clock: _Stopwatch,
) -> tuple[int, float]:
    """(degrees clockwise to turn the page upright, skew) from the analysis ink mask.

    Votes: the way the lines run, ink above/below the x-height, Tesseract OSD when that is
    unsure. A turn that no vote is sure of is checked by reading (orient.keep_upright): a page
    that reads well as it came stays as it came.
    """
    if "orient" in skip:
        return 0, 0.0 if "deskew" in skip else skew_and_sharpness(ink)[0]
    quarter, skew, clear = _quarter(ink)
    if "deskew" in skip:
        skew = 0.0
    clock.lap("deskew")
    turned_ink = _turn(ink, quarter)
    evidence, lines = upside_down_evidence(rotate(turned_ink, skew, fill=0))
    rotation = quarter if evidence >= 0 else (quarter + 180) % 360
    sure = clear and is_sure(evidence / SURE_MARGIN, lines)
    osd: tuple[np.ndarray, float] | None = None
    if lines and not is_sure(evidence, lines):  # a blank page needs no OSD
        osd = _osd_copy(grey, box, factor, dpi)
        extra, confidence = detect_rotation(
            rotate(_turn(osd[0], quarter), skew, fill=255), dpi=osd[1]
        )
        if confidence >= OSD_MIN_CONFIDENCE:
            rotation = (quarter + extra) % 360
        sure = clear and confidence >= OSD_SURE
        steps.append("osd")
    if rotation and not sure:
        osd = osd or _osd_copy(grey, box, factor, dpi)
        if keep_upright(osd[0], rotation, dpi=osd[1]):
            steps.append("kept-upright")
            return 0, skew if quarter == 0 else skew_and_sharpness(ink)[0]
    return rotation, skew


def clean_page(
    image: np.ndarray,
    *,
    dpi: float,
    dpi_believed: bool = True,
    dpi_declared: bool = False,
    steps_before: tuple[str, ...] = (),
    skip: frozenset[str] = frozenset(),
    timings: dict[str, float] | None = None,
) -> CleanedPage:
    """Upright, straightened, border-cropped archive page and a flattened, seal-free OCR copy.

    `dpi` is what the file states: checked against the letters' size (ocr.image.textsize), which
    decide when it is not `dpi_believed` (no or a 72/96-dpi tag) or disagrees; `dpi_declared` keeps
    a PDF page's own size. `steps_before` are the capture steps already done.
    `skip` names steps to leave out (to measure what each one earns: "crop", "orient", "deskew",
    "seal", "guilloche", "flatten", "leaders", "upscale"); `timings` receives seconds per step.
    """
    clock = _Stopwatch(timings)
    steps: list[str] = list(steps_before)
    grey = _grey(image)
    factor = min(1.0, ANALYSIS_SIDE / max(grey.shape))
    small = _resize(grey, factor)
    clock.lap("analyse")

    box = None if "crop" in skip else dark_border_box(small)
    if box is not None:
        image = _crop(image, box, factor)
        small = small[box[0] : box[1], box[2] : box[3]]
        steps.append("crop")
    clock.lap("crop")

    ink = ink_mask(small)
    res = textsize.resolve(
        dpi,
        believable=dpi_believed,
        declared=dpi_declared,
        measured=None if "resolution" in skip else textsize.text_dpi(ink, factor),
    )
    dpi = res.dpi
    if res.corrected:
        steps.append("resolution")
    clock.lap("resolution")
    rotation, skew = _orientation(
        ink, grey, box=box, factor=factor, dpi=dpi, skip=skip, steps=steps, clock=clock
    )
    clock.lap("orient")
    if rotation:
        image = _turn(image, rotation)
        small = _turn(small, rotation)
        steps.append("orient")
    clock.lap("turn")
    if abs(skew) >= MIN_SKEW:
        paper = int(np.percentile(small, 95))
        fill = 0 if box is not None else paper
        image = rotate(image, skew, fill=(fill, fill, fill) if image.ndim == 3 else fill)
        small = rotate(small, skew, fill=fill)
        steps.append("deskew")
        if box is not None:
            box2 = dark_border_box(small)
            if box2 is not None:
                image = _crop(image, box2, factor)
                small = small[box2[0] : box2[1], box2[2] : box2[3]]
            image = paint_edge_darkness(image, small, paper=paper)
    archive = np.ascontiguousarray(image)
    clock.lap("rotate")

    if "seal" not in skip:
        ocr, sealed = seal_free_grey(archive, dpi=dpi)
        if sealed:
            steps.append("seal")
    else:
        ocr = _grey(archive)
    clock.lap("seal")
    if "guilloche" not in skip and archive.ndim == 3:
        ocr, patterned = guilloche.suppress(archive, ocr)
        if patterned:
            steps.append("guilloche")
    clock.lap("guilloche")
    if "flatten" not in skip:
        ocr = flatten_light(ocr, dpi=dpi)
        steps.append("flatten")
    clock.lap("flatten")
    if "leaders" not in skip:
        ocr, dots = erase_leaders(ocr, dpi=dpi)
        if dots:
            steps.append("leaders")
    clock.lap("leaders")
    wanted, scale = res.scale, 1.0
    if abs(wanted - 1.0) > 0.02 and "upscale" not in skip:
        ocr = _resize(ocr, wanted, up=wanted > 1.0)
        scale = ocr.shape[1] / archive.shape[1]
        steps.append("upscale" if wanted > 1.0 else "downscale")
    clock.lap("upscale")
    return CleanedPage(
        archive=archive,
        dpi=dpi,
        ocr=ocr,
        ocr_scale=scale,
        rotation=rotation,
        skew=skew,
        steps=tuple(steps),
    )
