"""Locators of the Decree 30/2020 layout every administrative document shares.

Header: the authority (under its parent, when printed) at the top left above "Số: 12/QĐ-UBND",
the motto and "Place, ngày .. tháng .. năm ...." at the top right; the title (the kind) and the
subject (trích yếu) under them, or for an official letter the "V/v ..." lines under the number;
at the end "Nơi nhận:" with its lines at the left and the signature block at the right.
"""

from __future__ import annotations

import re

from common.vietnamese import is_syllable
from ocr.fields.kinds import (
    DECISION,
    LETTER_MARK,
    is_addressee_line,
    is_letter_label,
    kind_of_notation,
    title_kind,
    title_zone,
)
from ocr.fields.lines import (
    Doc,
    Line,
    goes_on,
    leaps,
    marks_only,
    segments,
    spaced,
    specks,
    without_specks,
)
from ocr.fields.names import is_position_word
from ocr.fields.normalize import fix_digits
from ocr.fields.positions import is_title_line
from ocr.fields.spec import DocSpec, FieldSpec, Span, labels
from ocr.fields.specs.common import (
    BULLET,
    DATE_WORDS,
    MOTTO,
    STRAY_MARKS,
    cut_marks_before_name,
    header_date,
    is_motto,
    recipients_above_filing,
    signature_zone,
    signer,
)
from ocr.fields.text import find_label

NUMBER_LABEL = labels("Số")
DOC_NUMBER = r"\d{1,6}\s*/\s*(?:\d{4}\s*/\s*)?[a-z]"
HEADER_LINES = 40
_LETTERS = re.compile(r"[^\W\d_]")
_LETTERS_DIGITS = re.compile(r"[^\W_]")  # "2021": the year a subject wrapped before goes on
_DATE = re.compile(DATE_WORDS)
_PLACE_DATE = re.compile(r"(?<=\w),\s*ngay(?![a-z])")  # "Quảng Ngãi, ngày4} tháng" too
# "Quảng Ngãi," alone on its line: one to five capitalized words and the comma of the date
_PLACE_ALONE = re.compile(r"^\s*(?:[^\W\d_][\w.]*\s+){0,4}[^\W\d_]\w*\s*,\s*$")
_DATE_END = re.compile(r"(?:^|\s)(?:t\w{3,5}\s*\d{1,2}\s*)?n\w{1,3}\s*\d{4}\s*$")
# the labels of the received stamp ("CÔNG VĂN ĐẾN / Số: / Ngày: / Chuyển:") clerks put in the margin
_STAMP_LABEL = re.compile(r"\s*(?:ngay|chuyen|so|den)\s*:")
# what a clerk wrote after the stamp's label ("12024.| "): words with a digit, or marks only
_NO_LETTERS = re.compile(r"(?:[^\W_]*\d[^\s]*\s+|[^\w\s]+\s+)*")
_STAMP = re.compile(r"@|\d{1,2}:\d{2}|\+07|ky boi|co quan:|thoi gian ky")
# marks no organ's name holds: the edge of the page, a stamp or a seal read as text ("14D ~ 1U")
_NOT_AN_ORGAN = re.compile(r"[~^£$#{}<>|\\]|\d[^\W\d_]|[^\W\d_]\d")
_STRAY_BEFORE_BULLET = re.compile(r"\s*(?:[¬`'\"|~_.,]+\s*(?=[-–+•*]))?")  # "¬ - Văn phòng ..."
# "Lưu: VT." whose bullet OCR lost, or misread as a mark glued to it ("“Lưu: VT.")
_FILED_BARE = re.compile(r"^\s*[^\w\s]{0,2}\s*luu\s*:")
_SEPARATOR = re.compile(r"[\s:]*")
# what is left of "Số: 11/CT-UBND" when the label and the number are unreadable
_NOTATION_ONLY = re.compile(r"\s*\S{0,6}\s*/\s*[A-ZĐ][A-Za-zĐ]{0,5}\s*-\s*[A-ZĐ]{2,}\S*\s*$")
_GLUED_NUMBER = re.compile(r"so(?=\d)")  # "Só2624 /QĐ-BGDĐT", folded
_SUBJECT_PREFIX = re.compile(rf"^\s*(?:{LETTER_MARK}|ve\s*viec)\b\s*[.:]?\s*")
_SUBJECT_MARKER = re.compile(r"(?<!\w)(?:v\s*[/|]\s*v|ve\s*viec)\b\s*[.:]?\s*")
MAX_TAIL_WORDS = 3  # words of an organ's name OCR may read onto the subject's first line
# words that begin a line of its own after the subject: a label or the body's first sentence
SUBJECT_STOPS = labels(
    "Kính gửi", "Căn cứ", "Thực hiện", "Xét đề nghị", "Theo đề nghị", "Số", "Nơi nhận",
    "Hôm nay", "Thời gian", "Địa điểm", "Thành phần",
)  # fmt: skip
# the first words of an organ that has its own parent ("UBND TỈNH X" over "SỞ TƯ PHÁP")
ORGAN_WORDS = labels(
    "Sở", "Phòng", "Ban", "Cục", "Chi cục", "Vụ", "Viện", "Trung tâm", "Bệnh viện", "Trường",
    "Văn phòng", "Ủy ban", "Uỷ ban", "Bộ", "Tổng cục", "Hội đồng", "Thanh tra", "Công an",
    "Chi nhánh", "Kho bạc", "Đảng ủy", "Công ty", "Ngân hàng", "Đài", "Học viện", "Tòa án",
    "Viện kiểm sát", "Chi cục thuế", "Bảo hiểm xã hội",
)  # fmt: skip
SIGNATURE_NOTES = re.compile(r"^\s*\(|da ky|ky ten|ghi ro")


def is_caps(text: str) -> bool:
    """True for text in capitals; marks without case ("ˆ", a stain read as a letter) aside."""
    cased = [c for c in _LETTERS.findall(text) if c.isupper() or c.islower()]
    return len(cased) >= 2 and all(c.isupper() for c in cased)


def _printed_end(text: str) -> int:
    """The end of `text` without the stray marks OCR read after it ("ĐÀO TẠO ˆ")."""
    end = len(text)
    while end and not (
        text[end - 1].isupper() or text[end - 1].islower() or text[end - 1] in "0123456789)"
    ):
        end -= 1
    return end


def _number_start(line: Line, s: int) -> int | None:
    """Where the number begins when the segment at `s` is "Số: 1234/QĐ-UBND" (also "Só2624
    /QĐ-BGDĐT", the label glued to its number), past the label and its colon."""
    hit = find_label(line.folded, NUMBER_LABEL[0], start=s, at_start=True)
    end = hit.end if hit is not None else None
    glued = _GLUED_NUMBER.match(line.plain, _SEPARATOR.match(line.plain, s).end())  # type: ignore[union-attr]
    if end is None and glued is not None:
        end = glued.end()
    if end is None or not next(iter(_LETTERS.findall(line.text[s:])), "").isupper():
        return None  # the label is printed "Số"; "số 15/2020/TT-BGDĐT" in a sentence cites one
    if end is None or not re.search(DOC_NUMBER, fix_digits(line.plain[end:])):
        return None
    return _SEPARATOR.match(line.plain, end).end()  # type: ignore[union-attr]


def number_line(doc: Doc) -> int | None:
    """The index of the "Số: 1234/QĐ-UBND" line."""
    for line in doc.lines[:HEADER_LINES]:
        if any(_number_start(line, s) is not None for s, _ in segments(line)):
            return line.index
    return None


def number_label_line(doc: Doc) -> int | None:
    """The "Số:" line even when its number is unreadable (written by hand into the blank)."""
    found = number_line(doc)
    if found is not None:
        return found
    for line in doc.lines[:HEADER_LINES]:
        hit = find_label(line.folded, NUMBER_LABEL[0], start=_first(line), at_start=True)
        if hit and re.match(r"\s*:", line.folded[hit.end :]):
            return line.index
    for line in doc.lines[:HEADER_LINES]:  # "Số" and the number lost: "SôztT /CT-UBND"
        if any(_NOTATION_ONLY.match(line.text, s) for s, _ in segments(line)):
            return line.index
    return None


def _first(line: Line) -> int:
    return len(line.text) - len(line.text.lstrip())


def authority_spans(doc: Doc) -> list[Span]:
    """The organ block printed above the number: contiguous lines in capitals, motto cut off."""
    stop = number_label_line(doc)
    if stop is None:
        return []
    spans: list[Span] = []
    for line in reversed(doc.lines[max(0, stop - 6) : stop]):
        if line.page != doc.lines[stop].page:
            break
        end = len(line.text)
        for m in MOTTO:  # the right column merged into this line
            hit = find_label(line.folded, m)
            if hit is not None:
                end = min(end, hit.start)
        text = line.text[:end]
        if not re.search(r"[^\W\d_]{2}", text) or (is_motto(line) and end == len(line.text)):
            continue
        if title_kind(line) is not None:
            break  # the title, put above the number by the reading order, is not the organ
        if not is_caps(text) or _STAMP.search(line.plain[:end]) or _NOT_AN_ORGAN.search(text):
            if spans:
                break
            continue
        start = len(text) - len(text.lstrip())
        spans.insert(0, (line.index, start, len(text.rstrip())))
    return spans


def cut_marks_after_organ(doc: Doc, spans: list[Span]) -> tuple[list[Span], str]:
    """The organ's lines without the marks OCR read after them ("ĐÀO TẠO ˆ": a stain)."""
    kept = [(li, s, s + _printed_end(doc.lines[li].text[s:e])) for li, s, e in spans]
    return [k for k in kept if k[2] > k[1]], "marks after the organ's name cut out (a stain?)"


def _split(doc: Doc, spans: list[Span]) -> int:
    """Where the issuing organ starts in the header block (0: no parent printed above it)."""
    for k in range(len(spans) - 1, 0, -1):
        li, s, _ = spans[k]
        folded = doc.lines[li].folded
        if any(
            (h := find_label(folded, w, start=s, at_start=True)) is not None and h.edits == 0
            for w in ORGAN_WORDS
        ):
            return k
    return 0


def issuing_authority(doc: Doc, spec: DocSpec) -> list[Span] | None:
    spans = authority_spans(doc)
    return spans[_split(doc, spans) :] or None


def parent_authority(doc: Doc, spec: DocSpec) -> list[Span] | None:
    spans = authority_spans(doc)
    return spans[: _split(doc, spans)] or None


DASHES = ("-", "–")


def place(doc: Doc, spec: DocSpec) -> list[Span] | None:
    """The place name before ", ngày ... tháng ... năm ..." of the header."""
    found = header_date(doc, spec) or _dated_line(doc)
    if not found:
        return None
    li, start, _ = found[0]
    line = doc.lines[li]
    seg = max((s for s, _ in segments(line) if s < start), default=0)
    text = line.text[seg:start].rstrip(" ,.")
    words = text.split()
    keep: list[str] = []
    for w in reversed(words):  # a left-column piece merged in front: keep the capitalized run
        joins = w in DASHES and bool(keep)  # "Bà Rịa - Vũng Tàu": one name in two parts
        if not (joins or w[0].isupper() or w.lower() in ("phố", "tp.", "thị", "xã")):
            break
        if w.endswith(":"):  # a label ("Số:" of the number its blank left empty) is no place
            break
        keep.insert(0, w)
    while keep and keep[0] in DASHES:
        keep.pop(0)
    if not keep:
        return None
    begin = line.text.rindex(" ".join(keep), seg, start)
    return [(li, begin, begin + len(" ".join(keep)))]


def _dated_line(doc: Doc) -> list[Span] | None:
    """The "Place, ngày" of a header whose date OCR could not read (handwritten day), or the
    "Place," OCR read as a line of its own beside the rest of the date ("tháng 9 năm 2024":
    the day and "ngày" written by hand, or lost)."""
    for line in doc.lines[:HEADER_LINES]:
        m = _PLACE_DATE.search(line.plain)
        if m:
            return [(line.index, m.start(), len(line.text))]
    for line in doc.lines[:HEADER_LINES]:
        if _PLACE_ALONE.match(line.text) and _date_beside(doc, line):
            return [(line.index, len(line.text), len(line.text))]
    return None


def _date_beside(doc: Doc, place: Line) -> bool:
    """True when a line right of `place`, at its height, holds the end of a date ("tháng 9
    năm 2024", "01 năm 2025")."""
    if not place.words or place.right is None:
        return False
    top = min(w.top for w in place.words)
    bottom = max(w.bottom for w in place.words)
    for line in doc.lines[:HEADER_LINES]:
        if line.page != place.page or not line.words or (line.left or 0) <= place.right:
            continue
        middle = (min(w.top for w in line.words) + max(w.bottom for w in line.words)) / 2
        if top <= middle <= bottom and _DATE_END.search(fix_digits(line.plain)):
            return True
    return False


def header_end(doc: Doc) -> int:
    """The line the header ends at: the title, or under an official letter's "V/v" lines, and
    at the latest where the body begins (the dates of "Căn cứ ..." are the cited papers')."""
    title = first_title(doc)
    if title is not None:
        return title[0].index
    letter = letter_line(doc)
    end = letter[0].index + 6 if letter is not None else 15
    return min(end, len(title_zone(doc)))


def header(doc: Doc) -> Doc:
    """The lines above the title: numbers and dates below it are the body's (cited papers)."""
    return Doc(doc.lines[: header_end(doc)], doc.mean_confidence)


def issue_date(doc: Doc, spec: DocSpec) -> list[Span] | None:
    """The "Place, ngày .. tháng .. năm ...." of the header, never a date cited in the body."""
    return header_date(header(doc), spec)


def document_number(doc: Doc, spec: DocSpec) -> list[Span] | None:
    """The "Số: 12/QĐ-UBND" of the header; "số 27/2017/NQ-HĐND" cited in the body is not it."""
    li = number_line(header(doc))
    if li is None:
        return None
    line = doc.lines[li]
    for s, _ in segments(line):
        start = _number_start(line, s)  # past "Số:": what was read before the number is seen
        if start is not None:
            return [(li, start, next((e for _, e in segments(line) if e > start), len(line.text)))]
    return None


def first_title(doc: Doc) -> tuple[Line, str] | None:
    """The first heading that names a kind of document, with that kind."""
    for line in title_zone(doc):
        found = title_kind(line)
        if found is not None:
            return line, found[0]
    return None


def letter_line(doc: Doc) -> tuple[Line, int] | None:
    """The "V/v ..." line of an official letter, with where the label starts."""
    for line in doc.lines[:HEADER_LINES]:
        for s, _ in segments(line):
            if is_letter_label(line.folded[s:]):
                return line, s
    return None


def recognize(doc: Doc) -> int | None:
    """The line showing an administrative document other than a decision: a kind's heading,
    for an official letter (which has no title) its "V/v" line under a number and notation,
    else a number whose notation names another kind."""
    title = first_title(doc)
    if title is not None:
        return None if title[1] == DECISION else title[0].index
    letter = letter_line(doc)
    if letter is not None and number_label_line(doc) is not None:
        return letter[0].index
    li = number_line(doc)  # a title OCR lost: the notation names the kind ("155/2020/NĐ-CP")
    named = kind_of_notation(fix_digits(doc.lines[li].text)) if li is not None else None
    return li if named not in (None, DECISION) else None


def kind(doc: Doc, spec: DocSpec) -> list[Span] | None:
    """The evidence of the kind: its heading, the "V/v" label, the notation of the number, or
    failing all three the "Kính gửi" line of a paper sent to someone (read as an official
    letter, flagged: see read.document_kind)."""
    title = first_title(doc)
    if title is not None:
        line = title[0]
        return [(line.index, len(line.text) - len(line.text.lstrip()), len(line.text.rstrip()))]
    letter = letter_line(doc)
    if letter is not None:
        return [(letter[0].index, letter[1], min(len(letter[0].text), letter[1] + 4))]
    li = number_line(doc)
    if li is not None and kind_of_notation(fix_digits(doc.lines[li].text)):
        return [(li, 0, len(doc.lines[li].text))]
    addressee = addressee_line(doc)  # no title, "V/v" or notation read: whom it is sent to
    if addressee is not None:
        line, s = addressee
        return [(line.index, s, len(line.text.rstrip()))]
    return None


def addressee_line(doc: Doc) -> tuple[Line, int] | None:
    """The "Kính gửi: ..." line under the header, with where it starts."""
    for line in doc.lines[:HEADER_LINES]:
        if line.page != 0:
            break
        for s, _ in segments(line):
            if is_addressee_line(line.folded[s:]):
                return line, s
    return None


def _subject_start(doc: Doc) -> tuple[int, int, int] | None:
    """(line, position, read from) where the subject begins, past "V/v" or "Về việc"; `read
    from` is before the position when words OCR read before the marker are left out."""
    letter = letter_line(doc)
    if letter is not None:
        line, s = letter
    else:
        title = first_title(doc)
        if title is None:
            return None
        nxt = _next_text_line(doc, title[0].index)
        if nxt is None:
            return None
        line, s = nxt, 0
    label = _SUBJECT_PREFIX.match(line.folded, s)
    m = label or _after_header_tail(line, s)
    pos = m.end() if m else _past_stamp(line, s)
    if not m and _stops_subject(line, s):
        return None
    before = line.text[s:pos]
    return line.index, pos, pos if label else s + len(before) - len(before.lstrip())


def _past_stamp(line: Line, start: int) -> int:
    """Where a subject line begins past a received stamp's label and what was written after it,
    read as the line's first piece ("Ngày: 12024.| Quy định ...": the stamp "ĐẾN" in the margin
    beside the subject), or `start` when the line does not begin with one."""
    pieces = [(s, e) for s, e in segments(line) if s >= start]
    if len(pieces) < 2 or not _STAMP_LABEL.match(line.folded, pieces[0][0]):
        return start
    after = _NO_LETTERS.match(line.text, pieces[1][0])
    return after.end() if after else pieces[1][0]


def _after_header_tail(line: Line, start: int) -> re.Match[str] | None:
    """The "Về việc" / "V/v" marker after a word or two in capitals ("NGÃI Về việc ...", the
    tail of the organ's name OCR read onto the subject's line) or after a speck: the subject
    leaves them out."""
    m = _SUBJECT_MARKER.search(line.folded, start)
    if m is None:
        return None
    before = line.text[start : m.start()].strip()
    marks = not _LETTERS.search(before)  # a speck read before the marker (",Vềviệc")
    if before and (marks or is_caps(before)) and len(before.split()) <= MAX_TAIL_WORDS:
        return m
    return None


def _next_text_line(doc: Doc, index: int) -> Line | None:
    for line in doc.lines[index + 1 : index + 3]:
        if _LETTERS.search(line.text):
            return line
    return None


def _stops_subject(line: Line, start: int) -> bool:
    folded = line.folded[start:]
    if not _LETTERS_DIGITS.search(line.text[start:]) or _DATE.search(fix_digits(line.plain)):
        return True
    if _PLACE_DATE.search(line.plain):  # "Quảng Ngãi, ngày" with its date written by hand
        return True
    if is_motto(line) or re.match(r"^\s*(?:[IVX]{1,4}|\d{1,2})\s*[.)]", line.text[start:]):
        return True
    if not _sentence_case(line.text[start:]):
        return False  # "số hóa hồ sơ ..." goes on a wrapped subject; "Số:" is a label
    return any(find_label(folded, w, at_start=True) is not None for w in SUBJECT_STOPS)


def _sentence_case(text: str) -> bool:
    """True when text begins as a label or a sentence does: a capital, then a small letter."""
    letters = _LETTERS.findall(text[:3])
    return len(letters) >= 2 and letters[0].isupper() and letters[1].islower()


def subject(doc: Doc, spec: DocSpec) -> list[Span] | None:
    """The subject (trích yếu) under the title or after "V/v", over as many lines as it wraps."""
    begin = _subject_start(doc)
    if begin is None:
        return None
    li, pos, read_from = begin
    first = doc.lines[li]
    start, end = next(((s, e) for s, e in segments(first) if s <= pos < e), (pos, len(first.text)))
    spans: list[Span] = [(li, pos, end)]
    read = list(spans)  # with the specks between its lines, cut out by cut_subject
    caps = is_caps(first.text[pos:end])
    centred = _centred(doc, first, box(first, start, end))  # "Về việc" and all
    for line in doc.lines[li + 1 : li + 5]:
        prev = doc.lines[spans[-1][0]]
        if specks(line, first) or marks_only(line):
            read.append((line.index, *segments(line)[0]))  # a stamp's marks or dust
            continue
        s, e = segments(line)[0]
        if line.page != first.page or _stops_subject(line, s) or spaced(prev, line):
            break
        if leaps(prev, line):
            break
        if prev.text[: spans[-1][2]].rstrip().endswith((".", ";", ":")):
            break
        if not _goes_on(doc, prev, line, (s, e), caps, centred):
            break
        spans.append((line.index, s, e))
        read.append((line.index, s, e))
    read[0] = (li, read_from, end)  # with what was read before the marker, cut by cut_subject
    return [span for span in read if span[0] <= spans[-1][0]]


def _goes_on(
    doc: Doc, prev: Line, line: Line, piece: tuple[int, int], caps: bool, centred: bool
) -> bool:
    """True when `line` (its first piece) goes on with the subject whose last line is `prev`:
    set in the same case, centred under a centred subject, and not the body's first line (a
    paragraph's first line is indented: a line from the left margin to the right one wraps a
    long subject, "giao thông trong mùa mưa, bão năm 2024 trên địa bàn tỉnh Quảng Ngãi"; an
    indented line that begins with a small letter goes on with a sentence, and no paragraph
    begins so: "... hỗ trợ nhà đầu tư" / "thực hiện dự án ...")."""
    s, e = piece
    if is_caps(line.text[s:e]) != caps:
        return False
    paragraph = not prev.is_full(0.02) or _indent(doc, prev) == 0.0
    first = _LETTERS.search(line.text[s:e])
    small = first is not None and first.group().islower()  # a sentence goes on, none begins
    indent = _indent(doc, line)
    if line.is_full(0.02) and indent != 0.0 and paragraph and not small:
        return False  # a paragraph begins (or a stamp in the margin was read onto it)
    if indent is not None and indent < 0 and (_indent(doc, prev) or 0.0) >= 0:
        return False  # begins left of the margin the subject keeps: a stamp in the margin
    # a centred subject goes on centred (with less clear space: its longer lines wrap wider),
    # or on the centre of the line above when the text block's edge is not sure (a mark left of
    # the margin)
    if not centred or _centred(doc, line, box(line, s, e), clear=0.05):
        return True
    return not line.is_full(0.02) and _same_centre(doc, prev, line, piece)


def _same_centre(doc: Doc, prev: Line, line: Line, piece: tuple[int, int]) -> bool:
    """True when a piece of `line` is centred under the first piece of the line above, with
    clear space on both sides (not a paragraph's line, whose middle may be the page's too)."""
    above, below = box(prev, *segments(prev)[0]), box(line, *piece)
    lefts = [ln.left for ln in doc.lines if ln.page == line.page and ln.left is not None]
    if above is None or below is None or not lefts or line.margin is None:
        return False
    width = line.margin - min(lefts)
    clear = min(below[0] - min(lefts), line.margin - below[1]) > 0.1 * width
    return clear and abs(sum(above) - sum(below)) / 2 < SAME_CENTRE * width


SAME_CENTRE = 0.02  # share of the text block's width two centred lines' middles may differ by


def _indent(doc: Doc, line: Line) -> float | None:
    """How far (share of the text block's width) a line begins right of its page's left margin
    (negative: left of it, a stamp in the margin read onto the line), 0.0 within 3%, None
    without word boxes. The margin is where most lines begin, not the leftmost mark."""
    lefts = sorted(ln.left for ln in doc.lines if ln.page == line.page and ln.left is not None)
    if not lefts or line.left is None or line.margin is None:
        return None
    margin = lefts[len(lefts) // 5]
    share = (line.left - margin) / max(1, line.margin - margin)
    return share if abs(share) > 0.03 else 0.0


def _centred(doc: Doc, line: Line, piece: tuple[int, int] | None, clear: float = 0.1) -> bool:
    """True when a piece of a line is set in the middle of its page's text block, with clear
    space on both sides (a title or subject), not run from margin to margin."""
    lefts = [ln.left for ln in doc.lines if ln.page == line.page and ln.left is not None]
    if piece is None or not lefts or line.margin is None:
        return False
    width = line.margin - min(lefts)
    before, after = piece[0] - min(lefts), line.margin - piece[1]
    return min(before, after) > clear * width and abs(before - after) < 0.05 * width


def cut_specks(doc: Doc, spans: list[Span]) -> tuple[list[Span], str]:
    """The subject without the specks read in it: lines of marks under half the height of its
    text, and such marks inside its lines (a ")" or "^": a stain, a seal's edge)."""
    first = doc.lines[spans[0][0]]
    kept = [
        (li, a, b)
        for li, s, e in spans
        if not (specks(doc.lines[li], first) or (li != first.index and marks_only(doc.lines[li])))
        for a, b in without_specks(doc.lines[li], s, e)
    ]
    return kept, "marks under half the text's height cut out (a stain, a seal's edge?)"


def cut_subject(doc: Doc, spans: list[Span]) -> tuple[list[Span], str]:
    """The subject without what OCR read before its "Về việc" on the same line (the tail of the
    organ's name, a stamp's word, a speck: "NGÃI Về việc ...") and without its specks."""
    begin = _subject_start(doc)
    li, s, e = spans[0]
    reasons = []
    if begin is not None and begin[0] == li and begin[2] == s < begin[1]:
        line = doc.lines[li]
        marker = _SUBJECT_MARKER.search(line.folded, s)
        before = line.text[s : marker.start() if marker else begin[1]].strip()
        what = "'Về việc'" if marker else "the subject"
        reasons.append(
            f"{before!r} read before {what} left out (the organ's name, a stamp, a mark?)"
        )
        spans = [(li, begin[1], e), *spans[1:]]
    kept, specks_cut = cut_specks(doc, spans)
    if _words(doc, kept) != _words(doc, spans):
        reasons.append(specks_cut)
    return kept, "; ".join(reasons) or specks_cut


def _words(doc: Doc, spans: list[Span]) -> list[str]:
    return [w for li, s, e in spans for w in doc.lines[li].text[s:e].split()]


def box(line: Line, start: int, end: int) -> tuple[int, int] | None:
    """The horizontal extent (pixels) of the words in line.text[start:end]."""
    ws = [w for w in line.words if w.start < end and w.end > start]
    return (min(w.left for w in ws), max(w.right for w in ws)) if ws else None


def signature_lines(doc: Doc) -> tuple[tuple[int, int] | None, list[Line]]:
    """The extent of the signer's name and the lines above it on its page, nearest first."""
    found = signer(doc, DocSpec("", (), (), ()))
    if not found:
        return None, []
    li, s, e = found[0]
    page = doc.lines[li].page
    above = [ln for ln in reversed(doc.lines[max(0, li - 14) : li]) if ln.page == page]
    return box(doc.lines[li], s, e), above


def _beside(piece: tuple[int, int] | None, name: tuple[int, int] | None) -> bool:
    """True when a piece of a line sits over the signer's name (the same column)."""
    if piece is None or name is None:
        return True
    return piece[0] <= name[1] and piece[1] >= name[0]


def signer_position(doc: Doc, spec: DocSpec) -> list[Span] | None:
    """The position lines of the signature block ("KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"), as printed:
    over the signer's name, else the title lines beside "Nơi nhận" (a name OCR could not read,
    or the recipients read in between)."""
    name, above = signature_lines(doc)
    return _titles_above(above, name) or _titles_in_zone(doc, name) or None


def _titles_in_zone(doc: Doc, name: tuple[int, int] | None) -> list[Span]:
    """The lines of the signature zone made of title words, top to bottom, in the name's column."""
    spans: list[Span] = []
    for line in signature_zone(doc):
        s, e = segments(line)[-1]
        s += len(line.text[s:e]) - len(line.text[s:e].lstrip(STRAY_MARKS))
        words = line.text[s:e].split()
        if (
            not words
            or len(_LETTERS.findall(line.text[s:e])) < 4
            or not _beside(box(line, s, e), name)
            or not (_title_words(line.text[s:e]) or is_title_line(line.text[s:e]))
        ):
            continue
        spans.append((line.index, s, e))
        if len(spans) == 4:
            break
    return spans


def _title_words(piece: str) -> bool:
    """True for capitals at least half of whose words are words of the usual titles."""
    words = piece.split()
    return is_caps(piece) and 2 * sum(is_position_word(w) for w in words) >= len(words)


def _titles_above(above: list[Line], name: tuple[int, int] | None) -> list[Span]:
    spans: list[Span] = []
    for line in above:
        s, e = segments(line)[-1]
        piece = line.text[s:e]
        if (
            not _beside(box(line, s, e), name)
            or BULLET.match(piece)
            or SIGNATURE_NOTES.search(line.plain[s:e])
            or not _LETTERS.search(piece)
        ):
            continue
        if len(_LETTERS.findall(piece)) < 4:
            continue  # a mark of the seal or the signature ("TỶ", "À")
        title = is_caps(piece) or is_title_line(piece)
        if title and find_label(line.folded[s:e], labels("Nơi nhận")[0]) is None:
            spans.insert(0, (line.index, s, e))
            if len(spans) == 4:
                break
        elif len(piece.split()) > 4 or line.text.rstrip().endswith("."):
            break  # the body above the block; scribbles and torn recipient lines are skipped
    return spans


def recipients(doc: Doc, spec: DocSpec) -> list[Span] | None:
    """The "Nơi nhận:" lines (the recipients of copies), one span each."""
    label = labels("Nơi nhận")[0]
    at = None
    for line in doc.lines:  # the first: the paper's own, not an attached draft's
        hit = find_label(line.folded, label)
        if hit is not None:
            at = line, hit.end
            break
    if at is None:
        return recipients_above_filing(doc)
    line, end = at
    spans: list[Span] = []
    rest = line.text[end:].lstrip(" :")
    if BULLET.match(rest):
        s = len(line.text) - len(rest)
        spans.append((line.index, s, next(e for ss, e in segments(line) if e > s)))
    column = box(line, 0, end)
    unread: list[Span] = []  # lines under the label before the first bullet: torn, unreadable
    for nxt in doc.lines[line.index + 1 : line.index + 25]:
        s, e = segments(nxt)[0]
        s = _STRAY_BEFORE_BULLET.match(nxt.text, s).end()  # type: ignore[union-attr]
        if nxt.page == line.page and _aside(doc, nxt, (s, e), column, spans):
            continue  # the signature block's title or a mark of its seal, read between the lines
        if nxt.page == line.page and not spans and not BULLET.match(nxt.text[s:e]):
            unread.append((nxt.index, s, e))
            if len(unread) > MAX_UNREAD:
                break
            continue
        if nxt.page != line.page or not BULLET.match(nxt.text[s:e]):
            if spans and _FILED_BARE.match(nxt.plain[s:e]):
                spans.append((nxt.index, s, e))  # "Lưu: VT." whose bullet OCR lost
            elif spans and goes_on(doc.lines[spans[-1][0]].text, nxt.text[s:]):
                spans.append((nxt.index, s, e))
                continue
            break
        spans.append((nxt.index, s, e))
    return [*unread, *spans] if spans else None


MAX_UNREAD = 3  # lines under "Nơi nhận:" OCR could not read before the first "- ..." line


def cut_unread_recipients(doc: Doc, spans: list[Span]) -> tuple[list[Span], str]:
    """The recipients without the torn lines read under "Nơi nhận:" before the first bullet
    line (a line OCR tore into marks and pieces: "°", "trên,", "SỐ"); a readable line there
    whose bullet OCR lost ("Ban Bí thư Trung ương Đảng;") stays."""
    first = next(
        (n for n, (li, s, e) in enumerate(spans) if BULLET.match(doc.lines[li].text[s:e])), 0
    )
    torn = [sp for sp in spans[:first] if is_torn(doc.lines[sp[0]].text[sp[1] : sp[2]])]
    if not torn:
        return spans, ""
    said = ", ".join(repr(doc.lines[li].text[s:e].strip()) for li, s, e in torn)
    return [sp for sp in spans if sp not in torn], (
        f"{said} read under 'Nơi nhận:' before the first '-' line left out "
        "(recipients OCR could not read?): lines lost, check the list"
    )


def is_torn(text: str) -> bool:
    """True when a line is pieces, not a recipient: fewer than two words of letters, or most of
    its words neither Vietnamese syllables nor abbreviations in capitals ("HĐND")."""
    words = [w.strip(".,;:()-") for w in text.split()]
    words = [w for w in words if any(c.isalpha() for c in w)]
    if len(words) < 2:
        return True
    good = sum(is_syllable(w.lower()) or (w.isupper() and len(w) >= 2) for w in words)
    return 3 * good < 2 * len(words)


def _aside(
    doc: Doc,
    line: Line,
    piece: tuple[int, int],
    column: tuple[int, int] | None,
    spans: list[Span],
) -> bool:
    """True when a line read among the recipients is not one of them: it begins right of the
    "Nơi nhận:" label (the other column: the signature block), or, once the list has begun,
    it is marks under half the height of its lines (the seal's or the signature's edge)."""
    if _right_of(box(line, *piece), column):
        return True
    return bool(spans) and specks(line, doc.lines[spans[-1][0]])


def _right_of(piece: tuple[int, int] | None, column: tuple[int, int] | None) -> bool:
    """True when a piece of a line begins right of the end of the "Nơi nhận:" label: a line of
    the other column (the signature block), not one of the list under the label."""
    return piece is not None and column is not None and piece[0] > column[1]


def shows_recipients(doc: Doc) -> bool:
    """True when the paper has the "Nơi nhận:" list of Decree 30 (its lines down to "- Lưu"):
    an administrative document, even with its header and title on another page or unreadable."""
    spans = recipients(doc, DocSpec("", (), (), ()))
    return spans is not None and len(cut_unread_recipients(doc, spans)[0]) >= 2


def fields(subject_field: FieldSpec) -> tuple[FieldSpec, ...]:
    """The Decree 30 fields of an administrative document, with its own way to find the subject."""
    return (
        FieldSpec("document_number", kind="document_number", locate=document_number),
        FieldSpec("issue_date", kind="date", locate=issue_date),
        FieldSpec("place", kind="place", locate=place),
        FieldSpec(
            "issuing_authority", kind="organ", locate=issuing_authority, cut=cut_marks_after_organ
        ),
        FieldSpec(
            "parent_authority", kind="organ", locate=parent_authority, cut=cut_marks_after_organ
        ),
        subject_field,
        FieldSpec("signer", kind="person", signed=True, locate=signer, cut=cut_marks_before_name),
        FieldSpec("signer_position", kind="position", locate=signer_position),
        FieldSpec("recipients", kind="recipients", locate=recipients, cut=cut_unread_recipients),
    )


REQUIRED = ("document_number", "issue_date", "issuing_authority", "subject", "signer")
