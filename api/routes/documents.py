"""Read components and documents (every read is audited) and verify uploaded PDFs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from common.errors import NotFound
from storage.access import TokenRecord

from ..auth import require
from ..schemas import ERRORS, ID, ComponentOut, DocumentOut, VerifyOut
from ..services import Services, get_services
from ..signatures import verify_pdf
from ..uploads import receive_upload
from ..views import component_out, document_out, pdf_of, readable_component, readable_document

router = APIRouter(prefix="/v1", tags=["documents"])
READERS = ("counter", "archivist", "admin")
PDF_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "the signed PDF/A"}
}


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
def get_component(
    component_id: str = Path(pattern=ID),
    token: TokenRecord = Depends(require(*READERS)),
    services: Services = Depends(get_services),
) -> ComponentOut:
    """State of a component (queued / processing / done / failed + reason), its fields and links."""
    job = readable_component(services, token, component_id)
    services.access.audit(token, "read_component", component_id, job.document_id or "")
    return component_out(services, job)


@router.get(
    "/components/{component_id}/document.pdf",
    response_class=Response,
    responses={**ERRORS, **PDF_RESPONSE},
)
def get_component_pdf(
    component_id: str = Path(pattern=ID),
    token: TokenRecord = Depends(require(*READERS)),
    services: Services = Depends(get_services),
) -> Response:
    """The signed PDF of a component once it is done."""
    job = readable_component(services, token, component_id)
    if not job.document_id:
        raise NotFound(f"component {component_id} has no document yet (state: {job.state})")
    record = services.ctx.catalog.get(job.document_id)
    services.access.audit(token, "download", record.document_id, f"component {component_id}")
    return _pdf_response(pdf_of(services, record), record.document_id)


@router.get("/documents/{document_id}", response_model=DocumentOut, responses=ERRORS)
def get_document(
    document_id: str = Path(pattern=ID),
    token: TokenRecord = Depends(require(*READERS)),
    services: Services = Depends(get_services),
) -> DocumentOut:
    """A digitized document's record (a counter: only its own office's)."""
    record = readable_document(services, token, document_id)
    services.access.audit(token, "read_document", document_id)
    return document_out(record)


@router.get(
    "/documents/{document_id}/document.pdf",
    response_class=Response,
    responses={**ERRORS, **PDF_RESPONSE},
)
def get_document_pdf(
    document_id: str = Path(pattern=ID),
    token: TokenRecord = Depends(require(*READERS)),
    services: Services = Depends(get_services),
) -> Response:
    """The signed PDF of a document."""
    record = readable_document(services, token, document_id)
    services.access.audit(token, "download", document_id)
    return _pdf_response(pdf_of(services, record), document_id)


VERIFY_FORM = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}


@router.post("/verify", response_model=VerifyOut, responses=ERRORS, openapi_extra=VERIFY_FORM)
async def verify_upload(
    request: Request,
    token: TokenRecord = Depends(require(*READERS)),
    services: Services = Depends(get_services),
) -> VerifyOut:
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
