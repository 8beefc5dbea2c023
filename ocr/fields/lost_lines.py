"""A second look at the recipients' lines and the subject's words the page reading tore.

The page reading sometimes tears the first lines of a "Nơi nhận:" list into marks and pieces
("°", "trên,", "SỐ" for "- Như trên;" and "- Bộ Tài chính;"; "-", "Như", "Điêu" for "- Như Điều 3;"
with the label lost), most often on an italic label or a faint first line. The locator leaves
such pieces out of the list (they are no recipients), so the list is read short. Where this
happens is known from the words around it: between the label (or the text above the list, when
the label was lost too) and the first line of the list the page reading did read, in the list's
column, and the page reading left pieces there. That region is read again alone
(ocr.fields.reread's reader) and the recipients are read again by the same code from the page
with the region's words replaced. The lines found so are taken only when the list read again
is the list read first with lines added at its top, each a readable line (not pieces); the
value is always flagged with the lines added, and keeps what the first reading gave (`read_as`).

A subject's line can lose words the same way: words under a pen's underline read as a mark
under half the text's height ("lệ" for "thực hiện dự"), which the subject leaves out as a speck.
That line, across the text block, is read again alone, and the subject read again is taken only
when it holds every word of the first reading, in order, with words added that are Vietnamese
syllables; flagged with the words added.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from statistics import median

from common.vietnamese import is_syllable
from ocr.fields.lines import Doc, Line, without_specks
from ocr.fields.locate import locate
from ocr.fields.model import FieldValue
from ocr.fields.reread import ATTEMPTS, Box, FieldReader, Region, Rereader, line_box
from ocr.fields.spec import DocSpec, Span
from ocr.fields.specs.common import BULLET
from ocr.fields.specs.decree30 import cut_unread_recipients, is_torn, recipients
from ocr.types import PageText, Word, word_starts

ABOVE = 6.0  # the text above the list is at most this many line heights above its first line
PLACE = "the lines above the recipients' list"


def list_lines(doc: Doc) -> list[Span]:
    """The recipients' lines the page reading read, from the first with its bullet down."""
    spans = recipients(doc, DocSpec("", (), (), ()))
    if not spans:
        return []
    kept, _ = cut_unread_recipients(doc, spans)
    first = next((n for n, (li, s, e) in enumerate(kept) if _bulleted(doc, (li, s, e))), None)
    return [] if first is None else kept[first:]


def _bulleted(doc: Doc, span: Span) -> bool:
    li, s, e = span
    return bool(BULLET.match(doc.lines[li].text[s:e]))


def gap_region(doc: Doc, pages: Sequence[PageText]) -> Region | None:
    """Where recipients' lines were torn: from the bottom of the nearest readable line above
    the list's first line in its column (the label, or the text above it when the label was
    lost too) down to that first line, across the list's column; None when the page reading
    left no pieces there (nothing was torn: the list begins under its label)."""
    listed = list_lines(doc)
    boxes = [b for b in (line_box(doc, li, s, e) for li, s, e in listed) if b is not None]
    if not boxes:
        return None
    first = doc.lines[listed[0][0]]
    height = median(b[3] - b[1] for b in boxes)
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    bottom = median(w.top for w in first.words) - 0.1 * height  # the first line's tall letters
    above = [
        ln
        for ln in doc.lines[: first.index]
        if ln.page == first.page
        and ln.words
        and min(w.left for w in ln.words) < right
        and max(w.right for w in ln.words) > left
        and _middle(ln) < bottom
    ]
    top = None
    pieces: list[Line] = []
    for line in sorted(above, key=lambda ln: -_middle(ln)):
        if _middle(line) < bottom - ABOVE * height:
            break
        if not is_torn(line.text):
            top = max(w.bottom for w in line.words)
            break
        pieces.append(line)
    if top is None or not pieces or bottom - top < 0.8 * height:
        return None
    box = (round(max(left - height, 0)), round(top + 0.1 * height), right, round(bottom))
    return Region(first.page, box, height, False, PLACE)


def _middle(line: Line) -> float:
    return (min(w.top for w in line.words) + max(w.bottom for w in line.words)) / 2


def added_lines(old: str, new: str) -> list[str]:
    """The lines `new` has above the lines of `old` when `new` ends with all of `old`, else []."""
    before, after = old.split("\n"), new.split("\n")
    if len(after) <= len(before) or after[len(after) - len(before) :] != before:
        return []
    return after[: len(after) - len(before)]


def recipients_again(
    pages: Sequence[PageText],
    doc: Doc,
    fields: dict[str, FieldValue],
    reread: Rereader,
    read_fields: FieldReader,
) -> dict[str, FieldValue]:
    """The fields with the recipients' lines the page reading tore read again (see the module's
    doc; `doc` is the lines of `pages`): of the ways the region is read, the one that adds the most readable lines, the one
    read with the best confidence among those."""
    old = fields.get("recipients")
    if old is None or not old.value:
        return fields
    region = gap_region(doc, pages)
    if region is None:
        return fields

    def judged(new: FieldValue) -> tuple[FieldValue, list[str]] | None:
        added = added_lines(old.value, new.value) if new.value else []
        if not added or any(is_torn(line) for line in added):
            return None
        return new, added

    best = best_reading(pages, region, "recipients", reread, read_fields, judged)
    if best is None:
        return fields
    new, added = best
    lines = ", ".join(repr(line) for line in added)
    why = f"{lines} read again from the image of {PLACE} (the page reading tore them): check them"
    if new.needs_review:  # what the page reading gave is told once, in read_as
        why = "; ".join(
            [why, *(r for r in new.reason.split("; ") if r and not r.startswith("read as"))]
        )
    out = dict(fields)
    out["recipients"] = FieldValue(new.value, new.confidence, True, why, old.read_as or old.value)
    return out


SUBJECT_PLACE = "the subject's line"
SUBJECT_LEFT = 4.0  # text heights left of the subject's lines a torn line may begin


def subject_line(doc: Doc, spans: Sequence[Span]) -> Region | None:
    """The first line of a subject with a word the subject leaves out as a speck (under half its
    line's text height: underlined by a pen, torn by a stain), as one line across the subject's
    column and a little beyond (the torn words may begin left of its first word read)."""
    boxes = [b for b in (line_box(doc, li, s, e) for li, s, e in spans) if b is not None]
    words = [w for li, s, e in spans for w in doc.lines[li].words if w.start < e and w.end > s]
    if not boxes:
        return None
    height = median(w.bottom - w.top for w in words)
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    for li, s, e in spans:
        line = doc.lines[li]
        if without_specks(line, s, e) == [(s, e)] or line_box(doc, line.index, s, e) is None:
            continue
        tall = [w for w in line.words if w.start < e and w.end > s]
        top = median(w.top for w in tall)
        bottom = median(w.bottom for w in tall)
        box = (
            round(max(left - SUBJECT_LEFT * height, 0)),
            round(top - 0.3 * height),
            round(right + height),
            round(bottom + 0.3 * height),
        )
        return Region(line.page, box, height, True, SUBJECT_PLACE)
    return None


def added_words(old: str, new: str) -> list[str]:
    """The words of `new` not in `old` when `new` holds every word of `old` in order, else []."""
    before, after = old.split(), new.split()
    added: list[str] = []
    at = 0
    for word in after:
        if at < len(before) and word == before[at]:
            at += 1
        else:
            added.append(word)
    return added if at == len(before) else []


def without_doubled(old: str, new: str) -> str:
    """`new` without a letter alone it does not share with `old` that begins the word after it
    ("dự á án"): a letter of that word read twice, alone and in the word, when a line is read
    again alone."""
    words = new.split()
    kept = [
        w
        for w, after in zip(words, [*words[1:], ""], strict=True)
        if not (len(w) == 1 and w.isalpha() and after[:1] == w and w not in old.split())
    ]
    return " ".join(kept)


def subject_again(
    pages: Sequence[PageText],
    doc: Doc,
    fields: dict[str, FieldValue],
    spec: DocSpec,
    reread: Rereader,
    read_fields: FieldReader,
) -> dict[str, FieldValue]:
    """The fields with the subject's words the page reading took for specks read again (see the
    module's doc)."""
    old = fields.get("subject")
    field = next((f for f in spec.fields if f.key == "subject"), None)
    if old is None or not old.value or field is None:
        return fields
    spans = locate(doc, spec, field)
    region = subject_line(doc, spans) if spans else None
    if region is None:
        return fields

    def judged(new: FieldValue) -> tuple[FieldValue, list[str]] | None:
        if not new.value:
            return None
        new = replace(new, value=without_doubled(old.value, new.value))
        added = added_words(old.value, new.value)
        if not added or not all(is_syllable(w.lower()) for w in added):
            return None
        return new, added

    best = best_reading(pages, region, "subject", reread, read_fields, judged)
    if best is None:
        return fields
    new, added = best
    why = (
        f"{' '.join(added)!r} read again from the image of {SUBJECT_PLACE} (the page reading "
        "took them for marks): check them"
    )
    return {
        **fields,
        "subject": FieldValue(new.value, new.confidence, True, why, old.read_as or old.value),
    }


def best_reading(
    pages: Sequence[PageText],
    region: Region,
    key: str,
    reread: Rereader,
    read_fields: FieldReader,
    judged: Callable[[FieldValue], tuple[FieldValue, list[str]] | None],
) -> tuple[FieldValue, list[str]] | None:
    """Of the ways `region` is read again, the field `key` read from the page with the region's
    words replaced that `judged` takes (the value, what it adds), adding the most, then read
    with the best confidence; None when it takes none."""
    best: tuple[tuple[int, float], FieldValue, list[str]] | None = None
    for attempt in range(ATTEMPTS):
        again = reread(replace(region, attempt=attempt))
        read = [w for w in again.words if _inside(w, region.box)] if again is not None else []
        if not read:
            continue
        page = with_lines(pages[region.page], region.box, read)
        new = read_fields([page if i == region.page else p for i, p in enumerate(pages)]).get(key)
        taken = judged(new) if new is not None else None
        if taken is None:
            continue
        score = (len(taken[1]), sum(w.confidence for w in read) / len(read))
        if best is None or score > best[0]:
            best = score, *taken
    return None if best is None else (best[1], best[2])


def with_lines(page: PageText, box: Box, read: Sequence[Word]) -> PageText:
    """The page (as OCR read it) with its words inside `box` left out and the words `read` there
    again put in as lines of their own (rows by their height on the page), in the place of the
    first line that lost a word: the page reading's order of the rest is kept, so the lines
    read again are not merged with a line beside them (the signature block's title) into one."""
    page = page.as_read()
    lines = page.text.split("\n")
    cut: dict[int, list[tuple[int, int]]] = {}
    kept: dict[int, list[Word]] = {}
    for word, start in zip(page.words, word_starts(page.text, page.words), strict=True):
        if start < 0:
            continue
        n = page.text.count("\n", 0, start)
        if _inside(word, box):
            at = start - (page.text.rfind("\n", 0, start) + 1)
            cut.setdefault(n, []).append((at, at + len(word.text)))
        else:
            kept.setdefault(n, []).append(word)
    if not cut:
        return page
    rows = _rows(read)
    text: list[str] = []
    words: list[Word] = []
    for n, line in enumerate(lines):
        if n == min(cut):
            text += [" ".join(w.text for w in row) for row in rows]
            words += [w for row in rows for w in row]
        for a, b in sorted(cut.get(n, []), reverse=True):
            line = line[:a] + line[b:]
        if n in cut and not kept.get(n):
            continue  # every word of the line was in the region
        text.append(" ".join(line.split()))
        words += kept.get(n, [])
    return replace(page, words=tuple(words), text="\n".join(text))


def _rows(words: Sequence[Word]) -> list[list[Word]]:
    """Words in rows top to bottom (a word whose middle is within half a height of a row's
    first word's middle is of that row), each row left to right."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.top + w.height / 2):
        middle = w.top + w.height / 2
        if rows:
            first = rows[-1][0]
            if abs(middle - (first.top + first.height / 2)) <= 0.5 * max(first.height, w.height):
                rows[-1].append(w)
                continue
        rows.append([w])
    return [sorted(row, key=lambda w: w.left) for row in rows]


def _inside(word: Word, box: Box) -> bool:
    x, y = word.left + word.width / 2, word.top + word.height / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]
