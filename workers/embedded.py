"""The embedded default: a Dramatiq worker inside this process (no broker service needed)."""

from __future__ import annotations

from dramatiq import Worker

from pipeline.settings import Settings

from .app import App, shared_app


class EmbeddedWorker:
    """A running in-process worker; `stop()` finishes the pages in hand and returns."""

    def __init__(self, app: App, threads: int) -> None:
        self.app = app
        self.worker = Worker(app.broker, worker_threads=threads, worker_timeout=250)

    def start(self) -> EmbeddedWorker:
        self.worker.start()
        return self

    def join(self) -> None:
        """Wait until every queued message is processed (tests, one-shot runs)."""
        self.worker.join()

    def stop(self, timeout_s: float = 60.0) -> None:
        self.worker.stop(timeout=int(timeout_s * 1000))


def start_embedded_worker(settings: Settings, *, threads: int | None = None) -> EmbeddedWorker:
    """Consume this process's broker (the StubBroker when settings.broker_url is empty).

    `submit_component(settings, ...)` in the same process sends to the same broker. One thread
    per core by default: OCR runs in a Tesseract subprocess, so threads are enough.
    """
    app = shared_app(settings)
    return EmbeddedWorker(app, threads or settings.process_count).start()
