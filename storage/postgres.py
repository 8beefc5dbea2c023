"""The catalog in PostgreSQL: full-text search on diacritic-folded words, trigram document numbers."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from common.errors import StorageError

from .catalog import (
    COUNT_LIMIT,
    DocumentRecord,
    SearchPage,
    SearchQuery,
    fold_number,
    query_tags,
    search_content,
    thread_lock,
    to_utc,
)
from .database import connect_postgres, first_line, safe_url
from .migrations import Migration, apply_migrations
from .sqlcatalog import COLUMNS, D_COLUMNS, FIELDS, PORTABLE_COLUMNS, SqlCatalog, hit_of
from .text import terms

COMPONENT = "catalog"

# Filter values are also words of the row's tsvector ("zztdecision", "zzy2015", "zzp1001234"),
# so one GIN scan intersects words and filters: the planner, taking the words of a phrase as
# independent, underestimates their matches and would otherwise check filters row by row.


def tags_sql(doc_type: str, issue_date: str, procedure: str) -> str:
    """The SQL expression of a row's filter tags, from three SQL expressions."""
    return (
        f"to_tsvector('simple', 'zzt' || regexp_replace(lower({doc_type}), '[^0-9a-z]', '', 'g')"
        f" || coalesce(' zzy' || substring({issue_date} from '^[0-9]{{4}}'), '')"
        f" || coalesce(' zzp' || nullif(regexp_replace(lower({procedure}), '[^0-9a-z]', '', 'g'),"
        " ''), ''))"
    )


TAGS_SQL = tags_sql("doc_type", "issue_date", "procedure")
MIGRATIONS: list[Migration] = [
    (
        1,
        """
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE TABLE documents (
            id BIGSERIAL PRIMARY KEY,
            document_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            latest BOOLEAN NOT NULL DEFAULT true,
            sha256 TEXT NOT NULL,
            original_key TEXT NOT NULL,
            prefix TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL,
            filename TEXT NOT NULL,
            pages INTEGER NOT NULL,
            doc_type TEXT NOT NULL,
            fields JSONB NOT NULL DEFAULT '{}',"""
        + PORTABLE_COLUMNS
        + """
            needs_review BOOLEAN NOT NULL DEFAULT false,
            review_reasons JSONB NOT NULL DEFAULT '{}',
            signature_level TEXT,
            signed_at TIMESTAMPTZ,
            pipeline_version TEXT NOT NULL DEFAULT '',
            tsv TSVECTOR NOT NULL,
            UNIQUE (document_id, version)
        );
        CREATE INDEX documents_sha256 ON documents (sha256);
        CREATE INDEX documents_owner ON documents (owner_id, doc_type, created_at DESC)
            WHERE latest;
        CREATE INDEX documents_number ON documents USING gin (number_folded gin_trgm_ops)
            WHERE latest;
        CREATE INDEX documents_issue_date ON documents (issue_date) WHERE latest;
        CREATE INDEX documents_created ON documents (created_at DESC, document_id) WHERE latest;
        CREATE INDEX documents_tsv ON documents USING gin (tsv) WHERE latest;
        """,
    ),
    (
        2,
        """
        CREATE INDEX documents_type_issued ON documents (doc_type, issue_date) WHERE latest;
        CREATE INDEX documents_procedure ON documents (procedure, created_at DESC) WHERE latest;
        CREATE INDEX documents_office ON documents (receiving_office, created_at DESC)
            WHERE latest;
        """,
    ),
    (3, f"UPDATE documents SET tsv = tsv || {TAGS_SQL};"),
    (4, "ALTER TABLE documents ADD COLUMN object_sha256 JSONB NOT NULL DEFAULT '{}';"),
    (
        5,
        "CREATE INDEX documents_review ON documents (created_at, document_id)"
        " WHERE latest AND needs_review;",
    ),
]

# filters leaving at most this many documents are applied before the words
NARROW = 20_000
_NO_FILTER = "d.latest"


class PostgresCatalog(SqlCatalog):
    """One connection (autocommit, explicit transactions) behind a lock; reconnects when broken."""

    PARAM = "%s"
    LATEST = "latest"
    REASONS_TEXT = "review_reasons::text"

    def __init__(self, url: str, *, connect_timeout: int = 10) -> None:
        self.url = url
        self.safe_url = safe_url(url)
        self._connect_timeout = connect_timeout
        self._lock = threading.RLock()
        self._conn: psycopg.Connection[Any] | None = None
        self._connection()  # fail early with a clear message

    def _error(self, what: str, e: BaseException) -> StorageError:
        return StorageError(f"{what} ({self.safe_url}): {first_line(e, self.url)}")

    def _connection(self) -> psycopg.Connection[Any]:
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = connect_postgres(self.url, connect_timeout=self._connect_timeout)
        return self._conn

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._connection().execute(sql, params).fetchall()
            except psycopg.Error as e:
                raise self._error("catalog query failed", e) from e

    def migrate(self) -> None:
        with self._lock:
            try:
                apply_migrations(self._connection(), "postgres", COMPONENT, MIGRATIONS)
            except psycopg.Error as e:
                raise self._error("cannot migrate the catalog", e) from e

    def add(self, record: DocumentRecord) -> bool:
        with self._lock:
            conn = self._connection()
            try:
                with conn.transaction():
                    return self._add(conn, record)
            except psycopg.Error as e:
                raise self._error(f"cannot add {record.document_id} to the catalog", e) from e

    def _add(self, c: psycopg.Connection[Any], r: DocumentRecord) -> bool:
        # serialize concurrent filings of the same bytes or the same document
        c.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 1)),"
            " pg_advisory_xact_lock(hashtextextended(%s, 2))",
            (r.sha256, r.document_id),
        )
        if self._filed_before(c, r):
            return False
        newest = self._newest_version(c, r.document_id)
        latest = newest is None or r.version > newest
        if latest and newest is not None:
            c.execute(
                "UPDATE documents SET latest = false WHERE document_id = %s AND latest",
                (r.document_id,),
            )
        c.execute(
            f"INSERT INTO documents ({COLUMNS}, number_folded, latest, tsv)"
            f" VALUES ({', '.join(['%s'] * (len(FIELDS) + 2))}, to_tsvector('simple', %s)"
            f" || {tags_sql('%s::text', '%s::text', '%s::text')})",
            (
                *self._values(r),
                fold_number(r.document_number) if r.document_number else None,
                latest,
                search_content(r),
                r.doc_type,
                r.issue_date,
                r.procedure,
            ),
        )
        return True

    def search(self, query: SearchQuery) -> SearchPage:
        """Matches are counted and ranked among the first COUNT_LIMIT (+ the page) candidates.

        One scan collects up to that many matching rows with their rank; the page is sorted
        from them. Counting or ranking every match of a word found in half the archive would
        cost seconds, so past the window the total is "at least" (total_exact False).
        When the filters narrow the archive to a few thousand documents, those are taken
        first and the words checked on them; otherwise the word index leads. (The planner
        cannot choose well itself: it takes the words of a phrase as independent and
        underestimates their matches many times over.)
        """
        words = terms(query.text)
        where, params = self._filters(query)
        window = max(COUNT_LIMIT, query.offset + query.limit) + 1
        tags = _tags(query)
        score = "ts_rank_cd(d.tsv, q) AS score"
        if not words:
            ctes = (
                "m AS MATERIALIZED (SELECT d.id, d.created_at, d.document_id, 0.0::real AS score"
                f" FROM documents d WHERE {where}"
                f" ORDER BY d.created_at DESC, d.document_id LIMIT {window})"
            )
            order = "m.created_at DESC, m.document_id"
        elif not tags and where != _NO_FILTER and self._narrow(where, params):
            ctes = (
                f"f AS MATERIALIZED (SELECT d.id FROM documents d WHERE {where}),"
                f" m AS MATERIALIZED (SELECT d.id, d.created_at, d.document_id, {score}"
                " FROM f JOIN documents d ON d.id = f.id, to_tsquery('simple', %s) AS q"
                f" WHERE d.tsv @@ q LIMIT {window})"
            )
            params = [*params, " & ".join(words)]
            order = "m.score DESC, m.created_at DESC, m.document_id"
        else:
            # match on words and filter tags; rank on the words alone
            ctes = (
                f"m AS MATERIALIZED (SELECT d.id, d.created_at, d.document_id, {score}"
                " FROM documents d, to_tsquery('simple', %s) AS q"
                f" WHERE d.tsv @@ to_tsquery('simple', %s) AND {where} LIMIT {window})"
            )
            params = [" & ".join(words), " & ".join([*words, *tags]), *params]
            order = "m.score DESC, m.created_at DESC, m.document_id"
        rows = self._rows(
            f"WITH {ctes} SELECT (SELECT count(*) FROM m), {D_COLUMNS}, m.score"
            f" FROM m JOIN documents d ON d.id = m.id ORDER BY {order} LIMIT %s OFFSET %s",
            [*params, query.limit, query.offset],
        )
        if rows:
            total = int(rows[0][0])
        else:  # a page past the end: still say how many there are
            total = int(self._rows(f"WITH {ctes} SELECT count(*) FROM m", params)[0][0])
        return SearchPage(
            hits=[hit_of(row[1:], words) for row in rows],
            total=min(total, window - 1),
            page=max(1, query.page),
            per_page=query.limit,
            total_exact=total < window,
        )

    def _narrow(self, where: str, params: Sequence[Any]) -> bool:
        """Do the filters alone leave at most NARROW documents? (a cheap capped count)"""
        found = self._rows(
            f"SELECT count(*) FROM (SELECT 1 FROM documents d WHERE {where} LIMIT {NARROW + 1})"
            " AS f",
            params,
        )[0][0]
        return int(found) <= NARROW

    @contextmanager
    def locked(self, document_id: str) -> Iterator[None]:
        """An advisory lock on a connection of its own: other threads and machines wait."""
        with thread_lock(f"{self.url}-{document_id}"):
            try:
                conn = psycopg.connect(
                    self.url, autocommit=True, connect_timeout=self._connect_timeout
                )
            except psycopg.Error as e:
                raise self._error("cannot connect to the catalog", e) from e
            try:
                conn.execute("SELECT pg_advisory_lock(hashtextextended(%s, 3))", (document_id,))
                yield
            finally:
                conn.close()  # ends the session, and its advisory lock with it

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()

    def _time(self, value: datetime) -> datetime:
        return to_utc(value)

    def _mapping(self, value: Mapping[str, str]) -> Jsonb:
        return Jsonb(dict(value))

    def _flag(self, value: bool) -> bool:
        return value

    def _number_filter(self, folded: str) -> tuple[str, str]:
        escaped = folded.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
        return "d.number_folded LIKE %s", "%" + escaped + "%"


def _tags(q: SearchQuery) -> list[str]:
    """The filter tags (see TAGS_SQL) a query's filters imply, as tsquery items."""
    return ["(" + " | ".join(group) + ")" for group in query_tags(q)]
