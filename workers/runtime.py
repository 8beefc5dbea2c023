"""What the actors of one worker process share: settings, archive, catalog, job store, signer."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from pipeline.context import Context, open_context, sign_options, signer_config
from pipeline.settings import Settings
from pipeline.steps import PageOptions
from signing.config import SignerConfig, SignOptions
from storage.jobs import JobStore, open_job_store

T = TypeVar("T")


def _open_jobs(settings: Settings) -> JobStore:
    store = open_job_store(settings.catalog)
    store.migrate()
    return store


class Runtime:
    """Opened lazily, once per process, on first use (a process that only sends opens nothing)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.page_options = PageOptions.from_settings(settings)
        self._lock = threading.Lock()
        self._opened: dict[str, Any] = {}

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

    def close(self) -> None:
        with self._lock:
            opened, self._opened = self._opened, {}
        if "ctx" in opened:
            opened["ctx"].close()
        if "jobs" in opened:
            opened["jobs"].close()
