"""`batch retry`: read the failed files of a batch from their folder again and send them back.

A file that failed at ingest (broken, empty, too large) or later (OCR, signing, the archive) is
read again from where the backfill found it, so a file fixed on disk is digitized; a file no
longer there is retried from its archived original when it has one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline import steps
from pipeline.intake import receive
from storage.jobs import JobRecord

from .actors import component_of
from .app import App
from .backfill import failure_reason, send_or_fail


@dataclass
class RetryReport:
    """What a retry did with each failed file of the batch."""

    sent: list[str] = field(default_factory=list)  # sources sent back to the workers
    reused: list[str] = field(default_factory=list)  # now the same as a filed document: done
    still_failing: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)


def retry_failed(app: App, batch: str, *, send: bool = True) -> RetryReport:
    """Read every failed file of `batch` again and queue it; with `send` False only queue it
    (the caller sends it later, e.g. the embedded worker of the same process)."""
    jobs = app.runtime.jobs
    root = jobs.batch_root(batch)
    report = RetryReport()
    for job in jobs.list(batch=batch, state="failed", limit=1_000_000):
        fresh = _read_again(app, job, Path(root) / job.source if root else None)
        if isinstance(fresh, str):
            jobs.set_state(job.job_id, "failed", reason=fresh)
            report.still_failing.append((job.source, fresh))
            continue
        jobs.reset(fresh)
        if fresh.state == "done":
            report.reused.append(job.source)
            continue
        if send:
            send_or_fail(app, fresh)
        report.sent.append(job.source)
    return report


def _read_again(app: App, job: JobRecord, path: Path | None) -> JobRecord | str:
    """The job with the file's current content, or the reason it still cannot be taken in."""
    if path is None or not path.is_file():
        if job.original_key:  # the archived original is still good: digitize it again
            return replace(job, state="queued", reason=f"retried after: {job.reason}")
        where = str(path) if path else "its folder (not recorded for this batch)"
        return f"{job.reason} — and the file is not at {where}; put it back, retry again"
    settings = app.settings
    try:
        data = steps.read_input(path, max_bytes=settings.max_upload_mb * 1024 * 1024)
        received = receive(
            app.runtime.ctx,
            data,
            replace(component_of(job), path=path),
            limits=app.runtime.page_options.limits,
            queue="batch" if job.queue == "batch" else "live",
            batch=job.batch,
            source=job.source,
        )
    except Exception as e:  # whatever it is, this file's reason; the others go on
        return failure_reason(e)
    return replace(received.job, job_id=job.job_id)
