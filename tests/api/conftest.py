"""Fixtures of the API tests: an embedded app (files + SQLite) and a full one on real services.

The full app runs against PostgreSQL (a fresh database for the session, dropped after), SeaweedFS
(`weed mini` on free loopback ports) and Redis (its own key namespace), with a Dramatiq worker
consuming Redis inside the test process. Absent services skip locally and fail when CI=true.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from api_helpers import Api, Served, multipart, scan
from fastapi import FastAPI
from fastapi.testclient import TestClient
from support import Seaweed, free_port, fresh_database, need, port_open, running_seaweed

from api.app import create_app
from pipeline.settings import load_settings

S3_KEY, S3_SECRET = "sohoaapi", "sohoa-api-secret"


def _tokens(app: FastAPI) -> dict[str, str]:
    access = app.state.services.access
    return {
        "admin": access.create_token("admin", None, "Quản trị")[1],
        "archivist": access.create_token("archivist", None, "Lưu trữ viên")[1],
        "counter_hn": access.create_token("counter", "HN-01", "Một cửa Hà Nội")[1],
        "counter_dt": access.create_token("counter", "DT-01", "Một cửa Đồng Tháp")[1],
    }


def _clean_env() -> None:
    for key in list(os.environ):
        if key.startswith("SOHOA_"):
            del os.environ[key]


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """Archive in a folder, SQLite catalog, in-process broker with no worker: jobs stay queued."""
    _clean_env()
    home = tmp_path_factory.mktemp("api-home")
    settings = load_settings(home=home, max_upload_mb=1, max_pages=3, max_megapixels=50)
    app = create_app(settings)
    with TestClient(app) as client:
        yield Api(app, settings, _tokens(app), client)


# --- real services ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str | None]:
    with fresh_database("sohoa_api") as url:
        yield url


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seaweed | None]:
    with running_seaweed(tmp_path_factory.mktemp("api-weed"), S3_KEY, S3_SECRET) as server:
        yield server


@pytest.fixture(scope="session")
def full(
    tmp_path_factory: pytest.TempPathFactory,
    pg_database: str | None,
    seaweed: Seaweed | None,
) -> Iterator[Api]:
    """The whole flow on PostgreSQL + SeaweedFS + Redis, a Redis worker in this process."""
    need(pg_database is not None, "PostgreSQL on 127.0.0.1:5432 is not reachable")
    need(seaweed is not None, "SeaweedFS (`weed mini`) could not be started")
    need(port_open("127.0.0.1", 6379), "Redis on 127.0.0.1:6379 is not reachable")
    assert pg_database and seaweed
    from workers.app import close_shared_apps
    from workers.embedded import start_embedded_worker

    _clean_env()
    home = tmp_path_factory.mktemp("api-full")
    settings = load_settings(
        home=home,
        archive_url=f"s3://sohoa-api-{uuid.uuid4().hex[:8]}",
        s3_endpoint=seaweed.endpoint,
        s3_access_key=S3_KEY,
        s3_secret_key=S3_SECRET,
        catalog_url=pg_database,
        broker_url=f"redis://127.0.0.1:6379/0?namespace=sohoa-api-{uuid.uuid4().hex[:8]}",
        max_upload_mb=5,
        processes=1,
    )
    app = create_app(settings)
    worker = start_embedded_worker(settings, threads=2)
    try:
        with TestClient(app) as client:
            yield Api(app, settings, _tokens(app), client)
    finally:
        worker.stop()
        close_shared_apps()


@pytest.fixture(scope="session")
def served(full: Api) -> Iterator[Served]:
    """The full app behind a real uvicorn on a free loopback port."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(full.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield Served(f"http://127.0.0.1:{port}", full)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


DONE_TIMEOUT_S = 180


def wait_done(api: Api, component: str, who: str = "counter_dt") -> dict[str, Any]:
    deadline = time.monotonic() + DONE_TIMEOUT_S
    while time.monotonic() < deadline:
        status = api.client.get(f"/v1/components/{component}", headers=api.auth(who)).json()
        if status["state"] in ("done", "failed"):
            return dict(status)
        time.sleep(0.5)
    raise AssertionError(f"component {component} not done after {DONE_TIMEOUT_S} s: {status}")


@pytest.fixture(scope="session")
def digitized(full: Api) -> dict[str, Any]:
    """One scan from a Đồng Tháp counter, digitized and signed by the Redis worker."""
    r = full.client.post(
        "/v1/dossiers",
        json={"procedure_code": "1.004227", "owner_id": "087190001234"},
        headers=full.auth("counter_dt"),
    )
    assert r.status_code == 201, r.text
    dossier = r.json()["id"]
    body, ctype = multipart(scan(), filename="xac-nhan-cu-tru.png", fields={"role": "submitted"})
    started = time.perf_counter()
    r = full.client.post(
        f"/v1/dossiers/{dossier}/components",
        content=body,
        headers={**full.auth("counter_dt"), "Content-Type": ctype},
    )
    accepted = time.perf_counter() - started
    assert r.status_code == 202, r.text
    out = r.json()
    status = wait_done(full, out["id"])
    return {"dossier": dossier, "accepted": out, "status": status, "accept_s": accepted}
