"""Backfill failures of issue 16: one file never stops the others, `batch retry` reads the file
again, and an unreachable broker is one line with an exit code and leaves nothing pending.

Scans are drawn by workers_helpers.render_scan; the broken, empty and oversized files are
made here (bytes that are not an image, random noise saved as PNG).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import redis
from PIL import Image
from support import free_port
from workers_helpers import SOHOA, render_scan

from common.errors import BrokerUnavailable, StorageError
from pipeline.settings import Settings
from workers.app import App, open_app
from workers.backfill import backfill, wait_for_batch
from workers.embedded import EmbeddedWorker
from workers.retry import retry_failed


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    settings = {"home": tmp_path / "home", "processes": 2, "max_upload_mb": 1}
    opened = open_app(Settings.model_validate(settings))
    yield opened
    opened.close()


@pytest.fixture
def worker(app: App) -> Iterator[EmbeddedWorker]:
    running = EmbeddedWorker(app, threads=2).start()
    yield running
    running.stop()


def _huge_png(path: Path) -> None:
    """Over the 1 MB limit of these tests: noise does not compress."""
    noise = np.random.default_rng(16).integers(0, 256, (900, 900, 3), dtype=np.uint8)
    Image.fromarray(noise).save(path)


def test_one_bad_one_huge_and_one_unstorable_file_never_stop_the_others(
    app: App, worker: EmbeddedWorker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in" / "hoso-01"
    folder.mkdir(parents=True)
    for n in range(4):
        render_scan(folder / f"giay-{n}.png", n)
    (folder / "hong.png").write_bytes(b"\x89PNG\r\n\x1a\n but the rest is not a PNG")
    _huge_png(folder / "to.png")
    store = app.runtime.ctx.store
    real_put = store.put
    unstorable = (folder / "giay-2.png").read_bytes()

    def put(key: str, data: bytes, **kw: str) -> None:
        if data == unstorable:  # the archive refuses this one (as SeaweedFS did a 10.8 MB scan)
            raise StorageError("cannot write it to s3://bucket: InvalidRequest")
        real_put(key, data, **kw)

    monkeypatch.setattr(store, "put", put)
    report = backfill(app, tmp_path / "in", batch="b")
    assert (report.found, report.enqueued, len(report.failed)) == (6, 3, 3)
    counts = wait_for_batch(app.runtime.jobs, "b", timeout_s=300)
    assert counts == {"queued": 0, "processing": 0, "done": 3, "failed": 3}
    reasons = dict(report.failed)
    assert "InvalidRequest" in reasons["hoso-01/giay-2.png"]
    assert "more than the limit of 1 MB" in reasons["hoso-01/to.png"]
    assert "hoso-01/hong.png" in reasons
    # the archive is fixed: a retry reads the files again and files the one that failed there
    monkeypatch.setattr(store, "put", real_put)
    retried = retry_failed(app, "b")
    assert retried.sent == ["hoso-01/giay-2.png"]
    assert {s for s, _ in retried.still_failing} == {"hoso-01/hong.png", "hoso-01/to.png"}
    counts = wait_for_batch(app.runtime.jobs, "b", timeout_s=300)
    assert (counts["done"], counts["failed"]) == (4, 2)
    assert app.runtime.ctx.catalog.count() == 4


def test_a_broker_that_stops_answering_fails_the_job_it_could_not_send(
    app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in" / "hoso-01"
    folder.mkdir(parents=True)
    for n in range(2):
        render_scan(folder / f"giay-{n}.png", n)

    def enqueue(*args: object, **kwargs: object) -> None:  # Redis went down after the check
        raise redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379.")

    monkeypatch.setattr(app.broker, "enqueue", enqueue)
    with pytest.raises(BrokerUnavailable, match="stopped answering"):
        backfill(app, tmp_path / "in", batch="b")
    counts = app.runtime.jobs.counts("b")
    assert counts == {"queued": 0, "processing": 0, "done": 0, "failed": 1}
    [job] = app.runtime.jobs.list(batch="b")
    assert "not sent" in job.reason and "batch retry" in job.reason


def _sohoa(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SOHOA, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_a_broken_file_fixed_on_disk_is_filed_by_batch_retry(
    tmp_path: Path, clean_env: dict[str, str]
) -> None:
    folder = tmp_path / "in" / "hoso-01"
    folder.mkdir(parents=True)
    render_scan(folder / "giay-0.png", 0)
    (folder / "giay-1.png").write_bytes(b"")  # the scanner wrote an empty file
    run = _sohoa(clean_env, tmp_path, "backfill", str(tmp_path / "in"), "--batch", "fix")
    assert run.returncode == 1 and "done 1, failed 1, pending 0" in run.stdout, run.stderr
    render_scan(folder / "giay-1.png", 1)  # scanned again
    retry = _sohoa(clean_env, tmp_path, "batch", "retry", "fix")
    assert retry.returncode == 0, retry.stdout + retry.stderr
    assert "1 file(s) sent again" in retry.stdout and "done 2, failed 0, pending 0" in retry.stdout
    status = json.loads(_sohoa(clean_env, tmp_path, "batch", "status", "fix", "--json").stdout)
    assert (status["done"], status["failed"], status["pending"]) == (2, 0, 0)


@pytest.mark.parametrize("scheme", ["redis", "amqp"])
def test_an_unreachable_broker_is_one_line_an_exit_code_and_no_pending_job(
    tmp_path: Path, clean_env: dict[str, str], scheme: str
) -> None:
    port = free_port()  # nobody listens there
    url = f"redis://127.0.0.1:{port}/0" if scheme == "redis" else f"amqp://u:pw@127.0.0.1:{port}/"
    env = {**clean_env, "SOHOA_BROKER_URL": url}
    folder = tmp_path / "in" / "hoso-01"
    folder.mkdir(parents=True)
    render_scan(folder / "giay-0.png", 0)
    run = _sohoa(env, tmp_path, "backfill", str(tmp_path / "in"), "--batch", "down")
    assert run.returncode == 7, run.stderr
    assert "Traceback" not in run.stderr and "pw" not in run.stderr
    [line] = run.stderr.strip().splitlines()
    assert line.startswith("sohoa: error: the message broker ") and "cannot be reached" in line
    assert f"127.0.0.1:{port}" in line
    status = json.loads(_sohoa(env, tmp_path, "batch", "status", "down", "--json").stdout)
    assert (status["total"], status["pending"]) == (0, 0)
    retry = _sohoa(env, tmp_path, "batch", "retry", "down")
    assert retry.returncode == 7 and "Traceback" not in retry.stderr
