"""Backfill on real brokers with 2 worker processes, one SIGKILLed mid-run: all filed, exactly once."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from workers_helpers import SOHOA, Workers, make_folder

from pipeline.context import open_context
from pipeline.settings import Settings
from storage.jobs import open_job_store

pytestmark = [pytest.mark.services, pytest.mark.slow]
FILES = 10  # enough that the kill lands mid-run, not after the last filing
DOCUMENT_OBJECTS = {"document.pdf", "text.txt", "alto.xml", "metadata.json", "manifest.json"}


def sohoa(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SOHOA, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300
    )


def wait_until(predicate, timeout: float, what: str, workers: Workers) -> float:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        if all(p.poll() is not None for p in workers.procs):
            break
        time.sleep(0.2)
    raise AssertionError(
        f"no {what} (timeout or no worker alive)\n--- worker logs ---\n{workers.logs()}"
    )


def redis_unacked_of_dead_workers(url: str, quiet_s: float = 3.0) -> int:
    """Messages fetched by Redis workers silent for `quiet_s` and not yet back in their queue."""
    import redis

    from workers.broker import split_redis_url

    clean, namespace = split_redis_url(url)
    client = redis.Redis.from_url(clean, decode_responses=True)
    now_ms = time.time() * 1000
    beats = client.zrangebyscore(f"{namespace}:__heartbeats__", 0, now_ms - quiet_s * 1000)
    total = 0
    for worker_id in beats:
        name = worker_id.decode() if isinstance(worker_id, bytes) else str(worker_id)
        for key in client.scan_iter(f"{namespace}:__acks__.{name}.*"):
            total += int(client.scard(key))
    return total


def backfill_with_a_killed_worker(
    broker_url: str, catalog_url: str, env: dict[str, str], tmp_path: Path, workers: Workers
) -> None:
    env = {**env, "SOHOA_BROKER_URL": broker_url}
    if catalog_url:
        env["SOHOA_CATALOG_URL"] = catalog_url
    settings = Settings.model_validate(
        {"home": Path(env["SOHOA_HOME"]), "broker_url": broker_url, "catalog_url": catalog_url}
    )
    workers.env = env
    folder = make_folder(tmp_path / "in", FILES)
    batch = f"kill-{tmp_path.name}"
    first, _second = workers.start(), workers.start()

    enqueue = sohoa(env, tmp_path, "backfill", str(folder), "--batch", batch, "--no-wait")
    assert enqueue.returncode == 0, enqueue.stderr
    assert f"{FILES} enqueued" in enqueue.stdout

    jobs = open_job_store(settings.catalog)
    wait_until(lambda: jobs.counts(batch)["done"] >= 1, 180, "a first component", workers)
    os.kill(first.pid, signal.SIGKILL)  # mid-run: it holds a page or a filing in hand
    first.wait()
    killed_at = time.monotonic()
    assert jobs.counts(batch)["done"] < FILES
    if broker_url.startswith("redis://"):  # its fetched messages go back within 30 s
        time.sleep(3.5)
        held = redis_unacked_of_dead_workers(broker_url)
        back = wait_until(
            lambda: redis_unacked_of_dead_workers(broker_url) == 0, 60, "redelivery", workers
        )
        print(f"{held} message(s) of the killed worker redelivered {back + 3.5:.1f} s after")
        assert back + 3.5 < 30
    time.sleep(1)
    workers.start()  # started again
    took = wait_until(lambda: jobs.counts(batch)["done"] == FILES, 240, "every component", workers)
    print(f"all filed {took:.1f} s after the SIGKILL ({time.monotonic() - killed_at:.1f})")

    # filed exactly once: catalog rows and archive objects counted
    ctx = open_context(settings)
    try:
        expected = {hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*.png")}
        records = list(ctx.catalog.iter_documents())
        assert ctx.catalog.count() == FILES
        assert sorted(r.sha256 for r in records) == sorted(expected)
        objects = [k for k in ctx.store.list("documents/")]
        per_document = Counter(k.rsplit("/", 1)[0] for k in objects)
        assert len(per_document) == FILES
        assert all(n == len(DOCUMENT_OBJECTS) for n in per_document.values()), per_document
        assert {k.rsplit("/", 1)[1] for k in objects} == DOCUMENT_OBJECTS
        assert len(list(ctx.store.list("originals/"))) == FILES
        done = jobs.list(batch=batch)
        assert {j.document_id for j in done} == {r.document_id for r in records}
    finally:
        ctx.close()

    status = sohoa(env, tmp_path, "batch", "status", batch, "--json")
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    assert (report["done"], report["failed"], report["pending"]) == (FILES, 0, 0)

    again = sohoa(env, tmp_path, "backfill", str(folder), "--batch", batch, "--no-wait")
    assert again.returncode == 0, again.stderr
    assert "0 enqueued" in again.stdout and f"{FILES} already done" in again.stdout
    jobs.close()


def test_backfill_on_redis_survives_a_sigkilled_worker(
    redis_url: str, clean_env: dict[str, str], tmp_path: Path, workers: Workers
) -> None:
    backfill_with_a_killed_worker(redis_url, "", clean_env, tmp_path, workers)


def test_backfill_on_rabbitmq_survives_a_sigkilled_worker(
    amqp_url: str,
    postgres_url: str,
    clean_env: dict[str, str],
    tmp_path: Path,
    workers: Workers,
) -> None:
    backfill_with_a_killed_worker(amqp_url, postgres_url, clean_env, tmp_path, workers)
