"""In-memory object store and catalog for unit tests (same behaviour as the real ones)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace

from common.errors import ImmutableObject, NotFound

from .catalog import (
    COUNT_LIMIT,
    DocumentRecord,
    SearchHit,
    SearchPage,
    SearchQuery,
    fold_number,
    search_content,
)
from .objects import DEFAULT_CONTENT_TYPE, check_key
from .text import snippet, terms


class MemoryObjectStore:
    """Write-once objects in a dict."""

    def __init__(self) -> None:
        self.url = "memory://"
        self._objects: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def put(self, key: str, data: bytes, *, content_type: str = DEFAULT_CONTENT_TYPE) -> None:
        check_key(key)
        with self._lock:
            old = self._objects.get(key)
            if old is None:
                self._objects[key] = bytes(data)
            elif old != data:
                raise ImmutableObject(
                    f"{key} already exists with other content; write a new version"
                )

    def get(self, key: str) -> bytes:
        try:
            return self._objects[check_key(key)]
        except KeyError as e:
            raise NotFound(f"no object {key}") from e

    def exists(self, key: str) -> bool:
        return check_key(key) in self._objects

    def size(self, key: str) -> int:
        return len(self.get(key))

    def list(self, prefix: str = "") -> Iterator[str]:
        yield from sorted(k for k in list(self._objects) if k.startswith(prefix))

    def restore(self, key: str, data: bytes, *, content_type: str = DEFAULT_CONTENT_TYPE) -> None:
        check_key(key)
        with self._lock:
            self._objects[key] = bytes(data)

    def tamper(self, key: str, data: bytes | None) -> None:
        """Tests only: change or (None) delete an object behind the archive's back."""
        if data is None:
            self._objects.pop(key, None)
        else:
            self._objects[key] = data


class MemoryCatalog:
    """The catalog in a dict, with the same matching rules as SQLite and PostgreSQL."""

    def __init__(self) -> None:
        self._records: dict[tuple[str, int], DocumentRecord] = {}
        self._content: dict[tuple[str, int], set[str]] = {}
        self._lock = threading.Lock()

    def migrate(self) -> None:
        return None

    def add(self, record: DocumentRecord) -> bool:
        with self._lock:
            if (record.document_id, record.version) in self._records:
                return False
            for (doc_id, _), other in self._records.items():
                if other.sha256 == record.sha256 and doc_id != record.document_id:
                    return False
            self._records[(record.document_id, record.version)] = record
            self._content[(record.document_id, record.version)] = set(
                search_content(record).split()
            )
            return True

    def _latest(self) -> list[DocumentRecord]:
        best: dict[str, DocumentRecord] = {}
        for record in self._records.values():
            old = best.get(record.document_id)
            if old is None or record.version > old.version:
                best[record.document_id] = record
        return list(best.values())

    def get(self, document_id: str) -> DocumentRecord:
        found = [r for r in self._latest() if r.document_id == document_id]
        if not found:
            raise NotFound(f"no document {document_id}")
        return found[0]

    def get_by_sha256(self, sha256: str) -> DocumentRecord | None:
        found = [r for r in self._latest() if r.sha256 == sha256]
        return found[0] if found else None

    def find_same(
        self, owner_id: str, doc_type: str, document_number: str
    ) -> DocumentRecord | None:
        number = fold_number(document_number)
        found = [
            r
            for r in self._latest()
            if r.owner_id == owner_id
            and r.doc_type == doc_type
            and r.document_number
            and fold_number(r.document_number) == number
        ]
        return max(found, key=lambda r: r.created_at) if found else None

    def reuse(self, owner_id: str, doc_type: str | None = None) -> list[DocumentRecord]:
        found = [
            replace(r, text="")
            for r in self._latest()
            if r.owner_id == owner_id and (doc_type is None or r.doc_type == doc_type)
        ]
        return sorted(found, key=lambda r: (r.created_at, r.document_id), reverse=True)

    def search(self, query: SearchQuery) -> SearchPage:
        words = terms(query.text)
        scored: list[tuple[float, DocumentRecord]] = []
        for record in self._latest():
            if not _passes(record, query):
                continue
            if words:
                content = search_content(record).split()
                if not set(words) <= set(content):
                    continue
                score = sum(content.count(w) for w in words) / (1 + len(content) / 100)
            else:
                score = 0.0
            scored.append((score, record))
        scored.sort(key=lambda x: (-x[0], -x[1].created_at.timestamp(), x[1].document_id))
        window = scored[query.offset : query.offset + query.limit]
        hits = [
            SearchHit(record=replace(r, text=""), score=s, snippet=snippet(r.text, words))
            for s, r in window
        ]
        total = min(len(scored), COUNT_LIMIT)
        return SearchPage(
            hits=hits,
            total=total,
            page=max(1, query.page),
            per_page=query.limit,
            total_exact=len(scored) <= COUNT_LIMIT,
        )

    def iter_documents(self) -> Iterator[DocumentRecord]:
        yield from sorted(self._records.values(), key=lambda r: (r.document_id, r.version))

    def count(self) -> int:
        return len(self._latest())

    def close(self) -> None:
        return None


def _passes(record: DocumentRecord, q: SearchQuery) -> bool:
    if q.doc_type and record.doc_type != q.doc_type:
        return False
    if q.owner_id and record.owner_id != q.owner_id:
        return False
    if q.document_number and (
        not record.document_number
        or fold_number(q.document_number) not in fold_number(record.document_number)
    ):
        return False
    if q.date_from and (not record.issue_date or record.issue_date < q.date_from):
        return False
    if q.date_to and (not record.issue_date or record.issue_date > q.date_to):
        return False
    if q.procedure and record.procedure != q.procedure:
        return False
    return not (q.receiving_office and record.receiving_office != q.receiving_office)
