"""Scanner hot folder: complete files only, once each, refused ones with their reason, restarts."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from workers_helpers import SOHOA, render_scan

from pipeline.settings import load_settings
from workers.runtime import Runtime
from workers.watch import Watcher


class Clock:
    """A clock the test moves by hand (the watcher waits `settle_s` of it)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def runtime(sohoa_env: Path) -> Iterator[Runtime]:
    rt = Runtime(load_settings(home=sohoa_env))
    yield rt
    rt.close()


def _watcher(runtime: Runtime, root: Path, sent: list[str], clock: Clock, **kw: object) -> Watcher:
    root.mkdir(exist_ok=True)
    return Watcher(runtime, root, "DT-01", sent.append, settle_s=2.0, clock=clock, **kw)  # type: ignore[arg-type]


def _scan(tmp_path: Path, n: int) -> bytes:
    path = tmp_path / f"made-{n}.png"
    render_scan(path, n, dpi=100)
    return path.read_bytes()


def test_a_file_written_slowly_in_pieces_is_taken_once_complete(
    runtime: Runtime, tmp_path: Path
) -> None:
    data = _scan(tmp_path, 1)
    sent: list[str] = []
    clock = Clock()
    watcher = _watcher(runtime, tmp_path / "hot", sent, clock)
    target = watcher.root / "scan-0001.png"
    pieces = [data[i : i + len(data) // 4 + 1] for i in range(0, len(data), len(data) // 4 + 1)]
    for piece in pieces:
        with target.open("ab") as f:
            f.write(piece)
        os.utime(target, ns=(int(clock.now * 1e9), int(clock.now * 1e9)))
        assert watcher.poll() == []  # still growing
        clock.now += 1.5  # the scanner pauses less than settle_s between pieces
    assert watcher.poll() == []
    clock.now += 2.0
    taken = watcher.poll()
    assert len(taken) == 1 and taken[0].job is not None
    job = runtime.jobs.get(taken[0].job.job_id)
    assert job.queue == "live" and job.state == "queued" and job.receiving_office == "DT-01"
    assert runtime.ctx.store.get(job.original_key) == data  # the whole file, not a piece
    assert sent == [job.job_id]
    assert (watcher.root / "done" / "scan-0001.png").read_bytes() == data
    clock.now += 10
    assert watcher.poll() == [] and sent == [job.job_id]


def test_a_temporary_name_is_not_taken_until_renamed(runtime: Runtime, tmp_path: Path) -> None:
    data = _scan(tmp_path, 2)
    sent: list[str] = []
    clock = Clock()
    watcher = _watcher(runtime, tmp_path / "hot", sent, clock)
    part = watcher.root / "scan-0002.pdf.part"
    part.write_bytes(data)
    (watcher.root / "~scan.tmp").write_bytes(b"scanner scratch")
    for _ in range(3):
        assert watcher.poll() == []
        clock.now += 5
    part.rename(watcher.root / "scan-0002.png")
    watcher.poll()
    clock.now += 2
    assert [t.moved_to.name for t in watcher.poll()] == ["scan-0002.png"]
    assert len(sent) == 1


def test_a_bad_file_lands_in_failed_with_its_reason(runtime: Runtime, tmp_path: Path) -> None:
    sent: list[str] = []
    clock = Clock()
    watcher = _watcher(runtime, tmp_path / "hot", sent, clock)
    (watcher.root / "hong.pdf").write_bytes(b"%PDF-1.7\n not a PDF at all")
    watcher.poll()
    clock.now += 2
    taken = watcher.poll()
    assert [t.moved_to for t in taken] == [watcher.root / "failed" / "hong.pdf"]
    reason = (watcher.root / "failed" / "hong.pdf.reason.txt").read_text(encoding="utf-8")
    assert reason.strip() == taken[0].reason and reason.strip()
    assert taken[0].job is not None and runtime.jobs.get(taken[0].job.job_id).state == "failed"
    assert sent == []


def test_a_watcher_killed_before_moving_the_file_files_nothing_twice(
    runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _scan(tmp_path, 3)
    sent: list[str] = []
    clock = Clock()
    first = _watcher(runtime, tmp_path / "hot", sent, clock, dossier_from_folder=True)
    (first.root / "HS-7").mkdir()
    (first.root / "HS-7" / "giay.png").write_bytes(data)

    def killed(*args: object, **kw: object) -> Path:
        raise KeyboardInterrupt("killed between queueing and moving")

    monkeypatch.setattr(Watcher, "_move", killed)
    first.poll()
    clock.now += 2
    with pytest.raises(KeyboardInterrupt):
        first.poll()
    monkeypatch.undo()
    again = _watcher(runtime, first.root, sent, clock, dossier_from_folder=True)
    again.poll()
    clock.now += 2
    taken = again.poll()
    assert [t.moved_to for t in taken] == [first.root / "done" / "HS-7" / "giay.png"]
    jobs = runtime.jobs.list(batch="watch-DT-01")
    assert len(jobs) == 1 and jobs[0].dossier_id == "HS-7"
    assert sent == [jobs[0].job_id, jobs[0].job_id]  # sent again: each step is idempotent


def _count_rows(home: Path) -> tuple[int, int]:
    with sqlite3.connect(home / "catalog.db") as db:
        documents = db.execute("SELECT count(DISTINCT sha256), count(*) FROM documents").fetchone()
    return int(documents[0]), int(documents[1])


def _wait(predicate: object, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.3)
    return False


def test_a_killed_watcher_restarted_files_nothing_twice(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    hot = tmp_path / "hot"
    hot.mkdir()
    for n in range(3):
        render_scan(hot / f"giay-{n}.png", 100 + n, dpi=100)
    home = Path(clean_env["SOHOA_HOME"])
    cmd = [*SOHOA, "watch", str(hot), "--office", "DT-01", "--settle", "0.5", "--poll", "0.2"]
    log = open(tmp_path / "watch.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(cmd, env=clean_env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    try:
        assert _wait(lambda: any((hot / "done").glob("*.png")), 60), (
            tmp_path / "watch.log"
        ).read_text()
    finally:
        proc.send_signal(signal.SIGKILL)  # no clean stop: jobs in hand are lost with the process
        proc.wait(10)
    restarted = subprocess.Popen(
        cmd, env=clean_env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        assert _wait(lambda: _count_rows(home)[1] >= 3 and not list(hot.glob("*.png")), 240), (
            tmp_path / "watch.log"
        ).read_text()
        time.sleep(1.0)  # anything filed twice would show now
    finally:
        restarted.send_signal(signal.SIGTERM)
        restarted.wait(60)
    assert _count_rows(home) == (3, 3)
    assert sorted(p.name for p in (hot / "done").iterdir()) == [
        "giay-0.png",
        "giay-1.png",
        "giay-2.png",
    ]
