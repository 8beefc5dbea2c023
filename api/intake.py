"""Accept one uploaded component: validate, keep the original, link reuse, queue the job."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from pipeline.filing import store_original
from pipeline.ingest import ingest
from pipeline.steps import PageOptions
from storage.catalog import DocumentRecord
from storage.dossiers import Dossier
from storage.jobs import JobRecord
from workers.submit import submit_component

from .services import Services
from .uploads import Upload


@dataclass(frozen=True)
class Intake:
    """What happened to an upload: a queued job, or a job linked to an existing document."""

    job: JobRecord
    reused: DocumentRecord | None
    reuse_reason: str


def accept(
    services: Services,
    *,
    dossier: Dossier,
    upload: Upload,
    role: str,
    declared_type: str | None,
    document_number: str | None,
) -> Intake:
    """Everything before the 202: after this returns, nothing can lose the component."""
    settings = services.settings
    data = upload.read()
    ingested = ingest(
        data, filename=upload.filename, limits=PageOptions.from_settings(settings).limits
    )
    store_original(services.ctx, ingested, data)
    del data
    catalog = services.ctx.catalog
    reused = catalog.get_by_sha256(ingested.sha256)
    reason = "the same file was digitized before" if reused else ""
    if reused is None and declared_type and document_number:
        reused = catalog.find_same(dossier.owner_id, declared_type, document_number)
        if reused is not None:
            reason = "this owner's document of this type and number was digitized before"
    now = datetime.now(UTC)
    job = JobRecord(
        job_id=uuid.uuid4().hex,
        queue="live",
        batch=None,
        source=upload.filename,
        state="done" if reused else "queued",
        reason=f"reused: {reason}" if reused else "",
        attempts=0,
        sha256=ingested.sha256,
        fmt=ingested.fmt,
        original_key=ingested.original_key,
        filename=ingested.filename,
        pages=ingested.pages,
        pages_done=ingested.pages if reused else 0,
        dossier_id=dossier.dossier_id,
        procedure=dossier.procedure_code,
        owner_id=dossier.owner_id,
        receiving_office=dossier.receiving_office,
        role=role,
        declared_type=declared_type,
        document_id=reused.document_id if reused else None,
        created_at=now,
        updated_at=now,
    )
    job, _ = services.jobs.create(job)
    services.dossiers.add_component(dossier.dossier_id, job.job_id)
    if reused is None:
        submit_component(settings, job.job_id, queue="live")
    return Intake(job=job, reused=reused, reuse_reason=reason)
