"""Prometheus metrics of one app: requests by route and status, upload outcomes and latency."""

from __future__ import annotations

import time
from dataclasses import dataclass

from fastapi import FastAPI
from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send


@dataclass(frozen=True)
class Metrics:
    registry: CollectorRegistry
    requests: Counter
    latency: Histogram
    uploads: Counter
    accept_seconds: Histogram


def make_metrics() -> Metrics:
    """A registry per app, so several apps (tests) never collide."""
    registry = CollectorRegistry()
    return Metrics(
        registry=registry,
        requests=Counter(
            "sohoa_http_requests",
            "HTTP requests by route and status",
            ["method", "route", "status"],
            registry=registry,
        ),
        latency=Histogram(
            "sohoa_http_request_seconds",
            "HTTP request latency by route",
            ["route"],
            registry=registry,
        ),
        uploads=Counter(
            "sohoa_uploads", "component uploads by outcome", ["outcome"], registry=registry
        ),
        accept_seconds=Histogram(
            "sohoa_upload_accept_seconds",
            "time from request start to the 202 of an accepted upload",
            buckets=(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0),
            registry=registry,
        ),
    )


def metrics_of(app: FastAPI) -> Metrics:
    metrics: Metrics = app.state.metrics
    return metrics


class MetricsMiddleware:
    """Count every HTTP request by its route template (not its raw path) and status."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            self.metrics.requests.labels(scope["method"], template, str(status)).inc()
            self.metrics.latency.labels(template).observe(time.perf_counter() - started)
