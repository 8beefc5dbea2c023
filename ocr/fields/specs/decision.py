"""Quyết định (decision): number and notation, date, issuing organ, subject, signer."""

from __future__ import annotations

from ocr.fields.context import repair_fields
from ocr.fields.spec import DocSpec, FieldSpec, labels
from ocr.fields.specs import decree30

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
        FieldSpec("kind", kind="doc_kind", locate=decree30.kind),
        # the subject under the title, after "Về việc" or without it ("Ban hành Quy chế ...")
        *decree30.fields(
            FieldSpec("subject", kind="text", locate=decree30.subject, cut=decree30.cut_subject)
        ),
    ),
    stops=labels("Căn cứ", "Xét đề nghị"),
    required=decree30.REQUIRED,
    check=repair_fields,
)
