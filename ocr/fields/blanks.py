"""The blanks of a Decree 30 header a clerk fills in by hand, and the fields read from them.

The form prints "Số:      /TTr-UBND" and "Quảng Ngãi, ngày      tháng 12 năm 2024"; the number
and the day are written into the gaps with a pen. Tesseract reads them as nothing or junk, so
the number and the issue date are missing. This module finds the gaps from the printed words
around them (the "Số:" label and the "/XX-YYY" notation on its row; "ngày" and "tháng" on the
place-and-date row) and, given a reader of handwritten digits for a box of a page (the page
images live with the pipeline, not here), makes the value. Such a value is always flagged,
keeps what OCR read there as `read_as`, and is only written when the value checks (a number of
1-5 digits; a day that makes a real date of the printed month and year, not after the day the
paper is read) and either the reader was sure of every digit or OCR left the field empty
(the reason then says the reading is only likely right). A reading weaker than that, a guess
about as often wrong as right, is never written: the field stays empty, flagged, its reason
showing the guess to the clerk. A date OCR read that is no calendar date
("2024-03-45") is never written: the field is left empty, flagged, with that reading kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from common.vietnamese import fold
from ocr.fields.model import FieldValue
from ocr.fields.read import document_number
from ocr.fields.validate import date_problem
from ocr.types import PageText, Word

HEADER = 0.4  # the header's blanks are in the top 40% of the page
# widths of the printed words next to the day's blank, in widths of "năm" (Times, measured on
# the "tháng 12 năm 2024" of the papers: 1.13 and 1.33); used when OCR glued junk onto them
NGAY_WIDTH, THANG_WIDTH = 1.13, 1.33
# the notation after the number: "/CT-UBND", or with the year first, "/2020/NĐ-CP"
_NOTATION = re.compile(r"/\s*(?:(?:19|20)\d\d/)?[A-ZĐ]")
_LABEL = re.compile(r"^so:")  # folded; OCR may glue the handwriting onto it ("Sô:⁄11")
# the printed "Số:" is 1.24-1.29 of its word's height wide (measured on the real papers)
LABEL_WIDTH = 1.3
REACH = 8  # text heights: how far left of a notation read alone its blank may begin


@dataclass(frozen=True, slots=True)
class Blank:
    """A gap of a printed line where a clerk writes by hand, on page `page` (0-based)."""

    page: int
    box: tuple[int, int, int, int]  # left, top, right, bottom (pixels of the page image)
    height: int  # the printed text's height on that row
    read_as: str  # what OCR read in the gap (with the words around it)
    after: str = ""  # the printed rest the value needs: "/TTr-UBND", or the ISO "2024-12"
    # where the printed label "Số:" may begin when OCR did not read it apart from the
    # handwriting: the reader reads right of its colon (without one, from the box's left when
    # that lies right of here, else nothing); None: the box starts where the label ends
    label_at: int | None = None
    # where the printed notation ends when OCR glued the handwriting onto it ("†4/UBND-KTTH"):
    # the box's right edge is then only an estimate, the reader finds where the print begins
    print_end: int | None = None


@dataclass(frozen=True, slots=True)
class HandReading:
    """What a handwriting reader made of a blank: its digits, whether it was sure of every
    one, and, when not, whether it was at least likely right (`likely`: a weaker reading,
    written only into a field left empty, with a stronger warning)."""

    digits: str
    sure: bool
    likely: bool = False


InkReader = Callable[[Blank], HandReading]


def _row(a: Word, b: Word) -> bool:
    """True when two words sit on the same printed row (their boxes overlap by half)."""
    overlap = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    return overlap > 0.5 * min(a.height, b.height)


def _header_words(page: PageText) -> list[Word]:
    return sorted(
        (w for w in page.words if w.top < HEADER * page.height), key=lambda w: (w.line, w.left)
    )


def number_blank(page: PageText, index: int = 0) -> Blank | None:
    """The gap between the "Số:" label (or "số:": OCR often reads the capital S of a small
    header in lower case) and the "/XX-YYY" notation on its row. When OCR glued the
    handwriting onto the label ("Sô:⁄11"), or lost the label and read only the notation, the
    printed label is left to the reader to find (`Blank.label_at`)."""
    words = _header_words(page)
    for label in (w for w in words if w.text[:1] in "Ss" and _LABEL.match(fold(w.text))):
        right = sorted(
            (w for w in words if _row(label, w) and w.left > label.left + label.width),
            key=lambda w: w.left,
        )
        note = next((w for w in right if _NOTATION.search(w.text)), None)
        glued = fold(label.text)[3:]
        if note is None and _NOTATION.search(glued):
            note, right = label, []  # the label, the number and the notation in one word
        if note is None or note.left - label.left > 12 * label.height:
            return None
        return _number_blank(index, label, note, [w for w in right if w.left < note.left])
    return _notation_alone(page, words, index)


def _number_blank(index: int, label: Word, note: Word, between: list[Word]) -> Blank | None:
    """The number's blank from its label to its notation (the two may be one word)."""
    glued = label.text[3:] if len(fold(label.text)) > 3 else ""
    if note is label:
        hit = _NOTATION.search(glued)
        assert hit is not None
        notation = glued[hit.start() :]
        junk = [glued[: hit.start()]]
        end = _slash_left(note, len(label.text) - len(notation))
    else:
        hit = _NOTATION.search(note.text)
        assert hit is not None
        notation = note.text[hit.start() :]
        junk = [glued, *(w.text for w in between), note.text[: hit.start()]]
        end = note.left if hit.start() == 0 else _slash_left(note, hit.start())
    start = label.left + label.width
    label_at = None
    if glued:
        start, label_at = label.left + round(LABEL_WIDTH * label.height), label.left
    blank = _blank(index, label, (start, end), note, " ".join(j for j in junk if j), notation)
    print_end = note.left + note.width if end != note.left else None
    return None if blank is None else replace(blank, label_at=label_at, print_end=print_end)


def _notation_alone(page: PageText, words: list[Word], index: int) -> Blank | None:
    """The number's blank when OCR read the notation ("/CT-UBND", first on its row, in the
    page's left half) but not the "Số:" label before it (lost in the handwriting touching
    it): the gap reaches left of the notation, the reader finds the printed label there."""
    for note in words:
        hit = _NOTATION.match(note.text)
        if hit is None or "-" not in note.text or note.left > 0.5 * page.width:
            continue
        reach = max(0, note.left - REACH * note.height)
        before = [w for w in words if _row(note, w) and reach <= w.left < note.left]
        if any(fold(w.text).startswith(("so", "ngay", "thang")) for w in before):
            continue
        top, bottom = note.top, note.top + note.height
        for w in before:
            top, bottom = min(top, w.top), max(bottom, w.top + w.height)
        read_as = " ".join(w.text for w in before)
        return Blank(index, (reach, top, note.left, bottom), note.height, read_as, note.text, reach)
    return None


def _slash_left(note: Word, at: int) -> int:
    """Where the printed "/" begins in a word OCR glued junk onto ("†4/UBND-KTTH"): the
    printed part holds its characters at the width the whole word would give them."""
    printed = len(note.text) - at
    return note.left + note.width - round(note.width * printed / max(len(note.text), 1))


def _blank(
    index: int, left: Word, span: tuple[int, int], right: Word, read_as: str, after: str
) -> Blank | None:
    start, end = span
    height = min(left.height, right.height)
    top = min(left.top, right.top)
    bottom = max(left.top + left.height, right.top + right.height)
    if end - start < 0.5 * height:
        return None
    return Blank(index, (start, top, end, bottom), height, read_as, after)


def day_blank(page: PageText, index: int = 0) -> Blank | None:
    """The gap between "ngày" and "tháng" of the place-and-date row, with its month and year
    read in print ("tháng 12 năm 2024")."""
    words = _header_words(page)
    for i, ngay in enumerate(words):
        if not fold(ngay.text).startswith("ngay") or ngay.left < 0.35 * page.width:
            continue
        if i == 0 or not _row(words[i - 1], ngay) or not words[i - 1].text.endswith(","):
            continue  # not the "Place, ngày" of the header: a date cited in the body
        row = [w for w in words[i + 1 :] if _row(ngay, w)][:6]
        at = next((k for k, w in enumerate(row) if "thang" in fold(w.text)), None)
        if at is None or at + 3 >= len(row) + 1:
            continue
        month_year = _month_year(row[at + 1 :])
        if month_year is None:
            continue
        nam = next((w for w in row[at + 1 :] if fold(w.text.strip(",.")) == "nam"), None)
        if nam is None:
            continue
        start, end = _day_edges(ngay, row[at : at + 2], nam.width)
        read_as = " ".join([fold(ngay.text)[4:] and ngay.text[4:], *(w.text for w in row[:at])])
        return _blank(index, ngay, (start, end), row[at], read_as.strip(), month_year)
    return _day_blank_without_ngay(page, words, index)


# the most junk words OCR may make of "ngày", the day and "tháng" when it lost the printed words
_LOST_WORDS = 3


def _day_blank_without_ngay(page: PageText, words: list[Word], index: int) -> Blank | None:
    """The day's gap when OCR lost the printed "ngày" (and maybe "tháng") beside a tall
    handwritten day: a row "Place, ... [tháng] M năm YYYY" of the header, the printed words
    after the place's comma read only as junk or nothing. The gap is measured from the printed
    words' widths (in widths of "năm", see NGAY_WIDTH): it starts a space and a "ngày" after
    the comma and ends where "tháng" begins (read, or a space and a "tháng" before the month).
    The reader finds the digits in it; the printed letters at its edges are dropped there."""
    for i, comma in enumerate(words):
        if not comma.text.endswith(",") or comma.left < 0.35 * page.width:
            continue
        row = [w for w in words[i + 1 :] if _row(comma, w) and w.left > comma.left][:6]
        at = next((k for k, w in enumerate(row) if fold(w.text.strip(",.")) == "nam"), None)
        if at is None or at < 1 or at - 1 > _LOST_WORDS:
            continue
        month, nam, lost = row[at - 1], row[at], row[: at - 1]
        month_year = _month_year(row[at - 1 :])
        if month_year is None or any(fold(w.text).startswith("ngay") for w in lost):
            continue
        space = max(1, row[at + 1].left - (nam.left + nam.width)) if at + 1 < len(row) else 0
        start = comma.left + comma.width + space + round(NGAY_WIDTH * nam.width)
        thang = next((w for w in lost if fold(w.text).startswith("thang")), None)
        if thang is not None and thang is not lost[-1]:
            continue  # the day would be read after "tháng": not this row's shape
        end = thang.left if thang else month.left - space - round(THANG_WIDTH * nam.width)
        if end - start > 6 * comma.height:
            continue  # too wide a gap for a day: not a date row
        read_as = " ".join(w.text for w in lost if w is not thang)
        return _blank(index, comma, (start, end), thang or month, read_as, month_year)
    return None


def _month_year(rest: Sequence[Word]) -> str | None:
    """ "2024-12" from the words after "tháng": the month, "năm", the year, all read clean."""
    texts = [w.text.strip(",.") for w in rest[:3]]
    if len(texts) < 3 or fold(texts[1]) != "nam":
        return None
    if not (
        texts[0].isdigit() and 1 <= int(texts[0]) <= 12 and re.fullmatch(r"(19|20)\d\d", texts[2])
    ):
        return None
    return f"{texts[2]}-{int(texts[0]):02d}"


def _day_edges(ngay: Word, thang_month: Sequence[Word], nam_width: int) -> tuple[int, int]:
    """The left and right edges of the day's gap: the end of the printed "ngày" and the start
    of the printed "tháng", measured from their widths when OCR glued the day onto them (or
    drew a word's box over the day: "tháng" wider than printed, with its month beyond it)."""
    thang, month = thang_month
    start = ngay.left + ngay.width
    if fold(ngay.text) != "ngay" or ngay.width > 1.3 * NGAY_WIDTH * nam_width:
        start = ngay.left + round(NGAY_WIDTH * nam_width)
    end = thang.left
    wide = thang.width > 1.3 * THANG_WIDTH * nam_width and month.left >= thang.left + thang.width
    if not fold(thang.text).startswith("thang") or wide:
        end = thang.left + thang.width - round(THANG_WIDTH * nam_width)
    return start, end


DECREE30_TYPES = ("decision", "administrative_document")
_HAND = "written by hand on the form and read by machine from the handwriting"
_UNSURE = "not every digit was read clearly"
_HAND_BLANK = "written by hand on the form"
_GUESS = "the handwriting was too hard to read: it may be"
MAX_NUMBER_DIGITS = 5  # an office numbers its papers of a year from 1: 5 digits at most


def impossible_date_dropped(
    fields: dict[str, FieldValue], pages: Sequence[PageText] = ()
) -> dict[str, FieldValue]:
    """The fields with an issue date that is no calendar date ("2024-03-45": a day OCR misread)
    left empty: it stays flagged with why it is no date and the reason it had, and what was read
    is kept in `read_as`. The day is said to be written by hand only when the date row of
    `pages` has a blank for it. Run once, before fill_blanks."""
    old = fields.get("issue_date")
    problem = date_problem(old.value) if old is not None and old.value else None
    if old is None or problem is None:
        return fields
    by_hand = any(day_blank(p, i) for i, p in enumerate(pages[:2]))
    how = "the day of the date is written by hand and was read" if by_hand else "the date was read"
    reason = f"{how} as {old.value!r} ({problem}): read it on the paper"
    reasons = [reason, *([old.reason] if old.reason and old.reason not in reason else [])]
    value = FieldValue("", 0.0, True, "; ".join(reasons), old.read_as or old.value)
    return {**fields, "issue_date": value}


def fill_blanks(
    pages: Sequence[PageText],
    fields: dict[str, FieldValue],
    ink: InkReader,
    today: date | None = None,
) -> dict[str, FieldValue]:
    """The fields with the number and the day read from their handwritten blanks where OCR
    left them missing or flagged. Such a value is always flagged and keeps what OCR read; it is
    written only when the value checks (`today`: the latest issue date allowed, the day the
    paper is read by default). A reading the reader was sure of may replace OCR's flagged
    value; one likely right (`HandReading.likely`: not every digit read clearly) only fills an
    empty field, its reason saying so; a weaker one, a guess (held-out pen digits,
    benchmarks.handwriting seed 5: sure 96%, likely 93%, guesses 46% right), is not written: the empty field is flagged with the guess in its reason. An
    impossible date is to be dropped before (impossible_date_dropped, as extract does)."""
    out = dict(fields)
    for key, finder, make in (
        ("document_number", number_blank, _number_value),
        ("issue_date", day_blank, _date_value),
    ):
        old = out.get(key)
        if old is not None and old.value and not old.needs_review:
            continue  # read in print: the reader never overrides a clean OCR reading
        blank = next((b for i, p in enumerate(pages[:2]) if (b := finder(p, i))), None)
        if blank is None:
            continue
        reading = ink(blank)
        read_as = (old.read_as or old.value) if old is not None else ""
        empty = old is None or not old.value
        if reading.sure:
            reason = f"{_HAND} ({reading.digits!r}): check it against the paper"
        elif not empty or not reading.digits:
            continue  # an unsure reading never replaces what OCR read, even flagged
        elif reading.likely:
            reason = f"{_HAND} ({reading.digits!r}), {_UNSURE}: read it on the paper"
        else:
            reason = ""
        value = make(reading.digits, blank.after, today)
        if value is None:
            continue
        if not reason:
            # a guess is about as often wrong as right: it is shown to the clerk, never filed
            reason = f"{_HAND_BLANK}; {_GUESS} {value!r}, not written: read it on the paper"
            value = ""
        out[key] = FieldValue(value, 0.0, True, reason, read_as or blank.read_as or "(nothing)")
    return out


def _number_value(digits: str, notation: str, today: date | None = None) -> str | None:
    """ "239/TTr-UBND" from the handwritten digits and the printed notation, when it checks."""
    if not 1 <= len(digits) <= MAX_NUMBER_DIGITS or int(digits) == 0:
        return None
    value, problem = document_number(digits + notation)
    return None if problem else value


def _date_value(digits: str, month: str, today: date | None = None) -> str | None:
    """The ISO date of the handwritten day in the printed month ("2024-12"), when it is one,
    and not after `today` (the day the paper is read by default)."""
    if not 1 <= len(digits) <= 2:
        return None
    try:
        day = date.fromisoformat(f"{month}-{int(digits):02d}")
    except ValueError:
        return None
    if day > (today or date.today()):
        return None
    return day.isoformat()
