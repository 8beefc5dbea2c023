"""Every other kind of Decree 30/2020 administrative document (công văn, tờ trình, báo cáo, ...)."""

from __future__ import annotations

from ocr.fields.context import repair_fields
from ocr.fields.spec import DocSpec, FieldSpec, labels
from ocr.fields.specs import decree30

SPEC = DocSpec(
    doc_type="administrative_document",
    titles=(),
    cues=labels(
        "Kính gửi",
        "Nơi nhận",
        "V/v",
        "Về việc",
        "TM.",
        "KT.",
        "TL.",
        "Lưu: VT",
        "Căn cứ",
        "Như trên",
    ),
    fields=(
        FieldSpec("kind", kind="doc_kind", locate=decree30.kind),
        *decree30.fields(
            FieldSpec("subject", kind="text", locate=decree30.subject, cut=decree30.cut_subject)
        ),
    ),
    stops=labels("Căn cứ", "Kính gửi", "Xét đề nghị"),
    recognize=decree30.recognize,
    required=("kind", *decree30.REQUIRED),
    check=repair_fields,
)
