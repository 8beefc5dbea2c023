"""The FastAPI app: versioned JSON API, the archivists' web page, health and metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from pipeline.model import PIPELINE_VERSION
from pipeline.settings import Settings

from .errors import install_error_handler
from .headers import SecurityHeadersMiddleware
from .limits import BodyLimitMiddleware
from .metrics import Metrics, MetricsMiddleware, make_metrics
from .routes import admin, documents, ingest, review, review_web, search, web
from .services import Services, open_services

STATIC = Path(__file__).resolve().parent / "static"


class Health(BaseModel):
    status: str
    version: str


def create_app(
    settings: Settings,
    *,
    services: Services | None = None,
    on_shutdown: Callable[[], None] | None = None,
) -> FastAPI:
    """Build the app for these settings (archive, catalog, job store and tokens opened now).

    `on_shutdown` runs when the server stops, before the connections close (the embedded
    worker finishes the pages in hand there).
    """
    services = services or open_services(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        try:
            if on_shutdown is not None:
                await run_in_threadpool(on_shutdown)
        finally:
            services.close()

    app = FastAPI(
        title="sohoa",
        version=PIPELINE_VERSION,
        description=(
            "Ingest dossier components at reception counters; search, read and verify "
            "digitized documents. Every read and search is recorded in the audit log."
        ),
        lifespan=lifespan,
    )
    metrics = make_metrics()
    app.state.services = services
    app.state.metrics = metrics
    install_error_handler(app)
    _add_middleware(app, settings, services, metrics)
    for module in (ingest, documents, search, review, admin, review_web, web):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _add_health_routes(app, metrics)
    return app


def _add_middleware(app: FastAPI, settings: Settings, services: Services, metrics: Metrics) -> None:
    """Metrics, body limits, security headers and (when configured) trusted proxy headers."""
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(
        BodyLimitMiddleware,
        max_upload_bytes=services.max_upload_bytes,
        read_timeout_s=settings.read_timeout_s,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    if settings.trusted_proxies:  # X-Forwarded-Proto/For believed from these addresses only
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)


def _add_health_routes(app: FastAPI, metrics: Metrics) -> None:
    """/healthz and /metrics."""

    @app.get("/healthz", response_model=Health, tags=["health"])
    def healthz() -> Health:
        """The service answers (no dependency is checked)."""
        return Health(status="ok", version=PIPELINE_VERSION)

    @app.get(
        "/metrics",
        response_class=PlainTextResponse,
        tags=["health"],
        responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}},
    )
    def prometheus() -> PlainTextResponse:
        """Prometheus metrics of this process."""
        return PlainTextResponse(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)
