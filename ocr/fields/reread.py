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
(a calendar date, a title of the Decree 30 grammar, a name from the lists of names). A signer's
name that no way of reading gives whole (a seal's ring over it tears each reading elsewhere) is
read word by word from all the readings of its line (ocr.fields.namevote, `by_words`). On any
kind of paper, a person's name read sure whose tone could make another name ("Hiến", "Hiền") is
read once more from its line, and flagged when that reading gives the other name
(`confirm_names`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from statistics import median

from rapidfuzz.distance import Levenshtein

from common.vietnamese import bare_letters, fold, is_syllable
from ocr.fields.lines import Doc, build_doc
from ocr.fields.model import FieldValue
from ocr.fields.names import known_surname, tone_twins
from ocr.fields.namevote import Voted, vote_name
from ocr.fields.positions import block_under_seal, blocks
from ocr.fields.spec import DocSpec
from ocr.fields.specs import SPECS
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
    attempt: int = 0  # which of the reader's ways of cleaning and reading a crop (0: the first)
    rows: bool = False  # read row by row from the top (titles under a seal; see under_seal)


# reads a region of a page image again; the page's text with that region's words replaced by
# what was read (None when the page has no image to read, or nothing was read); for a region
# read by rows, the words read alone: row r read the k-th way on line r * ROW_STRIDE + k
ROW_STRIDE = 100
Rereader = Callable[[Region], PageText | None]
FieldReader = Callable[[Sequence[PageText]], dict[str, FieldValue]]


def wanted(value: FieldValue | None, key: str = "") -> bool:
    """True when a field is worth a second look: not read, or read but failing its checks or
    read with low confidence, or (a signer's position) restored to a block of titles from a
    reading that needed more than REPAIRS letters changed, or (a signer's name) restored but
    still no name (name_like: "Trọng Thắng", its family name lost); a value restored from a
    reading nearly right, with read_as, is not."""
    if value is None or not value.value:
        return True
    if not value.needs_review:
        return False
    if not value.read_as:
        return True
    if key == "signer":
        return not name_like(value.value)
    return key == "signer_position" and repairs(value) > REPAIRS


REPAIRS = 1  # letters (marks aside) a restoration may change and still be taken as it is


def repairs(value: FieldValue) -> int:
    """How many letters (marks aside) restoring a value changed in what was read."""
    if not value.read_as:
        return 0
    return Levenshtein.distance(bare_letters(value.read_as), bare_letters(value.value))


def acceptable(key: str, value: FieldValue | None) -> bool:
    """True when a value read again passed the field's checks (see the module's doc); a
    signer's position only when it is a whole block of the Decree 30 titles' grammar, a
    signer's name only when it is name_like."""
    if value is None or not value.value:
        return False
    if key == "signer_position" and " ".join(value.value.split()) not in _blocks():
        return False
    if key == "signer" and not name_like(value.value):
        return False
    return not value.needs_review or value.reason.startswith(LOW_CONFIDENCE) or bool(value.read_as)


def name_like(name: str) -> bool:
    """True for a person's name as printed: two words or more, each a capitalized Vietnamese
    syllable, the first a Vietnamese family name ("Ngọc Thưởng" is a name torn of its first
    word, "HH EDịnh Tùng" a torn one read as letters)."""
    words = name.split()
    return (
        len(words) >= 2
        and all(w.isalpha() and w[0].isupper() and is_syllable(w) for w in words)
        and known_surname(name)
    )


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


def line_box(doc: Doc, li: int, start: int, end: int) -> Box | None:
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


def _signer_box(doc: Doc, pages: Sequence[PageText]) -> tuple[int, Box, PageText] | None:
    """(line, box of the words, page) of the signer's name as the page reading located it."""
    found = signer(doc, DocSpec("", (), (), ()))
    if not found:
        return None
    li, s, e = found[0]
    box = line_box(doc, li, s, e)
    return None if box is None else (li, box, pages[doc.lines[li].page])


def titles_region(doc: Doc, pages: Sequence[PageText]) -> Region | None:
    """The title lines of a signature block: above the signer's name, in its column, below the
    last line of the text that runs into that column."""
    found = _signer_box(doc, pages)
    if found is None:
        return None
    li, name, page = found
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


def name_line(doc: Doc, pages: Sequence[PageText]) -> Region | None:
    """The line the signer's name was read from, as one line, a little around its words."""
    found = _signer_box(doc, pages)
    if found is None:
        return None
    li, box, page = found
    return Region(
        doc.lines[li].page, _around(box, page), box[3] - box[1], True, "the signer's name"
    )


def _around(box: Box, page: PageText) -> Box:
    """A line's box with a word height of margin left and right, half of it above and below."""
    height = box[3] - box[1]
    return (
        round(max(box[0] - height, 0)),
        round(max(box[1] - 0.5 * height, 0)),
        round(min(box[2] + height, page.width)),
        round(min(box[3] + 0.5 * height, page.height)),
    )


def value_line(doc: Doc, pages: Sequence[PageText], key: str, value: str) -> Region | None:
    """The line a value was read from (the first line that holds it), a little around it."""
    for line in doc.lines:
        at = line.text.find(value)
        if at < 0:
            continue
        box = line_box(doc, line.index, at, at + len(value))
        if box is None:
            return None
        place = f"the line of the {key.replace('_', ' ')}"
        return Region(line.page, _around(box, pages[line.page]), box[3] - box[1], True, place)
    return None


def name_region(doc: Doc, pages: Sequence[PageText]) -> Region | None:
    """The signer's name: below the title lines of the signature block, in their column."""
    spans = signer_position(doc, DocSpec("", (), (), ()))
    if not spans:
        return None
    boxes = [b for b in (line_box(doc, *span) for span in spans) if b is not None]
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


def _date_region(doc: Doc, pages: Sequence[PageText], read: bool) -> Region | None:
    return next((r for i, p in enumerate(pages[:2]) if (r := date_line(p, i))), None)


def _titles(doc: Doc, pages: Sequence[PageText], read: bool) -> Region | None:
    return titles_region(doc, pages)


def _name(doc: Doc, pages: Sequence[PageText], read: bool) -> Region | None:
    """A name read but doubtful is read again from its own line; one not read, from the
    signature block below the titles."""
    return (name_line(doc, pages) if read else None) or name_region(doc, pages)


# the fields a second look can find, where each is printed (given whether it was read), and in
# how many ways its region is read at most (ocr.recognize.reread.READINGS): the date line only
# as cleaned (its thin digits are no signature's strokes), the signature block's in the first
# three; a signer's name read but doubtful is then read word by word in all (NAME_READINGS)
ATTEMPTS = 3
NAME_READINGS = 5
Where = Callable[[Doc, Sequence[PageText], bool], Region | None]
TARGETS: tuple[tuple[str, Where, int], ...] = (
    ("issue_date", _date_region, 1),
    ("signer_position", _titles, ATTEMPTS),
    ("signer", _name, ATTEMPTS),
)


def better(old: FieldValue | None, new: FieldValue) -> bool:
    """True when a value read again is to replace the first: there was none, or it failed its
    checks, or it was restored with more letters changed than the new one needed."""
    if old is None or not old.value or not old.read_as:
        return True
    return repairs(new) < repairs(old)


def second_look(
    pages: Sequence[PageText],
    fields: dict[str, FieldValue],
    reread: Rereader,
    read_fields: FieldReader,
) -> dict[str, FieldValue]:
    """The fields with those a second look at their region found (see the module's doc)."""
    out = dict(fields)
    doc: Doc | None = None
    reread = _once(reread)
    for key, where, attempts in TARGETS:
        old = out.get(key)
        if not wanted(old, key):
            continue
        doc = doc or build_doc(pages)
        region = where(doc, pages, old is not None and bool(old.value))
        if region is None:
            continue
        for attempt in range(attempts):
            new = _read_again(replace(region, attempt=attempt), key, pages, reread, read_fields)
            if new is None:
                continue
            if old is not None and new.value == old.value:
                break  # read again as the first time: the first reading stands
            if not better(old, new):
                continue  # it needed as many letters changed as the first: no better reading
            first = (old.read_as or old.value) if old is not None else ""
            out[key] = FieldValue(
                new.value, new.confidence, True, reason(region.place, new), first or "(nothing)"
            )
            break
        else:  # no way of reading it passed: a name read torn is read word by word
            if key == "signer" and old is not None and old.value and region.single_line:
                out[key] = by_words(old, region, pages, reread) or old
    title = out.get("signer_position")
    if title is None or not title.value:
        doc = doc or build_doc(pages)
        region = titles_region(doc, pages)
        found = under_seal(region, reread) if region is not None else None
        if found is not None:
            out["signer_position"] = found
    return confirm_names(pages, out, reread, read_fields)


def confirm_names(
    pages: Sequence[PageText],
    fields: dict[str, FieldValue],
    reread: Rereader,
    read_fields: FieldReader,
) -> dict[str, FieldValue]:
    """The fields with every person's name read sure that has tone twins checked by reading its
    line once more (`confirmed`), on any kind of paper."""
    out = dict(fields)
    doc: Doc | None = None
    reread = _once(reread)
    for key in sorted(PERSON_KEYS & out.keys()):
        name = out[key]
        # only a name with tone twins can be read again as another name as surely
        if name.value and not name.needs_review and tone_twins(name.value):
            doc = doc or build_doc(pages)
            out[key] = confirmed(name, key, doc, pages, reread, read_fields)
    return out


# the fields that hold a person's name, on every kind of paper
PERSON_KEYS = frozenset(f.key for spec in SPECS.values() for f in spec.fields if f.kind == "person")


def confirmed(
    name: FieldValue,
    key: str,
    doc: Doc,
    pages: Sequence[PageText],
    reread: Rereader,
    read_fields: FieldReader,
) -> FieldValue:
    """A person's name read sure (one with tone twins, `names.tone_twins`), flagged when its
    line read again alone (as cleaned, at the size Tesseract reads best) gives another name
    that passes every check as surely: a tone read one way on the page and another alone
    ("Hiên", "Hiền") is a slip of one of the two readings, and which one the image alone
    tells; the page's reading is kept. Only a signer's name, under a signature and a seal
    where the page's reading is the likelier torn one, takes the other reading when most
    readings of its line word by word give it too (on seed 3033's cards and birth
    certificates the vote turned one wrong tone right and one right tone wrong)."""
    region = (name_line(doc, pages) if key == "signer" else None) or value_line(
        doc, pages, key, name.value
    )
    if region is None:
        return name
    new = _read_again(region, key, pages, reread, read_fields)
    if new is None or new.needs_review or new.value == name.value:
        return name
    why = f"read {new.value!r} when {region.place} was read again alone"
    found = _voted(name, region, pages, reread) if key == "signer" else None
    if found is not None and found.name == new.value:  # the page's reading the one slip
        why += f", and so word by word by most of {found.readings} readings of it: check it"
        return FieldValue(found.name, found.confidence, True, why, name.read_as or name.value)
    return FieldValue(name.value, name.confidence, True, why + ": check it", name.read_as)


def by_words(
    old: FieldValue, region: Region, pages: Sequence[PageText], reread: Rereader
) -> FieldValue | None:
    """A signer's name read doubtful (torn by a seal's ring or a signature: "Lê +ần Dũng"), that
    no way of reading its line again gave whole, read word by word from the page's reading and
    every way of reading the line (ocr.fields.namevote); always flagged, with what was read."""
    found = _voted(old, region, pages, reread)
    if found is None:
        return None
    why = (
        f"read word by word from {found.readings} readings of the image of {region.place} "
        "(a seal or a signature crosses it): check it"
    )
    return FieldValue(found.name, found.confidence, True, why, old.read_as or old.value)


def _voted(
    old: FieldValue, region: Region, pages: Sequence[PageText], reread: Rereader
) -> Voted | None:
    """The name the page's words in `region` and every way of reading it again vote for
    (namevote.vote_name), when it is a name (name_like) other than `old`."""
    readings = [_in_box(pages[region.page].words, region.box)]
    for attempt in range(NAME_READINGS):
        page = reread(replace(region, attempt=attempt))
        if page is not None:
            readings.append(_in_box(page.words, region.box))
    if len(readings) < 3:
        return None  # read again at most one way: no vote
    found = vote_name(readings, region.text_height)
    if found is None or found.name == old.value or not name_like(found.name):
        return None
    return found


def _in_box(words: Sequence[Word], box: Box) -> list[Word]:
    """The words whose middle is inside `box`, left to right."""
    return sorted(
        (
            w
            for w in words
            if box[0] <= w.left + w.width / 2 <= box[2] and box[1] <= w.top + w.height / 2 <= box[3]
        ),
        key=lambda w: w.left,
    )


def _once(reread: Rereader) -> Rereader:
    """The reader, each region read once however often it is asked for."""
    done: dict[Region, PageText | None] = {}

    def read(region: Region) -> PageText | None:
        if region not in done:
            done[region] = reread(region)
        return done[region]

    return read


def _read_again(
    region: Region,
    key: str,
    pages: Sequence[PageText],
    reread: Rereader,
    read_fields: FieldReader,
) -> FieldValue | None:
    """The field `key` read from the pages with `region` read again, when it passes its checks."""
    page = reread(region)
    if page is None:
        return None
    again = read_fields([page if i == region.page else p for i, p in enumerate(pages)])
    new = again.get(key)
    return new if acceptable(key, new) else None


UNDER_SEAL = (
    "read row by row under the seal or signature and matched to the list of titles by the "
    "letters left: check it"
)


def under_seal(region: Region, reread: Rereader) -> FieldValue | None:
    """A signature block's titles a seal or a signature covers, when the page and its second
    looks lost them: the rows of print at the top of the block read one by one (the reader, row
    by row), and the block of the Decree 30 grammar their readings fit, letters that survived
    compared (ocr.fields.positions.block_under_seal); always flagged, with what was read."""
    page = reread(replace(region, rows=True))
    if page is None:
        return None
    readings: dict[int, dict[int, list[Word]]] = {}
    for w in page.words:
        readings.setdefault(w.line // ROW_STRIDE, {}).setdefault(w.line % ROW_STRIDE, []).append(w)
    rows = [
        [" ".join(w.text for w in sorted(ws, key=lambda w: w.left)) for _, ws in sorted(r.items())]
        for _, r in sorted(readings.items())
    ]
    if len(rows) != 1 + max(readings, default=-1):
        return None  # a row read no way at all: too few rows to tell the block
    found = block_under_seal(rows)
    if found is None:
        return None
    block, used = found
    confidence = sum(w.confidence for w in page.words) / len(page.words)
    return FieldValue(block, round(confidence, 2), True, UNDER_SEAL, " / ".join(used))
