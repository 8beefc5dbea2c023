"""One way in: bytes -> checked, original stored, job; used by the API, the CLI runner and backfill.

`receive` does only what must happen before a component is accepted: validation (magic bytes,
size, pages, pixel bombs, page shapes), sha256, the reuse rule (`storage.reuse.find_reusable`,
the same for every front end), the original kept write-once, and the job record. Sending the
job's first message is the caller's (pipeline never imports workers).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

from ocr.image.rasterize import Limits
from storage.catalog import DocumentRecord
from storage.jobs import JobRecord, JobStore
from storage.reuse import ReuseMatch, find_reusable

from .context import Context
from .filing import store_original
from .ingest import ingest
from .model import Component, Ingested

Queue = Literal["live", "batch"]


@dataclass(frozen=True)
class Received:
    """A component safely in: its validated input, its job, and the document it repeats if any."""

    ingested: Ingested
    job: JobRecord
    reused: ReuseMatch | None
    created: bool = True  # False: the job store already held this job

    @property
    def needs_work(self) -> bool:
        return self.reused is None and self.job.state == "queued"


def receive(
    ctx: Context,
    data: bytes,
    component: Component,
    *,
    limits: Limits,
    jobs: JobStore | None = None,
    queue: Queue = "live",
    batch: str | None = None,
    source: str | None = None,
) -> Received:
    """Check `data`, keep its original, and make its job (saved in `jobs` when given).

    Raises the InputError of a file that cannot be digitized, with the reason for a person.
    """
    ingested = ingest(data, filename=component.name, limits=limits)
    reused = find_reusable(ctx.catalog, sha256=ingested.sha256)
    store_original(ctx, ingested, data)
    job = job_record(
        ingested,
        component,
        queue=queue,
        batch=batch,
        source=source,
        reused=reused,
        ocr_mode=component.ocr_mode or ctx.settings.ocr_mode,
    )
    created = True
    if jobs is not None:
        job, created = jobs.create(job)
    return Received(ingested=ingested, job=job, reused=reused, created=created)


def job_record(
    ingested: Ingested,
    component: Component,
    *,
    queue: Queue,
    batch: str | None = None,
    source: str | None = None,
    reused: ReuseMatch | None = None,
    job_id: str | None = None,
    ocr_mode: str = "auto",
) -> JobRecord:
    """The one JobRecord of an ingested component (done at once when it repeats a document)."""
    return JobRecord(
        job_id=job_id or uuid.uuid4().hex,
        queue=queue,
        batch=batch,
        source=source if source is not None else component.name,
        state="done" if reused else "queued",
        reason=f"reused: {reused.message}" if reused else "",
        sha256=ingested.sha256,
        fmt=ingested.fmt,
        original_key=ingested.original_key,
        filename=ingested.filename,
        pages=ingested.pages,
        pages_done=ingested.pages if reused else 0,
        dossier_id=component.dossier_id,
        procedure=component.procedure,
        owner_id=component.owner_id,
        receiving_office=component.receiving_office,
        role=component.role,
        declared_type=component.declared_type,
        document_id=reused.record.document_id if reused else None,
        ocr_mode=ocr_mode,
    )


def failed_job(
    component: Component, *, queue: Queue, batch: str | None, source: str, reason: str
) -> JobRecord:
    """The JobRecord of a component refused before intake (unreadable, or not a file to take)."""
    return JobRecord(
        job_id=uuid.uuid4().hex,
        queue=queue,
        batch=batch,
        source=source,
        state="failed",
        reason=reason,
        filename=component.name,
        dossier_id=component.dossier_id,
        procedure=component.procedure,
        owner_id=component.owner_id,
        receiving_office=component.receiving_office,
        role=component.role,
    )


def link_job(record: DocumentRecord, component: Component) -> JobRecord:
    """A component of a dossier that is an existing document, linked on an explicit request."""
    ext = record.original_key.rsplit(".", 1)[-1] if "." in record.original_key else ""
    ingested = Ingested(
        sha256=record.sha256,
        fmt={"jpg": "jpeg", "tif": "tiff"}.get(ext, ext),
        ext=ext,
        size=0,
        pages=record.pages,
        original_key=record.original_key,
        filename=record.filename,
    )
    reused = ReuseMatch(record, "linked")
    return job_record(
        ingested, component, queue="live", source=f"link:{record.document_id}", reused=reused
    )
