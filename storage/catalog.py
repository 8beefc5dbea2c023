"""The catalog of digitized documents: records, search queries and results, and its interface."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal, Protocol, runtime_checkable

from .text import WORD, fold

Role = Literal["submitted", "result"]
MAX_PER_PAGE = 200
# counting every match of a very common word would cost more than the search; past this the
# total is reported as "at least" (SearchPage.total_exact is False)
COUNT_LIMIT = 1_000


@dataclass(frozen=True)
class DocumentRecord:
    """One digitized document version as the catalog knows it (metadata of Decree 30/2020 Annex VI)."""

    document_id: str
    version: int
    sha256: str
    original_key: str
    prefix: str
    created_at: datetime
    filename: str
    pages: int
    doc_type: str
    fields: dict[str, str] = field(default_factory=dict)
    owner_id: str | None = None
    document_number: str | None = None
    issue_date: str | None = None  # ISO date
    procedure: str | None = None
    dossier_id: str | None = None
    receiving_office: str | None = None
    role: str = "submitted"
    text: str = ""
    confidence: float = 0.0
    needs_review: bool = False
    review_reasons: dict[str, str] = field(default_factory=dict)
    signature_level: str | None = None
    signed_at: datetime | None = None
    pipeline_version: str = ""
    # sha256 of each object of this version by file name (manifest.json included): fixity
    # compares the archive with these, so an object edited together with its manifest is caught
    object_sha256: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (datetimes as ISO strings)."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            out[name] = value.isoformat() if isinstance(value, datetime) else value
        return out


class _Paged:
    """Paging of a query: `page` (from 1) and `per_page`, capped at MAX_PER_PAGE."""

    page: int
    per_page: int

    @property
    def limit(self) -> int:
        return max(1, min(self.per_page, MAX_PER_PAGE))

    @property
    def offset(self) -> int:
        return (max(1, self.page) - 1) * self.limit


@dataclass(frozen=True)
class SearchQuery(_Paged):
    """Words (with or without diacritics) and filters; every filter is optional."""

    text: str = ""
    doc_type: str | None = None
    owner_id: str | None = None
    document_number: str | None = None
    date_from: str | None = None  # ISO date, on issue_date
    date_to: str | None = None
    procedure: str | None = None
    receiving_office: str | None = None
    page: int = 1
    per_page: int = 20


def search_query(
    text: str = "",
    *,
    doc_type: str | None = None,
    owner_id: str | None = None,
    document_number: str | None = None,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
    procedure: str | None = None,
    receiving_office: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchQuery:
    """The query of search parameters (HTTP or command line): empty filters left out, ISO dates."""

    def iso(value: date | str | None) -> str | None:
        return value.isoformat() if isinstance(value, date) else value or None

    return SearchQuery(
        text=text,
        doc_type=doc_type or None,
        owner_id=owner_id or None,
        document_number=document_number or None,
        date_from=iso(date_from),
        date_to=iso(date_to),
        procedure=procedure or None,
        receiving_office=receiving_office or None,
        page=page,
        per_page=per_page,
    )


@dataclass(frozen=True)
class SearchHit:
    """A matching document (its `text` left empty), its score, and a snippet with «marked» words."""

    record: DocumentRecord
    score: float
    snippet: str


@dataclass(frozen=True)
class SearchPage:
    """One page of hits, best first; `total` counts every match (capped, see total_exact)."""

    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    total_exact: bool = True

    @property
    def pages(self) -> int:
        return (self.total + self.per_page - 1) // self.per_page if self.per_page else 0


@dataclass(frozen=True)
class ReviewQuery(_Paged):
    """Documents with a flagged field, oldest first; every filter is optional.

    `reason` matches a flagged field's key or words of its reason ("owner_conflict", "date").
    """

    receiving_office: str | None = None
    doc_type: str | None = None
    reason: str | None = None
    page: int = 1
    per_page: int = 50


@dataclass(frozen=True)
class ReviewPage:
    """One page of the review queue (records without their text) and how many wait in all."""

    records: list[DocumentRecord]
    total: int
    page: int
    per_page: int


def review_matches(record: DocumentRecord, q: ReviewQuery) -> bool:
    """Does a latest record belong in this review queue? (the rule the SQL catalogs apply too)"""
    if not record.needs_review:
        return False
    if q.receiving_office and record.receiving_office != q.receiving_office:
        return False
    if q.doc_type and record.doc_type != q.doc_type:
        return False
    return not q.reason or q.reason.lower() in dumps(record.review_reasons).lower()


@runtime_checkable
class Catalog(Protocol):
    """Where digitized documents are recorded and found (SQLite, PostgreSQL, memory)."""

    def migrate(self) -> None:
        """Apply the numbered schema migrations not applied yet (idempotent)."""
        ...

    def add(self, record: DocumentRecord) -> bool:
        """Record a document; False (and no change) when its sha256 or id is already there."""
        ...

    def get(self, document_id: str) -> DocumentRecord:
        """The latest version of a document; NotFound when absent."""
        ...

    def get_by_sha256(self, sha256: str) -> DocumentRecord | None: ...

    def find_same(
        self, owner_id: str, doc_type: str, document_number: str
    ) -> DocumentRecord | None:
        """A document of this owner with the same type and (folded) number, if any."""
        ...

    def reuse(self, owner_id: str, doc_type: str | None = None) -> list[DocumentRecord]:
        """The owner's reusable documents, newest first (`text` left empty)."""
        ...

    def search(self, query: SearchQuery) -> SearchPage: ...

    def review_queue(self, query: ReviewQuery) -> ReviewPage:
        """Latest versions with a flagged field, oldest first (`text` left empty)."""
        ...

    def versions(self, document_id: str) -> list[DocumentRecord]:
        """Every version of a document, oldest first (`text` left empty); [] when absent."""
        ...

    def locked(self, document_id: str) -> AbstractContextManager[None]:
        """Hold the document against other writers of a new version (threads and processes)."""
        ...

    def iter_documents(self) -> Iterator[DocumentRecord]:
        """Every record, in document_id order."""
        ...

    def count(self) -> int: ...

    def close(self) -> None: ...


# --- helpers shared by the implementations ---------------------------------------------------


def search_content(record: DocumentRecord) -> str:
    """The folded text a document is found by: its words, fields, number, owner, names."""
    parts = [
        record.text,
        record.filename,
        record.doc_type,
        record.document_number or "",
        record.owner_id or "",
        record.procedure or "",
        record.receiving_office or "",
        " ".join(f"{k} {v}" for k, v in sorted(record.fields.items())),
    ]
    return " ".join(WORD.findall(fold("\n".join(p for p in parts if p))))


# Filter values are also indexed as words ("zztdecision", "zzy2015", "zzp1001234") so that one
# full-text index scan intersects words and filters (see postgres.TAGS_SQL).
MAX_TAG_YEARS = 3  # year tags are used for issue-date ranges of at most this many years


def _alnum(value: str) -> str:
    return re.sub("[^0-9a-z]", "", value.lower())


def _year(value: str | None) -> int | None:
    match = re.match("^([0-9]{4})", value or "")
    return int(match.group(1)) if match else None


def filter_tags(record: DocumentRecord) -> list[str]:
    """The filter words indexed with a record."""
    tags = []
    if _alnum(record.doc_type):
        tags.append("zzt" + _alnum(record.doc_type))
    year = _year(record.issue_date)
    if year is not None:
        tags.append(f"zzy{year:04d}")
    if record.procedure and _alnum(record.procedure):
        tags.append("zzp" + _alnum(record.procedure))
    return tags


def query_tags(q: SearchQuery) -> list[list[str]]:
    """The filter words a query's filters imply: every group must match one of its words."""
    groups: list[list[str]] = []
    if q.doc_type and _alnum(q.doc_type):
        groups.append(["zzt" + _alnum(q.doc_type)])
    if q.procedure and _alnum(q.procedure):
        groups.append(["zzp" + _alnum(q.procedure)])
    first, last = _year(q.date_from), _year(q.date_to)
    if first is not None and last is not None and 0 <= last - first < MAX_TAG_YEARS:
        groups.append([f"zzy{y:04d}" for y in range(first, last + 1)])
    return groups


_thread_locks: dict[str, threading.Lock] = {}
_thread_locks_guard = threading.Lock()


def thread_lock(name: str) -> threading.Lock:
    """One lock per name in this process (a document being given a new version)."""
    with _thread_locks_guard:
        return _thread_locks.setdefault(name, threading.Lock())


def fold_number(number: str) -> str:
    """Document numbers compare without case, diacritics or spaces ("12/QĐ-UBND" = "12/qd-ubnd")."""
    return "".join(fold(number).split())


def to_utc(value: datetime) -> datetime:
    """Aware and in UTC (naive times are taken as UTC), so stored times sort as text too."""
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def parse_time(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return to_utc(value)
    return to_utc(datetime.fromisoformat(str(value)))


def dumps(value: Mapping[str, str]) -> str:
    return json.dumps(dict(value), ensure_ascii=False, sort_keys=True)


def loads(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    if not value:
        return {}
    return {str(k): str(v) for k, v in json.loads(value).items()}
