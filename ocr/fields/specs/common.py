"""Labels and locators shared by several document types (national motto, signature block)."""

from __future__ import annotations

import re

from common.vietnamese import fold
from ocr.fields.lines import Doc, Line, segments
from ocr.fields.names import GIVEN_NAMES, is_position_word, restore_initial
from ocr.fields.normalize import fix_date_digits
from ocr.fields.spec import DocSpec, Span, labels
from ocr.fields.text import find_label

MOTTO = labels("Cộng hòa xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc")
DATE_WORDS = r"ng\w{1,3}\s*\d{1,2}\s*t\w{3,5}\s*\d{1,2}\s*n\w{1,3}\s*\d{4}"
_DATE_LINE = re.compile(DATE_WORDS)
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.]*$")
# titles and notes printed in a signature block, never a signer's name
SIGNATURE_WORDS = labels(
    "TM.",
    "KT.",
    "TL.",
    "TUQ.",
    "Chủ tịch",
    "Phó Chủ tịch",
    "Giám đốc",
    "Phó Giám đốc",
    "Trưởng phòng",
    "Phó Trưởng phòng",
    "Ủy ban nhân dân",
    "Đã ký",
    "Nơi nhận",
    "Người làm đơn",
    "Người khai",
    "Người đề nghị",
    "Người yêu cầu",
    "Thủ trưởng",
    "Chánh văn phòng",
    "Bí thư",
    "Công chức",
    "Cán bộ",
    "ghi rõ họ tên",
    "Xác nhận",
    "Trưởng phòng",
)


def is_motto(line: Line) -> bool:
    return any(find_label(line.folded, m) is not None for m in MOTTO)


def header_date(doc: Doc, spec: DocSpec) -> list[Span] | None:
    """The "Place, ngày .. tháng .. năm ...." line of the header (the first dated line)."""
    best: list[Span] | None = None
    for line in doc.lines[:40]:
        if line.folded.lstrip().startswith("can cu"):
            continue
        m = _DATE_LINE.search(fix_date_digits(line.plain))
        if m:
            span = [(line.index, m.start(), m.end())]
            if m.start() == 0 or _place_before(line.text[: m.start()]):
                return span
            if all(w[:1].isupper() for w in line.text[: m.start()].split()[-4:]):
                best = best or span  # "Hà Nội ngày ..." with its comma lost, not a sentence's
    return best


_PLACE_UNITS = frozenset(
    ("xa", "phuong", "thi", "tran", "huyen", "quan", "tinh", "thanh", "pho", "tp.")
)


def _place_before(text: str) -> bool:
    """True when `text` ends with "Place," as before the date of a header ("Hà Nội, ",
    "TP. Hồ Chí Minh, "); a sentence citing a paper ("Điều 23, Điều 28 Nghị định số
    151/2013/NĐ-CP ngày ...") has its comma elsewhere."""
    before = text.rstrip()
    if not before.endswith(","):
        return False
    place = re.split(r"[;:()]|\.\s", before[:-1])[-1].split()
    return 0 < len(place) <= 6 and all(
        w[:1].isupper() or not w[:1].isalpha() or fold(w) in _PLACE_UNITS for w in place
    )


def looks_like_name(text: str) -> bool:
    """A personal name: 2-6 words, letters only, each starting with a capital."""
    words = text.split()
    if not 2 <= len(words) <= 6:
        return False
    return all(
        _NAME_WORD.match(w) and w[0].isupper() and any(c in "aeiouy" for c in fold(w))
        for w in words
    )


RECIPIENTS_LABEL = labels("Nơi nhận")[0]
BULLET = re.compile(r"^\s*[-–+•*]\s*")
_FILED = re.compile(r"^\s*[-–+•*]\s*luu\b")  # "- Lưu: VT": the last recipient, the file copy
STRAY_MARKS = " :;_—–'\"“”`.,|~"  # signature and seal strokes OCR reads as marks (never "-")


def signature_zone(doc: Doc) -> list[Line]:
    """The lines the signature block is among: beside the first "Nơi nhận" (what follows it, a
    draft or an annex, is another paper's) or the list above "- Lưu" when OCR lost that label,
    else the end of the last page with text; with the lines printed at the same height that
    the reading order put elsewhere (the right column read after the recipients)."""
    anchor = next((ln for ln in doc.lines if find_label(ln.folded, RECIPIENTS_LABEL)), None)
    if anchor is None:  # the label lost: the first line of the list that ends with "- Lưu"
        listed = recipients_above_filing(doc)
        anchor = doc.lines[listed[0][0]] if listed else None
    if anchor is not None:
        window = doc.lines[max(0, anchor.index - 4) : anchor.index + 25]
        return _with_level_lines(doc, [ln for ln in window if ln.page == anchor.page])
    written = [ln for ln in doc.lines if any(c.isalpha() for c in ln.text)]
    if not written:
        return []
    last_page = written[-1].page  # a blank back page after the signature is not the last page
    return _with_level_lines(doc, [ln for ln in doc.lines if ln.page == last_page][-14:])


def _with_level_lines(doc: Doc, window: list[Line]) -> list[Line]:
    """`window` and the lines of its page set between its top and its bottom, in reading order."""
    boxed = [ln for ln in window if ln.words]
    if not boxed:
        return window
    top = min(w.top for ln in boxed for w in ln.words)
    bottom = max(w.bottom for ln in boxed for w in ln.words)
    page = boxed[0].page
    inside = {ln.index for ln in window}
    for ln in doc.lines:
        if ln.page == page and ln.words and ln.index not in inside:
            middle = (min(w.top for w in ln.words) + max(w.bottom for w in ln.words)) / 2
            if top <= middle <= bottom:
                inside.add(ln.index)
    return [doc.lines[i] for i in sorted(inside)]


def recipients_above_filing(doc: Doc) -> list[Span] | None:
    """The recipients when OCR lost the "Nơi nhận:" label: the bullet lines up to "- Lưu: VT"."""
    for line in reversed(doc.lines):
        s, e = segments(line)[0]
        if BULLET.match(line.text[s:e]) and _FILED.match(line.plain[s:e]):
            spans: list[Span] = []
            for above in reversed(doc.lines[max(0, line.index - 25) : line.index + 1]):
                a, b = segments(above)[0]
                if above.page != line.page or not BULLET.match(above.text[a:b]):
                    break
                spans.insert(0, (above.index, a, b))
            return spans
    return None


def signer(doc: Doc, spec: DocSpec) -> list[Span] | None:
    """The signer's name: the last name-shaped line of the signature block, or the last piece
    of a line the reading order joined to a recipient ("- Ủy ban MTTQVN Tỉnh:   Trần Ngọc Căng")."""
    if not doc.lines:
        return None
    zone = signature_zone(doc)
    for line in reversed(zone):
        pieces = segments(line)
        for s, e in [(0, len(line.text)), *pieces[1:][-1:]]:
            found = _name_in(line, s, e)
            if found is not None:
                return [found]
    torn = next((t for t in map(_torn_name, reversed(zone)) if t is not None), None)
    return [torn] if torn is not None else None


GIVEN_FOLDED = frozenset(fold(g) for g in GIVEN_NAMES)  # "Thướng": "Thưởng" with its tone misread
RIGHT_COLUMN = 0.4  # share of the text's width left of where a signature block's lines begin


def _torn_name(line: Line) -> Span | None:
    """A signer's name whose first words the signature or the seal tore ("Plam: Xgọc Thưởng",
    "Lê +ần Dũng"): in the right column, two to five words, the last a usual given name with its
    capital, one other word beginning with a letter, no title in capitals. Read so it is flagged:
    its words that are no names are restored from the lists of names, or left as read."""
    if line.margin is None or not line.words:
        return None
    lefts = [w.left for w in line.words]
    s, e = segments(line)[-1]
    text = line.text[s:e].strip(STRAY_MARKS)
    words = text.split()
    if not 2 <= len(words) <= 5 or min(lefts) < RIGHT_COLUMN * line.margin:
        return None
    last = words[-1]
    if not (last[:1].isupper() and last[1:].islower() and fold(last) in GIVEN_FOLDED):
        return None
    if words[0][:1].islower():
        return None  # "đi Lạc Xuân Dũng" read sure: a word of a sentence, not a torn name
    if not any(w[:1].isupper() and w[:1].isalpha() for w in words[:-1]) or _is_caps(text):
        return None
    start = line.text.index(text, s)
    return line.index, start, start + len(text)


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _name_in(line: Line, s: int, e: int) -> Span | None:
    """The span of a signer's name in line.text[s:e], or None when the piece is not one."""
    text = line.text[s:e].strip()
    if not text or text[0] in "-+*•(":
        return None
    text = text.strip(STRAY_MARKS)  # ": Nguyễn Hoàng Giang": a stroke of the seal read as ":"
    letters = [c for c in text if c.isalpha()]
    caps = len(letters) >= 4 and all(c.isupper() for c in letters)
    if (caps or "." in text) and any(
        find_label(line.folded[s:e], w) is not None for w in SIGNATURE_WORDS
    ):
        return None
    if caps and all(is_position_word(w) for w in text.split()):
        return None  # "THỨ TRƯƠNG": a title with a mark lost, not a name
    start = line.text.index(text, s)
    name = line.text[name_start(line, start) : start + len(text)]
    if looks_like_name(name) or looks_like_name(restore_initial(name)):
        return line.index, start, start + len(text)  # cut_marks_before_name cuts the marks
    return None


MARK_CONFIDENCE = 60.0  # a word before a name read less sure than this may be a mark


def name_start(line: Line, start: int) -> int:
    """Where the name begins in a line from `start`: past the words the seal's lettering or the
    signature's strokes left before it ("đi Lạc Xuân Dũng": not capitalized, read unsure)."""
    for w in line.words:
        word = line.text[w.start : w.end].lstrip(STRAY_MARKS)
        if w.end <= start or not any(c.isalpha() for c in word):
            continue  # a mark with no letter ("#", "|"): a stroke of the seal or the signature
        if word[0].isupper() or w.confidence >= MARK_CONFIDENCE:
            return max(start, w.end - len(word))
    return start


def cut_marks_before_name(doc: Doc, spans: list[Span]) -> tuple[list[Span], str]:
    """The signer's name without the marks of the seal or the signature read before it."""
    kept = [(li, name_start(doc.lines[li], s), e) for li, s, e in spans]
    return kept, "marks of the seal or the signature read before the name cut out"
