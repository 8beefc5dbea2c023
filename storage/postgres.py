"""The catalog in PostgreSQL: full-text search on diacritic-folded words, trigram document numbers."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.types.json import Jsonb

from common.errors import NotFound, StorageError

from .catalog import (
    COUNT_LIMIT,
    DocumentRecord,
    SearchHit,
    SearchPage,
    SearchQuery,
    fold_number,
    loads,
    query_tags,
    search_content,
    to_utc,
)
from .migrations import Migration, apply_migrations
from .text import snippet, terms

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
            fields JSONB NOT NULL DEFAULT '{}',
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
]

COLUMNS = (
    "document_id, version, sha256, original_key, prefix, created_at, filename, pages, doc_type,"
    " fields, owner_id, document_number, issue_date, procedure, dossier_id, receiving_office,"
    " role, text, confidence, needs_review, review_reasons, signature_level, signed_at,"
    " pipeline_version"
)
LIGHT_COLUMNS = COLUMNS.replace(" text,", " '' AS text,")
# filters leaving at most this many documents are applied before the words
NARROW = 20_000
_NO_FILTER = "d.latest"
D_COLUMNS = ", ".join("d." + c.strip() for c in COLUMNS.split(","))


def safe_url(url: str) -> str:
    """The URL with any password replaced by ***, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = (parts.username or "") + ":***"
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[-1]}"))


class PostgresCatalog:
    """One connection (autocommit, explicit transactions) behind a lock; reconnects when broken."""

    def __init__(self, url: str, *, connect_timeout: int = 10) -> None:
        self.url = url
        self.safe_url = safe_url(url)
        self._connect_timeout = connect_timeout
        self._lock = threading.RLock()
        self._conn: psycopg.Connection[Any] | None = None
        self._connection()  # fail early with a clear message

    def _error(self, what: str, e: BaseException) -> StorageError:
        message = str(e).strip().splitlines()[0] if str(e).strip() else e.__class__.__name__
        password = urlsplit(self.url).password
        if password:
            message = message.replace(password, "***")
        return StorageError(f"{what} ({self.safe_url}): {message}")

    def _connection(self) -> psycopg.Connection[Any]:
        if self._conn is None or self._conn.closed or self._conn.broken:
            try:
                self._conn = psycopg.connect(
                    self.url, autocommit=True, connect_timeout=self._connect_timeout
                )
                # short interactive queries: compiling them costs more than it saves
                self._conn.execute("SET jit = off")
            except psycopg.Error as e:
                raise self._error("cannot connect to the catalog", e) from e
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
        if c.execute(
            "SELECT 1 FROM documents WHERE (document_id = %s AND version = %s)"
            " OR (sha256 = %s AND document_id <> %s) LIMIT 1",
            (r.document_id, r.version, r.sha256, r.document_id),
        ).fetchone():
            return False
        row = c.execute(
            "SELECT max(version) FROM documents WHERE document_id = %s", (r.document_id,)
        ).fetchone()
        newest = row[0] if row else None
        latest = newest is None or r.version > newest
        if latest and newest is not None:
            c.execute(
                "UPDATE documents SET latest = false WHERE document_id = %s AND latest",
                (r.document_id,),
            )
        c.execute(
            f"INSERT INTO documents ({COLUMNS}, number_folded, latest, tsv)"
            f" VALUES ({', '.join(['%s'] * 26)}, to_tsvector('simple', %s)"
            f" || {tags_sql('%s::text', '%s::text', '%s::text')})",
            (
                *_values(r),
                fold_number(r.document_number) if r.document_number else None,
                latest,
                search_content(r),
                r.doc_type,
                r.issue_date,
                r.procedure,
            ),
        )
        return True

    def get(self, document_id: str) -> DocumentRecord:
        rows = self._rows(
            f"SELECT {COLUMNS} FROM documents WHERE document_id = %s AND latest", (document_id,)
        )
        if not rows:
            raise NotFound(f"no document {document_id}")
        return _record(rows[0])

    def get_by_sha256(self, sha256: str) -> DocumentRecord | None:
        rows = self._rows(
            f"SELECT {COLUMNS} FROM documents WHERE document_id IN"
            " (SELECT document_id FROM documents WHERE sha256 = %s) AND latest LIMIT 1",
            (sha256,),
        )
        return _record(rows[0]) if rows else None

    def find_same(
        self, owner_id: str, doc_type: str, document_number: str
    ) -> DocumentRecord | None:
        rows = self._rows(
            f"SELECT {COLUMNS} FROM documents WHERE latest AND owner_id = %s AND doc_type = %s"
            " AND number_folded = %s ORDER BY created_at DESC LIMIT 1",
            (owner_id, doc_type, fold_number(document_number)),
        )
        return _record(rows[0]) if rows else None

    def reuse(self, owner_id: str, doc_type: str | None = None) -> list[DocumentRecord]:
        sql = f"SELECT {LIGHT_COLUMNS} FROM documents WHERE latest AND owner_id = %s"
        params: list[Any] = [owner_id]
        if doc_type:
            sql += " AND doc_type = %s"
            params.append(doc_type)
        rows = self._rows(sql + " ORDER BY created_at DESC, document_id DESC", params)
        return [_record(r) for r in rows]

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
        where, params = _filters(query)
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
        hits = []
        for row in rows:
            record = _record(row[1:-1])
            hits.append(
                SearchHit(
                    record=replace(record, text=""),
                    score=float(row[-1]),
                    snippet=snippet(record.text, words),
                )
            )
        return SearchPage(
            hits=hits,
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

    def iter_documents(self) -> Iterator[DocumentRecord]:
        last: tuple[str, int] = ("", 0)
        while True:
            rows = self._rows(
                f"SELECT {COLUMNS} FROM documents WHERE (document_id, version) > (%s, %s)"
                " ORDER BY document_id, version LIMIT 500",
                last,
            )
            if not rows:
                return
            for row in rows:
                yield _record(row)
            last = (rows[-1][0], rows[-1][1])

    def count(self) -> int:
        return int(self._rows("SELECT count(*) FROM documents WHERE latest")[0][0])

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()


def _tags(q: SearchQuery) -> list[str]:
    """The filter tags (see TAGS_SQL) a query's filters imply, as tsquery items."""
    return ["(" + " | ".join(group) + ")" for group in query_tags(q)]


def _filters(q: SearchQuery) -> tuple[str, list[Any]]:
    clauses = [_NO_FILTER]
    params: list[Any] = []
    for column, value in (
        ("doc_type", q.doc_type),
        ("owner_id", q.owner_id),
        ("procedure", q.procedure),
        ("receiving_office", q.receiving_office),
    ):
        if value:
            clauses.append(f"d.{column} = %s")
            params.append(value)
    if q.document_number:
        number = fold_number(q.document_number)
        clauses.append("d.number_folded LIKE %s")
        params.append(
            "%" + number.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
        )
    if q.date_from:
        clauses.append("d.issue_date >= %s")
        params.append(q.date_from)
    if q.date_to:
        clauses.append("d.issue_date <= %s")
        params.append(q.date_to)
    return " AND ".join(clauses), params


def _values(r: DocumentRecord) -> tuple[Any, ...]:
    return (
        r.document_id,
        r.version,
        r.sha256,
        r.original_key,
        r.prefix,
        to_utc(r.created_at),
        r.filename,
        r.pages,
        r.doc_type,
        Jsonb(dict(r.fields)),
        r.owner_id,
        r.document_number,
        r.issue_date,
        r.procedure,
        r.dossier_id,
        r.receiving_office,
        r.role,
        r.text,
        r.confidence,
        r.needs_review,
        Jsonb(dict(r.review_reasons)),
        r.signature_level,
        to_utc(r.signed_at) if r.signed_at else None,
        r.pipeline_version,
    )


def _record(row: Sequence[Any]) -> DocumentRecord:
    return DocumentRecord(
        document_id=row[0],
        version=int(row[1]),
        sha256=row[2],
        original_key=row[3],
        prefix=row[4],
        created_at=to_utc(row[5]),
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
        signed_at=to_utc(row[22]) if row[22] else None,
        pipeline_version=row[23],
    )
