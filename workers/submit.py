"""Enqueue a component: its job record first, then the first actor's message (ids only)."""

from __future__ import annotations

import uuid
from typing import Literal

from pipeline.model import Component, Ingested
from pipeline.settings import Settings
from storage.jobs import JobRecord

from .actors import START
from .app import shared_app

Queue = Literal["live", "batch"]


def new_job(
    ingested: Ingested,
    component: Component,
    *,
    queue: Queue,
    batch: str | None = None,
    source: str | None = None,
    job_id: str | None = None,
) -> JobRecord:
    """The job record of an ingested component whose original is already in the archive."""
    return JobRecord(
        job_id=job_id or uuid.uuid4().hex,
        queue=queue,
        batch=batch,
        source=source if source is not None else component.name,
        state="queued",
        sha256=ingested.sha256,
        fmt=ingested.fmt,
        original_key=ingested.original_key,
        filename=ingested.filename,
        pages=ingested.pages,
        dossier_id=component.dossier_id,
        procedure=component.procedure,
        owner_id=component.owner_id,
        receiving_office=component.receiving_office,
        role=component.role,
        declared_type=component.declared_type,
    )


def submit_component(settings: Settings, job_id: str, *, queue: Queue) -> None:
    """Send the first message of a job (created beforehand in the job store) on the configured broker.

    With settings.broker_url empty it goes to the in-process broker that
    `start_embedded_worker` consumes.
    """
    if queue not in ("live", "batch"):
        raise ValueError(f"unknown queue {queue!r}")
    shared_app(settings).actors.send(START, queue, job_id)
