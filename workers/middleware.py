"""Cross-cutting worker behaviour: job state around every message, Redis dead-worker sweeps."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import Any

import dramatiq
from dramatiq.middleware import Middleware, SkipMessage, TimeLimitExceeded

from common.errors import NotFound, SohoaError

from .runtime import Runtime

log = logging.getLogger("sohoa.workers")


def failure_reason(error: BaseException) -> str:
    """What a person reads in `sohoa batch status` for a failed job."""
    if isinstance(error, SohoaError):
        return error.message
    if isinstance(error, TimeLimitExceeded):
        return "time limit exceeded"
    return f"internal error: {error!r}"


def is_transient(error: BaseException) -> bool:
    """Worth retrying: the archive, the catalog, the TSA or the token may be back soon."""
    if isinstance(error, SohoaError):
        return error.retryable
    return isinstance(error, ConnectionError | TimeoutError)


class JobStateMiddleware(Middleware):
    """Every message names a job (first argument): skip finished jobs, record failures with reasons.

    Runs after Retries (it sits before it in the middleware list; `after_` hooks run in reverse),
    so it sees whether Retries gave up on a message (`message.failed`).
    """

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    @staticmethod
    def _job_id(message: Any) -> str | None:
        args = message.args
        return str(args[0]) if args else None

    def before_process_message(self, broker: dramatiq.Broker, message: Any) -> None:
        job_id = self._job_id(message)
        if job_id is None:
            return
        jobs = self.runtime.jobs
        try:
            job = jobs.get(job_id)
        except NotFound:
            log.warning("message %s names no known job %s: skipped", message.message_id, job_id)
            raise SkipMessage() from None
        if job.state in ("done", "failed"):  # a redelivered or stale message: nothing to do
            raise SkipMessage()
        if job.state == "queued":
            jobs.set_state(job_id, "processing")

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: Any,
        *,
        result: Any = None,
        exception: BaseException | None = None,
    ) -> None:
        job_id = self._job_id(message)
        if exception is None or job_id is None:
            return
        reason = failure_reason(exception)
        if message.failed:
            log.warning("job %s failed: %s", job_id, reason)
            self.runtime.jobs.set_state(job_id, "failed", reason=reason)
        else:
            retries = message.options.get("retries", 0)
            self.runtime.jobs.set_state(
                job_id, "processing", reason=f"retry {retries} after: {reason}"
            )


class RedisSweepMiddleware(Middleware):
    """Touch every consumed queue every few seconds from each worker.

    Dramatiq's Redis broker moves a dead worker's unacked messages back to their queue only
    during "maintenance", run by a command on that same queue. A busy worker sends no command
    on its queue, so without this a SIGKILLed worker's messages could wait for minutes.
    Each touch is also a heartbeat of this worker.
    """

    def __init__(self, every_s: float) -> None:
        self.every_s = every_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def after_worker_boot(self, broker: dramatiq.Broker, worker: Any) -> None:
        queues = worker.consumer_whitelist or broker.get_declared_queues()
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(broker, sorted(queues)), name="sohoa-redis-sweep", daemon=True
        )
        self._thread.start()

    def _run(self, broker: Any, queues: Iterable[str]) -> None:
        names = [n for q in queues for n in (q, q + ".DQ")]
        while not self._stop.wait(self.every_s):
            for name in names:
                try:
                    broker.do_qsize(name)
                except Exception as e:  # the broker may be briefly away; the next sweep retries
                    log.debug("redis sweep of %s failed: %r", name, e)

    def before_worker_shutdown(self, broker: dramatiq.Broker, worker: Any) -> None:
        self._stop.set()
