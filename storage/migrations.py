"""Numbered schema migrations per backend, applied in a transaction, recorded in schema_version.

Each area of sohoa keeps its own list of (version, sql) under a component name ("catalog",
"dossiers", "access", ...); a new table or column is a new entry with the next number, never
an edit of an applied one. `apply_migrations` works on a sqlite3 or a psycopg connection.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal

Backend = Literal["sqlite", "postgres"]
Migration = tuple[int, str]

_CREATE = {
    "sqlite": (
        "CREATE TABLE IF NOT EXISTS schema_version (component TEXT NOT NULL, version INTEGER NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (component, version))"
    ),
    "postgres": (
        "CREATE TABLE IF NOT EXISTS schema_version (component TEXT NOT NULL, version INTEGER NOT NULL,"
        " applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (component, version))"
    ),
}


def check_numbering(migrations: Sequence[Migration]) -> None:
    versions = [v for v, _ in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migrations must be numbered 1, 2, 3, ... got {versions}")


def applied_versions(conn: Any, backend: Backend, component: str) -> set[int]:
    param = "?" if backend == "sqlite" else "%s"
    rows = conn.execute(
        f"SELECT version FROM schema_version WHERE component = {param}", (component,)
    ).fetchall()
    return {int(r[0]) for r in rows}


def _adopt(conn: Any, backend: Backend, component: str, legacy_table: str | None) -> None:
    """Record under `component` the versions an older per-area version table holds (the jobs,
    access and dossiers tables kept their own before schema_version was the only one)."""
    if legacy_table is None:
        return
    if backend == "sqlite":
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (legacy_table,)
        ).fetchone()
    else:
        found = conn.execute("SELECT to_regclass(%s)", (legacy_table,)).fetchone()[0]
    if not found:
        return
    param = "?" if backend == "sqlite" else "%s"
    conn.execute(
        f"INSERT INTO schema_version (component, version) SELECT {param}, version"
        f" FROM {legacy_table} WHERE true ON CONFLICT DO NOTHING",
        (component,),
    )


def apply_migrations(
    conn: Any,
    backend: Backend,
    component: str,
    migrations: Sequence[Migration],
    *,
    legacy_table: str | None = None,
) -> list[int]:
    """Apply the migrations of `component` not yet recorded; return the versions applied.

    `legacy_table`: an older version table of this component whose versions count as applied.

    SQLite: `conn` must be in autocommit mode (isolation_level=None); each migration runs in
    BEGIN IMMEDIATE ... COMMIT. PostgreSQL: `conn` is a psycopg connection in autocommit mode;
    each migration runs in a transaction holding an advisory lock, so concurrent workers
    starting together apply each migration once.
    """
    check_numbering(migrations)
    if backend == "sqlite":
        return _apply_sqlite(conn, component, migrations, legacy_table)
    return _apply_postgres(conn, component, migrations, legacy_table)


@contextmanager
def _sqlite_transaction(conn: Any) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _apply_sqlite(
    conn: Any, component: str, migrations: Sequence[Migration], legacy_table: str | None
) -> list[int]:
    done: list[int] = []
    conn.execute(_CREATE["sqlite"])
    with _sqlite_transaction(conn):
        _adopt(conn, "sqlite", component, legacy_table)
    for version, sql in migrations:
        with _sqlite_transaction(conn):
            if version in applied_versions(conn, "sqlite", component):
                continue
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (component, version) VALUES (?, ?)",
                (component, version),
            )
            done.append(version)
    return done


def _apply_postgres(
    conn: Any, component: str, migrations: Sequence[Migration], legacy_table: str | None
) -> list[int]:
    done: list[int] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('sohoa_schema_version'))")
        conn.execute(_CREATE["postgres"])
        _adopt(conn, "postgres", component, legacy_table)
    for version, sql in migrations:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('sohoa_schema_version'))")
            if version in applied_versions(conn, "postgres", component):
                continue
            conn.execute(sql)
            conn.execute(
                "INSERT INTO schema_version (component, version) VALUES (%s, %s)",
                (component, version),
            )
        done.append(version)
    return done


def _statements(sql: str) -> list[str]:
    """Split a migration on ';' at line ends (sqlite3.execute runs one statement)."""
    out: list[str] = []
    buf: list[str] = []
    for line in sql.splitlines():
        buf.append(line)
        if line.rstrip().endswith(";"):
            out.append("\n".join(buf).strip())
            buf = []
    rest = "\n".join(buf).strip()
    if rest:
        out.append(rest)
    return [s for s in out if s.strip(" ;\n")]
