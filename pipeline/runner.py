"""The in-process runner (embedded default): pages of every component OCRed in a process pool.

One Tesseract per core (OMP_THREAD_LIMIT=1); the pages of one document run in parallel; a
component is finished (fields, PDF/A, signature, filing) in this process as soon as its last
page is back. A failed file never stops the others.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

import cv2

from common.errors import ProcessingError, SohoaError
from signing.config import SignerConfig, SignOptions

from . import filing, steps
from .context import Context, sign_options, signer_config
from .intake import receive
from .model import Component, ComponentOutcome, Ingested, PageOutcome

OutcomeHook = Callable[[ComponentOutcome], None]


def _init_worker() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    cv2.setNumThreads(1)  # parallelism comes from the processes, not from threads inside each


@dataclass
class _Job:
    component: Component
    data: bytes
    ingested: Ingested
    started: float
    pages: dict[int, PageOutcome] = field(default_factory=dict)
    error: SohoaError | None = None
    pending: int = 0


def failure(component: Component, error: BaseException, started: float) -> ComponentOutcome:
    if isinstance(error, SohoaError):
        return ComponentOutcome(
            component,
            "failed",
            error=error.message,
            exit_code=error.exit_code,
            seconds=time.perf_counter() - started,
        )
    return ComponentOutcome(
        component,
        "failed",
        error=f"internal error: {error!r}",
        exit_code=1,
        seconds=time.perf_counter() - started,
    )


class LocalRunner:
    """Digitize components on this machine; `run` returns one outcome per component, in order."""

    def __init__(self, ctx: Context, *, processes: int | None = None) -> None:
        self.ctx = ctx
        self.processes = processes or ctx.settings.process_count
        self.options = steps.PageOptions.from_settings(ctx.settings)

    def prepare(self, component: Component) -> _Job | ComponentOutcome:
        """Read, validate and keep the original of one component (cheap: nothing is decoded)."""
        started = time.perf_counter()
        max_bytes = self.ctx.settings.max_upload_mb * 1024 * 1024
        try:
            data = steps.read_input(component.path, max_bytes=max_bytes)
            received = receive(self.ctx, data, component, limits=self.options.limits)
            if received.reused is not None:
                match = received.reused
                existing = filing.from_record(self.ctx, match.record, reused=match.reason)
                return ComponentOutcome(
                    component, "reused", document=existing, seconds=time.perf_counter() - started
                )
        except SohoaError as e:
            return failure(component, e, started)
        ingested = received.ingested
        return _Job(component, data, ingested, started, pending=ingested.pages)

    def run(
        self,
        components: Sequence[Component],
        *,
        on_done: OutcomeHook | None = None,
    ) -> list[ComponentOutcome]:
        """Digitize every component; at most a few components are held in memory at once."""
        outcomes: dict[int, ComponentOutcome] = {}
        signer = signer_config(self.ctx.settings)
        options = sign_options(self.ctx.settings)
        window = 2 * self.processes + 1
        in_flight: dict[str, int] = {}  # sha256 -> component number being processed
        waiting_dupes: dict[int, int] = {}  # component number -> the one it duplicates

        def record(n: int, outcome: ComponentOutcome) -> None:
            outcomes[n] = outcome
            if on_done:
                on_done(outcome)

        # fork: the workers inherit the modules this process already imported (about 2 s saved
        # per run against forkserver); nothing of the parent's connections is used in a child
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            self.processes, mp_context=context, initializer=_init_worker
        ) as pool:
            futures: dict[Future[PageOutcome], tuple[int, int]] = {}
            jobs: dict[int, _Job] = {}
            queue = iter(enumerate(components))
            exhausted = False
            while True:
                while not exhausted and len(jobs) < window:
                    try:
                        n, component = next(queue)
                    except StopIteration:
                        exhausted = True
                        break
                    item = self.prepare(component)
                    if isinstance(item, ComponentOutcome):
                        record(n, item)
                        continue
                    sha = item.ingested.sha256
                    if sha in in_flight:  # the same paper twice in one run
                        waiting_dupes[n] = in_flight[sha]
                        continue
                    in_flight[sha] = n
                    jobs[n] = item
                    for index in range(item.ingested.pages):
                        fut = pool.submit(
                            steps.process_page,
                            item.data,
                            item.ingested.fmt,  # type: ignore[arg-type]
                            index,
                            self.options,
                        )
                        futures[fut] = (n, index)
                if not futures:
                    break
                done, _ = wait(futures, return_when=FIRST_COMPLETED)
                for fut in done:
                    n, index = futures.pop(fut)
                    job = jobs[n]
                    try:
                        job.pages[index] = fut.result()
                    except SohoaError as e:
                        job.error = job.error or e
                    except BrokenProcessPool as e:
                        job.error = job.error or ProcessingError(
                            f"page {index + 1}: OCR process died: {e}"
                        )
                    except Exception as e:  # a bug must not lose the other files
                        job.error = job.error or ProcessingError(f"page {index + 1}: {e!r}")
                    job.pending -= 1
                    if job.pending == 0:
                        del jobs[n]
                        record(n, self._finish(job, signer, options))
        for n, first in sorted(waiting_dupes.items()):
            done_first = outcomes[first]
            record(
                n,
                ComponentOutcome(
                    components[n],
                    "failed" if done_first.status == "failed" else "reused",
                    document=done_first.document,
                    error=done_first.error,
                    exit_code=done_first.exit_code,
                ),
            )
        return [outcomes[n] for n in range(len(components))]

    def _finish(self, job: _Job, signer: SignerConfig, options: SignOptions) -> ComponentOutcome:
        if job.error is not None:
            return failure(job.component, job.error, job.started)
        try:
            document = filing.finish(
                self.ctx,
                component=job.component,
                ingested=job.ingested,
                pages=list(job.pages.values()),
                signer=signer,
                options=options,
            )
        except Exception as e:
            return failure(job.component, e, job.started)
        finally:
            job.data = b""
            job.pages.clear()
        return ComponentOutcome(
            job.component,
            "reused" if document.reused else "done",
            document=document,
            seconds=time.perf_counter() - job.started,
        )
