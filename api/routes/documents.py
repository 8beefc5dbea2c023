"""Read components and documents (every read is audited) and verify uploaded PDFs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from common.errors import NotFound

from ..params import AnyRole, IdPath, ServicesDep
from ..schemas import ERRORS, ComponentOut, DocumentOut, VerifyOut
from ..signatures import verify_pdf
from ..uploads import receive_upload, upload_form
from ..views import component_out, document_out, pdf_of, readable_component, readable_document

router = APIRouter(prefix="/v1", tags=["documents"])
READERS = ("counter", "archivist", "admin")
PDF_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "the signed PDF/A"}
}
PDF_ROUTE: dict[str, Any] = {"response_class": Response, "responses": {**ERRORS, **PDF_RESPONSE}}


def _pdf_response(pdf: bytes, document_id: str) -> Response:
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{document_id}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )


@router.get("/components/{component_id}", response_model=ComponentOut, responses=ERRORS)
def get_component(component_id: IdPath, token: AnyRole, services: ServicesDep) -> ComponentOut:
    """State of a component (queued / processing / done / failed + reason), its fields and links."""
    job = readable_component(services, token, component_id)
    services.access.audit(token, "read_component", component_id, job.document_id or "")
    return component_out(services, job)


@router.get("/components/{component_id}/document.pdf", **PDF_ROUTE)
def get_component_pdf(component_id: IdPath, token: AnyRole, services: ServicesDep) -> Response:
    """The signed PDF of a component once it is done."""
    job = readable_component(services, token, component_id)
    if not job.document_id:
        raise NotFound(f"component {component_id} has no document yet (state: {job.state})")
    record = services.ctx.catalog.get(job.document_id)
    services.access.audit(token, "download", record.document_id, f"component {component_id}")
    return _pdf_response(pdf_of(services, record), record.document_id)


@router.get("/documents/{document_id}", response_model=DocumentOut, responses=ERRORS)
def get_document(document_id: IdPath, token: AnyRole, services: ServicesDep) -> DocumentOut:
    """A digitized document's record (a counter: only its own office's)."""
    record = readable_document(services, token, document_id)
    services.access.audit(token, "read_document", document_id)
    return document_out(record)


@router.get("/documents/{document_id}/document.pdf", **PDF_ROUTE)
def get_document_pdf(document_id: IdPath, token: AnyRole, services: ServicesDep) -> Response:
    """The signed PDF of a document."""
    record = readable_document(services, token, document_id)
    services.access.audit(token, "download", document_id)
    return _pdf_response(pdf_of(services, record), document_id)


VERIFY_FORM = upload_form()


@router.post("/verify", response_model=VerifyOut, responses=ERRORS, openapi_extra=VERIFY_FORM)
async def verify_upload(request: Request, token: AnyRole, services: ServicesDep) -> VerifyOut:
    """Check the signatures of an uploaded PDF: intact, signer, time, level, trusted, revocation."""
    upload = await receive_upload(
        request, max_bytes=services.max_upload_bytes, tmp_dir=services.cache_dir / "uploads"
    )
    try:
        data = upload.read()
    finally:
        upload.discard()
    report = await run_in_threadpool(verify_pdf, data, services.settings)
    services.access.audit(token, "verify", upload.filename, f"ok={report.get('ok')}")
    return VerifyOut(ok=bool(report.get("ok")), signatures=list(report.get("signatures", [])))
