"""Worker processes: one Dramatiq worker thread each, a prefetch of one, under a small supervisor."""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Sequence
from multiprocessing.process import BaseProcess

from dramatiq import Worker

from common.errors import ConfigError
from pipeline.settings import Settings

from .app import open_app
from .broker import QUEUES
from .runtime import die_with_parent

log = logging.getLogger("sohoa.workers")
PREFETCH = 1  # so a batch backlog never sits in a worker's own buffer ahead of live work
STOP_TIMEOUT_S = 600.0


def parse_queues(text: str) -> list[str]:
    queues = [q.strip() for q in text.split(",") if q.strip()]
    unknown = [q for q in queues if q not in QUEUES]
    if not queues or unknown:
        raise ConfigError(f"--queues takes a list of {', '.join(QUEUES)}; got {text!r}")
    return queues


def run_worker(
    settings: Settings, queues: Sequence[str], *, stop: threading.Event | None = None
) -> None:
    """Consume the queues in this process until SIGTERM/SIGINT (or `stop` is set)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    app = open_app(settings)
    worker = Worker(app.broker, queues=set(queues), worker_threads=1, worker_timeout=1000)
    worker.queue_prefetch = PREFETCH
    worker.start()
    log.info("worker %d consuming %s", os.getpid(), ",".join(queues))
    try:
        stop.wait()
    finally:
        worker.stop(timeout=int(STOP_TIMEOUT_S * 1000))
        app.close()


def _child(settings: Settings, queues: Sequence[str]) -> None:
    die_with_parent()
    run_worker(settings, queues)


def run_workers(settings: Settings, queues: Sequence[str], processes: int) -> None:
    """One process: work here. More: supervise that many children, restarting any that dies."""
    if processes <= 1:
        run_worker(settings, queues)
        return
    context = multiprocessing.get_context("spawn")
    stopping = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.set())

    def spawn() -> BaseProcess:
        child = context.Process(target=_child, args=(settings, list(queues)), daemon=False)
        child.start()
        return child

    children = [spawn() for _ in range(processes)]
    try:
        while not stopping.wait(1.0):
            for n, child in enumerate(children):
                if not child.is_alive():
                    log.warning("worker %s exited with %s: restarting", child.pid, child.exitcode)
                    time.sleep(1.0)
                    children[n] = spawn()
    finally:
        for child in children:
            if child.is_alive() and child.pid:
                os.kill(child.pid, signal.SIGTERM)
        for child in children:
            child.join(STOP_TIMEOUT_S)
