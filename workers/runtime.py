"""What the actors of one worker process share: settings, archive, catalog, job store, signer."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import Any, TypeVar

from common.errors import ProcessingError
from ocr.image.textlayer import OCR_MODES
from pipeline import steps
from pipeline.context import Context, open_context, sign_options, signer_config
from pipeline.model import PageOutcome
from pipeline.settings import Settings
from pipeline.steps import PageOptions
from signing import appearance
from signing.config import SignerConfig, SignOptions
from storage.jobs import JobStore, open_job_store

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """This process gets SIGTERM when the thread that started it ends, even when its parent is
    SIGKILLed (Linux only; elsewhere nothing is done)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _open_jobs(settings: Settings) -> JobStore:
    store = open_job_store(settings.catalog)
    store.migrate()
    return store


_pool_runtime: Runtime | None = None  # in a pool process: its own archive, catalog, signer


def pool_runtime() -> Runtime:
    """The Runtime of this pool process (opened lazily, like the worker's own)."""
    if _pool_runtime is None:
        raise RuntimeError("not in a PagePool process")
    return _pool_runtime


def _init_pool_process(nice: int, parent: int, settings: Settings) -> None:
    global _pool_runtime
    die_with_parent()
    if os.getppid() != parent:  # the parent died while this process was starting
        os._exit(1)
    steps.init_page_process(nice)
    _pool_runtime = Runtime(settings)


class PagePool:
    """Pages read, and components filed, in child processes, so that the process holding the
    worker threads keeps its interpreter free: the embedded worker shares its process with the
    server, whose accept path must not wait for page work or filing (layout, fields, PDF,
    signature: pure Python holding the GIL; every file write of an upload would queue behind
    it). Started lazily, spawned (the server process has threads, forking it is unsafe), with
    `nice`; they die with this process (with the worker thread that started them: worker
    threads live as long as the worker). When a process dies, the pool is replaced and every
    call it held is tried once more alone, in a process of its own: the call that kills its
    process again fails alone (ProcessingError), the others complete."""

    def __init__(self, processes: int, nice: int, settings: Settings) -> None:
        self.processes, self.nice, self.settings = processes, nice, settings
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self, processes: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_pool_process,
            initargs=(self.nice, os.getpid(), self.settings),
        )

    def _current(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = self._executor(self.processes)
            return self._pool

    def process_page(self, data: bytes, fmt: str, index: int, options: PageOptions) -> PageOutcome:
        try:
            return self.call(steps.process_page, data, fmt, index, options)
        except ProcessingError as e:
            raise ProcessingError(
                f"page {index + 1}: the OCR process crashed on this page (the image could not "
                "be read)"
            ) from e

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """fn(*args) in a pool process. When the process dies (this call or another one in the
        pool killed it), the call is tried once more alone, in a process of its own, so that a
        call that kills its process again cannot take the others' second try with it; it fails
        alone (ProcessingError)."""
        pool = self._current()
        try:
            return pool.submit(fn, *args).result()
        except BrokenProcessPool:
            self._replace(pool)
        alone = self._executor(1)
        try:
            return alone.submit(fn, *args).result()
        except BrokenProcessPool as e:
            raise ProcessingError("a worker process died twice on this step") from e
        finally:
            alone.shutdown(wait=False, cancel_futures=True)

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                self._pool = None
        broken.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


class Runtime:
    """Opened lazily, once per process, on first use (a process that only sends opens nothing)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.page_options = PageOptions.from_settings(settings)
        self._lock = threading.Lock()
        self._opened: dict[str, Any] = {}
        self.page_pool: PagePool | None = None  # None: pages are read in the worker thread

    def process_page(
        self, data: bytes, fmt: str, index: int, *, ocr_mode: str | None = None
    ) -> PageOutcome:
        """One page's outcome (with the job's OCR mode), read in the page pool when there is
        one, else right here."""
        options = self.page_options
        if ocr_mode in OCR_MODES and ocr_mode != options.ocr_mode:
            options = replace(options, ocr_mode=ocr_mode)
        if self.page_pool is not None:
            return self.page_pool.process_page(data, fmt, index, options)
        return steps.process_page(data, fmt, index, options)  # type: ignore[arg-type]

    def _once(self, name: str, factory: Callable[[], T]) -> T:
        value = self._opened.get(name)
        if value is None:
            with self._lock:
                value = self._opened.get(name)
                if value is None:
                    value = self._opened[name] = factory()
        return value  # type: ignore[no-any-return]

    @property
    def ctx(self) -> Context:
        return self._once("ctx", lambda: open_context(self.settings))

    @property
    def jobs(self) -> JobStore:
        return self._once("jobs", lambda: _open_jobs(self.settings))

    @property
    def signer(self) -> SignerConfig:
        return self._once("signer", lambda: signer_config(self.settings))

    @property
    def sign_options(self) -> SignOptions:
        return self._once("sign_options", lambda: sign_options(self.settings))

    def warm_up(self) -> None:
        """Open what the first component would open (archive, catalog, job store, signing key)
        and do the stamp's one-time work, so none of it happens while the server is answering."""
        _ = self.ctx, self.jobs, self.signer
        if self.sign_options.visible:
            appearance.warm_up()

    def close(self) -> None:
        if self.page_pool is not None:
            self.page_pool.close()
        with self._lock:
            opened, self._opened = self._opened, {}
        if "ctx" in opened:
            opened["ctx"].close()
        if "jobs" in opened:
            opened["jobs"].close()
