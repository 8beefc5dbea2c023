"""Job and batch state in the catalog database (SQLite or PostgreSQL), readable from any machine.

Own tables, created by numbered migrations recorded in `sohoa_jobs_schema`, so they never collide
with the catalog's own migrations. `memory://` gives a private in-memory SQLite for unit tests.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal, Protocol, cast

from common.errors import NotFound, StorageError

from .database import connect_postgres, connect_sqlite, first_line
from .migrations import Backend, apply_migrations
from .rows import from_row, record_fields

JobState = Literal["queued", "processing", "done", "failed"]
EPOCH = datetime.fromtimestamp(0, UTC)  # created_at/updated_at of a record not yet stored
JOB_STATES: tuple[JobState, ...] = ("queued", "processing", "done", "failed")


@dataclass(frozen=True)
class JobRecord:
    """One component to digitize through the workers, and how far it got."""

    job_id: str
    queue: str  # "live" | "batch"
    batch: str | None  # backfill batch name; None for live uploads
    source: str  # batch: relative path in the backfill folder; live: upload name
    state: JobState = "queued"
    reason: str = ""
    attempts: int = 0
    sha256: str = ""
    fmt: str = ""
    original_key: str = ""
    filename: str = ""
    pages: int = 0
    pages_done: int = 0
    dossier_id: str | None = None
    procedure: str | None = None
    owner_id: str | None = None
    receiving_office: str | None = None
    role: str = "submitted"
    declared_type: str | None = None
    document_id: str | None = None
    ocr_mode: str = "auto"  # auto | skip-text | redo | force: what to do with a PDF's own text
    created_at: datetime = EPOCH
    updated_at: datetime = EPOCH


FIELDS = record_fields(JobRecord)
COLUMNS = tuple(f.name for f in FIELDS)
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM sohoa_jobs"


class JobStore(Protocol):
    """Where job state lives; every method is safe to call from several processes at once."""

    def migrate(self) -> None: ...
    def create(self, job: JobRecord) -> tuple[JobRecord, bool]: ...
    def get(self, job_id: str) -> JobRecord: ...
    def find(self, batch: str, source: str) -> JobRecord | None: ...
    def set_state(
        self, job_id: str, state: JobState, *, reason: str = "", document_id: str | None = None
    ) -> None: ...
    def page_done(self, job_id: str, index: int) -> int: ...
    def reset(self, job: JobRecord) -> None: ...
    def set_batch_root(self, batch: str, root: str) -> None: ...
    def batch_root(self, batch: str) -> str | None: ...
    def counts(self, batch: str) -> dict[str, int]: ...
    def list(
        self, *, batch: str | None = None, state: str | None = None, limit: int = 1000
    ) -> list[JobRecord]: ...
    def close(self) -> None: ...


def _schema(time_type: str) -> str:
    """The job tables, with times stored as `time_type` (TEXT in SQLite, TIMESTAMPTZ in PostgreSQL)."""
    return f"""
        CREATE TABLE sohoa_jobs (
            job_id TEXT PRIMARY KEY, queue TEXT NOT NULL, batch TEXT, source TEXT NOT NULL,
            state TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', attempts INTEGER NOT NULL DEFAULT 0,
            sha256 TEXT NOT NULL DEFAULT '', fmt TEXT NOT NULL DEFAULT '',
            original_key TEXT NOT NULL DEFAULT '', filename TEXT NOT NULL DEFAULT '',
            pages INTEGER NOT NULL DEFAULT 0, pages_done INTEGER NOT NULL DEFAULT 0,
            dossier_id TEXT, procedure TEXT, owner_id TEXT, receiving_office TEXT,
            role TEXT NOT NULL DEFAULT 'submitted', declared_type TEXT, document_id TEXT,
            created_at {time_type} NOT NULL, updated_at {time_type} NOT NULL
        );
        CREATE UNIQUE INDEX sohoa_jobs_batch_source ON sohoa_jobs (batch, source)
            WHERE batch IS NOT NULL;
        CREATE INDEX sohoa_jobs_batch_state ON sohoa_jobs (batch, state);
        CREATE TABLE sohoa_job_pages (
            job_id TEXT NOT NULL REFERENCES sohoa_jobs (job_id) ON DELETE CASCADE,
            page_index INTEGER NOT NULL,
            PRIMARY KEY (job_id, page_index)
        );
        """


def _batches(time_type: str) -> str:
    """Where each backfill batch was read from, so `batch retry` can read its files again."""
    return f"""
        CREATE TABLE sohoa_batches (
            batch TEXT PRIMARY KEY, root TEXT NOT NULL, updated_at {time_type} NOT NULL
        );
        """


# each job keeps the OCR mode it was received with (the API takes it per upload)
_OCR_MODE = "ALTER TABLE sohoa_jobs ADD COLUMN ocr_mode TEXT NOT NULL DEFAULT 'auto'"
_SQLITE_MIGRATIONS: list[tuple[int, str]] = [
    (1, _schema("TEXT")),
    (2, _batches("TEXT")),
    (3, _OCR_MODE),
]
_POSTGRES_MIGRATIONS: list[tuple[int, str]] = [
    (1, _schema("TIMESTAMPTZ")),
    (2, _batches("TIMESTAMPTZ")),
    (3, _OCR_MODE),
]
# what a retry of a file read again replaces in its job
_CONTENT = ("state", "reason", "sha256", "fmt", "original_key", "filename", "pages")


def _now() -> datetime:
    return datetime.now(UTC)


class SqlJobStore:
    """The one SQL implementation; the subclasses supply the connection and the dialect."""

    migrations: list[tuple[int, str]]
    placeholder = "?"
    _conn: Any

    def __init__(self) -> None:
        self._lock = threading.RLock()

    # dialect hooks ---------------------------------------------------------
    @contextmanager
    def _tx(self, *, write: bool = True) -> Iterator[Any]:
        raise NotImplementedError
        yield

    def _lock_job(self, cur: Any, job_id: str) -> None:
        """Serialize writers of one job until the transaction ends."""

    def _from_datetime(self, value: datetime) -> Any:
        return value

    def _split(self, script: str) -> list[str]:
        return [s.strip() for s in script.split(";") if s.strip()]

    def _q(self, sql: str) -> str:
        return sql.replace("?", self.placeholder)

    def close(self) -> None:
        raise NotImplementedError

    # the contract -----------------------------------------------------------
    backend: Backend = "sqlite"

    def migrate(self) -> None:
        """Apply the job tables' migrations (component "jobs" of schema_version)."""
        with self._lock:
            try:
                apply_migrations(
                    self._conn,
                    self.backend,
                    "jobs",
                    self.migrations,
                    legacy_table="sohoa_jobs_schema",
                )
            except StorageError:
                raise
            except Exception as e:  # the driver's own error (sqlite3 or psycopg)
                raise StorageError(f"job database error: {first_line(e)}") from e

    def create(self, job: JobRecord) -> tuple[JobRecord, bool]:
        now = _now()
        job = replace(job, created_at=now, updated_at=now)
        values = [getattr(job, c) for c in COLUMNS]
        values = [self._from_datetime(v) if isinstance(v, datetime) else v for v in values]
        sql = (
            f"INSERT INTO sohoa_jobs ({', '.join(COLUMNS)}) "
            f"VALUES ({', '.join('?' for _ in COLUMNS)}) ON CONFLICT DO NOTHING"
        )
        with self._tx() as cur:
            cur.execute(self._q(sql), values)
            created = cur.rowcount == 1
            if created:
                return job, True
            if job.batch is not None:
                cur.execute(
                    self._q(f"{_SELECT} WHERE batch = ? AND source = ?"), (job.batch, job.source)
                )
            else:
                cur.execute(self._q(f"{_SELECT} WHERE job_id = ?"), (job.job_id,))
            row = cur.fetchone()
        if row is None:  # the job id is taken by a job of another batch/source
            raise StorageError(f"job id {job.job_id} is already used by another job")
        return self._record(row), False

    def get(self, job_id: str) -> JobRecord:
        with self._tx(write=False) as cur:
            cur.execute(self._q(f"{_SELECT} WHERE job_id = ?"), (job_id,))
            row = cur.fetchone()
        if row is None:
            raise NotFound(f"no job {job_id}")
        return self._record(row)

    def find(self, batch: str, source: str) -> JobRecord | None:
        """The job of this file of this batch, if it was created."""
        with self._tx(write=False) as cur:
            cur.execute(self._q(f"{_SELECT} WHERE batch = ? AND source = ?"), (batch, source))
            row = cur.fetchone()
        return None if row is None else self._record(row)

    def set_state(
        self, job_id: str, state: JobState, *, reason: str = "", document_id: str | None = None
    ) -> None:
        if state not in JOB_STATES:
            raise ValueError(f"unknown job state {state!r}")
        sql = (
            "UPDATE sohoa_jobs SET "
            "attempts = attempts + CASE WHEN state <> 'processing' AND ? = 'processing' "
            "THEN 1 ELSE 0 END, "
            "state = ?, reason = ?, document_id = COALESCE(?, document_id), updated_at = ? "
            "WHERE job_id = ?"
        )
        with self._tx() as cur:
            cur.execute(
                self._q(sql),
                (state, state, reason, document_id, self._from_datetime(_now()), job_id),
            )
            if cur.rowcount == 0:
                raise NotFound(f"no job {job_id}")

    def reset(self, job: JobRecord) -> None:
        """Give job `job.job_id` the content of `job` (a file read again): state, reason, sha256,
        format, original, pages; the pages counted for its earlier content are forgotten."""
        sets = ", ".join(f"{c} = ?" for c in _CONTENT)
        values = [getattr(job, c) for c in _CONTENT]
        with self._tx() as cur:
            self._lock_job(cur, job.job_id)
            cur.execute(
                self._q(
                    f"UPDATE sohoa_jobs SET {sets}, pages_done = ?, document_id = ?, "
                    "updated_at = ? WHERE job_id = ?"
                ),
                (
                    *values,
                    job.pages if job.state == "done" else 0,  # done: the reused document's
                    job.document_id,
                    self._from_datetime(_now()),
                    job.job_id,
                ),
            )
            if cur.rowcount == 0:
                raise NotFound(f"no job {job.job_id}")
            cur.execute(self._q("DELETE FROM sohoa_job_pages WHERE job_id = ?"), (job.job_id,))

    def set_batch_root(self, batch: str, root: str) -> None:
        """Remember the folder a batch is read from (the last backfill of it wins)."""
        with self._tx() as cur:
            cur.execute(
                self._q(
                    "INSERT INTO sohoa_batches (batch, root, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (batch) DO UPDATE SET root = excluded.root, "
                    "updated_at = excluded.updated_at"
                ),
                (batch, root, self._from_datetime(_now())),
            )

    def batch_root(self, batch: str) -> str | None:
        with self._tx(write=False) as cur:
            cur.execute(self._q("SELECT root FROM sohoa_batches WHERE batch = ?"), (batch,))
            row = cur.fetchone()
        return None if row is None else str(row[0])

    def page_done(self, job_id: str, index: int) -> int:
        with self._tx() as cur:
            self._lock_job(cur, job_id)
            cur.execute(
                self._q(
                    "INSERT INTO sohoa_job_pages (job_id, page_index) VALUES (?, ?) "
                    "ON CONFLICT DO NOTHING"
                ),
                (job_id, index),
            )
            cur.execute(self._q("SELECT COUNT(*) FROM sohoa_job_pages WHERE job_id = ?"), (job_id,))
            done = int(cur.fetchone()[0])
            cur.execute(
                self._q("UPDATE sohoa_jobs SET pages_done = ?, updated_at = ? WHERE job_id = ?"),
                (done, self._from_datetime(_now()), job_id),
            )
            if cur.rowcount == 0:
                raise NotFound(f"no job {job_id}")
        return done

    def counts(self, batch: str) -> dict[str, int]:
        with self._tx(write=False) as cur:
            cur.execute(
                self._q("SELECT state, COUNT(*) FROM sohoa_jobs WHERE batch = ? GROUP BY state"),
                (batch,),
            )
            found = {str(state): int(n) for state, n in cur.fetchall()}
        return {state: found.get(state, 0) for state in JOB_STATES}

    def list(
        self, *, batch: str | None = None, state: str | None = None, limit: int = 1000
    ) -> list[JobRecord]:
        where: list[str] = []
        args: list[Any] = []
        if batch is not None:
            where.append("batch = ?")
            args.append(batch)
        if state is not None:
            where.append("state = ?")
            args.append(state)
        sql = _SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY created_at, source, job_id LIMIT ?"
        args.append(limit)
        with self._tx(write=False) as cur:
            cur.execute(self._q(sql), args)
            rows = cur.fetchall()
        return [self._record(r) for r in rows]

    def _record(self, row: Sequence[Any]) -> JobRecord:
        return from_row(JobRecord, FIELDS, row)


class SqliteJobStore(SqlJobStore):
    """Jobs in the embedded SQLite catalog file (WAL, so worker processes can share it)."""

    migrations = _SQLITE_MIGRATIONS

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self._conn = connect_sqlite(path, timeout=60, foreign_keys=True)

    @contextmanager
    def _tx(self, *, write: bool = True) -> Iterator[Any]:
        with self._lock:
            cur = self._conn.cursor()
            try:
                cur.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                yield cur
                cur.execute("COMMIT")
            except sqlite3.Error as e:
                self._rollback()
                raise StorageError(f"job database error: {e}") from e
            except BaseException:
                self._rollback()
                raise
            finally:
                cur.close()

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def _from_datetime(self, value: datetime) -> Any:
        return value.astimezone(UTC).isoformat()

    def close(self) -> None:
        with self._lock:
            self._conn.close()


class PostgresJobStore(SqlJobStore):
    """Jobs in the PostgreSQL catalog database (psycopg 3)."""

    migrations = _POSTGRES_MIGRATIONS
    placeholder = "%s"
    backend: Backend = "postgres"

    def __init__(self, url: str) -> None:
        super().__init__()
        import psycopg

        self._psycopg = psycopg
        self.url = url
        self._conn = connect_postgres(url, autocommit=False)

    @contextmanager
    def _tx(self, *, write: bool = True) -> Iterator[Any]:
        psycopg = self._psycopg
        with self._lock:
            if self._conn.closed:
                self._conn = connect_postgres(self.url, autocommit=False)
            try:
                with self._conn.transaction(), self._conn.cursor() as cur:
                    yield cur
            except psycopg.OperationalError as e:
                raise StorageError(f"job database unreachable: {first_line(e)}") from e
            except psycopg.Error as e:
                raise StorageError(f"job database error: {first_line(e)}") from e

    def _lock_job(self, cur: Any, job_id: str) -> None:
        cur.execute("SELECT 1 FROM sohoa_jobs WHERE job_id = %s FOR UPDATE", (job_id,))

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def open_job_store(url: str) -> JobStore:
    """sqlite:///FILE, postgresql://... (same URL as the catalog) or memory:// for unit tests."""
    if url.startswith("sqlite:///"):
        return SqliteJobStore(url.removeprefix("sqlite:///") or ":memory:")
    if url.startswith(("postgresql://", "postgres://")):
        return cast(JobStore, PostgresJobStore(url))
    if url.startswith("memory://"):
        return SqliteJobStore(":memory:")
    raise StorageError(f"unsupported job database URL scheme: {url.split(':', 1)[0]}")
