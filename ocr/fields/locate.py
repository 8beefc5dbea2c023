"""Find where a field's value is printed: after its label, on the next line, wrapped over lines."""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from common.vietnamese import fold, is_syllable
from ocr.fields.lines import Doc, Line, beside, left_of, spaced
from ocr.fields.normalize import fix_digits
from ocr.fields.spec import DocSpec, FieldSpec, Span
from ocr.fields.text import find_label

_SEPARATORS = re.compile(r"[\s:：;.,…·_\-–/\"'“”‘’]*")
# letters (OCR may put accents on English ones: "Place oÍ otlgin"), spaces and stray marks
_GARBLED_ENGLISH = re.compile(r"([^\W\d_](?:[^\W\d_]|[ .,'%?#&*]){1,28}?)(?::|\s*$)")
_SPACES = re.compile(r"[\s,]*")
_HEADING = re.compile(r"^\s*(?:[IVX]{1,4}\s*[.)]|\d{1,2}\s*[.)]\s|[a-zđ]\s*\)|[-–*•+]\s)")
# "Nơi cư trú:" and nothing after but a stray mark OCR read from a speck ("Thửa đất số: -")
_COLON_END = re.compile(r"\s*(?:\([^)]{0,40}\))?\s*[:：][\s\-–_.,'`~¬|·…]*$")
_COLON_AFTER = re.compile(r"\s*(?:\([^)]{0,40}\))?\s*[:/]")
# the number or bullet forms put before a label ("1.", "a)", "II.", "-")
_ENUMERATOR = re.compile(r"^\s*(?:(?:\d{1,2}|[a-zđ]|[ivx]{1,4})\s*[.)]\s*|[-–+•*]\s*)")
# words that go on a label up to its colon ("Tên thủ tục hành chính đề nghị giải quyết:")
_LABEL_TAIL = re.compile(r"[^\W\d_A-ZĐ][^\d:]{0,40}?:")


_SLASH_MISREAD = re.compile(r"[17|!l]\s+")  # the "/" of a bilingual label read as another mark


def skip_separators(line: Line, pos: int, english: tuple[str, ...]) -> int:
    """The start of the value after a label: past colons, dotted leaders and an English label."""
    start = pos
    pos = _SEPARATORS.match(line.folded, pos).end()  # type: ignore[union-attr]
    if not english:
        return pos
    for alias in english:
        hit = find_label(line.folded, alias, start=pos, at_start=True)
        if hit is None:  # the "/" before it read as one other mark ("Giới tính 7 Sex: Nam")
            slash = _SLASH_MISREAD.match(line.folded, pos)
            hit = (
                find_label(line.folded, alias, start=slash.end(), at_start=True) if slash else None
            )
        if hit is not None:
            return _SEPARATORS.match(line.folded, hit.end).end()  # type: ignore[union-attr]
    # an English label OCR garbled beyond recognition: words up to a colon or the end
    m = _GARBLED_ENGLISH.match(line.text, pos)
    if m and any(
        Levenshtein.normalized_similarity(alias, fold(m.group(1)).strip()) >= 0.5
        for alias in english
    ):
        return _SEPARATORS.match(line.folded, m.end(1)).end()  # type: ignore[union-attr]
    # after the "/" of a bilingual label, a few marks and no digit: the English half read as
    # garbage ("Nơi cư trú / P%sce cế"), its value on the next line
    rest = line.text[pos:].strip()
    short = len(rest) <= len(min(english, key=len)) + 4
    if "/" in line.text[start:pos] and rest and short and not re.search(r"\d", rest):
        return len(line.text)
    return pos


def value_end(line: Line, pos: int, stops: tuple[str, ...]) -> int:
    """Where a value starting at `pos` ends: at the next label printed on the same line, or the end."""
    end = len(line.text)
    for stop in stops:
        hit = find_label(line.folded, stop, start=pos + 1)
        while hit is not None and hit.start < end:
            exact = hit.edits == 0 and len(stop) >= 6
            if exact or _COLON_AFTER.match(line.folded, hit.end):
                end = hit.start
                break
            hit = find_label(line.folded, stop, start=hit.start + 1)
    return end


# the mark of an item before a label ("d) Diện tích:", "2. Địa chỉ:", "II. Thửa đất"), folded
_ITEM = re.compile(r"\s*(?:[a-z]|\d{1,2}|[ivx]{1,4})[).]\s+")


def starts_with_label(line: Line, all_labels: tuple[str, ...]) -> bool:
    """True when the line begins with a printed label (long enough, or followed by a colon),
    after the mark of its item if any."""
    item = _ITEM.match(line.folded)
    start = item.end() if item else 0
    for label in all_labels:
        hit = find_label(line.folded, label, start=start, at_start=True)
        if hit is not None and (
            (hit.edits == 0 and len(label) >= 6) or _COLON_AFTER.match(line.folded, hit.end)
        ):
            return True
    return False


def is_heading(line: Line) -> bool:
    return bool(_HEADING.match(line.plain))


def has_content(text: str) -> bool:
    return any(c.isalnum() for c in text)


def continuation(
    doc: Doc, spec: DocSpec, field: FieldSpec, spans: list[Span], stops: tuple[str, ...]
) -> list[Span]:
    """Add the lines a wrapped value continues on."""
    if field.wrap == "none":
        return spans
    out = list(spans)
    all_labels = spec.all_labels()
    while len(out) < field.max_lines:
        li, _, _ = out[-1]
        prev = doc.lines[li]
        if li + 1 >= len(doc.lines):
            break
        nxt = doc.lines[li + 1]
        if nxt.page != prev.page or not nxt.text.strip() or spaced(prev, nxt):
            break
        if starts_with_label(nxt, all_labels) or is_heading(nxt):
            break
        row = left_of(doc.lines, nxt)
        if row is not None and starts_with_label(row, all_labels):
            break  # the value of the label printed on its row, read apart (a tab stop)
        if prev.text.rstrip().endswith((".", ";", ":")):
            break
        if field.wrap == "full":
            full = prev.is_full()
            goes_on = prev.text.rstrip().endswith(",") or _goes_on(nxt.text)
            if full is False and not goes_on:
                break  # a short line ends the value, unless a comma or a small letter goes on
            indented = nxt.left is not None and prev.left is not None and _indented(prev, nxt)
            if indented and not _under_value(doc, out[0], nxt):
                break
        elif nxt.is_caps and not prev.is_caps:
            break
        end = value_end(nxt, 0, stops)
        if end <= 0 or (end < len(nxt.text) and len(nxt.text[:end].strip()) <= 3):
            break  # a label's line, with its item mark OCR misread ("ø) Thời hạn sử dụng")
        out.append((nxt.index, 0, end))
    return out


def _goes_on(text: str) -> bool:
    """True when a line starts with a word in small letters ("phố Hồ Chí Minh"): the sentence
    goes on (a stain read as "ø)" does not)."""
    words = text.split()
    first = words[0].strip(",.;:") if words else ""
    return len(first) > 1 and first[0].islower() and is_syllable(first)


def _under_value(doc: Doc, first: Span, nxt: Line) -> bool:
    """True when `nxt` starts where the value began on its first line (wrapped at a tab stop:
    "Tên công ty: CÔNG TY TNHH SẢN XUẤT VÀ" over "THƯƠNG MẠI ...")."""
    line = doc.lines[first[0]]
    ws = [w for w in line.words if w.end > first[1]]
    if not ws or nxt.left is None:
        return False
    char = (ws[0].right - ws[0].left) / max(1, ws[0].end - ws[0].start)
    return abs(nxt.left - ws[0].left) <= 2 * char


def _indented(prev: Line, nxt: Line) -> bool:
    """True when `nxt` starts well right of the left edge of the block `prev` belongs to."""
    margin = prev.margin or 0
    width = max(1, margin - (prev.left or 0))
    return (nxt.left or 0) - (prev.left or 0) > 0.25 * width


def region(doc: Doc, field: FieldSpec) -> range:
    """The lines a field is looked for in: below its section heading when it has one."""
    if not field.after:
        return range(len(doc.lines))
    for line in doc.lines:
        for anchor in field.after:
            if find_label(line.folded, anchor) is not None:
                return range(line.index, len(doc.lines))
    return range(len(doc.lines))


def locate(doc: Doc, spec: DocSpec, field: FieldSpec) -> list[Span] | None:
    """The spans of a field's value, or None when its label is not on the paper."""
    if field.locate is not None:
        return field.locate(doc, spec)
    stops = tuple(s for s in spec.all_labels() if s not in field.labels)
    lines = region(doc, field)
    for label in field.labels:
        hits: list[tuple[int, int, int, int]] = []  # (edits, line, start, end)
        for li in lines:
            line = doc.lines[li]
            start = _label_start(line) if field.line_start else 0
            while True:
                hit = find_label(line.folded, label, start=start, at_start=field.line_start)
                if hit is None:
                    break
                start = hit.end
                end = _label_end(line, hit.end, field)
                if end is not None:
                    hits.append((hit.edits, li, hit.start, end))
                if field.line_start:
                    break
        for _, li, s, e in sorted(hits, key=lambda h: (h[0], h[1])):
            spans = _value_after(doc, spec, field, doc.lines[li], s, e, stops)
            if spans is not None:
                return spans
    scan = field.scan or (field.pattern if not field.labels else None)
    if scan:
        for li in lines:
            line = doc.lines[li]
            m = re.search(scan, fix_digits(line.plain))
            if m:
                return [(li, m.start(), m.end())]
    return None


def _label_start(line: Line) -> int:
    """Where a label at the start of a line begins, past a number or bullet."""
    m = _ENUMERATOR.match(line.folded)
    return m.end() if m else 0


def _past_label_tail(line: Line, pos: int, stops: tuple[str, ...]) -> int:
    """Past the words a printed label goes on with up to its colon, when it does."""
    m = _LABEL_TAIL.match(line.text, pos)
    if m is None or value_end(line, pos, stops) < m.end():
        return pos
    return _SEPARATORS.match(line.folded, m.end()).end()  # type: ignore[union-attr]


def _same_line_value(field: FieldSpec, text: str) -> bool:
    """True when what follows a label on its line can be the field's value."""
    if not has_content(text):
        return False
    if field.kind in ("person", "name") and text.strip()[:1].islower():
        return False  # the rest of the label ("Họ và tên người đề nghị"): a name has capitals
    return not field.pattern or re.search(field.pattern, fix_digits(fold(text))) is not None


def _label_end(line: Line, end: int, field: FieldSpec) -> int | None:
    """Where the label ends once the words that must or must not follow it are checked."""
    after = _SPACES.match(line.folded, end).end()  # type: ignore[union-attr]
    # a colon ends the label: "Họ và tên: VÕ ..." is the value, not "Họ và tên vợ"
    colon = line.folded.startswith(":", after)
    for word in () if colon else field.not_followed_by:
        hit = find_label(line.folded, word, start=after, at_start=True)
        if hit is not None and hit.edits == 0:  # "người mẹ" is not "người đề nghị"
            return None
    if not field.followed_by:
        return end
    for word in field.followed_by:
        hit = find_label(line.folded, word, start=after, at_start=True)
        if hit is not None:
            return hit.end
    return None


def _value_after(
    doc: Doc,
    spec: DocSpec,
    field: FieldSpec,
    line: Line,
    label_start: int,
    label_end: int,
    stops: tuple[str, ...],
) -> list[Span] | None:
    pos = label_start if field.keep_label else skip_separators(line, label_end, field.english)
    if not field.keep_label:
        tail = _past_label_tail(line, pos, stops)
        if tail != pos:  # "Họ, chữ đệm và tên khai sinh / Full name:": the English half after it
            pos = skip_separators(line, tail, field.english)
    spans: list[Span] = []
    if field.where != "next_line":
        end = value_end(line, pos, stops)
        if _same_line_value(field, line.text[pos:end]):
            spans.append((line.index, pos, end))
    if not spans and field.where != "next_line" and _COLON_END.match(line.folded, label_end):
        mate = beside(doc.lines, line, label_start, label_end)  # the value at a tab stop
        if mate is not None and not starts_with_label(mate, spec.all_labels()):
            end = value_end(mate, 0, stops)
            if _same_line_value(field, mate.text[:end]):
                spans.append((mate.index, 0, end))
    # a label that ends its line with a colon ("Họ và tên:") has its value under it, whatever
    # the field's usual place (a layout that prints values below their labels)
    below = field.where != "same_line" or _COLON_END.match(line.folded, label_end)
    if not spans and below:
        for nxt in doc.lines[line.index + 1 : line.index + 3]:
            if nxt.page != line.page or starts_with_label(nxt, spec.all_labels()):
                break
            if has_content(nxt.text):  # a stray mark ("-") between label and value is skipped
                spans.append((nxt.index, 0, value_end(nxt, 0, stops)))
                break
    if not spans:
        return None
    spans = continuation(doc, spec, field, spans, stops)
    if field.pattern:
        text = " ".join(doc.lines[li].plain[s:e] for li, s, e in spans)
        if not re.search(field.pattern, fix_digits(text)):
            return None
    return spans
