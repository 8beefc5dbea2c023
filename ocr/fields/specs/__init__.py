"""The declarative spec of every known document type, in classification order."""

from __future__ import annotations

from ocr.fields.spec import DocSpec
from ocr.fields.specs import (
    administrative_document,
    application_form,
    birth_certificate,
    business_registration,
    citizen_id_card,
    decision,
    land_use_certificate,
)

SPECS: dict[str, DocSpec] = {
    s.doc_type: s
    for s in (
        decision.SPEC,
        administrative_document.SPEC,
        birth_certificate.SPEC,
        application_form.SPEC,
        business_registration.SPEC,
        citizen_id_card.SPEC,
        land_use_certificate.SPEC,
    )
}
OTHER = "other"
DOC_TYPES = (*SPECS, OTHER)
