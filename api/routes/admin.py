"""Admin: tokens and the audit log; archivists: batch progress; everyone: health."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from storage.access import TokenRecord

from ..errors import BadRequest
from ..params import Admin, ArchivistOrAdmin, IdPath, ServicesDep
from ..schemas import CODE, ERRORS, ID, AuditOut, BatchOut, TokenCreated, TokenIn, TokenOut
from ..views import out_of

router = APIRouter(prefix="/v1", tags=["admin"])


def _token_out(t: TokenRecord) -> TokenOut:
    return TokenOut(
        id=t.token_id,
        role=t.role,
        office=t.office,
        name=t.name,
        created_at=t.created_at,
        active=t.active,
    )


@router.post("/tokens", status_code=201, response_model=TokenCreated, responses=ERRORS)
def create_token(body: TokenIn, token: Admin, services: ServicesDep) -> TokenCreated:
    """Create an API token; the secret is in this answer only."""
    if body.role == "counter" and not body.office:
        raise BadRequest("a counter token needs its office")
    record, secret = services.access.create_token(body.role, body.office, body.name)
    services.access.audit(token, "create_token", record.token_id, f"{record.role} {record.office}")
    return TokenCreated(**_token_out(record).model_dump(), token=secret)


@router.get("/tokens", response_model=list[TokenOut], responses=ERRORS)
def list_tokens(token: Admin, services: ServicesDep) -> list[TokenOut]:
    """Every token (never their secrets)."""
    return [_token_out(t) for t in services.access.list_tokens()]


@router.delete("/tokens/{token_id}", status_code=204, response_class=Response, responses=ERRORS)
def revoke_token(token_id: IdPath, token: Admin, services: ServicesDep) -> Response:
    """Revoke a token at once."""
    services.access.revoke_checked(token_id)
    services.access.audit(token, "revoke_token", token_id)
    return Response(status_code=204)


@router.get("/audit", response_model=list[AuditOut], responses=ERRORS)
def audit_log(
    token: Admin,
    services: ServicesDep,
    token_id: Annotated[str | None, Query(pattern=ID)] = None,
    action: Annotated[str | None, Query(pattern=CODE)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[AuditOut]:
    """Who read or searched what, and when (newest first)."""
    events = services.access.audit_events(token_id=token_id, action=action, limit=limit)
    return [out_of(AuditOut, e) for e in events]


@router.get("/batches/{name}", response_model=BatchOut, responses=ERRORS)
def batch_status(
    name: Annotated[str, Path(pattern=CODE)], token: ArchivistOrAdmin, services: ServicesDep
) -> BatchOut:
    """Progress of a back-digitization batch: jobs by state."""
    counts = services.jobs.counts(name)
    return BatchOut(name=name, total=sum(counts.values()), counts=counts)
