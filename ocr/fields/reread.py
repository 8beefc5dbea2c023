"""A second look at the place of a missing field: its region of the page image read again alone.

The page reading sometimes loses words a person reads on the image: the day of the date line
typed in another font ("Hà Nội, ngày 24 tháng 9 năm 2025" read as "ngày"), the titles of a
signature block under a seal or a signature, the signer's name under a signature. When a field
a Decree 30 paper requires is missing, or was read but failed its checks, and its place on the
page is known from the words around it (the date line on the header's right; the title lines
above the signer's name; the name below the titles), that region is cropped from the page image,
cleaned and read alone (ocr.recognize.reread; the pipeline gives the reader, this module only
says where), and the field is read again, by the same code and checks, from the page with the
region's words replaced. A value found so is always flagged with where it was read again, keeps
what the first reading gave (`read_as`), and is taken only when it passes the field's checks
(a calendar date, a title of the Decree 30 grammar, a name from the lists of names).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import median

from common.vietnamese import fold
from ocr.fields.lines import Doc, build_doc
from ocr.fields.model import FieldValue
from ocr.fields.positions import blocks
from ocr.fields.spec import DocSpec
from ocr.fields.specs.common import signer
from ocr.fields.specs.decree30 import signer_position
from ocr.types import PageText, Word

HEADER = 0.4  # the date line is in the top 40% of a page
RIGHT = 0.35  # and begins right of 35% of the page's width
ROW_GAP = 3.0  # words of one printed line are closer than this many word heights
TITLES_ABOVE = 12.0  # the titles are at most this many name heights above the signer's name
NAME_BELOW = 12.0  # the name at most this many title heights below the last title line
COLUMN = 0.15  # half the width of a signature block's column, in page widths, at least
# a value read again is taken only when its checks passed: clean, or flagged for no other
# reason than its words' confidence or a restoration that keeps what was read (read_as)
LOW_CONFIDENCE = "low OCR confidence"

Box = tuple[int, int, int, int]  # left, top, right, bottom (pixels of the page image)


@dataclass(frozen=True, slots=True)
class Region:
    """Where a missing field is printed: a box of page `page` (0-based), read as one line or as
    a block of lines, and how a clerk would call it ("the date line")."""

    page: int
    box: Box
    text_height: float  # the printed words' height there (pixels)
    single_line: bool
    place: str


# reads a region of a page image again; the page's text with that region's words replaced by
# what was read (None when the page has no image to read, or nothing was read)
Rereader = Callable[[Region], PageText | None]
FieldReader = Callable[[Sequence[PageText]], dict[str, FieldValue]]


def wanted(value: FieldValue | None) -> bool:
    """True when a field is worth a second look: not read, or read but failing its checks or
    read with low confidence (a value restored to a known one, with read_as, is not)."""
    if value is None or not value.value:
        return True
    return value.needs_review and not value.read_as


def acceptable(key: str, value: FieldValue | None) -> bool:
    """True when a value read again passed the field's checks (see the module's doc); a
    signer's position only when it is a whole block of the Decree 30 titles' grammar, a
    signer's name only when each of its words is a capitalized word of letters."""
    if value is None or not value.value:
        return False
    if key == "signer_position" and " ".join(value.value.split()) not in _blocks():
        return False
    if key == "signer" and not all(w.isalpha() and w[0].isupper() for w in value.value.split()):
        return False
    return not value.needs_review or value.reason.startswith(LOW_CONFIDENCE) or bool(value.read_as)


@lru_cache(maxsize=1)
def _blocks() -> frozenset[str]:
    return frozenset(blocks())


def reason(place: str, value: FieldValue) -> str:
    """The review reason of a value found by a second look."""
    why = f"; {value.reason}" if value.needs_review and value.reason else ""
    return f"read again from the image of {place}: check it{why}"


def _row(a: Word, b: Word) -> bool:
    overlap = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    return overlap > 0.5 * min(a.height, b.height)


def _date_word(word: Word) -> bool:
    folded = fold(word.text).strip(",.")
    return folded.startswith(("ngay", "thang")) or folded == "nam"


def date_line(page: PageText, index: int) -> Region | None:
    """The place-and-date line of a Decree 30 header ("Hà Nội, ngày 24 tháng 9 năm 2025"): the
    first row of the header's right part with two of "ngày", "tháng", "năm", as far as its
    words run on without a column's gap."""
    words = sorted(
        (w for w in page.words if w.top < HEADER * page.height and w.left >= RIGHT * page.width),
        key=lambda w: (w.top, w.left),
    )
    for anchor in (w for w in words if fold(w.text).startswith("ngay")):
        row = sorted((w for w in page.words if _row(anchor, w)), key=lambda w: w.left)
        at = row.index(anchor)
        if at == 0 or not row[at - 1].text.endswith(",") or sum(map(_date_word, row)) < 2:
            continue  # not the "Place, ngày" of the header: a date cited in the text
        height = median(w.height for w in row)
        first = last = at
        while first > 0 and row[first].left - _right(row[first - 1]) < ROW_GAP * height:
            first -= 1
        while last + 1 < len(row) and row[last + 1].left - _right(row[last]) < ROW_GAP * height:
            last += 1
        piece = row[first : last + 1]
        box = (
            round(piece[0].left - height),
            round(min(w.top for w in piece) - 0.6 * height),
            round(min(page.width, _right(piece[-1]) + 2 * height)),
            round(max(w.top + w.height for w in piece) + 0.6 * height),
        )
        return Region(index, box, height, True, "the date line")
    return None


def _right(word: Word) -> int:
    return word.left + word.width


def _line_box(doc: Doc, li: int, start: int, end: int) -> Box | None:
    ws = [w for w in doc.lines[li].words if w.start < end and w.end > start]
    if not ws:
        return None
    return (
        min(w.left for w in ws),
        min(w.top for w in ws),
        max(w.right for w in ws),
        max(w.bottom for w in ws),
    )


def _column(page: PageText, middle: float, width: float) -> tuple[int, int]:
    half = max(0.9 * width, COLUMN * page.width)
    return round(max(middle - half, 0.4 * page.width)), round(min(middle + half, page.width))


def titles_region(doc: Doc, pages: Sequence[PageText]) -> Region | None:
    """The title lines of a signature block: above the signer's name, in its column, below the
    last line of the text that runs into that column."""
    found = signer(doc, DocSpec("", (), (), ()))
    if not found:
        return None
    li, s, e = found[0]
    name = _line_box(doc, li, s, e)
    if name is None:
        return None
    page = pages[doc.lines[li].page]
    height = name[3] - name[1]
    left, right = _column(page, (name[0] + name[2]) / 2, name[2] - name[0])
    top = name[1] - TITLES_ABOVE * height
    lines: dict[int, list[Word]] = {}
    for w in page.words:
        if w.top + w.height < name[1]:
            lines.setdefault(w.line, []).append(w)
    for ws in lines.values():  # a line of the text that runs into the column from its left
        if min(w.left for w in ws) < left < max(_right(w) for w in ws) - 2 * height:
            top = max(top, max(w.top + w.height for w in ws) + 0.2 * height)
    if name[1] - top < 2 * height:
        return None
    box = (left, round(top), right, round(name[1] - 0.1 * height))
    return Region(doc.lines[li].page, box, height, False, "the signature block's titles")


def name_region(doc: Doc, pages: Sequence[PageText]) -> Region | None:
    """The signer's name: below the title lines of the signature block, in their column."""
    spans = signer_position(doc, DocSpec("", (), (), ()))
    if not spans:
        return None
    boxes = [b for b in (_line_box(doc, *span) for span in spans) if b is not None]
    if not boxes:
        return None
    p = doc.lines[spans[0][0]].page
    page = pages[p]
    left = min(b[0] for b in boxes)
    right = max(b[2] for b in boxes)
    bottom = max(b[3] for b in boxes)
    height = median(b[3] - b[1] for b in boxes)
    col = _column(page, (left + right) / 2, right - left)
    below = round(min(bottom + NAME_BELOW * height, page.height))
    box = (col[0], round(bottom + 0.3 * height), col[1], below)
    return Region(p, box, height, False, "the signature block")


def _date_region(doc: Doc, pages: Sequence[PageText]) -> Region | None:
    return next((r for i, p in enumerate(pages[:2]) if (r := date_line(p, i))), None)


# the fields a second look can find, and where each is printed
TARGETS: tuple[tuple[str, Callable[[Doc, Sequence[PageText]], Region | None]], ...] = (
    ("issue_date", _date_region),
    ("signer_position", titles_region),
    ("signer", name_region),
)


def second_look(
    pages: Sequence[PageText],
    fields: dict[str, FieldValue],
    reread: Rereader,
    read_fields: FieldReader,
) -> dict[str, FieldValue]:
    """The fields with those a second look at their region found (see the module's doc)."""
    out = dict(fields)
    doc: Doc | None = None
    for key, where in TARGETS:
        old = out.get(key)
        if not wanted(old):
            continue
        doc = doc or build_doc(pages)
        region = where(doc, pages)
        page = reread(region) if region is not None else None
        if region is None or page is None:
            continue
        again = read_fields([page if i == region.page else p for i, p in enumerate(pages)])
        new = again.get(key)
        if new is None or not acceptable(key, new) or (old is not None and new.value == old.value):
            continue
        first = (old.read_as or old.value) if old is not None else ""
        out[key] = FieldValue(
            new.value, new.confidence, True, reason(region.place, new), first or "(nothing)"
        )
    return out
