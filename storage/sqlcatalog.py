"""What the SQLite and PostgreSQL catalogs share: columns, row <-> record, lookups and filters."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, ClassVar

from common.errors import NotFound

from .catalog import (
    DocumentRecord,
    ReviewPage,
    ReviewQuery,
    SearchHit,
    SearchQuery,
    fold_number,
)
from .rows import column_list, from_row, kind, record_fields
from .text import snippet

# the columns of the documents table that hold a DocumentRecord: its fields, in order
FIELDS = record_fields(DocumentRecord)
COLUMNS = column_list(FIELDS)
# the same columns with the text left out (search results, reuse lists)
LIGHT_COLUMNS = COLUMNS.replace(" text,", " '' AS text,")
# the same columns of the table aliased `d`
D_COLUMNS = ", ".join("d." + c.strip() for c in COLUMNS.split(","))
# the lines of the documents table that SQLite and PostgreSQL declare alike (first migration)
PORTABLE_COLUMNS = """
            owner_id TEXT,
            document_number TEXT,
            number_folded TEXT,
            issue_date TEXT,
            procedure TEXT,
            dossier_id TEXT,
            receiving_office TEXT,
            role TEXT NOT NULL DEFAULT 'submitted',
            text TEXT NOT NULL DEFAULT '',
            confidence REAL NOT NULL DEFAULT 0,"""


class SqlCatalog:
    """The catalog queries written once; a subclass runs SQL and says how values are stored."""

    PARAM: ClassVar[str]  # the driver's placeholder: "?" or "%s"
    LATEST: ClassVar[str]  # the condition on a document's latest version: "latest = 1" or "latest"
    REASONS_TEXT: ClassVar[str]  # review_reasons as text: "review_reasons" or "...::text"

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    # how a subclass stores times, JSON mappings and booleans
    def _time(self, value: datetime) -> Any:
        raise NotImplementedError

    def _mapping(self, value: Mapping[str, str]) -> Any:
        raise NotImplementedError

    def _flag(self, value: bool) -> Any:
        raise NotImplementedError

    def _number_filter(self, folded: str) -> tuple[str, Any]:
        """The clause (and its parameter) finding a folded document number within number_folded."""
        raise NotImplementedError

    def get(self, document_id: str) -> DocumentRecord:
        p = self.PARAM
        rows = self._rows(
            f"SELECT {COLUMNS} FROM documents WHERE document_id = {p} AND {self.LATEST}",
            (document_id,),
        )
        if not rows:
            raise NotFound(f"no document {document_id}")
        return record_of(rows[0])

    def get_by_sha256(self, sha256: str) -> DocumentRecord | None:
        rows = self._rows(
            f"SELECT {COLUMNS} FROM documents WHERE document_id IN"
            f" (SELECT document_id FROM documents WHERE sha256 = {self.PARAM})"
            f" AND {self.LATEST} LIMIT 1",
            (sha256,),
        )
        return record_of(rows[0]) if rows else None

    def find_same(
        self, owner_id: str, doc_type: str, document_number: str
    ) -> DocumentRecord | None:
        p = self.PARAM
        rows = self._rows(
            f"SELECT {COLUMNS} FROM documents WHERE {self.LATEST} AND owner_id = {p}"
            f" AND doc_type = {p} AND number_folded = {p} ORDER BY created_at DESC LIMIT 1",
            (owner_id, doc_type, fold_number(document_number)),
        )
        return record_of(rows[0]) if rows else None

    def reuse(self, owner_id: str, doc_type: str | None = None) -> list[DocumentRecord]:
        p = self.PARAM
        sql = f"SELECT {LIGHT_COLUMNS} FROM documents WHERE {self.LATEST} AND owner_id = {p}"
        params: list[Any] = [owner_id]
        if doc_type:
            sql += f" AND doc_type = {p}"
            params.append(doc_type)
        rows = self._rows(sql + " ORDER BY created_at DESC, document_id DESC", params)
        return [record_of(r) for r in rows]

    def versions(self, document_id: str) -> list[DocumentRecord]:
        rows = self._rows(
            f"SELECT {LIGHT_COLUMNS} FROM documents WHERE document_id = {self.PARAM}"
            " ORDER BY version",
            (document_id,),
        )
        return [record_of(r) for r in rows]

    def review_queue(self, query: ReviewQuery) -> ReviewPage:
        p = self.PARAM
        where = f"{self.LATEST} AND needs_review = {p}"
        params: list[Any] = [self._flag(True)]
        for column, value in (
            ("receiving_office", query.receiving_office),
            ("doc_type", query.doc_type),
        ):
            if value:
                where += f" AND {column} = {p}"
                params.append(value)
        if query.reason:
            where += f" AND lower({self.REASONS_TEXT}) LIKE {p} ESCAPE '!'"
            escaped = "".join("!" + c if c in "!%_" else c for c in query.reason.lower())
            params.append(f"%{escaped}%")
        total = int(self._rows(f"SELECT count(*) FROM documents WHERE {where}", params)[0][0])
        rows = self._rows(
            f"SELECT {LIGHT_COLUMNS} FROM documents WHERE {where}"
            f" ORDER BY created_at, document_id LIMIT {p} OFFSET {p}",
            [*params, query.limit, query.offset],
        )
        return ReviewPage(
            records=[record_of(r) for r in rows],
            total=total,
            page=max(1, query.page),
            per_page=query.limit,
        )

    def iter_documents(self) -> Iterator[DocumentRecord]:
        p = self.PARAM
        last: tuple[str, int] = ("", 0)
        while True:
            rows = self._rows(
                f"SELECT {COLUMNS} FROM documents WHERE (document_id, version) > ({p}, {p})"
                " ORDER BY document_id, version LIMIT 500",
                last,
            )
            if not rows:
                return
            for row in rows:
                yield record_of(row)
            last = (rows[-1][0], rows[-1][1])

    def count(self) -> int:
        return int(self._rows(f"SELECT count(*) FROM documents WHERE {self.LATEST}")[0][0])

    def _filters(self, q: SearchQuery) -> tuple[str, list[Any]]:
        """The WHERE clause (on `d`, latest versions only) of a query's filters, and its params."""
        p = self.PARAM
        clauses = ["d." + self.LATEST]
        params: list[Any] = []
        for column, value in (
            ("doc_type", q.doc_type),
            ("owner_id", q.owner_id),
            ("procedure", q.procedure),
            ("receiving_office", q.receiving_office),
        ):
            if value:
                clauses.append(f"d.{column} = {p}")
                params.append(value)
        if q.document_number:
            clause, param = self._number_filter(fold_number(q.document_number))
            clauses.append(clause)
            params.append(param)
        if q.date_from:
            clauses.append(f"d.issue_date >= {p}")
            params.append(q.date_from)
        if q.date_to:
            clauses.append(f"d.issue_date <= {p}")
            params.append(q.date_to)
        return " AND ".join(clauses), params

    def _filed_before(self, c: Any, r: DocumentRecord) -> bool:
        """On connection `c` (in the filing's transaction): is this version filed already, or
        are these bytes filed under another document id?"""
        p = self.PARAM
        return bool(
            c.execute(
                f"SELECT 1 FROM documents WHERE (document_id = {p} AND version = {p})"
                f" OR (sha256 = {p} AND document_id <> {p}) LIMIT 1",
                (r.document_id, r.version, r.sha256, r.document_id),
            ).fetchone()
        )

    def _newest_version(self, c: Any, document_id: str) -> int | None:
        """On connection `c`: the newest version filed of a document, None for a new one."""
        row = c.execute(
            f"SELECT max(version) FROM documents WHERE document_id = {self.PARAM}",
            (document_id,),
        ).fetchone()
        return row[0] if row else None

    def _values(self, r: DocumentRecord) -> tuple[Any, ...]:
        """The record as values of COLUMNS, in order (times, mappings and flags as stored)."""
        return tuple(self._stored(kind(f), getattr(r, f.name)) for f in FIELDS)

    def _stored(self, kind: str, value: Any) -> Any:
        if value is None:
            return None
        if kind == "time":
            return self._time(value)
        if kind == "mapping":
            return self._mapping(value)
        if kind == "flag":
            return self._flag(value)
        return value


def record_of(row: Sequence[Any]) -> DocumentRecord:
    """The record of a row of COLUMNS, mapped by the record's fields."""
    return from_row(DocumentRecord, FIELDS, row)


def hit_of(row: Sequence[Any], words: list[str]) -> SearchHit:
    """A search hit from a row of COLUMNS followed by its score."""
    record = record_of(row[:-1])
    return SearchHit(
        record=replace(record, text=""), score=float(row[-1]), snippet=snippet(record.text, words)
    )
