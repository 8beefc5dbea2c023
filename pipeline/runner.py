"""The in-process runner (embedded default): pages of every component OCRed in a process pool.

One Tesseract per core (OMP_THREAD_LIMIT=1); the pages of one document run in parallel; a
component is finished (fields, PDF/A, signature, filing) in this process as soon as its last
page is back. A failed file never stops the others.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from common.errors import ProcessingError, SohoaError
from signing.config import SignerConfig, SignOptions

from . import filing, steps
from .context import Context, sign_options, signer_config
from .intake import receive
from .model import Component, ComponentOutcome, Ingested, PageOutcome

OutcomeHook = Callable[[ComponentOutcome], None]


def _new_pool(processes: int) -> ProcessPoolExecutor:
    # fork: the workers inherit the modules this process already imported (about 2 s saved
    # per run against forkserver); nothing of the parent's connections is used in a child
    context = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(processes, mp_context=context, initializer=steps.init_page_process)


PageKey = tuple[int, int]  # (component number, page index)


class _Pools:
    """The OCR pool, and a one-process quarantine pool for the pages that were in the OCR pool
    when one of its processes died: one page at a time there, so the page that kills its
    process again is known, fails alone, and every other page is read as usual."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self.main = _new_pool(processes)
        self.quarantine: ProcessPoolExecutor | None = None

    def __enter__(self) -> _Pools:
        return self

    def __exit__(self, *exc: object) -> None:
        for pool in (self.main, self.quarantine):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)

    def replace_main(self) -> None:
        self.main.shutdown(wait=False, cancel_futures=True)
        self.main = _new_pool(self.processes)

    def isolated(self) -> ProcessPoolExecutor:
        if self.quarantine is None:
            self.quarantine = _new_pool(1)
        return self.quarantine

    def replace_quarantine(self) -> None:
        if self.quarantine is not None:
            self.quarantine.shutdown(wait=False, cancel_futures=True)
        self.quarantine = None


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


class _Run:
    """The state of one `LocalRunner.run`: the window of components in memory, their pages in
    the pools, the outcomes recorded in order of completion."""

    def __init__(
        self, runner: LocalRunner, components: Sequence[Component], on_done: OutcomeHook | None
    ) -> None:
        self.runner = runner
        self.components = components
        self.on_done = on_done
        self.signer = signer_config(runner.ctx.settings)
        self.options = sign_options(runner.ctx.settings)
        self.window = 2 * runner.processes + 1
        self.outcomes: dict[int, ComponentOutcome] = {}
        self.in_flight: dict[str, int] = {}  # sha256 -> component number being processed
        self.waiting_dupes: dict[int, int] = {}  # component number -> the one it duplicates
        self.jobs: dict[int, _Job] = {}
        self.futures: dict[Future[PageOutcome], PageKey] = {}
        self.suspects: list[PageKey] = []  # pages to read again alone after a process died
        self.isolated: tuple[Future[PageOutcome], PageKey] | None = None
        self.queue = iter(enumerate(components))
        self.exhausted = False

    def record(self, n: int, outcome: ComponentOutcome) -> None:
        self.outcomes[n] = outcome
        if self.on_done:
            self.on_done(outcome)

    def loop(self, pools: _Pools) -> None:
        while True:
            self.fill(pools)
            self.isolate_next(pools)
            if not self.futures:
                break
            done, _ = wait(self.futures, return_when=FIRST_COMPLETED)
            broken = [key for fut in done if (key := self.collect(pools, fut)) is not None]
            if broken:
                self.crashed(pools, broken)

    def fill(self, pools: _Pools) -> None:
        """Read new components until the window is full; send their pages to the OCR pool."""
        while not self.exhausted and len(self.jobs) < self.window:
            try:
                n, component = next(self.queue)
            except StopIteration:
                self.exhausted = True
                return
            item = self.runner.prepare(component)
            if isinstance(item, ComponentOutcome):
                self.record(n, item)
                continue
            sha = item.ingested.sha256
            if sha in self.in_flight:  # the same paper twice in one run
                self.waiting_dupes[n] = self.in_flight[sha]
                continue
            self.in_flight[sha] = n
            self.jobs[n] = item
            for index in range(item.ingested.pages):
                try:
                    self.submit(pools.main, (n, index))
                except BrokenProcessPool:  # a process died since the last look
                    self.crashed(pools, [(n, index)])

    def submit(self, pool: ProcessPoolExecutor, key: PageKey) -> Future[PageOutcome]:
        job = self.jobs[key[0]]
        fmt = job.ingested.fmt
        fut = pool.submit(steps.process_page, job.data, fmt, key[1], self.runner.options)  # type: ignore[arg-type]
        self.futures[fut] = key
        return fut

    def isolate_next(self, pools: _Pools) -> None:
        """Send the next suspect page to the quarantine pool, when it is free."""
        if self.isolated is None and self.suspects:
            key = self.suspects.pop(0)
            self.isolated = (self.submit(pools.isolated(), key), key)

    def collect(self, pools: _Pools, fut: Future[PageOutcome]) -> PageKey | None:
        """Take one finished page; the key of a page whose process died in the OCR pool."""
        key = self.futures.pop(fut)
        alone = self.isolated is not None and self.isolated[0] is fut
        if alone:
            self.isolated = None
        job = self.jobs[key[0]]
        try:
            job.pages[key[1]] = fut.result()
        except BrokenProcessPool:
            if not alone:
                return key  # one of the pages in the pool killed it: find which, alone
            pools.replace_quarantine()
            job.error = job.error or ProcessingError(
                f"page {key[1] + 1}: the OCR process crashed on this page (the image could not be read)"
            )
        except SohoaError as e:
            job.error = job.error or e
        except Exception as e:  # a bug must not lose the other files
            job.error = job.error or ProcessingError(f"page {key[1] + 1}: {e!r}")
        self.page_done(key[0])
        return None

    def crashed(self, pools: _Pools, broken: list[PageKey]) -> None:
        """A process of the OCR pool died: every page it held is suspect, the pool is replaced."""
        rest = [self.futures.pop(fut) for fut in list(self.futures) if self.is_main(fut)]
        self.suspects.extend(sorted([*broken, *rest]))
        pools.replace_main()

    def is_main(self, fut: Future[PageOutcome]) -> bool:
        return self.isolated is None or self.isolated[0] is not fut

    def page_done(self, n: int) -> None:
        job = self.jobs[n]
        job.pending -= 1
        if job.pending == 0:
            del self.jobs[n]
            self.record(n, self.runner._finish(job, self.signer, self.options))

    def settle_duplicates(self) -> None:
        """A paper given twice in one run gets the outcome of its first copy."""
        for n, first in sorted(self.waiting_dupes.items()):
            done_first = self.outcomes[first]
            self.record(
                n,
                ComponentOutcome(
                    self.components[n],
                    "failed" if done_first.status == "failed" else "reused",
                    document=done_first.document,
                    error=done_first.error,
                    exit_code=done_first.exit_code,
                ),
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
        run = _Run(self, components, on_done)
        with _Pools(self.processes) as pools:
            run.loop(pools)
        run.settle_duplicates()
        return [run.outcomes[n] for n in range(len(components))]

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
