"""Reuse across offices: every counter learns what exists; content only through its own dossier.

Service has no administrative boundary (any office may receive any citizen's dossier), so a
counter is told which documents of an owner exist and which office holds them; it reads their
content only for a dossier of that owner opened at its own office, and a document enters such
a dossier only by an explicit, audited link (POST /v1/dossiers/{id}/links).
"""

from __future__ import annotations

from pathlib import Path

from common.errors import NotFound
from pipeline.intake import link_job
from pipeline.model import Component
from storage.access import TokenRecord
from storage.catalog import DocumentRecord
from storage.dossiers import Dossier
from storage.jobs import JobRecord

from .auth import check_office
from .errors import BadRequest, Forbidden
from .schemas import ReuseFound, ReuseOut
from .services import Services
from .views import document_out


def found_of(record: DocumentRecord) -> ReuseFound:
    return ReuseFound(
        document_id=record.document_id,
        doc_type=record.doc_type,
        document_number=record.document_number,
        issue_date=record.issue_date,
        holding_office=record.receiving_office,
        created_at=record.created_at,
    )


def owners_dossier(
    services: Services, token: TokenRecord, dossier_id: str, owner_id: str
) -> Dossier:
    """The dossier through which a counter may read this owner's documents, or a 4xx."""
    dossier = services.dossiers.get(dossier_id)
    check_office(token, dossier.receiving_office, "dossier")
    if dossier.owner_id != owner_id:
        raise Forbidden("this dossier is not of this owner")
    return dossier


def reuse_answer(
    services: Services,
    token: TokenRecord,
    *,
    owner_id: str,
    doc_type: str | None,
    dossier_id: str | None,
) -> ReuseOut:
    """What exists for this owner; with content where the token may read it; audited."""
    if dossier_id is not None:
        owners_dossier(services, token, dossier_id, owner_id)
    records = services.ctx.catalog.reuse(owner_id, doc_type)
    full = token.role != "counter" or dossier_id is not None
    ids = " ".join(r.document_id for r in records)
    detail = f"dossier {dossier_id or '-'}; {'content' if full else 'listed'}: {ids or 'none'}"
    services.access.audit(token, "reuse", owner_id, detail)
    return ReuseOut(
        owner_id=owner_id,
        doc_type=doc_type,
        dossier_id=dossier_id,
        found=[found_of(r) for r in records],
        documents=[document_out(r) for r in records] if full else [],
    )


def link_document(
    services: Services, token: TokenRecord, dossier: Dossier, document_id: str
) -> JobRecord:
    """Make an existing document of the dossier's owner one of its components (audited)."""
    check_office(token, dossier.receiving_office, "dossier")
    try:
        record = services.ctx.catalog.get(document_id)
    except NotFound:
        raise BadRequest(f"no document {document_id}") from None
    if record.owner_id != dossier.owner_id:
        raise Forbidden("this document belongs to another owner than the dossier's")
    component = Component(
        path=Path(record.filename),
        dossier_id=dossier.dossier_id,
        procedure=dossier.procedure_code,
        owner_id=dossier.owner_id,
        receiving_office=dossier.receiving_office,
        role=record.role if record.role in ("submitted", "result") else "submitted",  # type: ignore[arg-type]
    )
    job, _ = services.jobs.create(link_job(record, component))
    services.dossiers.add_component(dossier.dossier_id, job.job_id)
    services.access.audit(
        token,
        "link_document",
        document_id,
        f"dossier {dossier.dossier_id}; held by {record.receiving_office}",
    )
    return job
