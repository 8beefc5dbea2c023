"""The declarative description of one document type: how to recognize it and where its fields sit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from common.vietnamese import fold_label
from ocr.fields.lines import Doc
from ocr.fields.model import FieldValue

Kind = Literal[
    "text", "name", "person", "country", "date", "citizen_id", "enterprise_code", "phone", "area", "gender",
    "number", "document_number", "doc_kind", "place", "lines", "position", "recipients", "organ",
]  # fmt: skip
Where = Literal["same_line", "same_or_next", "next_line"]
Wrap = Literal["none", "full", "block"]

# A span of a value: (line index in Doc.lines, start, end) in that line's text.
Span = tuple[int, int, int]
Locator = Callable[[Doc, "DocSpec"], list[Span] | None]
Recognizer = Callable[[Doc], int | None]  # the line that shows a paper is of a type, or None
# marks cut out of a located value: (the spans left, why they were cut); the value is then
# flagged and keeps what was read (FieldValue.read_as)
Cutter = Callable[[Doc, list[Span]], tuple[list[Span], str]]
# a type's own checks of the fields read (MRZ, fixed wording), run before the required fields
Checker = Callable[[Doc, dict[str, FieldValue]], dict[str, FieldValue]]


def labels(*texts: str) -> tuple[str, ...]:
    """Fold printed labels ("Họ và tên") into the form they are matched in ("ho va ten")."""
    return tuple(fold_label(t) for t in texts)


@dataclass(frozen=True)
class FieldSpec:
    """Where one field sits and what it holds.

    labels: printed labels, in order of preference (the first label found wins).
    english: the English half of bilingual labels ("Họ và tên / Full name"), skipped.
    where: the value follows the label on its line, or on the next line, or either.
    wrap: "full" joins the next lines while the previous one runs to the right margin,
        "block" joins following lines up to a label, heading or blank line.
    pattern: a regex (on the folded, digit-fixed value) the value must contain; a label hit
        whose value does not contain it is skipped.
    after: labels of a section heading; the field is looked for below it.
    line_start: the label must be the first word of its line.
    not_followed_by: a label hit followed by one of these words belongs to another field.
    followed_by: the label must go on with one of these words ("Họ, chữ đệm, tên" + "người mẹ").
    keep_label: the label is part of the value (the "Về việc ..." line).
    scan: a regex (on the digit-fixed line) that finds the value on its own when no label
        is found, or none of the label hits holds a value (a label OCR lost).
    locate: a custom locator replacing label search.
    cut: cuts marks that are not the value (a stain, a seal's edge) out of what was located;
        a value cut is flagged and keeps what was read.
    signed: a person's name printed under a signature and a seal (a paper's signer): a word
        their strokes tore is repaired from the lists of names, and named as torn.
    """

    key: str
    labels: tuple[str, ...] = ()
    kind: Kind = "text"
    english: tuple[str, ...] = ()
    where: Where = "same_or_next"
    wrap: Wrap = "none"
    max_lines: int = 4
    pattern: str | None = None
    after: tuple[str, ...] = ()
    line_start: bool = False
    not_followed_by: tuple[str, ...] = ()
    followed_by: tuple[str, ...] = ()
    keep_label: bool = False
    scan: str | None = None
    locate: Locator | None = None
    cut: Cutter | None = None
    signed: bool = False


@dataclass(frozen=True)
class DocSpec:
    """One document type: its title lines, its typical phrases, its fields and other labels."""

    doc_type: str
    titles: tuple[str, ...]  # folded title phrases (a heading line that is the title)
    cues: tuple[str, ...]  # folded phrases typical of the body
    fields: tuple[FieldSpec, ...]
    stops: tuple[str, ...] = ()  # other printed labels that end a value on the same line
    forbidden: tuple[str, ...] = ()  # title phrases of look-alike papers of another kind
    recognize: Recognizer | None = None  # evidence worth a title (a kind's heading, "V/v")
    required: tuple[str, ...] = ()  # field keys a paper of this type always prints
    check: Checker | None = None

    def all_labels(self) -> tuple[str, ...]:
        out: list[str] = []
        for f in self.fields:
            out.extend(f.labels)
        out.extend(self.stops)
        return tuple(dict.fromkeys(out))
