"""Quyết định (decision): number and notation, date, issuing organ, subject, signer."""

from __future__ import annotations

import re

from ocr.fields.lines import Doc
from ocr.fields.spec import DocSpec, FieldSpec, Span, labels
from ocr.fields.specs.common import MOTTO, header_date, is_motto, signer
from ocr.fields.text import find_label

NUMBER_LABEL = labels("Số")
DOC_NUMBER = r"\d{1,6}\s*/\s*(?:\d{4}\s*/\s*)?[a-z]"


def number_line(doc: Doc) -> int | None:
    """The index of the "Số: 1234/QĐ-UBND" line."""
    for line in doc.lines[:25]:
        hit = find_label(line.folded, NUMBER_LABEL[0], at_start=True)
        if hit and re.search(DOC_NUMBER, line.plain[hit.end :]):
            return line.index
    return None


def issuing_authority(doc: Doc, spec: DocSpec) -> list[Span] | None:
    """The organ printed at the top left, above the number (its lines joined)."""
    stop = number_line(doc)
    if stop is None:
        return None
    spans: list[Span] = []
    for line in doc.lines[max(0, stop - 6) : stop]:
        if line.page != doc.lines[stop].page or is_motto(line):
            continue
        end = len(line.text)
        for m in MOTTO:  # the right column merged into this line
            hit = find_label(line.folded, m)
            if hit is not None:
                end = min(end, hit.start)
        text = line.text[:end]
        if not re.search(r"[^\W\d_]{2}", text):
            continue
        start = len(text) - len(text.lstrip())
        spans.append((line.index, start, len(text.rstrip())))
    return spans or None


SPEC = DocSpec(
    doc_type="decision",
    titles=labels("Quyết định"),
    cues=labels(
        "Về việc",
        "Căn cứ",
        "Điều 1",
        "Điều 2",
        "Nơi nhận",
        "Quyết định:",
        "TM.",
        "Chịu trách nhiệm thi hành",
        "Quyết định này có hiệu lực",
    ),
    fields=(
        FieldSpec(
            "document_number",
            NUMBER_LABEL,
            kind="document_number",
            where="same_line",
            line_start=True,
            pattern=DOC_NUMBER,
        ),
        FieldSpec("issue_date", kind="date", locate=header_date),
        FieldSpec("issuing_authority", kind="text", locate=issuing_authority),
        FieldSpec(
            "subject",
            labels("Về việc"),
            kind="text",
            where="same_line",
            wrap="block",
            max_lines=4,
            line_start=True,
        ),
        FieldSpec("signer", kind="person", locate=signer),
    ),
    stops=labels("Căn cứ", "Xét đề nghị"),
)
