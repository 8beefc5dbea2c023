"""JobStore on SQLite and PostgreSQL: idempotent creation, atomic page counting, batch counts."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from common.errors import NotFound
from storage.jobs import JobRecord, JobStore, open_job_store


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'catalog.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def jobs(store_url: str) -> Iterator[JobStore]:
    store = open_job_store(store_url)
    store.migrate()
    store.migrate()  # idempotent
    if store_url.startswith("postgresql://"):  # one database per session: empty it per test
        import psycopg

        with psycopg.connect(store_url, autocommit=True) as conn:
            conn.execute("TRUNCATE sohoa_jobs, sohoa_batches CASCADE")
    yield store
    store.close()


def job(job_id: str, source: str, *, batch: str | None = "b", pages: int = 3) -> JobRecord:
    return JobRecord(job_id=job_id, queue="batch", batch=batch, source=source, pages=pages)


def test_creating_the_same_file_of_a_batch_twice_returns_the_first_job(jobs: JobStore) -> None:
    first, created = jobs.create(job("j1", "hoso-1/a.png"))
    again, created_again = jobs.create(job("j2", "hoso-1/a.png"))
    assert created and not created_again
    assert again.job_id == "j1" == first.job_id
    other, created_other = jobs.create(job("j3", "hoso-1/a.png", batch="other"))
    assert created_other and other.job_id == "j3"
    live, created_live = jobs.create(job("j4", "upload.png", batch=None))
    assert created_live
    assert jobs.create(job("j4", "upload.png", batch=None)) == (live, False)


def test_page_done_counts_each_page_once(jobs: JobStore) -> None:
    jobs.create(job("j1", "a.png"))
    assert jobs.page_done("j1", 0) == 1
    assert jobs.page_done("j1", 0) == 1  # a redelivered page
    assert jobs.page_done("j1", 2) == 2
    assert jobs.get("j1").pages_done == 2


def test_concurrent_pages_complete_the_set_exactly_once(store_url: str, jobs: JobStore) -> None:
    pages = 12
    jobs.create(job("j1", "a.png", pages=pages))
    stores = [open_job_store(store_url) for _ in range(4)]
    results: list[int] = []
    lock = threading.Lock()

    def work(store: JobStore, indices: range) -> None:
        for i in indices:
            n = store.page_done("j1", i)
            with lock:
                results.append(n)

    threads = [
        threading.Thread(target=work, args=(s, range(k, pages, len(stores))))
        for k, s in enumerate(stores)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.close()
    assert sorted(results) == list(range(1, pages + 1))  # every count seen once: one joiner


def test_state_changes_are_recorded_with_reasons_and_attempts(jobs: JobStore) -> None:
    jobs.create(job("j1", "a.png"))
    jobs.create(job("j2", "b.png"))
    jobs.create(job("j3", "c.png"))
    jobs.set_state("j1", "processing")
    jobs.set_state("j1", "processing", reason="retry 1 after: TSA down")
    jobs.set_state("j1", "done", document_id="doc1")
    jobs.set_state("j2", "failed", reason="the file is empty")
    j1 = jobs.get("j1")
    assert (j1.state, j1.attempts, j1.document_id) == ("done", 1, "doc1")
    assert j1.updated_at >= j1.created_at
    assert jobs.counts("b") == {"queued": 1, "processing": 0, "done": 1, "failed": 1}
    failed = jobs.list(batch="b", state="failed")
    assert [(j.source, j.reason) for j in failed] == [("b.png", "the file is empty")]
    assert jobs.find("b", "c.png") == jobs.get("j3")
    assert jobs.find("b", "zzz.png") is None
    with pytest.raises(NotFound):
        jobs.get("nope")
    with pytest.raises(NotFound):
        jobs.set_state("nope", "done")


def test_a_job_read_again_takes_the_new_content_and_forgets_its_pages(jobs: JobStore) -> None:
    from dataclasses import replace

    jobs.create(job("j1", "hoso-1/a.png"))
    jobs.page_done("j1", 0)
    jobs.set_state("j1", "failed", reason="the file is damaged")
    fixed = replace(jobs.get("j1"), state="queued", reason="", sha256="ab" * 32, pages=2)
    jobs.reset(fixed)
    now = jobs.get("j1")
    assert (now.state, now.reason, now.sha256, now.pages, now.pages_done) == (
        "queued",
        "",
        "ab" * 32,
        2,
        0,
    )
    assert jobs.page_done("j1", 0) == 1  # the old page 0 no longer counts
    with pytest.raises(NotFound):
        jobs.reset(replace(fixed, job_id="nope"))


def test_a_batch_remembers_the_folder_it_was_read_from(jobs: JobStore) -> None:
    assert jobs.batch_root("b") is None
    jobs.set_batch_root("b", "/records/1998")
    jobs.set_batch_root("b", "/mnt/records/1998")  # moved: the last backfill wins
    assert jobs.batch_root("b") == "/mnt/records/1998"
