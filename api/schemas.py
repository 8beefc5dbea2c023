"""Request and response bodies of the JSON API (they make /openapi.json)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

OWNER_ID = r"^[0-9]{9,13}(-[0-9]{3})?$"
CODE = r"^[A-Za-z0-9._-]{1,64}$"
ID = r"^[A-Za-z0-9_-]{1,64}$"
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"  # no NUL nor control characters
DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


class ErrorOut(BaseModel):
    detail: Any
    error: str | None = None


class DossierIn(BaseModel):
    procedure_code: str = Field(pattern=CODE, description="administrative procedure, e.g. 1.001234")
    owner_id: str = Field(pattern=OWNER_ID, description="citizen ID (12 digits) or enterprise code")
    receiving_office: str | None = Field(
        None, pattern=CODE, description="default: the counter token's own office"
    )


class DossierOut(BaseModel):
    id: str
    procedure_code: str
    owner_id: str
    receiving_office: str
    created_at: datetime
    components: list[str] = []
    links: dict[str, str] = {}


class Accepted(BaseModel):
    id: str
    status_url: str
    state: str
    reused: bool = False
    document_id: str | None = None
    document_url: str | None = None
    sha256: str
    pages: int
    message: str


class ComponentOut(BaseModel):
    id: str
    dossier_id: str | None
    state: Literal["queued", "processing", "done", "failed"]
    reason: str
    filename: str
    pages: int
    pages_done: int
    role: str
    declared_type: str | None
    ocr_mode: str = "auto"
    receiving_office: str | None
    sha256: str
    document_id: str | None
    doc_type: str | None = None
    fields: dict[str, str] = {}
    needs_review: bool = False
    review_reasons: dict[str, str] = {}
    signature: dict[str, Any] = {}
    created_at: datetime
    updated_at: datetime
    links: dict[str, str] = {}


class DocumentOut(BaseModel):
    document_id: str
    version: int
    doc_type: str
    filename: str
    pages: int
    owner_id: str | None
    document_number: str | None
    issue_date: str | None
    procedure: str | None
    dossier_id: str | None
    receiving_office: str | None
    role: str
    fields: dict[str, str]
    confidence: float
    needs_review: bool
    review_reasons: dict[str, str]
    signature_level: str | None
    created_at: datetime
    links: dict[str, str] = {}


class HitOut(BaseModel):
    document: DocumentOut
    score: float
    snippet: str


class SearchOut(BaseModel):
    total: int
    page: int
    per_page: int
    hits: list[HitOut]


class ReuseFound(BaseModel):
    """What exists, told to every counter: no personal field, no content."""

    document_id: str
    doc_type: str
    document_number: str | None
    issue_date: str | None
    holding_office: str | None
    created_at: datetime


class ReuseOut(BaseModel):
    owner_id: str
    doc_type: str | None
    dossier_id: str | None = None
    found: list[ReuseFound] = []
    documents: list[DocumentOut] = Field(
        [],
        description="the documents' content: for archivists, and for a counter only with the "
        "dossier_id of a dossier of this owner opened at its own office",
    )


class LinkIn(BaseModel):
    document_id: str = Field(pattern=ID, description="an existing document of the dossier's owner")


class VerifyOut(BaseModel):
    ok: bool
    signatures: list[dict[str, Any]]


class TokenIn(BaseModel):
    role: Literal["counter", "archivist", "admin"]
    office: str | None = Field(None, pattern=CODE)
    name: str = Field("", max_length=200, pattern=PRINTABLE)


class TokenOut(BaseModel):
    id: str
    role: str
    office: str | None
    name: str
    created_at: datetime
    active: bool


class TokenCreated(TokenOut):
    token: str = Field(description="shown once; only its hash is kept")


class AuditOut(BaseModel):
    """One access to the archive, as the audit log keeps it."""

    at: datetime = Field(description="when (UTC)")
    token_id: str | None = Field(description="the token used; null for the command line")
    role: str | None = Field(description="counter, archivist or admin")
    office: str | None = Field(description="the token's office code")
    action: str = Field(description="what was done, e.g. read_document, link_document")
    target: str = Field(description="the document, dossier or batch it was done to")
    detail: str = Field(description="a short note for people, e.g. whose paper it is")


class BatchOut(BaseModel):
    name: str
    total: int
    counts: dict[str, int]


class SearchParams(BaseModel):
    """The same query and filters as `sohoa search`."""

    q: str = ""
    doc_type: str | None = None
    owner_id: str | None = None
    document_number: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    procedure: str | None = None
    receiving_office: str | None = None
    page: int = 1
    per_page: int = 20


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 401, 403, 404, 409, 413, 415, 422, 503)
}


class ReviewItemOut(BaseModel):
    document_id: str
    version: int
    doc_type: str
    filename: str
    receiving_office: str | None
    owner_id: str | None
    created_at: datetime
    review_reasons: dict[str, str]
    links: dict[str, str] = {}


class ReviewOut(BaseModel):
    total: int
    page: int
    per_page: int
    documents: list[ReviewItemOut]


class FieldsPatch(BaseModel):
    """Confirm or correct fields of the version you looked at (`version`, for a 409 if stale)."""

    version: int = Field(ge=1)
    fields: dict[str, str] = Field(default_factory=dict, description="field -> corrected value")
    confirm: list[str] = Field(default_factory=list, description="fields whose value is right")
    reason: str = Field("", max_length=1000, description="why, kept in the history and audit")


class FieldsPatched(BaseModel):
    document_id: str
    version: int


class VersionOut(BaseModel):
    version: int
    current: bool
    at: str
    by: dict[str, Any]
    reason: str
    changes: list[dict[str, Any]]
    prefix: str
