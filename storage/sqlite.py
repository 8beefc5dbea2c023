"""The catalog in SQLite (the embedded default): one file, FTS5 over diacritic-folded words."""

from __future__ import annotations

import fcntl
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from common.errors import StorageError

from .catalog import (
    COUNT_LIMIT,
    DocumentRecord,
    SearchPage,
    SearchQuery,
    dumps,
    fold_number,
    search_content,
    thread_lock,
    to_utc,
)
from .database import connect_sqlite
from .migrations import Migration, apply_migrations
from .sqlcatalog import COLUMNS, D_COLUMNS, FIELDS, PORTABLE_COLUMNS, SqlCatalog, hit_of
from .text import terms

COMPONENT = "catalog"

MIGRATIONS: list[Migration] = [
    (
        1,
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            latest INTEGER NOT NULL DEFAULT 1,
            sha256 TEXT NOT NULL,
            original_key TEXT NOT NULL,
            prefix TEXT NOT NULL,
            created_at TEXT NOT NULL,
            filename TEXT NOT NULL,
            pages INTEGER NOT NULL,
            doc_type TEXT NOT NULL,
            fields TEXT NOT NULL DEFAULT '{}',"""
        + PORTABLE_COLUMNS
        + """
            needs_review INTEGER NOT NULL DEFAULT 0,
            review_reasons TEXT NOT NULL DEFAULT '{}',
            signature_level TEXT,
            signed_at TEXT,
            pipeline_version TEXT NOT NULL DEFAULT '',
            UNIQUE (document_id, version)
        );
        CREATE INDEX documents_sha256 ON documents (sha256);
        CREATE INDEX documents_owner ON documents (owner_id, doc_type) WHERE latest = 1;
        CREATE INDEX documents_number ON documents (number_folded) WHERE latest = 1;
        CREATE INDEX documents_issue_date ON documents (issue_date) WHERE latest = 1;
        CREATE INDEX documents_created ON documents (created_at) WHERE latest = 1;
        CREATE VIRTUAL TABLE documents_fts USING fts5 (content, tokenize = 'unicode61');
        """,
    ),
    (
        2,
        """
        CREATE INDEX documents_type_issued ON documents (doc_type, issue_date) WHERE latest = 1;
        CREATE INDEX documents_procedure ON documents (procedure, created_at) WHERE latest = 1;
        CREATE INDEX documents_office ON documents (receiving_office, created_at)
            WHERE latest = 1;
        """,
    ),
    (3, "ALTER TABLE documents ADD COLUMN object_sha256 TEXT NOT NULL DEFAULT '{}';"),
    (
        4,
        """
        CREATE INDEX documents_review ON documents (created_at, document_id)
            WHERE latest = 1 AND needs_review = 1;
        """,
    ),
]


class SqliteCatalog(SqlCatalog):
    """One SQLite file in WAL mode; safe to share between threads (one lock) and processes."""

    PARAM = "?"
    LATEST = "latest = 1"
    REASONS_TEXT = "review_reasons"

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._conn = connect_sqlite(self.path, synchronous="NORMAL")
        self._lock = threading.RLock()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as e:
                raise StorageError(f"catalog {self.path}: {e}") from e

    def migrate(self) -> None:
        with self._lock:
            try:
                apply_migrations(self._conn, "sqlite", COMPONENT, MIGRATIONS)
            except sqlite3.Error as e:
                raise StorageError(f"cannot migrate the catalog {self.path}: {e}") from e

    def add(self, record: DocumentRecord) -> bool:
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    added = self._add(record)
                    self._conn.execute("COMMIT")
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as e:
                raise StorageError(f"cannot add {record.document_id} to {self.path}: {e}") from e
            return added

    def _add(self, r: DocumentRecord) -> bool:
        c = self._conn
        if self._filed_before(c, r):
            return False
        newest = self._newest_version(c, r.document_id)
        latest = newest is None or r.version > newest
        if latest and newest is not None:
            for (old_id,) in c.execute(
                "SELECT id FROM documents WHERE document_id = ? AND latest = 1", (r.document_id,)
            ).fetchall():
                c.execute("DELETE FROM documents_fts WHERE rowid = ?", (old_id,))
            c.execute("UPDATE documents SET latest = 0 WHERE document_id = ?", (r.document_id,))
        cur = c.execute(
            f"INSERT INTO documents ({COLUMNS}, number_folded, latest)"
            f" VALUES ({', '.join('?' * (len(FIELDS) + 2))})",
            (
                *self._values(r),
                fold_number(r.document_number) if r.document_number else None,
                latest,
            ),
        )
        if latest:
            c.execute(
                "INSERT INTO documents_fts (rowid, content) VALUES (?, ?)",
                (cur.lastrowid, search_content(r)),
            )
        return True

    def search(self, query: SearchQuery) -> SearchPage:
        words = terms(query.text)
        where, params = self._filters(query)
        if words:
            match = " AND ".join(f'"{w}"' for w in words)
            base = (
                "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid"
                " WHERE documents_fts MATCH ? AND " + where
            )
            params = [match, *params]
            order = "score DESC, d.created_at DESC, d.document_id"
            score = "-bm25(documents_fts)"
        else:
            base = "FROM documents d WHERE " + where
            order = "d.created_at DESC, d.document_id"
            score = "0.0"
        total = self._rows(
            f"SELECT count(*) FROM (SELECT 1 {base} LIMIT {COUNT_LIMIT + 1})", params
        )[0][0]
        rows = self._rows(
            f"SELECT {D_COLUMNS}, {score} AS score {base} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, query.limit, query.offset],
        )
        return SearchPage(
            hits=[hit_of(row, words) for row in rows],
            total=min(total, COUNT_LIMIT),
            page=max(1, query.page),
            per_page=query.limit,
            total_exact=total <= COUNT_LIMIT,
        )

    @contextmanager
    def locked(self, document_id: str) -> Iterator[None]:
        """A lock file beside the catalog (processes) and a lock per document (threads)."""
        with thread_lock(f"{self.path}-{document_id}"):
            if self.path == ":memory:":
                yield
                return
            lock_path = Path(self.path + ".versions.lock")
            with lock_path.open("a") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _time(self, value: datetime) -> str:
        return to_utc(value).isoformat()

    def _mapping(self, value: Mapping[str, str]) -> str:
        return dumps(value)

    def _flag(self, value: bool) -> int:
        return int(value)

    def _number_filter(self, folded: str) -> tuple[str, str]:
        return "instr(d.number_folded, ?) > 0", folded
