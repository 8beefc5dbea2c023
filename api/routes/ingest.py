"""Counters: open a dossier, upload its components (202 once the original is safe)."""

from __future__ import annotations

import re
import time

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from ocr.image.textlayer import OCR_MODES, OcrMode
from pipeline.model import Role

from ..auth import check_office
from ..errors import BadRequest
from ..intake import accept
from ..metrics import metrics_of
from ..params import AnyRole, CounterOnly, IdPath, ServicesDep
from ..reuse import link_document
from ..schemas import CODE, ERRORS, Accepted, ComponentOut, DossierIn, DossierOut, LinkIn
from ..services import Services
from ..uploads import receive_upload, upload_form
from ..views import component_out

router = APIRouter(prefix="/v1", tags=["ingest"])

UPLOAD_FORM = upload_form(
    role={"type": "string", "enum": ["submitted", "result"], "default": "submitted"},
    declared_type={"type": "string", "pattern": CODE},
    ocr={
        "type": "string",
        "enum": list(OCR_MODES),
        "description": "a PDF's own text: auto (judged), skip-text, redo or force "
        "(OCRmyPDF's meanings); default: the server's SOHOA_OCR_MODE",
    },
)


def _dossier_out(dossier_id: str, services: Services) -> DossierOut:
    d = services.dossiers.get(dossier_id)
    return DossierOut(
        id=d.dossier_id,
        procedure_code=d.procedure_code,
        owner_id=d.owner_id,
        receiving_office=d.receiving_office,
        created_at=d.created_at,
        components=list(d.components),
        links={
            "self": f"/v1/dossiers/{d.dossier_id}",
            "components": f"/v1/dossiers/{d.dossier_id}/components",
        },
    )


@router.post("/dossiers", status_code=201, response_model=DossierOut, responses=ERRORS)
def create_dossier(body: DossierIn, token: CounterOnly, services: ServicesDep) -> DossierOut:
    """Open a dossier (hồ sơ) at this counter's office."""
    office = body.receiving_office or token.office
    if not office:
        raise BadRequest("receiving_office is required")
    check_office(token, office, "office")
    dossier = services.dossiers.create(
        procedure_code=body.procedure_code,
        owner_id=body.owner_id,
        receiving_office=office,
        created_by=token.token_id,
    )
    return _dossier_out(dossier.dossier_id, services)


@router.get("/dossiers/{dossier_id}", response_model=DossierOut, responses=ERRORS)
def get_dossier(dossier_id: IdPath, token: AnyRole, services: ServicesDep) -> DossierOut:
    """A dossier and the ids of its components."""
    out = _dossier_out(dossier_id, services)
    check_office(token, out.receiving_office, "dossier")
    services.access.audit(token, "read_dossier", dossier_id, f"owner {out.owner_id}")
    return out


@router.post(
    "/dossiers/{dossier_id}/components",
    status_code=202,
    response_model=Accepted,
    responses=ERRORS,
    openapi_extra=UPLOAD_FORM,
)
async def upload_component(
    request: Request,
    dossier_id: IdPath,
    token: CounterOnly,
    services: ServicesDep,
) -> Accepted:
    """Upload one component (multipart: file, optional role and declared_type)."""
    started = time.perf_counter()
    metrics = metrics_of(request.app)
    dossier = await run_in_threadpool(services.dossiers.get, dossier_id)
    check_office(token, dossier.receiving_office, "dossier")
    upload = await receive_upload(
        request, max_bytes=services.max_upload_bytes, tmp_dir=services.cache_dir / "uploads"
    )
    try:
        role = _role(upload.fields.get("role"))
        declared = _code(upload.fields.get("declared_type"), "declared_type")
        received = await run_in_threadpool(
            accept,
            services,
            dossier=dossier,
            upload=upload,
            role=role,
            declared_type=declared,
            ocr_mode=_ocr_mode(upload.fields.get("ocr")),
        )
    except Exception:
        metrics.uploads.labels(outcome="rejected").inc()
        raise
    finally:
        upload.discard()
    job = received.job
    metrics.uploads.labels(outcome="reused" if received.reused else "accepted").inc()
    metrics.accept_seconds.observe(time.perf_counter() - started)
    status_url = f"/v1/components/{job.job_id}"
    if received.reused is not None:
        doc_id = received.reused.record.document_id
        return Accepted(
            id=job.job_id,
            status_url=status_url,
            state=job.state,
            reused=True,
            document_id=doc_id,
            document_url=f"{status_url}/document.pdf",
            sha256=job.sha256,
            pages=job.pages,
            message=f"{received.reused.message}: this component is linked to it",
        )
    return Accepted(
        id=job.job_id,
        status_url=status_url,
        state=job.state,
        sha256=job.sha256,
        pages=job.pages,
        message="the original is stored and the component is queued for digitization",
    )


def _role(value: str | None) -> Role:
    if value in (None, "", "submitted"):
        return "submitted"
    if value == "result":
        return "result"
    raise BadRequest("role must be 'submitted' or 'result'")


def _ocr_mode(value: str | None) -> OcrMode | None:
    if not value:
        return None
    for mode in OCR_MODES:
        if value == mode:
            return mode
    raise BadRequest(f"ocr must be one of {', '.join(OCR_MODES)}")


def _code(value: str | None, name: str) -> str | None:
    if not value:
        return None
    if not re.fullmatch(CODE, value):
        raise BadRequest(f"{name} must be letters, digits, '.', '_' or '-' (at most 64)")
    return value


@router.post(
    "/dossiers/{dossier_id}/links", status_code=201, response_model=ComponentOut, responses=ERRORS
)
def link_existing_document(
    body: LinkIn,
    dossier_id: IdPath,
    token: CounterOnly,
    services: ServicesDep,
) -> ComponentOut:
    """Link an existing document of the dossier's owner into this dossier (audited).

    The citizen gives each paper once: a document another office holds becomes readable by
    this counter through this dossier only.
    """
    dossier = services.dossiers.get(dossier_id)
    job = link_document(services, token, dossier, body.document_id)
    return component_out(services, job)
