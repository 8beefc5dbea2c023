"""Numbered schema migrations: applied once, in order, recorded per component; bad URLs fail clearly."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import psycopg
import pytest
from support import free_port

from common.errors import ConfigError, StorageError
from storage import jobs, postgres, sqlite
from storage.factories import open_catalog
from storage.jobs import open_job_store
from storage.migrations import Backend, apply_migrations, check_numbering

DOSSIERS_SQLITE = [
    (1, "CREATE TABLE dossiers (id TEXT PRIMARY KEY);"),
    (
        2,
        "ALTER TABLE dossiers ADD COLUMN office TEXT;\nCREATE INDEX dossiers_office ON dossiers (office);",
    ),
]


def test_a_new_component_brings_its_own_numbered_migrations(tmp_path: Path) -> None:
    catalog = open_catalog(f"sqlite:///{tmp_path / 'c.db'}")
    catalog.migrate()
    catalog.close()
    conn = sqlite3.connect(tmp_path / "c.db", isolation_level=None)
    assert apply_migrations(conn, "sqlite", "dossiers", DOSSIERS_SQLITE[:1]) == [1]
    assert apply_migrations(conn, "sqlite", "dossiers", DOSSIERS_SQLITE) == [2]
    assert apply_migrations(conn, "sqlite", "dossiers", DOSSIERS_SQLITE) == []
    versions = conn.execute(
        "SELECT component, version FROM schema_version ORDER BY component, version"
    ).fetchall()
    catalog_versions = [("catalog", v) for v, _ in sqlite.MIGRATIONS]
    assert versions == [*catalog_versions, ("dossiers", 1), ("dossiers", 2)]


def test_a_failing_migration_leaves_nothing_behind(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "c.db", isolation_level=None)
    broken = [(1, "CREATE TABLE a (x INTEGER);\nCREATE TABLE a (x INTEGER);")]
    with pytest.raises(sqlite3.Error):
        apply_migrations(conn, "sqlite", "broken", broken)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'a'").fetchall() == []
    assert conn.execute("SELECT count(*) FROM schema_version").fetchone() == (0,)


def test_postgres_migrations_are_recorded_and_transactional(pg_url: str) -> None:
    catalog = open_catalog(pg_url)
    catalog.migrate()
    catalog.close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS t_ok, t_bad")
        conn.execute("DELETE FROM schema_version WHERE component IN ('ok', 'bad')")
        assert apply_migrations(conn, "postgres", "ok", [(1, "CREATE TABLE t_ok (x int)")]) == [1]
        assert apply_migrations(conn, "postgres", "ok", [(1, "CREATE TABLE t_ok (x int)")]) == []
        with pytest.raises(psycopg.Error):
            apply_migrations(
                conn, "postgres", "bad", [(1, "CREATE TABLE t_bad (x int); SELECT 1/0")]
            )
        assert conn.execute("SELECT to_regclass('t_bad')").fetchone() == (None,)
        recorded = conn.execute(
            "SELECT component, max(version) FROM schema_version GROUP BY component ORDER BY 1"
        ).fetchall()
        assert recorded == [("catalog", len(postgres.MIGRATIONS)), ("ok", 1)]


def test_migrations_must_be_numbered_from_one() -> None:
    with pytest.raises(ValueError):
        check_numbering([(1, "x"), (3, "y")])


def test_an_unreachable_postgres_is_a_storage_error_without_the_password() -> None:
    url = f"postgresql://sohoa:s3cret-pw@127.0.0.1:{free_port()}/sohoa"
    with pytest.raises(StorageError) as info:
        open_catalog(url)
    assert "s3cret-pw" not in str(info.value)
    assert "127.0.0.1" in str(info.value)


def test_unknown_catalog_urls_are_a_config_error() -> None:
    with pytest.raises(ConfigError):
        open_catalog("mysql://x")


def _legacy_job_database(conn: Any, backend: Backend) -> None:
    """A job database as SqlJobStore made it before schema_version: its own version table."""
    migrations = jobs._SQLITE_MIGRATIONS if backend == "sqlite" else jobs._POSTGRES_MIGRATIONS
    for version, sql in migrations:
        if version > 2:  # what the job store had before schema_version
            continue
        for statement in (s.strip() for s in sql.split(";")):
            if statement:
                conn.execute(statement)
    conn.execute(
        "CREATE TABLE sohoa_jobs_schema (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    conn.execute("INSERT INTO sohoa_jobs_schema VALUES (1, 'then'), (2, 'then')")


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_job_database_from_before_schema_version_is_adopted_not_migrated_again(
    backend: Backend, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'jobs.db'}"
        with sqlite3.connect(tmp_path / "jobs.db", isolation_level=None) as conn:
            _legacy_job_database(conn, backend)
    else:
        url = request.getfixturevalue("pg_url")
        with psycopg.connect(url, autocommit=True) as pg:
            pg.execute("DROP TABLE IF EXISTS sohoa_job_pages, sohoa_jobs, sohoa_batches")
            pg.execute("DROP TABLE IF EXISTS sohoa_jobs_schema")
            pg.execute("DELETE FROM schema_version WHERE component = 'jobs'")
            _legacy_job_database(pg, backend)
    store = open_job_store(url)
    try:
        store.migrate()  # would fail on "table sohoa_jobs already exists" if run again
        store.migrate()
        created, _ = store.create(
            jobs.JobRecord(job_id="j1", queue="live", batch=None, source="scan.png")
        )
        assert store.get(created.job_id).source == "scan.png"
    finally:
        store.close()
    if backend == "sqlite":
        with sqlite3.connect(tmp_path / "jobs.db") as conn:
            rows = conn.execute("SELECT version FROM schema_version WHERE component = 'jobs'")
            assert sorted(r[0] for r in rows) == [1, 2, 3]  # adopted at 2, then migrated
