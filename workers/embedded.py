"""The embedded default: a Dramatiq worker inside this process (no broker service needed)."""

from __future__ import annotations

import contextlib
import os
import threading
from typing import Any

from dramatiq import Broker, Middleware, Worker

from pipeline.settings import Settings

from .actors import START
from .app import App, shared_app
from .runtime import PagePool

UNFINISHED = ("queued", "processing")
# niceness of the embedded worker's threads and of the Tesseract processes they start: on a shared
# machine the server's accept path (the event loop and its thread pool) gets the CPU first
WORKER_NICE = 10


class Background(Middleware):
    """Each worker thread lowers its own CPU priority when it starts (Linux: per thread)."""

    def after_worker_thread_boot(self, broker: Broker, thread: Any) -> None:
        with contextlib.suppress(OSError, AttributeError):
            current = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), max(current, WORKER_NICE))


class EmbeddedWorker:
    """A running in-process worker; `stop()` finishes the pages in hand and returns."""

    def __init__(self, app: App, threads: int) -> None:
        self.app = app
        if not any(isinstance(m, Background) for m in app.broker.middleware):
            app.broker.add_middleware(Background())
        self.worker = Worker(app.broker, worker_threads=threads, worker_timeout=250)

    def start(self) -> EmbeddedWorker:
        self.worker.start()
        return self

    def join(self) -> None:
        """Wait until every queued message is processed (tests, one-shot runs)."""
        self.worker.join()

    def stop(self, timeout_s: float = 60.0) -> None:
        self.worker.stop(timeout=int(timeout_s * 1000))
        if self.app.runtime.page_pool is not None:
            self.app.runtime.page_pool.close()


def start_embedded_worker(settings: Settings, *, threads: int | None = None) -> EmbeddedWorker:
    """Consume this process's broker (the StubBroker when settings.broker_url is empty).

    `submit_component(settings, ...)` in the same process sends to the same broker. One thread
    per core by default; each thread's pages are read in a niced child process (`PagePool`),
    so the server in this process keeps its interpreter for accepting uploads.
    """
    app = shared_app(settings)
    count = threads or settings.process_count
    if app.runtime.page_pool is None:
        app.runtime.page_pool = PagePool(count, WORKER_NICE, settings)
    app.runtime.warm_up()
    return EmbeddedWorker(app, count).start()


def resend_unfinished(app: App) -> int:
    """Send every queued or processing job again; returns how many were sent.

    In the embedded mode the queue lives in this process and dies with it (kill -9, a crash,
    or a clean stop with messages still waiting), so at start-up nothing else would ever send
    the jobs answered 202 before. Every step is idempotent: pages already in the archive are
    counted, not redone, and a filed document is found, not filed twice.
    """
    sent = 0
    for state in UNFINISHED:
        for job in app.runtime.jobs.list(state=state, limit=10_000_000):
            app.actors.send(START, job.queue, job.job_id)
            sent += 1
    return sent
