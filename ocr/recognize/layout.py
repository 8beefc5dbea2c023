"""Reading order as a person reads: two-column bands (header, signature) left column first."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from statistics import median

from ocr.types import Word

GAP_FACTOR = 1.2  # a gap wider than this many line heights splits a line into two segments
MIN_COLUMN_LINES = 2  # a band is read column by column only with this many lines each side
JOIN_GAP = 3.0  # pieces of a row closer than this many line heights are one line (justified)
BAND_GAP = 1.0  # a vertical gap taller than this many line heights ends a column band
JOINED_GUTTER = 0.3  # line heights of gutter two rows of one column band must share
CENTRE_SLACK = 1.5  # line heights two centred header lines' middles may differ by
WIDE_SHARE = 0.55  # a lone segment wider than this share of the text width is a body line
CAPITALS_SHARE = 0.8  # share of capital letters of a line set in capitals (OCR lowers a few)
LABEL_WORDS = 6  # a segment starts with a label when one of its first words ends with ":"


@dataclass
class _Segment:
    """A run of words of one line with no column gap inside."""

    words: list[Word]
    left: int = 0
    top: int = 0
    right: int = 0
    bottom: int = 0
    block: int = 0
    row: int = -1  # index of its row, once rows are formed

    def __post_init__(self) -> None:
        self.left = min(w.left for w in self.words)
        self.right = max(w.left + w.width for w in self.words)
        # the middle word's top and bottom: one word OCR boxed with a speck above or below it
        # must not stretch its line over the next one
        self.top = round(median(w.top for w in self.words))
        self.bottom = round(median(w.top + w.height for w in self.words))
        self.block = self.words[0].block

    @property
    def height(self) -> int:
        return max(1, self.bottom - self.top)


@dataclass
class _Row:
    segments: list[_Segment] = field(default_factory=list)
    top: int = 0
    bottom: int = 0
    gutter: tuple[int, int] | None = None  # a column gutter taken from the row above or below

    def add(self, seg: _Segment) -> None:
        if not self.segments:
            self.top, self.bottom = seg.top, seg.bottom
        self.segments.append(seg)
        self.top, self.bottom = min(self.top, seg.top), max(self.bottom, seg.bottom)


def _segments(words: Sequence[Word]) -> list[_Segment]:
    by_line: dict[int, list[Word]] = defaultdict(list)
    for w in words:
        by_line[w.line].append(w)
    segments: list[_Segment] = []
    for line_words in by_line.values():
        line_words.sort(key=lambda w: w.left)
        height = median(w.height for w in line_words) or 1
        run = [line_words[0]]
        for prev, cur in itertools.pairwise(line_words):
            if cur.left - (prev.left + prev.width) > GAP_FACTOR * height:
                segments.append(_Segment(run))
                run = []
            run.append(cur)
        segments.append(_Segment(run))
    return segments


def _rows(segments: list[_Segment]) -> list[_Row]:
    rows: list[_Row] = []
    for seg in sorted(segments, key=lambda s: (s.top + s.bottom) / 2):
        if rows:
            row = rows[-1]
            overlap = min(row.bottom, seg.bottom) - max(row.top, seg.top)
            if overlap >= 0.5 * min(seg.height, max(1, row.bottom - row.top)):
                row.add(seg)
                continue
        row = _Row()
        row.add(seg)
        rows.append(row)
    for index, row in enumerate(rows):
        row.segments.sort(key=lambda s: s.left)
        for seg in row.segments:
            seg.row = index
    return rows


def _free(row: _Row, lo: int, hi: int) -> list[tuple[int, int]]:
    """Horizontal intervals of [lo, hi] that no segment of the row covers."""
    free, x = [], lo
    for seg in row.segments:
        if seg.left > x:
            free.append((x, seg.left))
        x = max(x, seg.right)
    if x < hi:
        free.append((x, hi))
    return free


def _intersect(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for a0, a1 in a:
        for b0, b1 in b:
            lo, hi = max(a0, b0), min(a1, b1)
            if hi > lo:
                out.append((lo, hi))
    return out


def _order_band(rows: list[_Row], free: list[tuple[int, int]]) -> list[list[_Segment]]:
    """Columns of a band, left first; each a list of segments top to bottom."""
    segs = [s for r in rows for s in r.segments]
    best: tuple[int, int] | None = None
    for lo, hi in free:
        left_side = any(s.right <= lo for s in segs)
        right_side = any(s.left >= hi for s in segs)
        if left_side and right_side and (best is None or hi - lo > best[1] - best[0]):
            best = (lo, hi)
    in_rows = [s for r in rows for s in r.segments]
    if best is None:
        return [in_rows]
    cut = (best[0] + best[1]) / 2
    left = [s for s in in_rows if (s.left + s.right) / 2 < cut]
    right = [s for s in in_rows if (s.left + s.right) / 2 >= cut]
    if min(len({s.row for s in left}), len({s.row for s in right})) < MIN_COLUMN_LINES:
        return [in_rows]  # a gutter through one row only (a justified line) is not columns
    if _label_value_rows(left, right):
        return [in_rows]
    return [left, right]


def _label_value_rows(left: list[_Segment], right: list[_Segment]) -> bool:
    """Labels on the left and their values at a tab stop on the right ("Giới tính:     Nữ"):
    rows of a form, read row by row so a value wrapped under itself follows its first line.

    Every row with text on both sides must have its left part end with a label, and at least
    two rows must (a signature block's "Nơi nhận:" beside "TM. ỦY BAN NHÂN DÂN" is one row)."""
    ends = {s.row: s for s in sorted(left, key=lambda s: s.right)}  # rightmost piece per row
    both = {s.row for s in right} & ends.keys()
    return len(both) >= MIN_COLUMN_LINES and all(_ends_with_label(ends[r]) for r in both)


def _both_sides(row: _Row, free: list[tuple[int, int]]) -> bool:
    lo, hi = max(free, key=lambda iv: iv[1] - iv[0])
    return any(s.right <= lo for s in row.segments) and any(s.left >= hi for s in row.segments)


def _min_gutter(lo: int, hi: int, line_height: float) -> float:
    """The narrowest gap between two columns."""
    return max(GAP_FACTOR * line_height, 0.02 * (hi - lo))


def _wide_gaps(row: _Row, lo: int, hi: int, min_gutter: float) -> list[tuple[int, int]]:
    """The row's free intervals wide enough to part two columns (margins included)."""
    return [iv for iv in _free(row, lo, hi) if iv[1] - iv[0] >= min_gutter]


def _split_at(seg: _Segment, gutter: tuple[int, int], min_gap: float) -> list[_Segment]:
    """The segment cut at the word gap that falls into a neighbouring row's column gutter."""
    words = sorted(seg.words, key=lambda w: w.left)
    for k in range(1, len(words)):
        end = words[k - 1].left + words[k - 1].width
        start = words[k].left
        if start - end >= min_gap and end < gutter[1] and start > gutter[0]:
            first, second = _Segment(words[:k]), _Segment(words[k:])
            first.row = second.row = seg.row
            return [first, second]
    return [seg]


def _centred_like(
    pieces: list[_Segment], other: _Row, gutter: tuple[int, int], line_height: float
) -> bool:
    """True when each side of the cut is centred over the same side of the other row.

    The two header columns of an administrative paper are each centred; two left-aligned
    label rows that merely have a gap at the same place (an ID card) are not cut.
    """
    cut = (gutter[0] + gutter[1]) / 2
    for side in (0, 1):
        mine = [p for p in pieces if ((p.left + p.right) / 2 >= cut) == bool(side)]
        theirs = [sg for sg in other.segments if ((sg.left + sg.right) / 2 >= cut) == bool(side)]
        if not mine or not theirs:
            return False
        a = (min(p.left for p in mine) + max(p.right for p in mine)) / 2
        b = (min(sg.left for sg in theirs) + max(sg.right for sg in theirs)) / 2
        if abs(a - b) > CENTRE_SLACK * line_height:
            return False
    return True


def _capitals(pieces: list[_Segment]) -> bool:
    """Written in capitals, as the issuing organ's name over the left column is (Decree 30);
    a body line or a form line that merely has a word space under a neighbour's gap is not."""
    letters = [c for p in pieces for w in p.words for c in w.text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= CAPITALS_SHARE * len(letters)


def _split_touching_columns(rows: list[_Row], lo: int, hi: int, line_height: float) -> None:
    """Cut rows whose two columns nearly touch, at the gutter of the row just above or below.

    A long issuing organ ("SỞ TÀI CHÍNH THÀNH PHỐ ĐÀ NẴNG") can run up to the national motto with
    only a word space between them; the next header row shows where the columns part. Only a
    row whose left part is in capitals (an organ's name) is cut: a body line under a tab-spaced
    "Điều 1.      Phê duyệt" row is one line.
    """
    min_gutter = _min_gutter(lo, hi, line_height)
    # the gaps of a form row part its fields, not columns ("Năm sinh: 1979   Dân tộc: Kinh")
    gutters = [
        [] if _form_row(row) else _interior(_wide_gaps(row, lo, hi, min_gutter), lo, hi)
        for row in rows
    ]
    for i, row in enumerate(rows):
        if gutters[i]:
            continue
        for j in (i + 1, i - 1):
            if not 0 <= j < len(rows) or not gutters[j]:
                continue
            other = rows[j]
            vgap = other.top - row.bottom if j > i else row.top - other.bottom
            if vgap > BAND_GAP * line_height:
                continue
            gutter = max(gutters[j], key=lambda iv: iv[1] - iv[0])
            pieces = [p for seg in row.segments for p in _split_at(seg, gutter, 0.2 * line_height)]
            if (
                len(pieces) > len(row.segments)
                and _capitals([p for p in pieces if p.right <= gutter[1]])
                and _centred_like(pieces, other, gutter, line_height)
            ):
                row.segments = sorted(pieces, key=lambda sg: sg.left)
                row.gutter = gutter
                break


def _is_label(text: str) -> bool:
    """A word ending a label: "tịch:", or with its value glued on as OCR often reads it
    ("tộc:Kinh"); a time or a ratio ("10:30") is not one."""
    head, colon, tail = text.partition(":")
    return bool(colon and head) and (not tail or tail[0].isalpha())


def _ends_with_label(seg: _Segment) -> bool:
    return max(seg.words, key=lambda w: w.left).text.endswith(":")


def _starts_with_label(seg: _Segment) -> bool:
    words = sorted(seg.words, key=lambda w: w.left)[:LABEL_WORDS]
    return any(_is_label(w.text) for w in words)


def _field_row(row: _Row) -> bool:
    """A row of "label: value" pairs spaced across the line ("Năm sinh: 1993   Dân tộc: Kinh
    Quốc tịch: Việt Nam"): one line of a form, never two columns, whatever gaps it has."""
    return len(row.segments) > 1 and all(_starts_with_label(s) for s in row.segments[1:])


def _form_row(row: _Row) -> bool:
    """Every gap of the row follows a label or comes before one: "Thửa đất số:     94"."""
    return len(row.segments) > 1 and all(
        _ends_with_label(a) or _starts_with_label(b) for a, b in itertools.pairwise(row.segments)
    )


def _interior(free: list[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    """The gaps with text on both sides (margins never become a gutter)."""
    return [iv for iv in free if iv[0] > lo and iv[1] < hi]


def _groups(
    rows: list[_Row], lo: int, hi: int, line_height: float
) -> list[tuple[list[_Segment], bool]]:
    """Blocks in reading order: body rows alone, column bands split into their columns."""
    min_gutter = _min_gutter(lo, hi, line_height)
    wide = WIDE_SHARE * (hi - lo)
    groups: list[tuple[list[_Segment], bool]] = []
    band: list[_Row] = []
    band_free: list[tuple[int, int]] = []

    def close() -> None:
        if band:
            columns = _order_band(band, band_free)
            groups.extend((c, len(columns) > 1) for c in columns)
            band.clear()

    for row in rows:
        lone_wide = len(row.segments) == 1 and row.segments[0].right - row.segments[0].left >= wide
        if lone_wide or (row.gutter is None and _field_row(row)):
            close()
            groups.append((row.segments, False))
            continue
        free = [row.gutter] if row.gutter is not None else _wide_gaps(row, lo, hi, min_gutter)
        if (
            band
            and row.top - band[-1].bottom > BAND_GAP * line_height
            and (_both_sides(row, band_free) or _interior(free, lo, hi))
        ):
            # after a gap across both columns, a row with a gutter of its own starts a new pair
            # of columns (the "Số:" | place-and-date row under the header)
            close()
        if band:
            # each row has its own gutter; a vertical line must pass through both
            joined = [
                iv
                for iv in _intersect(band_free, free)
                if iv[1] - iv[0] >= JOINED_GUTTER * line_height
            ]
            if joined:
                band.append(row)
                band_free = joined
                continue
            close()
        # a band starts at a row with a gutter: text on both sides (margins never become one)
        interior = _interior(free, lo, hi)
        if interior:
            band.append(row)
            band_free = interior
        else:
            groups.append((row.segments, False))
    close()
    return groups


def reading_order(
    words: Sequence[Word], *, page_width: int, page_height: int
) -> tuple[list[Word], str]:
    """Words re-ordered as a person reads, with `line`/`block` indices, and the text.

    Input words carry Tesseract's own block number and a page-unique line id. Lines are split at
    column gaps; consecutive rows that share a vertical gutter (the two-column header, the
    signature block) are read left column to its end, then the right one; body lines top to
    bottom. The text has one line per line.
    """
    if not words:
        return [], ""
    segments = _segments(words)
    rows = _rows(segments)
    lo = max(0, min(s.left for s in segments))
    hi = (
        min(page_width, max(s.right for s in segments))
        if page_width > 0
        else max(s.right for s in segments)
    )
    line_height = median(s.height for s in segments)
    _split_touching_columns(rows, lo, hi, line_height)
    ordered: list[Word] = []
    lines: list[str] = []
    line_no = 0
    prev_block: int | None = None
    block_no = -1
    was_column = False
    for group, is_column in _groups(rows, lo, hi, line_height):
        fresh = is_column or was_column
        was_column = is_column
        prev_row, prev_right, after_label = -1, 0, False
        for seg in group:
            if fresh or seg.block != prev_block:
                block_no += 1
            fresh = False
            prev_block = seg.block
            near = (
                seg.left - prev_right <= JOIN_GAP * line_height
                or after_label
                or _starts_with_label(seg)
            )
            prev_right, after_label = seg.right, _ends_with_label(seg)
            if seg.row == prev_row and not is_column and near:
                # pieces of one row that are not columns (a justified gap, the next "label:"
                # of a form row) stay one line
                ordered.extend(replace(w, line=line_no - 1, block=block_no) for w in seg.words)
                lines[-1] += " " + " ".join(w.text for w in seg.words)
                continue
            prev_row = seg.row
            ordered.extend(replace(w, line=line_no, block=block_no) for w in seg.words)
            lines.append(" ".join(w.text for w in seg.words))
            line_no += 1
    return ordered, "\n".join(lines)
