"""Scanner hot folder: take each file a scanner drops, once complete, into the live queue.

A file is taken when its size and modification time have not changed for `settle_s` (a
scanner writing in pieces, or a copy over the network), and never while it has a temporary
name (`.part`, `.tmp`, `~...`, `.name`): a scanner that renames on completion is taken at once
after the rename settles. Each file gets a job keyed by its name and sha256 in the batch
`watch-<office>`, so a watcher killed at any point and started again finds the job it made
and files nothing twice. The file then moves to DIR/done/, or to DIR/failed/ with
NAME.reason.txt when it is refused (not a scan, empty, broken, too large...).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from common.errors import InputError
from pipeline.ingest import read_input
from pipeline.intake import failed_job, receive
from pipeline.model import Component
from storage.jobs import JobRecord

from .runtime import Runtime

log = logging.getLogger("sohoa.watch")
DONE, FAILED = "done", "failed"
TEMPORARY = re.compile(
    r"^[.~]|\.(part|partial|tmp|temp|crdownload|download|filepart|lock)$|\.reason\.txt$",
    re.IGNORECASE,
)
DOSSIER = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


@dataclass(frozen=True)
class Taken:
    """What became of one dropped file: its job, and where the file went."""

    source: str
    job: JobRecord | None
    moved_to: Path
    reason: str = ""


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    since: float


@dataclass
class Watcher:
    """One hot folder of one office; `poll` is one pass, `run` polls until stopped."""

    runtime: Runtime
    root: Path
    office: str
    send: Callable[[str], None]  # sends a job's first message on the live queue
    procedure: str | None = None
    dossier_from_folder: bool = False
    settle_s: float = 2.0
    clock: Callable[[], float] = time.monotonic
    _seen: dict[Path, _Seen] = field(default_factory=dict)

    @property
    def batch(self) -> str:
        return f"watch-{self.office}"

    def candidates(self) -> list[Path]:
        """Files a scanner has dropped (sub-folders are dossiers with --dossier-from-folder)."""
        out: list[Path] = []
        for entry in sorted(self.root.iterdir()):
            if entry.name in (DONE, FAILED) or TEMPORARY.search(entry.name):
                continue
            if entry.is_file():
                out.append(entry)
            elif entry.is_dir() and self.dossier_from_folder:
                out.extend(
                    p
                    for p in sorted(entry.iterdir())
                    if p.is_file() and not TEMPORARY.search(p.name)
                )
        return out

    def ready(self, path: Path) -> bool:
        """True once the file's size and time stood still for settle_s (it is complete)."""
        try:
            stat = path.stat()
        except FileNotFoundError:
            self._seen.pop(path, None)
            return False
        now = self.clock()
        seen = self._seen.get(path)
        if seen is None or (seen.size, seen.mtime_ns) != (stat.st_size, stat.st_mtime_ns):
            self._seen[path] = _Seen(stat.st_size, stat.st_mtime_ns, now)
            return False
        # an empty file is a scanner that has not started writing: give it longer
        wait = self.settle_s if stat.st_size > 0 else 5 * self.settle_s
        return now - seen.since >= wait

    def poll(self) -> list[Taken]:
        """One pass: take every file that is complete."""
        taken = []
        for path in self.candidates():
            if self.ready(path):
                self._seen.pop(path, None)
                taken.append(self.take(path))
        return taken

    def run(self, stop: threading.Event, *, poll_s: float = 1.0) -> None:
        """Poll until `stop` is set; a file that cannot be taken is logged and tried again."""
        while not stop.is_set():
            try:
                for t in self.poll():
                    log.info("%s -> %s %s", t.source, t.moved_to, t.reason)
            except OSError as e:  # the folder went away for a moment (network share)
                log.warning("cannot read %s: %s", self.root, e)
            stop.wait(poll_s)

    def resend_pending(self) -> int:
        """Send again the jobs of this folder still queued (an in-process queue died with us)."""
        jobs = self.runtime.jobs
        pending = [
            j
            for state in ("queued", "processing")
            for j in jobs.list(batch=self.batch, state=state)
        ]
        for job in pending:
            self.send(job.job_id)
        return len(pending)

    def take(self, path: Path) -> Taken:
        """Ingest one complete file into the live queue (or refuse it), then move it."""
        rel = path.relative_to(self.root).as_posix()
        component = self._component(path)
        data: bytes | None = None
        try:
            data = read_input(path, max_bytes=self.runtime.settings.max_upload_mb * 1024 * 1024)
            source, refused = f"{rel}@{hashlib.sha256(data).hexdigest()[:16]}", ""
        except InputError as e:
            source, refused = f"{rel}@size-{path.stat().st_size}", e.message
        job = self.runtime.jobs.find(self.batch, source)
        if job is None:
            job = (
                self._new_job(data, component, source)
                if data is not None
                else self._failed_job(component, source, refused)
            )
        if job.state == "queued":
            self.send(job.job_id)  # again after a restart: every step is idempotent
        if job.state == "failed":
            return Taken(source, job, self._move(path, FAILED, job.reason), job.reason)
        return Taken(source, job, self._move(path, DONE))

    def _component(self, path: Path) -> Component:
        dossier = path.parent.name if path.parent != self.root else None
        return Component(
            path=path,
            dossier_id=dossier if dossier and DOSSIER.match(dossier) else None,
            procedure=self.procedure,
            receiving_office=self.office,
        )

    def _new_job(self, data: bytes, component: Component, source: str) -> JobRecord:
        """The one intake of the ingest endpoint: checked, original kept, reuse, a live job."""
        try:
            received = receive(
                self.runtime.ctx,
                data,
                component,
                limits=self.runtime.page_options.limits,
                jobs=self.runtime.jobs,
                queue="live",
                batch=self.batch,
                source=source,
            )
        except InputError as e:
            return self._failed_job(component, source, e.message)
        return received.job

    def _failed_job(self, component: Component, source: str, reason: str) -> JobRecord:
        job = failed_job(component, queue="live", batch=self.batch, source=source, reason=reason)
        created, _ = self.runtime.jobs.create(job)
        return created

    def _move(self, path: Path, where: str, reason: str = "") -> Path:
        """Move the file under DIR/done or DIR/failed (never over another file), reason beside it."""
        rel = path.relative_to(self.root)
        folder = self.root / where / rel.parent
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / rel.name
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{path.stem}-{n}{path.suffix}"
        if reason:
            (folder / f"{target.name}.reason.txt").write_text(reason + "\n", encoding="utf-8")
        os.replace(path, target)
        return target
