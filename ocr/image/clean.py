"""Page cleaning: orientation, deskew, dark border crop, light flattening, seal removal, upscaling,
motion-blur sharpening."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import cv2
import numpy as np

from ocr.image import dewarp, guilloche, sharpen, textsize
from ocr.image.deskew import rotate, skew_and_sharpness
from ocr.image.leaders import erase_leaders
from ocr.image.orient import is_sure, keep_upright, upside_down_evidence
from ocr.recognize.engine import OcrEngine, TesseractEngine
from ocr.types import CleanedPage

ANALYSIS_SIDE = 1200  # long side in pixels of the copy used to measure orientation, skew, borders
OSD_DPI = 200.0  # resolution of the copy given to Tesseract OSD when the cheap test is unsure
OSD_MIN_CONFIDENCE = 1.0
OSD_SURE = 6.0  # OSD this confident is a sure vote (no reading check)
SURE_MARGIN = 2.0  # the cheap up/down test is a sure vote at this many times its usual margin
CLEAR_LINES = 1.5  # lines this much sharper one way than the other: the way they run is sure
BACKGROUND_DPI = 25.0  # resolution at which the paper's light is estimated
EVEN_LIGHT = 0.9  # paper whose darkest part is this bright against its brightest has no shadow
# (scans measure 0.99-1.00, phone photos 0.43-0.87: 2nd and 98th percentiles of the estimate)
PICTURE_INCHES = 2.0  # a dark area inside the page is measured against the paper this far around
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
    if up:
        return cv2.resize(image, size, interpolation=cv2.INTER_CUBIC)
    k = int(1.0 / factor)
    if k >= 2 and min(h, w) >= 2 * k:
        # OpenCV averages whole k x k blocks many times faster than a fractional area: shrink
        # by the whole part first, then the rest on the small copy (the same area average)
        image = cv2.resize(
            image[: h // k * k, : w // k * k], (w // k, h // k), interpolation=cv2.INTER_AREA
        )
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


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


_ROTATE = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def _turn(image: np.ndarray, clockwise: int) -> np.ndarray:
    turn = clockwise % 360
    return cv2.rotate(image, _ROTATE[turn]) if turn else image


def flatten_light(grey: np.ndarray, *, dpi: float, shadows: bool = False) -> np.ndarray:
    """Divide the page by its estimated paper brightness: shadows and uneven light become white.

    The text (dark, thin) is taken out of the paper's estimate by a local maximum. With `shadows`
    (a photo: a hand's or a phone's shadow has an edge across the page), on a page whose light
    is uneven the maximum is followed by a local minimum (a closing), so the estimate's edge stays
    where the shadow's is: a maximum alone moves it into the shadow, and the text along it is left
    dark (lines lost beside it). The closing also keeps a dark picture (an ID card's portrait, a
    QR code) in the estimate, which would turn it white but for a ragged rim: the areas darker than
    the paper around them and inside the page are filled from that paper (_fill_pictures). A scan,
    or a page evenly lit, keeps the maximum alone.
    """
    factor = min(1.0, BACKGROUND_DPI / dpi)
    small = _resize(grey, factor)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))
    paper = cv2.dilate(small, kernel)
    if shadows:
        darkest, brightest = np.percentile(paper, [2, 98])
        if darkest < EVEN_LIGHT * brightest:
            paper = _fill_pictures(cv2.erode(paper, kernel))  # after the maximum: a closing
    paper = cv2.medianBlur(paper, 5)
    paper = cv2.resize(paper, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(grey, np.maximum(paper, 1), scale=255)


def _fill_pictures(paper: np.ndarray) -> np.ndarray:
    """The paper's estimate with the dark areas lying inside the page (an ID card's portrait, a
    QR code, a large bold title) filled from the paper around them. They are not light: an
    estimate that follows them turns a portrait white but for a ragged rim, which the OCR reads
    among the letters beside it, and lightens the title. Dark means darker than the unevenly lit
    paper test (EVEN_LIGHT) against the brightest paper PICTURE_INCHES around. A cast shadow
    comes from outside the sheet, so it reaches the image's edge and is kept."""
    size = round(PICTURE_INCHES * BACKGROUND_DPI) | 1
    around = cv2.dilate(paper, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    dark = (paper.astype(np.float32) < EVEN_LIGHT * around).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    h, w = paper.shape
    x, y, bw, bh = (stats[:, i] for i in range(4))
    inside = (x > 0) & (y > 0) & (x + bw < w) & (y + bh < h)
    inside[0] = False
    if not inside.any():
        return paper
    holes = cv2.dilate(inside[labels].astype(np.uint8), np.ones((3, 3), np.uint8))
    return cv2.inpaint(paper, holes, 3, cv2.INPAINT_TELEA)


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


@dataclass(slots=True)
class _Page:
    """The page as it goes through the cleaning steps."""

    image: np.ndarray  # the archive copy being made
    dpi: float  # the file's statement until the resolution step checks it against the letters
    engine: OcrEngine
    skip: frozenset[str]
    grey: np.ndarray  # the input in grey, full size (for OSD and the reading check)
    factor: float  # analysis pixels per input pixel
    small: np.ndarray  # grey analysis copy, following the archive copy's crops and turns
    ink: np.ndarray  # ink mask of the analysis copy
    dpi_believed: bool = True
    dpi_declared: bool = False
    box: tuple[int, int, int, int] | None = None  # dark border crop, in analysis pixels
    wanted: float = 1.0  # OCR copy scale that gives 300-dpi text size
    quarter: int = 0  # 0 or 90: the way the text lines run
    clear: bool = True  # whether the way the lines run is sure
    skew: float = 0.0
    skew_as_came: float = 0.0  # skew of the lines as the page came (before any quarter turn)
    rotation: int = 0
    osd: tuple[np.ndarray, float] | None = None  # the OSD copy and its resolution, once made
    ocr: np.ndarray | None = None  # the OCR copy, once the archive copy is final
    scale: float = 1.0
    steps: list[str] = field(default_factory=list)


def _start(image: np.ndarray, dpi: float, engine: OcrEngine, skip: frozenset[str]) -> _Page:
    grey = _grey(image)
    factor = min(1.0, ANALYSIS_SIDE / max(grey.shape))
    small = _resize(grey, factor)
    return _Page(image, dpi, engine, skip, grey, factor, small, ink=small)


def _crop_border(p: _Page) -> None:
    p.box = dark_border_box(p.small)
    if p.box is not None:
        p.image = _crop(p.image, p.box, p.factor)
        p.small = p.small[p.box[0] : p.box[1], p.box[2] : p.box[3]]
        p.steps.append("crop")


def _check_resolution(p: _Page) -> None:
    """The file's dpi checked against the letters' size (ocr.image.textsize), on the ink mask."""
    p.ink = ink_mask(p.small)
    res = textsize.resolve(
        p.dpi,
        believable=p.dpi_believed,
        declared=p.dpi_declared,
        measured=None if "resolution" in p.skip else textsize.text_dpi(p.ink, p.factor),
    )
    p.dpi, p.wanted = res.dpi, res.scale
    if res.corrected:
        p.steps.append("resolution")


def _measure_lines(p: _Page) -> None:
    """Skew of the text lines, whether they run down the page (a quarter turn) and clearly so."""
    skew, sharpness = skew_and_sharpness(p.ink)
    p.skew_as_came = skew
    if "orient" not in p.skip:
        turned = _turn(p.ink, 90)
        skew_turned, sharpness_turned = skew_and_sharpness(turned)
        if sharpness_turned > sharpness:  # the text lines run down the page
            p.ink, p.quarter, skew = turned, 90, skew_turned
            p.clear = sharpness_turned > CLEAR_LINES * sharpness
    p.skew = 0.0 if "deskew" in p.skip else skew
    p.rotation = p.quarter


def _osd_copy(p: _Page) -> tuple[np.ndarray, float]:
    """A copy of the (border-cropped) page as it came at about OSD_DPI, and its resolution."""
    if p.osd is None:
        osd_factor = min(1.0, OSD_DPI / p.dpi)
        small = _resize(p.grey, osd_factor)
        if p.box is not None:
            small = _crop(small, p.box, p.factor / osd_factor)
        p.osd = small, p.dpi * osd_factor
    return p.osd


def _vote_orientation(p: _Page) -> None:
    """Upside down? Ink above/below the x-height, then the engine's OSD when that is unsure.

    A turn that no vote is sure of is checked by reading (orient.keep_upright): a page that
    reads well as it came stays as it came.
    """
    evidence, lines = upside_down_evidence(rotate(p.ink, p.skew, fill=0))
    p.rotation = p.quarter if evidence >= 0 else (p.quarter + 180) % 360
    sure = p.clear and is_sure(evidence / SURE_MARGIN, lines)
    if lines and not is_sure(evidence, lines):  # a blank page needs no OSD
        osd_image, osd_dpi = _osd_copy(p)
        osd_image = rotate(_turn(osd_image, p.quarter), p.skew, fill=255)
        extra, confidence = p.engine.orientation(osd_image, dpi=osd_dpi)
        if confidence >= OSD_MIN_CONFIDENCE:
            p.rotation = (p.quarter + extra) % 360
        sure = p.clear and confidence >= OSD_SURE
        p.steps.append("osd")
    if p.rotation and not sure:
        osd_image, osd_dpi = _osd_copy(p)
        if keep_upright(osd_image, p.rotation, dpi=osd_dpi):
            p.steps.append("kept-upright")
            p.rotation = 0
            p.skew = p.skew if p.quarter == 0 else p.skew_as_came


def _turn_upright(p: _Page) -> None:
    if p.rotation:
        p.image = _turn(p.image, p.rotation)
        p.small = _turn(p.small, p.rotation)
        p.steps.append("orient")


def _straighten(p: _Page) -> None:
    """Rotate by the skew; a scan with a dark border is cropped again and its bed corners painted."""
    if abs(p.skew) >= MIN_SKEW:
        paper = int(np.percentile(p.small, 95))
        fill = 0 if p.box is not None else paper
        p.image = rotate(p.image, p.skew, fill=(fill, fill, fill) if p.image.ndim == 3 else fill)
        p.small = rotate(p.small, p.skew, fill=fill)
        p.steps.append("deskew")
        if p.box is not None:
            box2 = dark_border_box(p.small)
            if box2 is not None:
                p.image = _crop(p.image, box2, p.factor)
                p.small = p.small[box2[0] : box2[1], box2[2] : box2[3]]
            p.image = paint_edge_darkness(p.image, p.small, paper=paper)
    p.image = np.ascontiguousarray(p.image)
    p.ocr = _grey(p.image)


def _is_photo(p: _Page) -> bool:
    """A phone photo: its paper found and rectified, or no believable resolution tag. Only such a
    page pays for the photo corrections (a scanner neither bends the paper nor shakes)."""
    return "perspective" in p.steps or not p.dpi_believed


def _unbend(p: _Page) -> None:
    """Page curl (ocr.image.dewarp): a photo's bent text lines made straight, archive and OCR
    copy alike (the word boxes stay on the archive's letters)."""
    if not _is_photo(p):
        return
    field = dewarp.straighten(ink_mask(p.small))
    if field is not None:
        p.image = dewarp.remap_rows(p.image, field)
        p.small = dewarp.remap_rows(p.small, field)
        p.ocr = _grey(p.image)
        p.steps.append("dewarp")


def _remove_seals(p: _Page) -> None:
    p.ocr, sealed = seal_free_grey(p.image, dpi=p.dpi)
    if sealed:
        p.steps.append("seal")


def _whiten_guilloche(p: _Page) -> None:
    assert p.ocr is not None
    if p.image.ndim == 3:
        p.ocr, patterned = guilloche.suppress(p.image, p.ocr)
        if patterned:
            p.steps.append("guilloche")


def _flatten(p: _Page) -> None:
    assert p.ocr is not None
    p.ocr = flatten_light(p.ocr, dpi=p.dpi, shadows=_is_photo(p))
    p.steps.append("flatten")


def _erase_leaders(p: _Page) -> None:
    assert p.ocr is not None
    p.ocr, dots = erase_leaders(p.ocr, dpi=p.dpi)
    if dots:
        p.steps.append("leaders")


def _rescale(p: _Page) -> None:
    """The OCR copy scaled to 300-dpi text size (up for small print, down for large)."""
    assert p.ocr is not None
    if abs(p.wanted - 1.0) > 0.02:
        p.ocr = _resize(p.ocr, p.wanted, up=p.wanted > 1.0)
        p.scale = p.ocr.shape[1] / p.image.shape[1]
        p.steps.append("upscale" if p.wanted > 1.0 else "downscale")


def _sharpen(p: _Page) -> None:
    """Motion blur (ocr.image.sharpen) undone in part on the OCR copy at its final size.

    Only a photo is measured (its paper found and rectified, or no believable resolution tag):
    motion blur comes from a hand-held camera, a scanner moves its sensor steadily."""
    assert p.ocr is not None
    if not _is_photo(p):
        return
    p.ocr, blurred = sharpen.sharpen(p.ocr)
    if blurred:
        p.steps.append("sharpen")


# (name, step, whether `skip` may leave it out), in order; the name also keys `timings`
STEPS: tuple[tuple[str, Callable[[_Page], None], bool], ...] = (
    ("crop", _crop_border, True),
    ("resolution", _check_resolution, False),  # skipping "resolution" believes the file's dpi
    ("deskew", _measure_lines, False),  # skipping "deskew" keeps the skew at 0
    ("orient", _vote_orientation, True),
    ("turn", _turn_upright, False),
    ("rotate", _straighten, False),
    ("dewarp", _unbend, True),
    ("seal", _remove_seals, True),
    ("guilloche", _whiten_guilloche, True),
    ("flatten", _flatten, True),
    ("leaders", _erase_leaders, True),
    ("upscale", _rescale, True),
    ("sharpen", _sharpen, True),
)


def clean_page(
    image: np.ndarray,
    *,
    dpi: float,
    dpi_believed: bool = True,
    dpi_declared: bool = False,
    steps_before: tuple[str, ...] = (),
    engine: OcrEngine | None = None,
    skip: frozenset[str] = frozenset(),
    timings: dict[str, float] | None = None,
) -> CleanedPage:
    """Upright, straightened, border-cropped archive page and a flattened, seal-free OCR copy.

    The steps are STEPS, in order; `engine` gives the OSD vote (Tesseract when not given).
    `dpi` is what the file states: checked against the letters' size (ocr.image.textsize), which
    decide when it is not `dpi_believed` (no or a 72/96-dpi tag) or disagrees; `dpi_declared` keeps
    a PDF page's own size. `steps_before` are the capture steps already done.
    `skip` names steps to leave out (to measure what each one earns: "crop", "resolution",
    "orient", "deskew", "dewarp", "seal", "guilloche", "flatten", "leaders", "upscale",
    "sharpen"); `timings` receives seconds per step.
    """
    clock = _Stopwatch(timings)
    page = _start(image, dpi, engine or TesseractEngine(), skip)
    page.dpi_believed, page.dpi_declared = dpi_believed, dpi_declared
    page.steps = list(steps_before)
    clock.lap("analyse")
    for name, step, optional in STEPS:
        if not (optional and name in skip):
            step(page)
        clock.lap(name)
    assert page.ocr is not None
    return CleanedPage(
        archive=page.image,
        dpi=page.dpi,
        ocr=page.ocr,
        ocr_scale=page.scale,
        rotation=page.rotation,
        skew=page.skew,
        steps=tuple(page.steps),
    )
