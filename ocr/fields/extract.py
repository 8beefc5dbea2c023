"""Classify a paper and read its fields with the spec of its type."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from common.vietnamese import fold
from ocr.fields.blanks import DECREE30_TYPES, InkReader, fill_blanks, impossible_date_dropped
from ocr.fields.classify import classify_doc, nearly
from ocr.fields.compounds import shape_slips, tone_doubts
from ocr.fields.kinds import KIND_LABELS
from ocr.fields.lines import Doc, build_doc
from ocr.fields.locate import locate
from ocr.fields.lost_lines import recipients_again, subject_again
from ocr.fields.model import Extraction, FieldValue
from ocr.fields.names import stock_name
from ocr.fields.places import address_problem
from ocr.fields.read import read_field
from ocr.fields.repair import repair_citizen_id
from ocr.fields.reread import Rereader, confirm_names, second_look
from ocr.fields.spec import DocSpec
from ocr.fields.specs import OTHER, SPECS
from ocr.fields.text import find_label
from ocr.fields.validate import citizen_id_problem
from ocr.types import PageText

# a value any of whose words OCR was less sure of is flagged; measured on the held-out set's OCR
# (54 papers): at 60 one wrong value went unflagged, at 85 none, for 6% of right values flagged
REVIEW_CONFIDENCE = 85.0
FEW_WORDS = 20  # fewer words than this on a whole paper: a failed scan or an almost empty page


def classify(pages: Sequence[PageText]) -> tuple[str, float]:
    """The document type of a paper (a key of SPECS or "other") and a confidence in 0..1."""
    return classify_doc(build_doc(pages))


def extract(
    pages: Sequence[PageText],
    *,
    declared_type: str | None = None,
    review_confidence: float = REVIEW_CONFIDENCE,
    ink: InkReader | None = None,
    reread: Rereader | None = None,
) -> Extraction:
    """Classify the paper (unless its type is declared) and read the fields of its type.

    A paper of an unknown kind comes out as "other" with no fields. Each field is normalized
    and validated; a failing value or one read with low OCR confidence is flagged for review.
    `ink` reads the digits a clerk wrote by hand into a blank of the page images (the number
    and the day of a Decree 30 header; see ocr.fields.blanks); without it they stay unread.
    `reread` reads a region of a page image again, for a required field the page reading lost
    (see ocr.fields.reread).
    """
    doc = build_doc(pages)
    doc_type, type_confidence = _doc_type(doc, declared_type)
    fields = {} if doc_type == OTHER else read_fields(doc, doc_type, review_confidence)
    if doc_type in DECREE30_TYPES:
        fields = impossible_date_dropped(fields, pages)
        if ink is not None:
            fields = fill_blanks(pages, fields, ink)
    again = lambda ps: read_fields(build_doc(ps), doc_type, review_confidence)  # noqa: E731
    if reread is not None and doc_type in DECREE30_TYPES:
        fields = second_look(pages, fields, reread, again)
        fields = recipients_again(pages, doc, fields, reread, again)
        fields = subject_again(pages, doc, fields, SPECS[doc_type], reread, again)
    elif reread is not None and doc_type != OTHER:
        fields = confirm_names(pages, fields, reread, again)
    out = Extraction(doc_type, type_confidence, fields)
    for flag, reason in paper_flags(pages, doc, doc_type).items():
        out = out.flagged(flag, reason)
    return out


def _doc_type(doc: Doc, declared_type: str | None) -> tuple[str, float]:
    if declared_type in SPECS:
        guessed, confidence = classify_doc(doc)
        return declared_type, confidence if guessed == declared_type else 1.0
    return classify_doc(doc)


def paper_flags(pages: Sequence[PageText], doc: Doc, doc_type: str) -> dict[str, str]:
    """Reasons a person must look at the paper as a whole (not one field)."""
    flags: dict[str, str] = {}
    words = [len(p.words) for p in pages]
    if sum(words) < FEW_WORDS:
        flags["few_words"] = (
            f"only {sum(words)} words could be read on this paper: check the scan and its fields"
        )
    blank = [str(i + 1) for i, n in enumerate(words) if n == 0]
    if blank and len(pages) > 1:
        flags["blank_page"] = f"no text read on page {', '.join(blank)}: blank, or unreadable?"
    if doc_type == OTHER:
        named = names_known_kind(doc)
        if named:
            flags["unrecognized_type"] = (
                f"type not recognized, but the paper mentions {named!r}: check its type"
            )
        elif (near := nearly(doc)) is not None:
            kind, printed = near
            flags["unrecognized_type"] = (
                f"type not recognized, but the paper prints labels of a {kind.replace('_', ' ')} "
                f"({', '.join(printed)}): check its type"
            )
    return flags


def names_known_kind(doc: Doc) -> str | None:
    """A known type's title (anywhere) or a Decree 30 kind (in a heading) the paper shows."""
    for spec in SPECS.values():
        for title in spec.titles:
            for line in doc.lines:
                if find_label(line.folded, title) is not None:
                    return line.text.strip()
    for line in doc.lines:
        if line.is_caps and any(find_label(line.folded, k) for k in KIND_LABELS):
            return line.text.strip()
    return None


def read_fields(doc: Doc, doc_type: str, review_confidence: float) -> dict[str, FieldValue]:
    spec = SPECS[doc_type]
    fields: dict[str, FieldValue] = {}
    for field in spec.fields:
        spans = locate(doc, spec, field)
        if spans:
            value = read_field(doc, field, spans, review_confidence)
            if field.kind in _LABELLED_KINDS:
                value = label_words_flagged(value, spec, field.kind)
            if field.kind in _SHAPED_KINDS:
                value = shape_slips_flagged(value)
            fields[field.key] = value
    if spec.check is not None:
        fields = spec.check(doc, fields)
    address = fields.get("address")
    cut = address_problem(address.value) if address is not None else ""
    if address is not None and cut and not address.needs_review:
        fields["address"] = replace(address, needs_review=True, reason=cut)
    for key in spec.required:  # an empty value read as something keeps why it is empty
        if key not in fields or not (fields[key].value or fields[key].read_as):
            fields[key] = FieldValue(
                "", 0.0, True, f"{key.replace('_', ' ')} not found on the paper"
            )
    return cross_check(fields, "\n".join(line.text for line in doc.lines))


_LABELLED_KINDS = ("text", "organ", "place", "person", "name")
_SHAPED_KINDS = ("text", "place", "name")  # written in common words (persons' names are not)


def shape_slips_flagged(value: FieldValue) -> FieldValue:
    """The value, flagged when a word of it makes no word with its neighbours but would with
    another hat, horn or breve ("THỤC PHẨM" for "THỰC PHẨM": both syllables, one a misreading),
    or with a tone mark more or less ("chỉ phí" for "chi phí": see compounds.tone_doubts). A value
    flagged already (low OCR confidence: which word?) is told the tone doubt too."""
    if value.needs_review:
        doubts = tone_doubts(value.value) if value.value else []
        if not doubts:
            return value
        return replace(value, reason="; ".join(r for r in (value.reason, _doubt(*doubts[0])) if r))
    slips = shape_slips(value.value)
    if slips:
        read, likely = slips[0]
        reason = f"{read!r} makes no word here, {likely!r} would: a mark misread? check it"
        return replace(value, needs_review=True, reason=reason)
    doubts = tone_doubts(value.value)
    if doubts:
        return replace(value, needs_review=True, reason=_doubt(*doubts[0]))
    return value


def _doubt(read: str, likely: str) -> str:
    return f"{read!r} may be {likely!r}: check the tone mark"


def label_words_flagged(value: FieldValue, spec: DocSpec, kind: str = "text") -> FieldValue:
    """The value, flagged when most of its words are the words of the paper's labels ("Ngày,
    tháng, cấp 02/06/2025 / năm"): labels read into it from a line OCR jumbled. Labels are
    compared without marks, so a person's name of the lists' names, marks and all, is a name
    ("Hồ Quốc Dũng" is not "Họ", "Quốc tịch")."""
    if value.needs_review or (kind == "person" and stock_name(value.value)):
        return value
    vocabulary = {w for label in spec.all_labels() for w in re.findall(r"[a-z]+", label)}
    words = re.findall(r"[a-z]+", fold(value.value))
    known = [w for w in words if w in vocabulary]
    if len(known) >= 2 and len(known) >= 0.6 * len(words):
        reason = f"{value.value!r} is mostly the words of labels: read from a jumbled line?"
        return replace(value, needs_review=True, reason=reason)
    return value


def cross_check(fields: dict[str, FieldValue], context: str = "") -> dict[str, FieldValue]:
    """Check the citizen ID against the date of birth and gender read from the same paper.

    An ID that is not valid on its own is repaired when exactly one single-digit OCR slip
    explains it (see ocr.fields.repair); `context` is the paper's text, for the provinces named.
    """
    cid = fields.get("id_number")
    if cid is None:
        return fields
    birth = fields.get("date_of_birth")
    gender = fields.get("gender")
    birth_date = birth.value if birth and not birth.needs_review else None
    sex = gender.value if gender and not gender.needs_review else None
    digits = re.sub(r"\D", "", cid.value)
    fixed = repair_citizen_id(digits, birth_date=birth_date, gender=sex, context=context)
    if fixed is not None:
        fields = dict(fields)
        fields["id_number"] = replace(
            cid,
            value=fixed,
            needs_review=True,
            reason=f"citizen ID read as {cid.value!r}; one OCR slip repaired",
            read_as=cid.read_as or cid.value,
        )
        return fields
    if cid.needs_review and "12 digits" in cid.reason:
        return fields
    problem = citizen_id_problem(cid.value, birth_date=birth_date, gender=sex)
    if problem and not cid.needs_review:
        fields = dict(fields)
        fields["id_number"] = replace(cid, needs_review=True, reason=problem)
    return fields
