"""`sohoa worker`, `sohoa backfill` and `sohoa batch status|retry`: the scaled-out front end."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from pipeline.settings import Settings
from workers.app import shared_app
from workers.backfill import backfill, settings_note, wait_for_batch
from workers.broker import check_broker
from workers.process import parse_queues, run_workers
from workers.retry import retry_failed


@click.command("worker")
@click.option(
    "--queues", default="live,batch", show_default=True, help="Queues to consume, live first."
)
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (one thread each); default: SOHOA_PROCESSES or one per core.",
)
@click.pass_obj
def worker_command(settings: Settings, queues: str, processes: int | None) -> None:
    """Digitize components sent by `sohoa backfill` and the ingest endpoint (Ctrl-C stops cleanly)."""
    if not settings.broker_url:
        raise click.UsageError("sohoa worker needs SOHOA_BROKER_URL (redis://... or amqp://...)")
    names = parse_queues(queues)
    count = processes or settings.process_count
    click.echo(f"sohoa worker: {count} process(es) on {','.join(names)}; {settings_note(settings)}")
    run_workers(settings, names, count)


def _progress(total: int, done: int) -> tqdm:  # type: ignore[type-arg]
    return tqdm(
        total=total,
        initial=done,
        unit="file",
        dynamic_ncols=True,
        file=sys.stderr,
        disable=not sys.stderr.isatty(),
        smoothing=0.1,
    )


@click.command("backfill")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--batch", "batch", required=True, help="Batch name; re-run with the same name.")
@click.option("--no-wait", is_flag=True, help="Enqueue and return; do not wait for the workers.")
@click.pass_obj
def backfill_command(settings: Settings, folder: Path, batch: str, no_wait: bool) -> None:
    """Back-digitize FOLDER (one subfolder = one dossier); stop and re-run at any time."""
    app = shared_app(settings)
    embedded = None
    if not settings.broker_url:
        from workers.embedded import start_embedded_worker

        if no_wait:
            click.echo("no SOHOA_BROKER_URL: working in this process, so waiting anyway", err=True)
        no_wait = False
        embedded = start_embedded_worker(settings)
    click.echo(f"backfill {folder} as batch {batch!r}; {settings_note(settings)}")
    report = backfill(
        app,
        folder,
        batch=batch,
        receiving_office=settings.receiving_office,
        resend_pending=embedded is not None,
    )
    click.echo(
        f"{report.found} file(s): {report.created} new, {report.enqueued} enqueued, "
        f"{report.done} already done, {report.waiting} in progress, {len(report.failed)} failed"
    )
    try:
        if no_wait:
            return
        counts = app.runtime.jobs.counts(batch)
        bar = _progress(sum(counts.values()), counts["done"] + counts["failed"])

        def show(c: dict[str, int]) -> None:
            bar.total = sum(c.values())
            bar.update(c["done"] + c["failed"] - bar.n)
            bar.set_postfix(failed=c["failed"], pending=c["queued"] + c["processing"])

        try:
            counts = wait_for_batch(app.runtime.jobs, batch, on_progress=show)
        finally:
            bar.close()
        click.echo(_summary(counts))
        if counts["failed"]:
            click.echo(f"see the reasons: sohoa batch status {batch}", err=True)
    finally:
        if embedded is not None:
            embedded.stop()
    if counts["failed"]:
        sys.exit(1)


def _summary(counts: dict[str, int]) -> str:
    pending = counts["queued"] + counts["processing"]
    return f"done {counts['done']}, failed {counts['failed']}, pending {pending}"


def batch_status(settings: Settings, batch: str) -> dict[str, Any]:
    jobs = shared_app(settings).runtime.jobs
    counts = jobs.counts(batch)
    failed = jobs.list(batch=batch, state="failed", limit=100_000)
    pending = [j for state in ("queued", "processing") for j in jobs.list(batch=batch, state=state)]
    return {
        "batch": batch,
        "total": sum(counts.values()),
        "done": counts["done"],
        "failed": counts["failed"],
        "pending": counts["queued"] + counts["processing"],
        "counts": counts,
        "failures": [{"source": j.source, "reason": j.reason, "job_id": j.job_id} for j in failed],
        "in_progress": [
            {"source": j.source, "state": j.state, "pages_done": j.pages_done, "pages": j.pages}
            | ({"note": j.reason} if j.reason else {})
            for j in pending
        ],
    }


@click.group("batch")
def batch_group() -> None:
    """Status and retry of a backfill batch (state lives in the catalog: any machine can ask)."""


@batch_group.command("status")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def batch_status_command(settings: Settings, name: str, as_json: bool) -> None:
    """Done / failed / pending of batch NAME, with the reason of every failure."""
    status = batch_status(settings, name)
    if as_json:
        click.echo(json.dumps(status, ensure_ascii=False, indent=2))
        return
    click.echo(f"batch {name}: {status['total']} file(s); " + _summary(status["counts"]))
    for f in status["failures"]:
        click.echo(f"  failed  {f['source']}: {f['reason']}")
    for p in status["in_progress"][:50]:
        note = f" ({p['note']})" if "note" in p else ""
        click.echo(f"  {p['state']:<10} {p['source']} {p['pages_done']}/{p['pages']} pages{note}")


@batch_group.command("retry")
@click.argument("name")
@click.option("--no-wait", is_flag=True, help="Send and return; do not wait for the workers.")
@click.pass_obj
def batch_retry_command(settings: Settings, name: str, no_wait: bool) -> None:
    """Read the failed files of batch NAME again from their folder and digitize them.

    A file fixed on disk since it failed is taken as it is now; one still bad keeps its reason.
    Without SOHOA_BROKER_URL the work is done in this process.
    """
    app = shared_app(settings)
    check_broker(app.broker, settings.broker_url)
    embedded = None
    if not settings.broker_url:
        from workers.embedded import start_embedded_worker

        no_wait = False
        embedded = start_embedded_worker(settings)
    try:
        report = retry_failed(app, name)
        click.echo(
            f"batch {name}: {len(report.sent)} file(s) sent again, {len(report.reused)} "
            f"already filed, {len(report.still_failing)} still failing"
        )
        for source, reason in report.still_failing:
            click.echo(f"  still failing  {source}: {reason}")
        counts = None if no_wait or not report.sent else wait_for_batch(app.runtime.jobs, name)
    finally:
        if embedded is not None:
            embedded.stop()
    if counts is not None:
        click.echo(_summary(counts))
    if report.still_failing or (counts is not None and counts["failed"]):
        click.echo(f"see the reasons: sohoa batch status {name}", err=True)
        sys.exit(1)
