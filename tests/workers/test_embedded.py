"""The actors on the in-process broker: bad files fail with reasons, redelivery files nothing twice."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from workers_helpers import SOHOA, make_folder

from pipeline.settings import Settings
from workers.actors import FINISH, PAGE, START, finish_component, ocr_page, start_component
from workers.app import App, open_app
from workers.backfill import backfill, wait_for_batch
from workers.embedded import EmbeddedWorker
from workers.retry import retry_failed


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    opened = open_app(Settings.model_validate({"home": tmp_path / "home", "processes": 2}))
    yield opened
    opened.close()


@pytest.fixture
def worker(app: App) -> Iterator[EmbeddedWorker]:
    running = EmbeddedWorker(app, threads=2).start()
    yield running
    running.stop()


def archive_objects(app: App) -> list[str]:
    return sorted(k for k in app.runtime.ctx.store.list("documents/"))


def test_a_folder_with_bad_files_finishes_with_reasons(
    app: App, worker: EmbeddedWorker, tmp_path: Path
) -> None:
    folder = make_folder(tmp_path / "in", 3, bad=2)
    report = backfill(app, folder, batch="mixed")
    assert (report.found, report.enqueued, len(report.failed)) == (6, 3, 3)
    counts = wait_for_batch(app.runtime.jobs, "mixed", timeout_s=240)
    assert counts == {"queued": 0, "processing": 0, "done": 3, "failed": 3}
    failed = {j.source: j.reason for j in app.runtime.jobs.list(batch="mixed", state="failed")}
    assert failed["hoso-hong/rong.png"] == "the file is empty"
    assert "damaged" in failed["hoso-hong/hong-0.pdf"]
    assert app.runtime.ctx.catalog.count() == 3
    # a bad file still bad on disk is read again and keeps failing with its reason
    retried = retry_failed(app, "mixed")
    assert retried.sent == [] and len(retried.still_failing) == 3
    assert dict(retried.still_failing)["hoso-hong/rong.png"] == "the file is empty"
    # a re-run enqueues nothing
    again = backfill(app, folder, batch="mixed")
    assert (again.created, again.enqueued, again.done) == (0, 0, 3)


def test_redelivered_messages_file_nothing_twice(
    app: App, worker: EmbeddedWorker, tmp_path: Path
) -> None:
    folder = make_folder(tmp_path / "in", 1)
    backfill(app, folder, batch="once")
    assert wait_for_batch(app.runtime.jobs, "once", timeout_s=120)["done"] == 1
    (job,) = app.runtime.jobs.list(batch="once")
    objects = archive_objects(app)
    assert len(objects) == 5

    # the same messages again, as a broker redelivers them after a crash
    for step, args in ((START, (job.job_id,)), (PAGE, (job.job_id, 0)), (FINISH, (job.job_id,))):
        app.actors.send(step, "batch", *args)
    app.broker.join("batch")
    worker.join()
    # and the step bodies themselves, past the job-state guard, on a job seen as unfinished
    app.runtime.jobs.set_state(job.job_id, "processing")
    sent: list[tuple[object, ...]] = []
    start_component(app.runtime, lambda *a: sent.append(a), job.job_id)
    ocr_page(app.runtime, lambda *a: sent.append(a), job.job_id, 0)
    finish_component(app.runtime, lambda *a: sent.append(a), job.job_id)
    assert sent == [(FINISH, "batch", job.job_id)]  # the page was already in the work area
    assert app.runtime.ctx.catalog.count() == 1
    assert archive_objects(app) == objects
    assert app.runtime.jobs.get(job.job_id).document_id == job.document_id


def test_a_crash_after_signing_reuses_the_signed_pdf(app: App, tmp_path: Path) -> None:
    """A finish that died after writing document.pdf is completed without signing again."""
    worker = EmbeddedWorker(app, threads=1).start()
    try:
        folder = make_folder(tmp_path / "in", 1)
        backfill(app, folder, batch="crash")
        assert wait_for_batch(app.runtime.jobs, "crash", timeout_s=120)["done"] == 1
    finally:
        worker.stop()
    (job,) = app.runtime.jobs.list(batch="crash")
    record = app.runtime.ctx.catalog.get(job.document_id or "")
    pdf = app.runtime.ctx.store.get(record.prefix + "document.pdf")
    # a second home shares the archive but not the catalog: as if the catalog row was never written
    other = open_app(
        Settings.model_validate({"home": tmp_path / "home2", "archive_url": app.settings.archive})
    )
    try:
        other.runtime.jobs.create(job)
        finish_component(other.runtime, lambda *a: None, job.job_id)
        refiled = other.runtime.ctx.catalog.get_by_sha256(job.sha256)
        assert refiled is not None and refiled.prefix == record.prefix
        assert other.runtime.ctx.store.get(record.prefix + "document.pdf") == pdf
    finally:
        other.close()


def test_backfill_command_reports_failures_and_status(
    tmp_path: Path, clean_env: dict[str, str]
) -> None:
    folder = make_folder(tmp_path / "in", 2, bad=1)

    def sohoa(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*SOHOA, *args],
            env=clean_env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )

    run = sohoa("backfill", str(folder), "--batch", "cli")
    assert run.returncode == 1, run.stderr  # a file failed
    assert "done 2, failed 1, pending 0" in run.stdout
    status = sohoa("batch", "status", "cli")
    assert status.returncode == 0 and "failed  hoso-hong/hong-0.pdf: " in status.stdout
    data = json.loads(sohoa("batch", "status", "cli", "--json").stdout)
    assert (data["done"], data["failed"], data["pending"]) == (2, 1, 0)
    assert "damaged" in data["failures"][0]["reason"]
