"""Reuse: is this paper already digitized? The one rule every front end and the filing step use.

A component is linked to an existing document when it is the same file (same sha256), or when
the owner, type and number *read from it* match a document held by the same receiving office.
Declared values are never evidence, and a document of another office is never handed out as
the result of an upload whose bytes differ: linking across offices is an explicit request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .catalog import Catalog, DocumentRecord

Reason = Literal["same_bytes", "same_document", "linked"]


@dataclass(frozen=True)
class ReuseMatch:
    """An existing document a new component is linked to instead of being processed again."""

    record: DocumentRecord
    reason: Reason  # same_bytes: identical sha256; same_document: same owner/type/number/office;
    # linked: a counter linked it into a dossier of its owner (POST /v1/dossiers/{id}/links)

    @property
    def message(self) -> str:
        what = {
            "same_bytes": "the same file",
            "same_document": f"the same {self.record.doc_type} no. {self.record.document_number}",
            "linked": "linked on request",
        }[self.reason]
        return f"already digitized as {self.record.document_id} ({what})"


def find_reusable(
    catalog: Catalog,
    *,
    sha256: str,
    owner_id: str | None = None,
    doc_type: str | None = None,
    document_number: str | None = None,
    office: str | None = None,
) -> ReuseMatch | None:
    """The document this component duplicates: same sha256, else same owner/type/number/office."""
    same = catalog.get_by_sha256(sha256)
    if same is not None:
        return ReuseMatch(same, "same_bytes")
    if owner_id and doc_type and document_number:
        found = catalog.find_same(owner_id, doc_type, document_number)
        if found is not None and found.receiving_office == office:
            return ReuseMatch(found, "same_document")
    return None
