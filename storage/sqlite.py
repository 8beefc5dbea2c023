"""The catalog in SQLite (the embedded default): one file, FTS5 over diacritic-folded words."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from common.errors import NotFound, StorageError

from .catalog import (
    COUNT_LIMIT,
    DocumentRecord,
    SearchHit,
    SearchPage,
    SearchQuery,
    dumps,
    fold_number,
    loads,
    parse_time,
    search_content,
    to_utc,
)
from .migrations import Migration, apply_migrations
from .text import snippet, terms

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
            fields TEXT NOT NULL DEFAULT '{}',
            owner_id TEXT,
            document_number TEXT,
            number_folded TEXT,
            issue_date TEXT,
            procedure TEXT,
            dossier_id TEXT,
            receiving_office TEXT,
            role TEXT NOT NULL DEFAULT 'submitted',
            text TEXT NOT NULL DEFAULT '',
            confidence REAL NOT NULL DEFAULT 0,
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
]

COLUMNS = (
    "document_id, version, sha256, original_key, prefix, created_at, filename, pages, doc_type,"
    " fields, owner_id, document_number, issue_date, procedure, dossier_id, receiving_office,"
    " role, text, confidence, needs_review, review_reasons, signature_level, signed_at,"
    " pipeline_version"
)
# the same columns with the text left out (search results, reuse lists)
LIGHT_COLUMNS = COLUMNS.replace(" text,", " '' AS text,")


class SqliteCatalog:
    """One SQLite file in WAL mode; safe to share between threads (one lock) and processes."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=30
            )
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA busy_timeout=30000")
        except sqlite3.Error as e:
            raise StorageError(f"cannot open the catalog {self.path}: {e}") from e
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
        if c.execute(
            "SELECT 1 FROM documents WHERE (document_id = ? AND version = ?)"
            " OR (sha256 = ? AND document_id <> ?)",
            (r.document_id, r.version, r.sha256, r.document_id),
        ).fetchone():
            return False
        newest = c.execute(
            "SELECT max(version) FROM documents WHERE document_id = ?", (r.document_id,)
        ).fetchone()[0]
        latest = newest is None or r.version > newest
        if latest and newest is not None:
            for (old_id,) in c.execute(
                "SELECT id FROM documents WHERE document_id = ? AND latest = 1", (r.document_id,)
            ).fetchall():
                c.execute("DELETE FROM documents_fts WHERE rowid = ?", (old_id,))
            c.execute("UPDATE documents SET latest = 0 WHERE document_id = ?", (r.document_id,))
        cur = c.execute(
            f"INSERT INTO documents ({COLUMNS}, number_folded, latest)"
            f" VALUES ({', '.join('?' * 26)})",
            (*_values(r), fold_number(r.document_number) if r.document_number else None, latest),
        )
        if latest:
            c.execute(
                "INSERT INTO documents_fts (rowid, content) VALUES (?, ?)",
                (cur.lastrowid, search_content(r)),
            )
        return True

    def get(self, document_id: str) -> DocumentRecord:
        rows = self._rows(
            f"SELECT {COLUMNS} FROM documents WHERE document_id = ? AND latest = 1", (document_id,)
        )
        if not rows:
            raise NotFound(f"no document {document_id}")
        return _record(rows[0])

    def get_by_sha256(self, sha256: str) -> DocumentRecord | None:
        rows = self._rows(
            f"SELECT {COLUMNS} FROM documents WHERE document_id IN"
            " (SELECT document_id FROM documents WHERE sha256 = ?) AND latest = 1 LIMIT 1",
            (sha256,),
        )
        return _record(rows[0]) if rows else None

    def find_same(
        self, owner_id: str, doc_type: str, document_number: str
    ) -> DocumentRecord | None:
        rows = self._rows(
            f"SELECT {COLUMNS} FROM documents WHERE latest = 1 AND owner_id = ? AND doc_type = ?"
            " AND number_folded = ? ORDER BY created_at DESC LIMIT 1",
            (owner_id, doc_type, fold_number(document_number)),
        )
        return _record(rows[0]) if rows else None

    def reuse(self, owner_id: str, doc_type: str | None = None) -> list[DocumentRecord]:
        sql = f"SELECT {LIGHT_COLUMNS} FROM documents WHERE latest = 1 AND owner_id = ?"
        params: list[Any] = [owner_id]
        if doc_type:
            sql += " AND doc_type = ?"
            params.append(doc_type)
        rows = self._rows(sql + " ORDER BY created_at DESC, document_id DESC", params)
        return [_record(r) for r in rows]

    def search(self, query: SearchQuery) -> SearchPage:
        words = terms(query.text)
        where, params = _filters(query)
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
        cols = ", ".join("d." + c.strip() for c in COLUMNS.split(","))
        rows = self._rows(
            f"SELECT {cols}, {score} AS score {base} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, query.limit, query.offset],
        )
        hits = []
        for row in rows:
            record = _record(row[:-1])
            hits.append(
                SearchHit(
                    record=replace(record, text=""),
                    score=float(row[-1]),
                    snippet=snippet(record.text, words),
                )
            )
        return SearchPage(
            hits=hits,
            total=min(total, COUNT_LIMIT),
            page=max(1, query.page),
            per_page=query.limit,
            total_exact=total <= COUNT_LIMIT,
        )

    def iter_documents(self) -> Iterator[DocumentRecord]:
        last = ("", 0)
        while True:
            rows = self._rows(
                f"SELECT {COLUMNS} FROM documents WHERE (document_id, version) > (?, ?)"
                " ORDER BY document_id, version LIMIT 500",
                last,
            )
            if not rows:
                return
            for row in rows:
                yield _record(row)
            last = (rows[-1][0], rows[-1][1])

    def count(self) -> int:
        return int(self._rows("SELECT count(*) FROM documents WHERE latest = 1")[0][0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _filters(q: SearchQuery) -> tuple[str, list[Any]]:
    clauses = ["d.latest = 1"]
    params: list[Any] = []
    for column, value in (
        ("doc_type", q.doc_type),
        ("owner_id", q.owner_id),
        ("procedure", q.procedure),
        ("receiving_office", q.receiving_office),
    ):
        if value:
            clauses.append(f"d.{column} = ?")
            params.append(value)
    if q.document_number:
        clauses.append("instr(d.number_folded, ?) > 0")
        params.append(fold_number(q.document_number))
    if q.date_from:
        clauses.append("d.issue_date >= ?")
        params.append(q.date_from)
    if q.date_to:
        clauses.append("d.issue_date <= ?")
        params.append(q.date_to)
    return " AND ".join(clauses), params


def _values(r: DocumentRecord) -> tuple[Any, ...]:
    return (
        r.document_id,
        r.version,
        r.sha256,
        r.original_key,
        r.prefix,
        to_utc(r.created_at).isoformat(),
        r.filename,
        r.pages,
        r.doc_type,
        dumps(r.fields),
        r.owner_id,
        r.document_number,
        r.issue_date,
        r.procedure,
        r.dossier_id,
        r.receiving_office,
        r.role,
        r.text,
        r.confidence,
        int(r.needs_review),
        dumps(r.review_reasons),
        r.signature_level,
        to_utc(r.signed_at).isoformat() if r.signed_at else None,
        r.pipeline_version,
    )


def _record(row: Sequence[Any]) -> DocumentRecord:
    created = parse_time(row[5])
    assert created is not None
    return DocumentRecord(
        document_id=row[0],
        version=int(row[1]),
        sha256=row[2],
        original_key=row[3],
        prefix=row[4],
        created_at=created,
        filename=row[6],
        pages=int(row[7]),
        doc_type=row[8],
        fields=loads(row[9]),
        owner_id=row[10],
        document_number=row[11],
        issue_date=row[12],
        procedure=row[13],
        dossier_id=row[14],
        receiving_office=row[15],
        role=row[16],
        text=row[17] or "",
        confidence=float(row[18]),
        needs_review=bool(row[19]),
        review_reasons=loads(row[20]),
        signature_level=row[21],
        signed_at=parse_time(row[22]),
        pipeline_version=row[23],
    )
