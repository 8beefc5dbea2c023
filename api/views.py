"""Records of the archive and the job store, shaped for the API and the web page."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel

from common.errors import NotFound
from storage.access import TokenRecord
from storage.archive import object_key
from storage.catalog import DocumentRecord, SearchPage, SearchQuery
from storage.catalog import search_query as catalog_search_query
from storage.jobs import JobRecord

from .auth import check_office
from .schemas import ComponentOut, DocumentOut, HitOut, SearchOut, SearchParams
from .services import Services

Out = TypeVar("Out", bound=BaseModel)


def document_links(document_id: str) -> dict[str, str]:
    return {
        "self": f"/v1/documents/{document_id}",
        "pdf": f"/v1/documents/{document_id}/document.pdf",
        "web": f"/documents/{document_id}",
        "versions": f"/v1/documents/{document_id}/versions",
    }


def out_of(model: type[Out], record: object, **extra: Any) -> Out:
    """A response model from the record's attributes of the same names, then `extra`."""
    return model.model_validate(record, from_attributes=True).model_copy(update=extra)


def document_out(record: DocumentRecord) -> DocumentOut:
    return out_of(DocumentOut, record, links=document_links(record.document_id))


def signature_summary(services: Services, record: DocumentRecord) -> dict[str, Any]:
    """The signature summary written into metadata.json when the document was filed."""
    try:
        metadata = json.loads(services.ctx.store.get(record.prefix + "metadata.json"))
    except (NotFound, ValueError):
        return {}
    signature = metadata.get("signature", {})
    return dict(signature) if isinstance(signature, dict) else {}


def component_out(services: Services, job: JobRecord) -> ComponentOut:
    out = ComponentOut(
        id=job.job_id,
        dossier_id=job.dossier_id,
        state=job.state,
        reason=job.reason,
        filename=job.filename,
        pages=job.pages,
        pages_done=job.pages_done,
        role=job.role,
        declared_type=job.declared_type,
        ocr_mode=job.ocr_mode,
        receiving_office=job.receiving_office,
        sha256=job.sha256,
        document_id=job.document_id,
        created_at=job.created_at,
        updated_at=job.updated_at,
        links={"self": f"/v1/components/{job.job_id}"},
    )
    if job.document_id:
        try:
            record = services.ctx.catalog.get(job.document_id)
        except NotFound:
            return out
        out.doc_type = record.doc_type
        out.fields = dict(record.fields)
        out.needs_review = bool(record.needs_review)
        out.review_reasons = dict(record.review_reasons)
        out.signature = signature_summary(services, record)
        out.links["document"] = f"/v1/components/{job.job_id}/document.pdf"
    if job.dossier_id:
        out.links["dossier"] = f"/v1/dossiers/{job.dossier_id}"
    return out


def readable_component(services: Services, token: TokenRecord, component_id: str) -> JobRecord:
    job = services.jobs.get(component_id)
    check_office(token, job.receiving_office, "component")
    return job


def readable_document(services: Services, token: TokenRecord, document_id: str) -> DocumentRecord:
    record = services.ctx.catalog.get(document_id)
    check_office(token, record.receiving_office, "document")
    return record


def pdf_of(services: Services, record: DocumentRecord) -> bytes:
    store = services.ctx.store
    return store.get(object_key(store, record.prefix, "document.pdf"))


def search_query(params: SearchParams) -> SearchQuery:
    return catalog_search_query(params.q, **params.model_dump(exclude={"q"}))


def search_out(page: SearchPage) -> SearchOut:
    return SearchOut(
        total=page.total,
        page=page.page,
        per_page=page.per_page,
        hits=[
            HitOut(document=document_out(h.record), score=float(h.score), snippet=h.snippet)
            for h in page.hits
        ],
    )


def audit_filters(params: SearchParams, page: SearchPage | None = None) -> str:
    """The filters of a search and, once it ran, the ids of the documents it returned."""
    data: dict[str, Any] = params.model_dump(mode="json", exclude_defaults=True)
    data.pop("q", None)
    if page is not None:
        data["returned"] = [h.record.document_id for h in page.hits]
    return json.dumps(data, ensure_ascii=False, sort_keys=True)
