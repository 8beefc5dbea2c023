"""Archivists search; counters ask whether a citizen's paper was digitized before (reuse)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from ..errors import BadRequest
from ..params import AnyRole, ArchivistOrAdmin, ServicesDep
from ..reuse import reuse_answer
from ..schemas import CODE, DAY, ERRORS, ID, OWNER_ID, PRINTABLE, ReuseOut, SearchOut, SearchParams
from ..views import audit_filters, search_out, search_query

router = APIRouter(prefix="/v1", tags=["search"])
Text = Annotated[str | None, Query(max_length=200, pattern=PRINTABLE)]
Day = Annotated[str | None, Query(pattern=DAY, description="issue date (YYYY-MM-DD)")]


def search_params(
    q: Annotated[
        str,
        Query(max_length=500, pattern=PRINTABLE, description="words, with or without diacritics"),
    ] = "",
    doc_type: Text = None,
    owner_id: Text = None,
    document_number: Text = None,
    date_from: Day = None,
    date_to: Day = None,
    procedure: Text = None,
    receiving_office: Text = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchParams:
    return SearchParams(
        q=q,
        doc_type=doc_type,
        owner_id=owner_id,
        document_number=document_number,
        date_from=_day(date_from, "date_from"),
        date_to=_day(date_to, "date_to"),
        procedure=procedure,
        receiving_office=receiving_office,
        page=page,
        per_page=per_page,
    )


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name} is not a date of the calendar (YYYY-MM-DD)") from None


@router.get("/search", response_model=SearchOut, responses=ERRORS)
def search(
    params: Annotated[SearchParams, Depends(search_params)],
    token: ArchivistOrAdmin,
    services: ServicesDep,
) -> SearchOut:
    """Full-text search with filters (the same as `sohoa search`); every search is audited."""
    page = services.ctx.catalog.search(search_query(params))
    services.access.audit(token, "search", params.q, audit_filters(params, page))
    return search_out(page)


@router.get("/reuse", response_model=ReuseOut, responses=ERRORS)
def reuse(
    token: AnyRole,
    services: ServicesDep,
    owner_id: Annotated[str, Query(pattern=OWNER_ID)],
    doc_type: Annotated[str | None, Query(alias="type", pattern=CODE)] = None,
    dossier_id: Annotated[str | None, Query(pattern=ID)] = None,
) -> ReuseOut:
    """Which documents of a citizen or enterprise exist (type, number, date, holding office).

    Their content is returned to archivists, and to a counter only with the `dossier_id` of a
    dossier of this owner opened at its own office. Every answer is audited with its ids.
    """
    return reuse_answer(
        services, token, owner_id=owner_id, doc_type=doc_type, dossier_id=dossier_id
    )
