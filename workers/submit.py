"""Enqueue a component: its job record first, then the first actor's message (ids only)."""

from __future__ import annotations

from pipeline.intake import Queue, job_record
from pipeline.model import Component, Ingested
from pipeline.settings import Settings
from storage.jobs import JobRecord

from .actors import START
from .app import shared_app


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
    return job_record(ingested, component, queue=queue, batch=batch, source=source, job_id=job_id)


def submit_component(settings: Settings, job_id: str, *, queue: Queue) -> None:
    """Send the first message of a job (created beforehand in the job store) on the configured broker.

    With settings.broker_url empty it goes to the in-process broker that
    `start_embedded_worker` consumes.
    """
    if queue not in ("live", "batch"):
        raise ValueError(f"unknown queue {queue!r}")
    shared_app(settings).actors.send(START, queue, job_id)
