"""Phone photos before cleaning: the paper found against its background and its perspective
corrected, only when a keystoned paper edge is found with confidence (a scan pays one small look).

The paper is told from what it lies on by its brightness and its lack of colour (white paper
stays grey under any light; a table, a bed cover, a floor has a tint): their "neutral light" is
thresholded at Otsu's level and a few levels below and above it (one light falling off across the
frame leaves no single level that separates them everywhere), and of the quadrilaterals found the
one whose every side lies on a step from paper to background is kept.

The archive keeps the photo's own pixels, rectified; the resolution is measured afterwards from
the letters (ocr.image.textsize, inside cleaning).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

PHOTO_SIDE = 480  # long side of the copy on which a photo's paper is looked for
MIN_PAPER_SHARE = 0.2  # the paper must cover more than a fifth of the frame...
MAX_PAPER_SHARE = 0.97  # ...and leave a background around it
MIN_CONTRAST = 35.0  # paper at least this much brighter than what surrounds it (0-255)
FRAME_PAPER_SHARE = 0.6  # a frame whose edge is this much paper is a scan, not a photo
MIN_KEYSTONE = 1.03  # opposite sides differing less than this: a rectangle (crop/deskew suffice)
MAX_INK_OUTSIDE = 0.25  # share of the frame's print lying outside a quadrilateral: not the paper
INK_STEP = 25  # a thin mark this much darker than what surrounds it is print (0-255)
MARGIN = 0.01  # the paper quadrilateral is widened by this share of its size (never cut text)
# a paper's edge is a step of at least this many grey levels across EDGE_REACH pixels either side
# of it in the PHOTO_SIDE copy (measured: 99-220 on synthetic photos); light falling off across a
# scan (the Otsu line of a gradient) steps 0-3 there
MIN_EDGE_STEP = 20.0
EDGE_REACH = 3
# grey levels taken off per level of colour (largest minus smallest channel): a tinted table as
# bright as the paper (measured: a beige one 20 levels of colour, paper 0-5) falls below it
COLOUR_WEIGHT = 2.0
# thresholds tried, as shares of Otsu's level: uneven light darkens one end of the paper below
# Otsu's level (it is cut off) or lightens the background above a lower one (it joins the paper)
LEVELS = (1.0, 0.9, 0.8, 1.1)
QUAD_TOLERANCES = (0.02, 0.03, 0.045, 0.06)  # outline simplification, shares of its length


@dataclass(frozen=True, slots=True)
class Capture:
    """A page ready for cleaning: its pixels and the capture steps applied."""

    image: np.ndarray
    steps: tuple[str, ...] = ()


def _shrink(grey: np.ndarray, side: int) -> tuple[np.ndarray, float]:
    factor = min(1.0, side / max(grey.shape))
    if factor >= 1.0:
        return grey, 1.0
    size = (max(1, round(grey.shape[1] * factor)), max(1, round(grey.shape[0] * factor)))
    return cv2.resize(grey, size, interpolation=cv2.INTER_AREA), factor


def _order(quad: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    s, d = quad.sum(axis=1), np.diff(quad, axis=1)[:, 0]
    return np.array(
        [quad[np.argmin(s)], quad[np.argmin(d)], quad[np.argmax(s)], quad[np.argmax(d)]],
        dtype=np.float32,
    )


def _edge_paper_share(paper: np.ndarray) -> float:
    edge = np.concatenate([paper[0], paper[-1], paper[:, 0], paper[:, -1]])
    return float(edge.mean())


def _keystoned(quad: np.ndarray) -> bool:
    """Whether a quadrilateral (ordered corners) is seen in perspective, not a mere rectangle."""
    sides = [float(np.linalg.norm(quad[(i + 1) % 4] - quad[i])) for i in range(4)]
    ratios = (sides[0] / max(sides[2], 1.0), sides[1] / max(sides[3], 1.0))
    return any(max(r, 1 / max(r, 1e-6)) >= MIN_KEYSTONE for r in ratios)


def _grey_and_colour(image: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Grey and colour (largest minus smallest channel; None for a grey image) of a BGR(A) or
    grey image."""
    if image.ndim == 2:
        return image, None
    b, g, r = cv2.split(image)[:3]  # an alpha channel, if any, is no light
    grey = cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY)
    return grey, cv2.subtract(cv2.max(cv2.max(b, g), r), cv2.min(cv2.min(b, g), r))


def neutral_light(image: np.ndarray) -> np.ndarray:
    """Grey with COLOUR_WEIGHT levels taken off per level of colour (a grey image as it is)."""
    grey, colour = _grey_and_colour(image)
    if colour is None:
        return grey
    return cv2.addWeighted(grey, 1.0, colour, -COLOUR_WEIGHT, 0.0)  # saturates at 0


def _quad_at(blur: np.ndarray, level: float) -> np.ndarray | None:
    """The ordered corners (small pixels) of the largest area brighter than `level`, simplified
    to four sides, or None when it covers too little or too much of the frame or is no
    convex quadrilateral."""
    bright = (blur > level).astype(np.uint8)
    closed = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    # cut the thin bridges by which background blotches as bright as the paper join it
    paper = cv2.morphologyEx(closed, cv2.MORPH_OPEN, np.ones((7, 7), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(paper, connectivity=4)
    if count < 2:
        return None
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    contours, _ = cv2.findContours(
        (labels == largest).astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE
    )
    hull = cv2.convexHull(contours[0])
    share = cv2.contourArea(hull) / float(blur.size)
    if not MIN_PAPER_SHARE < share < MAX_PAPER_SHARE:
        return None
    for tolerance in QUAD_TOLERANCES:
        quad = cv2.approxPolyDP(hull, tolerance * cv2.arcLength(hull, True), True)
        if len(quad) <= 4:
            break
    if len(quad) != 4 or not cv2.isContourConvex(quad):
        return None
    inside = np.zeros_like(blur)
    cv2.fillConvexPoly(inside, quad, 1)
    if float(blur[inside == 1].mean()) - float(blur[inside == 0].mean()) < MIN_CONTRAST:
        return None
    return _order(quad.reshape(4, 2).astype(np.float32))


def paper_quad(image: np.ndarray) -> np.ndarray | None:
    """The four corners (full-size pixels) of the paper in a photo (BGR(A) or grey), or None when
    no paper edge is found with confidence (a scan, paper filling the frame, no clear
    background) or the paper is seen square-on (a scanner's dark border: cleaning crops it).

    The paper is looked for in two views: plain grey (tinted paper, cream or pink, on a grey
    table: taking its colour off would bring it down to the table) and neutral light (white
    paper on a tinted table as bright as it). A view whose frame edge is mostly paper (Otsu's
    level) shows no background: a scan is both and stops there. In the others each level of
    LEVELS gives at most one quadrilateral; those with an edge along their sides (MIN_EDGE_STEP,
    the median of the steps) compete on their weakest side's step, in the view they came from:
    the true outline steps from paper to background on all four sides, one cut short by the
    light or swollen by the background has a side lying inside the paper or on the table. A
    quadrilateral that leaves more than MAX_INK_OUTSIDE of the frame's print outside is no paper
    (the lit part of a scan under uneven light)."""
    grey, colour = _grey_and_colour(image)
    small, factor = _shrink(grey, PHOTO_SIDE)
    views = [cv2.GaussianBlur(small, (5, 5), 0)]
    if colour is not None:
        small_colour, _ = _shrink(colour, PHOTO_SIDE)
        neutral = cv2.addWeighted(small, 1.0, small_colour, -COLOUR_WEIGHT, 0.0)
        views.append(cv2.GaussianBlur(neutral, (5, 5), 0))
    ink = _print_marks(small)
    best, best_side = None, -np.inf
    for blur in views:
        otsu, paper = cv2.threshold(blur, 0, 1, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        if _edge_paper_share(paper) >= FRAME_PAPER_SHARE:
            continue
        for share in LEVELS:
            corners = _quad_at(blur, share * otsu)
            if corners is None:
                continue
            if _ink_outside(ink, corners) > MAX_INK_OUTSIDE:
                continue  # print outside it: a lit part of a scan, not the whole paper
            sides = _side_steps(blur, corners)
            if not sides or float(np.median(np.concatenate(sides))) < MIN_EDGE_STEP:
                continue  # no edge there: the light fades across a scan
            weakest = min(float(np.median(side)) for side in sides)
            if weakest > best_side:
                best, best_side = corners, weakest
    if best is None or not _keystoned(best):
        return None
    return best / factor


def _print_marks(grey: np.ndarray) -> np.ndarray:
    """Where the small copy shows print: thin marks darker than their surroundings (a table's
    grain, pixel noise, blurred away first)."""
    smooth = cv2.GaussianBlur(grey, (3, 3), 0)
    marks = cv2.morphologyEx(smooth, cv2.MORPH_BLACKHAT, np.ones((7, 7), np.uint8))
    return marks > INK_STEP


def _ink_outside(ink: np.ndarray, quad: np.ndarray) -> float:
    """The share of the print marks lying outside a quadrilateral (small pixels)."""
    total = int(ink.sum())
    if total == 0:
        return 0.0
    inside = np.zeros(ink.shape, np.uint8)
    centre = quad.mean(axis=0)
    widened = centre + (quad - centre) * (1.0 + 2 * MARGIN)
    cv2.fillConvexPoly(inside, np.round(widened).astype(np.int32), 1)
    return float(ink[inside == 0].sum()) / total


def _side_steps(grey: np.ndarray, quad: np.ndarray) -> list[np.ndarray]:
    """How much brighter the quadrilateral is just inside its sides than just outside, at points
    along each side that does not run along the frame's border (one array per such side)."""
    size = np.array(grey.shape[::-1])  # width, height
    centre = quad.mean(axis=0)
    steps: list[np.ndarray] = []
    for a, b in zip(quad, np.roll(quad, -1, axis=0), strict=True):
        ends = np.stack([a, b])
        low, high = ends.max(axis=0) < EDGE_REACH, ends.min(axis=0) >= size - 1 - EDGE_REACH
        if low.any() or high.any():
            continue  # along the border of the frame: nothing to see outside
        along = (b - a) / max(float(np.linalg.norm(b - a)), 1.0)
        normal = np.array([-along[1], along[0]])
        normal *= 1.0 if np.dot(centre - (a + b) / 2, normal) > 0 else -1.0
        points = a + np.linspace(0.1, 0.9, 15)[:, None] * (b - a)
        inside = np.round(points + EDGE_REACH * normal).astype(int)
        outside = np.round(points - EDGE_REACH * normal).astype(int)
        ok = ((inside >= 0) & (inside < size) & (outside >= 0) & (outside < size)).all(axis=1)
        i, o = inside[ok], outside[ok]
        if len(i):
            steps.append(grey[i[:, 1], i[:, 0]].astype(float) - grey[o[:, 1], o[:, 0]])
    return steps


def rectify(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The paper inside `quad` warped to a rectangle at its own pixel size (a little margin kept)."""
    centre = quad.mean(axis=0)
    quad = centre + (quad - centre) * (1.0 + 2 * MARGIN)
    h, w = image.shape[:2]
    quad = np.clip(quad, 0, [w - 1, h - 1]).astype(np.float32)
    width = round(max(np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[3])))
    height = round(max(np.linalg.norm(quad[3] - quad[0]), np.linalg.norm(quad[2] - quad[1])))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]])
    matrix = cv2.getPerspectiveTransform(quad, target.astype(np.float32))
    return cv2.warpPerspective(
        image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )


def normalise(image: np.ndarray) -> Capture:
    """A photo's paper found and straightened; any other page returned as it came."""
    # sampled, not averaged (a few milliseconds on a 300-dpi page); the search blurs anyway
    factor = min(1.0, PHOTO_SIDE / max(image.shape[:2]))
    small = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_NEAREST)
    quad = paper_quad(small)
    if quad is not None:
        quad = quad / factor
    if quad is None:
        return Capture(image=image)
    return Capture(image=rectify(image, quad), steps=("perspective",))
