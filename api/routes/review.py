"""The review workflow: the queue of flagged documents, corrections as new versions, history."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query

from pipeline.review import actor, audit_revision, correct_fields, history
from storage.access import TokenRecord
from storage.catalog import ReviewQuery

from ..auth import check_office
from ..errors import Forbidden
from ..params import AnyRole, IdPath, Reviewer, ServicesDep
from ..schemas import (
    CODE,
    ERRORS,
    FieldsPatch,
    FieldsPatched,
    ReviewItemOut,
    ReviewOut,
    VersionOut,
)
from ..views import document_links, out_of, readable_document

router = APIRouter(prefix="/v1", tags=["review"])
REVIEWERS = ("counter", "archivist")
Text = Annotated[str | None, Query(max_length=200)]


def review_query(token: TokenRecord, office: str | None, **filters: object) -> ReviewQuery:
    """The queue a token may see: a counter only its own office's documents."""
    if token.role == "counter":
        if office and office != token.office:
            raise Forbidden("a counter sees only its own office's review queue")
        office = token.office
    return ReviewQuery(receiving_office=office or None, **filters)  # type: ignore[arg-type]


@router.get("/review", response_model=ReviewOut, responses=ERRORS)
def review_queue(
    token: AnyRole,
    services: ServicesDep,
    office: Annotated[str | None, Query(pattern=CODE)] = None,
    doc_type: Text = None,
    reason: Text = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ReviewOut:
    """Documents with a flagged field, oldest first, with the reasons (a counter: its office's)."""
    query = review_query(
        token,
        office,
        doc_type=doc_type or None,
        reason=reason or None,
        page=page,
        per_page=per_page,
    )
    result = services.ctx.catalog.review_queue(query)
    services.access.audit(token, "review_queue", query.receiving_office or "", reason or "")
    return ReviewOut(
        total=result.total,
        page=result.page,
        per_page=result.per_page,
        documents=[
            out_of(
                ReviewItemOut,
                r,
                links={**document_links(r.document_id), "review": f"/review/{r.document_id}"},
            )
            for r in result.records
        ],
    )


@router.patch("/documents/{document_id}/fields", response_model=FieldsPatched, responses=ERRORS)
def patch_fields(
    body: FieldsPatch,
    document_id: IdPath,
    token: Reviewer,
    services: ServicesDep,
) -> FieldsPatched:
    """Confirm or correct fields: a new version (409 if `version` is stale, 422 for a bad value)."""
    record = services.ctx.catalog.get(document_id)
    check_office(token, record.receiving_office, "document")
    try:
        revision = correct_fields(
            services.ctx,
            document_id,
            version=body.version,
            fields=body.fields,
            confirm=body.confirm,
            reason=body.reason.strip(),
            by=actor(token),
        )
    except Exception as e:
        detail = {"version": body.version, "fields": body.fields, "confirm": body.confirm}
        services.access.audit(
            token, "correct_refused", document_id, f"{e}; {json.dumps(detail, ensure_ascii=False)}"
        )
        raise
    audit_revision(services.access, token, revision)
    return FieldsPatched(document_id=document_id, version=revision.version)


@router.get("/documents/{document_id}/versions", response_model=list[VersionOut], responses=ERRORS)
def versions(document_id: IdPath, token: AnyRole, services: ServicesDep) -> list[VersionOut]:
    """Every version: who, when, which fields (old and new values), why."""
    readable_document(services, token, document_id)
    services.access.audit(token, "read_versions", document_id)
    return [VersionOut(**v) for v in history(services.ctx, document_id)]
