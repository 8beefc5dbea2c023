"""Back-digitization: walk a folder tree into batch jobs, enqueue what is not done, show progress.

Safe to stop and re-run at any time: jobs are keyed by (batch, relative path), originals are
content-addressed, and only jobs that are not done (or already waiting) are sent again. A file
that fails, at ingest or later, becomes a failed job with its reason and never stops the others;
`workers.retry` reads failed files again. An unreachable broker stops the run with one line.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common.errors import BrokerUnavailable, InputError, SohoaError
from pipeline import steps
from pipeline.inputs import collect
from pipeline.intake import failed_job, receive
from pipeline.model import Component
from pipeline.settings import Settings
from storage.jobs import JobRecord, JobStore

from .actors import START
from .app import App
from .broker import broker_errors, check_broker

log = logging.getLogger(__name__)
# a job still "queued" after this long since its last change is sent again on re-run
REQUEUE_AFTER = timedelta(minutes=30)


@dataclass
class BackfillReport:
    """What one pass over the folder did."""

    found: int = 0
    created: int = 0
    enqueued: int = 0
    done: int = 0
    waiting: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)


def _source(root: Path, component: Component) -> str:
    return component.path.relative_to(root).as_posix()


def _prepare(app: App, root: Path, component: Component, batch: str) -> tuple[JobRecord, bool]:
    """Ingest one file, keep its original, create its job; a bad file becomes a failed job."""
    settings = app.settings
    jobs = app.runtime.jobs
    source = _source(root, component)
    found = jobs.find(batch, source)
    if found is not None:  # re-run: nothing to read again
        return found, False
    limits = app.runtime.page_options.limits
    try:
        data = steps.read_input(component.path, max_bytes=settings.max_upload_mb * 1024 * 1024)
        received = receive(
            app.runtime.ctx,
            data,
            component,
            limits=limits,
            jobs=jobs,
            queue="batch",
            batch=batch,
            source=source,
        )
    except Exception as e:  # one file's failure, whatever it is, never stops the others
        reason = failure_reason(e)
        return jobs.create(
            failed_job(component, queue="batch", batch=batch, source=source, reason=reason)
        )
    return received.job, received.created


def failure_reason(error: Exception) -> str:
    """The reason a person reads for a file that could not be taken in (logged in full if odd)."""
    if isinstance(error, InputError):
        return error.message
    if isinstance(error, SohoaError):
        return f"{error.message} (run `sohoa batch retry` once fixed)"
    log.exception("unexpected error taking in a file")
    return f"internal error: {error.__class__.__name__}: {error}"


def _needs_sending(job: JobRecord, created: bool, now: datetime, resend: bool) -> bool:
    if created or resend:
        return True
    if job.state == "queued":  # sent before; resend only if it seems lost
        return now - job.updated_at > REQUEUE_AFTER
    # "processing": a worker has it, or the broker will redeliver it after a crash
    return False


def backfill(
    app: App,
    root: Path,
    *,
    batch: str,
    receiving_office: str | None = None,
    on_file: Callable[[JobRecord], None] | None = None,
    resend_pending: bool = False,
) -> BackfillReport:
    """Create (or find) a job per file under `root`, one dossier per subfolder; enqueue the new.

    `resend_pending` sends every job not done or failed again (the embedded mode: the queue of
    an earlier run died with its process); otherwise only jobs queued long ago are resent.
    """
    root = root.resolve()
    if not root.is_dir():
        raise InputError(f"{root}: not a folder")
    check_broker(app.broker, app.settings.broker_url)  # before any job is made
    app.runtime.jobs.set_batch_root(batch, str(root))
    components = collect([root], receiving_office=receiving_office)
    report = BackfillReport(found=len(components))
    now = datetime.now(UTC)
    for component in components:
        job, created = _prepare(app, root, component, batch)
        report.created += created
        if job.state == "done":
            report.done += 1
        elif job.state == "failed":
            report.failed.append((job.source, job.reason))
        elif _needs_sending(job, created, now, resend_pending):
            send_or_fail(app, job)
            report.enqueued += 1
        else:
            report.waiting += 1
        if on_file:
            on_file(job)
    return report


def send_or_fail(app: App, job: JobRecord) -> None:
    """Send a job's first message; if the broker is gone, the job is failed (not left pending)."""
    try:
        app.actors.send(START, job.queue, job.job_id)
    except broker_errors() as e:
        note = "not sent: the message broker could not be reached; run `sohoa batch retry`"
        app.runtime.jobs.set_state(job.job_id, "failed", reason=note)
        raise BrokerUnavailable(
            f"the message broker {app.settings.broker_url.split('@')[-1]} stopped answering "
            f"({e.__class__.__name__}); {job.source} marked failed, the files after it not read"
        ) from e


def wait_for_batch(
    jobs: JobStore,
    batch: str,
    *,
    on_progress: Callable[[dict[str, int]], None] | None = None,
    poll_s: float = 1.0,
    timeout_s: float | None = None,
) -> dict[str, int]:
    """Poll the batch's counts until nothing is queued or processing; returns the last counts."""
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    while True:
        counts = jobs.counts(batch)
        if on_progress:
            on_progress(counts)
        if counts["queued"] == 0 and counts["processing"] == 0:
            return counts
        if deadline is not None and time.monotonic() > deadline:
            return counts
        time.sleep(poll_s)


def settings_note(settings: Settings) -> str:
    """Where the work goes, for the CLI's first line."""
    broker = settings.broker_url.split("@")[-1] if settings.broker_url else "in-process"
    return f"broker {broker}, catalog {settings.catalog.split('@')[-1]}"
