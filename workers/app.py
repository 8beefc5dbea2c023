"""One process's worker setup: runtime, broker (set first), then the actors declared on it."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import dramatiq

from pipeline.settings import Settings

from .actors import Actors, declare_actors
from .broker import build_broker
from .runtime import Runtime


@dataclass(frozen=True)
class App:
    """The broker and actors of this process, and what the actors share."""

    settings: Settings
    runtime: Runtime
    broker: dramatiq.Broker
    actors: Actors

    def close(self) -> None:
        self.broker.close()
        self.runtime.close()


def open_app(settings: Settings) -> App:
    """Build the broker from the settings, set it, and declare the actors on it."""
    runtime = Runtime(settings)
    broker = build_broker(settings, runtime)
    return App(settings, runtime, broker, declare_actors(broker, runtime))


_apps: dict[tuple[str, str, str], App] = {}
_apps_lock = threading.Lock()


def shared_app(settings: Settings) -> App:
    """The app of these settings, opened once per process (senders and the embedded worker share it)."""
    key = (settings.broker_url, settings.catalog, settings.archive)
    with _apps_lock:
        app = _apps.get(key)
        if app is None:
            app = _apps[key] = open_app(settings)
        return app


def close_shared_apps() -> None:
    with _apps_lock:
        apps = list(_apps.values())
        _apps.clear()
    for app in apps:
        app.close()
