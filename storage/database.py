"""The one way storage opens a database: a connection per URL (SQLite or PostgreSQL), messages without passwords."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

from common.errors import ConfigError, StorageError

from .migrations import Backend, apply_migrations
from .private import private_file

SQLITE_TIMEOUT_S = 30.0  # how long a writer waits for another process's write lock


def backend_of(url: str) -> Backend:
    """sqlite:///FILE and memory:// are SQLite, postgresql://... PostgreSQL."""
    if url == "memory://" or url.startswith("sqlite:///"):
        return "sqlite"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgres"
    raise ConfigError(
        f"database url must be sqlite:///..., postgresql://... or memory://, got {safe_url(url)!r}"
    )


def sqlite_path(url: str) -> str:
    """The file of a sqlite:/// URL (":memory:" for memory:// or an empty path)."""
    if url == "memory://":
        return ":memory:"
    return url.removeprefix("sqlite:///") or ":memory:"


def connect_sqlite(
    path: str,
    *,
    timeout: float = SQLITE_TIMEOUT_S,
    synchronous: str = "FULL",
    foreign_keys: bool = False,
) -> sqlite3.Connection:
    """A private file in WAL mode, autocommit (explicit BEGIN), shareable between threads."""
    try:
        if path != ":memory:":
            private_file(Path(path))
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=timeout)
        if path != ":memory:":
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA synchronous={synchronous}")
        conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        if foreign_keys:
            conn.execute("PRAGMA foreign_keys=ON")
    except (sqlite3.Error, OSError) as e:
        raise StorageError(f"cannot open the database {path}: {e}") from e
    return conn


def connect_postgres(url: str, *, autocommit: bool = True, connect_timeout: int = 10) -> Any:
    """A psycopg connection; short interactive queries, so no JIT compilation."""
    import psycopg

    try:
        conn = psycopg.connect(url, autocommit=autocommit, connect_timeout=connect_timeout)
        conn.execute("SET jit = off")
        if not autocommit:
            conn.commit()
    except psycopg.Error as e:
        raise StorageError(f"cannot connect to {safe_url(url)}: {first_line(e, url)}") from e
    return conn


def connect(url: str) -> tuple[Backend, Any]:
    """The backend and an autocommit connection of a database URL."""
    backend = backend_of(url)
    if backend == "sqlite":
        return backend, connect_sqlite(sqlite_path(url))
    return backend, connect_postgres(url)


def safe_url(url: str) -> str:
    """The URL with any password replaced by ***, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = (parts.username or "") + ":***"
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[-1]}"))


def first_line(error: BaseException, url: str = "") -> str:
    """The first line of a driver error, never the connection's password."""
    lines = str(error).strip().splitlines()
    message = lines[0] if lines else error.__class__.__name__
    password = urlsplit(url).password if url else None
    return message.replace(password, "***") if password else message


class SqlDatabase:
    """One connection (SQLite or PostgreSQL) behind a lock; migrations recorded in schema_version."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._lock = threading.RLock()
        self.dialect, self._conn = connect(url)

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.dialect == "postgres" else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement and return its rows (empty for writes)."""
        with self._lock:
            try:
                cur = self._conn.execute(self._sql(sql), tuple(params))
                rows = cur.fetchall() if cur.description else []
            except (sqlite3.Error, _pg_error()) as e:
                raise StorageError(f"database error: {type(e).__name__}: {e}") from e
            return [tuple(r) for r in rows]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            if self.dialect == "sqlite":
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
            else:
                with self._conn.transaction():
                    yield

    def migrate(self, component: str, migrations: Sequence[tuple[int, str]]) -> None:
        """Apply the numbered migrations of `component` not yet recorded in schema_version."""
        with self._lock:
            try:
                apply_migrations(
                    self._conn,
                    self.dialect,
                    component,
                    migrations,
                    legacy_table=f"sohoa_{component}_schema",
                )
            except (sqlite3.Error, _pg_error()) as e:
                raise StorageError(f"database error: {type(e).__name__}: {e}") from e

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _pg_error() -> type[Exception]:
    try:
        import psycopg

        return cast(type[Exception], psycopg.Error)
    except ImportError:  # pragma: no cover
        return sqlite3.Error
