"""The lines of a paper in reading order, folded for matching, with their word spans and boxes."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from statistics import median

from common.vietnamese import fold, fold_label, nfc
from ocr.types import PageText

_CAPS_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class WordSpan:
    """A word's characters in its line and its OCR confidence."""

    start: int
    end: int
    confidence: float
    left: int
    right: int
    top: int = 0
    bottom: int = 0


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text in reading order."""

    page: int
    index: int  # position in Doc.lines
    text: str  # NFC
    folded: str  # fold_label(text), index-aligned with text: for labels
    plain: str  # fold(text), index-aligned with text: for values (digits kept)
    words: tuple[WordSpan, ...]
    margin: int | None  # right edge of full lines on its page (pixels), None without boxes

    @property
    def left(self) -> int | None:
        return min(w.left for w in self.words) if self.words else None

    @property
    def right(self) -> int | None:
        return max(w.right for w in self.words) if self.words else None

    @property
    def is_caps(self) -> bool:
        """True for a heading printed in capitals (at least 4 letters, none lower-case)."""
        letters = _CAPS_LETTER.findall(self.text)
        return len(letters) >= 4 and all(c.isupper() for c in letters)

    def is_full(self, slack: float = 0.15) -> bool | None:
        """True when the line runs to the right margin (so the next line may continue it)."""
        if self.margin is None or not self.words:
            return None
        left = self.left or 0
        return (self.right or 0) >= self.margin - slack * max(1, self.margin - left)

    def confidences(self, start: int, end: int) -> list[float]:
        return [w.confidence for w in self.words if w.start < end and w.end > start]


def goes_on(above: str, text: str) -> bool:
    """True when a list line `text` (its bullet aside) goes on with the item of the line above:
    it begins with a small letter and `above` ends without ";", "." or ":" ("... Cổng TTĐT," /
    "các Vụ, Cục, đơn vị trực thuộc;" is one recipient)."""
    return text.lstrip()[:1].islower() and not above.rstrip().endswith((";", ".", ":"))


def segments(line: Line) -> list[tuple[int, int]]:
    """The line's pieces separated by a column gap (wide space between words), left to right."""
    if not line.words:
        out = []
        for m in re.finditer(r"\S(?:.*?\S)?(?=\s{3,}|\s*$)", line.text):
            out.append((m.start(), m.end()))
        return out or [(0, len(line.text))]
    widths = [(w.right - w.left) / max(1, w.end - w.start) for w in line.words]
    gap = 4 * max(1.0, median(widths))
    out = []
    start = line.words[0].start
    for prev, nxt in zip(line.words, line.words[1:], strict=False):
        if nxt.left - prev.right > gap:
            out.append((start, prev.end))
            start = nxt.start
    out.append((start, line.words[-1].end))
    return out


def _height(line: Line) -> int:
    heights = sorted(w.bottom - w.top for w in line.words)
    return heights[len(heights) // 2] if heights else 0


def specks(line: Line, text: Line) -> bool:
    """True when every word of `line` is under half the height of the words of `text`: dust,
    the edge of a stamp or seal read as marks, not a line of the text."""
    if not line.words or not text.words:
        return False
    return max(w.bottom - w.top for w in line.words) < 0.5 * _height(text)


def _middle(line: Line) -> float:
    """The height (pixels) halfway down the line's letters: the median word's middle."""
    middles = sorted((w.top + w.bottom) / 2 for w in line.words)
    return middles[len(middles) // 2] if middles else 0.0


def marks_only(line: Line) -> bool:
    """True for a line without a word of two letters or digits: marks OCR read from a stain, a
    seal or the tone marks of the line above ("ˆ Ẩ"), no text of its own ("2021" is text)."""
    return not any(len(re.findall(r"[^\W_]", w)) >= 2 for w in line.text.split())


_LOW_MARKS = set("-–—.,;:_'\"“”‘’·…")


def without_specks(line: Line, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of line.text[start:end] left once the specks in it are cut out: words under
    half the line's text height (a ")" or "^" that is a stain or a seal's edge), except the
    marks printed small (dashes, dots, commas); and marks set above the line's letters without
    a letter of their own in small case (the tone marks of its words read apart: "^", ".^A")."""
    height = _height(line)
    middle = _middle(line)
    pieces: list[tuple[int, int]] = []
    at = start
    for w in line.words:
        if w.end <= start or w.start >= end:
            continue
        text = line.text[w.start : w.end]
        above = w.bottom < middle and not any(c.islower() for c in text)
        if w.bottom - w.top >= 0.5 * height and not above:
            continue
        if all(c in _LOW_MARKS for c in text):
            continue  # a dash, a dot or a comma is small as printed
        if line.text[at : w.start].strip():
            pieces.append((at, w.start))
        at = w.end
    if line.text[at:end].strip():
        pieces.append((at, end))
    return [
        (a + len(line.text[a:b]) - len(line.text[a:b].lstrip()), len(line.text[:b].rstrip()))
        for a, b in pieces
    ]


def spaced(above: Line, below: Line) -> bool:
    """True when a blank wider than a line's height parts two lines of one page (the space,
    or the short rule, under a title or subject before the body begins)."""
    if above.page != below.page or not above.words or not below.words:
        return False
    height = _height(above)
    gap = min(w.top for w in below.words) - max(w.bottom for w in above.words)
    return height > 0 and gap > height


LEAP = 2.0  # text heights from one line's top to the next's: more is a paragraph's spacing


def leaps(above: Line, below: Line) -> bool:
    """True when `below` begins more than LEAP text heights under the top of `above` (the
    spacing before the body under a subject of one line; wrapped lines are set closer)."""
    if above.page != below.page or not above.words or not below.words:
        return False
    height = _height(above)
    pitch = median(w.top for w in below.words) - median(w.top for w in above.words)
    return height > 0 and pitch > LEAP * height


def beside(lines: Sequence[Line], line: Line, start: int, end: int) -> Line | None:
    """The line printed right of line.text[start:end] on the same row when OCR read it apart: a
    form whose values sit at a tab stop comes out as a column of labels, then one of values."""
    ws = [w for w in line.words if w.start < end and w.end > start]
    if not ws:
        return None
    top, bottom, right = min(w.top for w in ws), max(w.bottom for w in ws), max(w.right for w in ws)
    best: Line | None = None
    for other in lines:
        if other.page != line.page or other.index == line.index or not other.words:
            continue
        first = other.words[0]
        level = top <= (first.top + first.bottom) / 2 <= bottom
        if level and first.left > right and (best is None or first.left < best.words[0].left):
            best = other
    return best


def left_of(lines: Sequence[Line], line: Line) -> Line | None:
    """The line printed left of `line` on its row when OCR read the row apart (the label of a
    value at a tab stop), or None."""
    if not line.words:
        return None
    first = line.words[0]
    middle = (first.top + first.bottom) / 2
    for other in lines:
        if other.page != line.page or other.index == line.index or not other.words:
            continue
        ws = other.words
        level = min(w.top for w in ws) <= middle <= max(w.bottom for w in ws)
        if level and max(w.right for w in ws) < first.left:
            return other
    return None


@dataclass(frozen=True, slots=True)
class Doc:
    """The lines of all pages of one paper."""

    lines: tuple[Line, ...]
    mean_confidence: float

    @property
    def folded(self) -> str:
        return "\n".join(line.folded for line in self.lines)


def build_doc(pages: Sequence[PageText]) -> Doc:
    """Split each page's reading-order text into lines and attach each word to its line."""
    lines: list[Line] = []
    confs: list[float] = []
    for p, page in enumerate(page.as_read() for page in pages):  # fields flag their own repairs
        text = nfc(page.text)
        raw_lines = text.split("\n")
        offsets: list[int] = []
        pos = 0
        for raw in raw_lines:
            offsets.append(pos)
            pos += len(raw) + 1
        spans: list[list[WordSpan]] = [[] for _ in raw_lines]
        cursor = 0
        for word in page.words:
            w = nfc(word.text).strip()
            if not w:
                continue
            at = text.find(w, cursor, cursor + 400 + len(w))
            if at < 0:
                continue
            cursor = at + len(w)
            li = _line_of(offsets, at)
            start = at - offsets[li]
            spans[li].append(
                WordSpan(
                    start,
                    start + len(w),
                    word.confidence,
                    word.left,
                    word.left + word.width,
                    word.top,
                    word.top + word.height,
                )
            )
            confs.append(word.confidence)
        rights = [max(s.right for s in ws) for ws in spans if ws]
        margin = right_margin(rights, page.width)
        page_lines = [
            Line(p, 0, raw, fold_label(raw), fold(raw), tuple(ws), margin)
            for raw, ws in zip(raw_lines, spans, strict=True)
        ]
        for line in join_bullet_pieces(page_lines):
            lines.append(replace(line, index=len(lines)))
    mean = sum(confs) / len(confs) if confs else 0.0
    return Doc(tuple(lines), mean)


MARGIN_LINES = 3  # lines that end together make a margin (one wide heading line does not) ...
MARGIN_SHARE = 0.2  # ... when they are this share of the page's lines (a justified body) ...
MARGIN_BEYOND = 2  # ... and at most this many lines reach further right (headings, a motto)


def right_margin(rights: list[int], width: int) -> int | None:
    """The right edge of a page's text block: the rightmost edge that a justified body's lines
    reach together (MARGIN_LINES or more, a MARGIN_SHARE of the lines, within 1% of the page),
    so a line or two set wider than the body (a national motto in the header) do not pass for
    the margin; the rightmost edge of all on a page of ragged lines (a form) or of few lines."""
    if not rights:
        return None
    ordered = sorted(rights, reverse=True)
    together = max(MARGIN_LINES, math.ceil(MARGIN_SHARE * len(ordered)))
    tolerance = 0.01 * max(width, 1)
    for i in range(min(MARGIN_BEYOND + 1, len(ordered) - together + 1)):
        if ordered[i] - ordered[i + together - 1] <= tolerance:
            return ordered[i]
    return ordered[0]


BULLET_ONLY = re.compile(r"^\s*[-–+•*]\s*$")
PIECE_GAP = 3.0  # the widest gap between the pieces of one line, in heights of its words
PIECE_WORDS = 3  # words of a piece of a line OCR read as a line of its own


def join_bullet_pieces(lines: list[Line]) -> list[Line]:
    """The lines of a page with a list item OCR broke into lines of a word or two put together
    again: a line that is a bullet alone ("-"), then the lines right of it at its height ("Như",
    "trên;"), read where the signature block's title stands at the same height."""
    out: list[Line] = []
    building = False  # the last line is a bullet alone, or one with its pieces put after it
    for line in lines:
        joined = _joined(out[-1], line) if building and _piece_of(out[-1], line) else None
        if joined is not None and len(segments(joined)) == 1:  # as close as words of one line
            out[-1] = joined
            continue
        out.append(line)
        building = bool(BULLET_ONLY.match(line.text))
    return out


def _piece_of(item: Line, line: Line) -> bool:
    """True when `line` is a short piece of `item`'s line: right of it, at its height, close."""
    if not item.words or not line.words or len(line.words) > PIECE_WORDS:
        return False
    height = max(w.bottom - w.top for w in (*item.words, *line.words))
    gap = line.words[0].left - max(w.right for w in item.words)
    mid = (min(w.top for w in line.words) + max(w.bottom for w in line.words)) / 2
    top = min(w.top for w in item.words) - height / 2
    bottom = max(w.bottom for w in item.words) + height / 2
    return 0 <= gap <= PIECE_GAP * height and top <= mid <= bottom


def _joined(item: Line, line: Line) -> Line:
    shift = len(item.text) + 1
    text = f"{item.text} {line.text}"
    words = (
        *item.words,
        *(replace(w, start=w.start + shift, end=w.end + shift) for w in line.words),
    )
    return replace(item, text=text, folded=fold_label(text), plain=fold(text), words=words)


def _line_of(offsets: list[int], at: int) -> int:
    lo, hi = 0, len(offsets) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if offsets[mid] <= at:
            lo = mid
        else:
            hi = mid - 1
    return lo
