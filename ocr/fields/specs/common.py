"""Labels and locators shared by several document types (national motto, signature block)."""

from __future__ import annotations

import re

from common.vietnamese import fold
from ocr.fields.lines import Doc, Line
from ocr.fields.names import is_position_word
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
            if "," in line.folded[: m.start()] or m.start() == 0:
                return span
            if all(w[:1].isupper() for w in line.text[: m.start()].split()[-4:]):
                best = best or span  # "Hà Nội ngày ..." with its comma lost, not a sentence's
    return best


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
STRAY_MARKS = " :;_—–'\"“”`.,|~"  # signature and seal strokes OCR reads as marks (never "-")


def signature_zone(doc: Doc) -> list[Line]:
    """The lines the signature block is among: beside the first "Nơi nhận" (what follows it, a
    draft or an annex, is another paper's), else the end of the last page with text."""
    for line in doc.lines:
        if find_label(line.folded, RECIPIENTS_LABEL) is not None:
            return [
                ln
                for ln in doc.lines[max(0, line.index - 4) : line.index + 25]
                if ln.page == line.page
            ]
    written = [ln for ln in doc.lines if any(c.isalpha() for c in ln.text)]
    if not written:
        return []
    last_page = written[-1].page  # a blank back page after the signature is not the last page
    return [ln for ln in doc.lines if ln.page == last_page][-14:]


def signer(doc: Doc, spec: DocSpec) -> list[Span] | None:
    """The signer's name: the last name-shaped line of the signature block."""
    if not doc.lines:
        return None
    tail = signature_zone(doc)
    for line in reversed(tail):
        text = line.text.strip()
        if not text or text[0] in "-+*•(":
            continue
        text = text.strip(STRAY_MARKS)  # ": Nguyễn Hoàng Giang": a stroke of the seal read as ":"
        if (line.is_caps or "." in text) and any(
            find_label(line.folded, w) is not None for w in SIGNATURE_WORDS
        ):
            continue
        if line.is_caps and all(is_position_word(w) for w in text.split()):
            continue  # "THỨ TRƯƠNG": a title with a mark lost, not a name
        start = line.text.index(text)
        if looks_like_name(line.text[name_start(line, start) : start + len(text)]):
            return [(line.index, start, start + len(text))]  # cut_marks_before_name cuts
    return None


MARK_CONFIDENCE = 60.0  # a word before a name read less sure than this may be a mark


def name_start(line: Line, start: int) -> int:
    """Where the name begins in a line from `start`: past the words the seal's lettering or the
    signature's strokes left before it ("đi Lạc Xuân Dũng": not capitalized, read unsure)."""
    for w in line.words:
        word = line.text[w.start : w.end].lstrip(STRAY_MARKS)
        if w.end <= start or not word.strip(STRAY_MARKS):
            continue
        if word[0].isupper() or w.confidence >= MARK_CONFIDENCE:
            return max(start, w.end - len(word))
    return start


def cut_marks_before_name(doc: Doc, spans: list[Span]) -> tuple[list[Span], str]:
    """The signer's name without the marks of the seal or the signature read before it."""
    kept = [(li, name_start(doc.lines[li], s), e) for li, s, e in spans]
    return kept, "marks of the seal or the signature read before the name cut out"
