"""The clerks' review pages: the queue of flagged documents, and one document field by field."""

from __future__ import annotations

import hmac
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from common.errors import NotFound, SohoaError
from ocr.fields.specs import SPECS
from pipeline.boxes import FieldBox, field_boxes
from pipeline.review import (
    OWNER,
    actor,
    audit_revision,
    correct_fields,
    current_value,
    read_metadata,
)
from storage.access import TokenRecord
from storage.archive import object_key
from storage.catalog import DocumentRecord

from ..auth import check_office, web_session, web_token
from ..params import IdPath, ServicesDep
from ..reasons import in_vietnamese
from ..services import Services
from .review import review_query
from .web import _denied, _document_or_error, _login_redirect, _page, templates

router = APIRouter(include_in_schema=False)
templates.env.filters["vi_reason"] = in_vietnamese
REVIEWERS = ("counter", "archivist")
DEFAULT_REASON = "Đối chiếu với bản giấy"


def _reviewer(request: Request, services: Services) -> tuple[TokenRecord | None, Response | None]:
    token = web_token(request, services)
    if token is None:
        return None, _login_redirect()
    if token.role not in REVIEWERS:
        return token, _denied(
            request, token, "Chỉ cán bộ Một cửa và lưu trữ kiểm tra lại được tài liệu."
        )
    return token, None


def _text(request: Request, key: str) -> str | None:
    value = (request.query_params.get(key) or "").replace("\x00", "").strip()[:200]
    return value or None


@router.get("/review", response_class=HTMLResponse)
def queue_page(request: Request, services: ServicesDep) -> Response:
    token, refused = _reviewer(request, services)
    if refused is not None or token is None:
        return refused or _login_redirect()
    try:
        page = max(1, min(int(request.query_params.get("page") or 1), 10_000))
    except ValueError:
        page = 1
    filters = {k: _text(request, k) for k in ("office", "doc_type", "reason")}
    try:
        query = review_query(
            token,
            filters["office"],
            doc_type=filters["doc_type"],
            reason=filters["reason"],
            page=page,
            per_page=50,
        )
    except SohoaError as e:
        return _denied(request, token, e.message)
    result = services.ctx.catalog.review_queue(query)
    services.access.audit(token, "review_queue", query.receiving_office or "", "web")
    base = {k: v for k, v in filters.items() if v}
    pages = {}
    if page > 1:
        pages["prev"] = "/review?" + urlencode({**base, "page": page - 1})
    if page * result.per_page < result.total:
        pages["next"] = "/review?" + urlencode({**base, "page": page + 1})
    return _page(request, "review_queue.html", token, result=result, form=filters, pages=pages)


def field_order(record: DocumentRecord) -> list[str]:
    """The fields read, in the order its type's spec (and so the paper) has them."""
    spec = SPECS.get(record.doc_type)
    ordered = [f.key for f in spec.fields] if spec is not None else []
    return [k for k in ordered if k in record.fields] + [
        k for k in record.fields if k not in ordered
    ]


def _field_rows(
    services: Services, record: DocumentRecord, metadata: dict[str, Any]
) -> list[dict[str, Any]]:
    """Every field with its value, what was read, the reason it is flagged and its box."""
    details = dict(metadata.get("field_details") or {})
    keys = [*field_order(record), OWNER]
    candidates = {}
    for key in keys:
        read_as = str((details.get(key) or {}).get("read_as") or "")
        candidates[key] = [v for v in (current_value(record, key), read_as) if v]
    boxes = _boxes(services, record, candidates)
    rows = []
    for key in keys:
        reason = record.review_reasons.get(key, "")
        if key == OWNER:
            reason = "; ".join(
                r for k, r in record.review_reasons.items() if k in (OWNER, "owner_conflict")
            )
        detail = details.get(key) or {}
        rows.append(
            {
                "key": key,
                "value": current_value(record, key),
                "read_as": str(detail.get("read_as") or ""),
                "reviewed": str(detail.get("reviewed") or ""),
                "reason": reason,
                "box": boxes.get(key),
            }
        )
    return rows


def _boxes(
    services: Services, record: DocumentRecord, candidates: dict[str, list[str]]
) -> dict[str, FieldBox]:
    store = services.ctx.store
    try:
        alto = store.get(object_key(store, record.prefix, "alto.xml"))
    except NotFound:
        return {}
    return field_boxes(alto, candidates)


def _review_page(
    request: Request,
    services: Services,
    token: TokenRecord,
    record: DocumentRecord,
    *,
    error: str = "",
    status: int = 200,
    done: str = "",
) -> HTMLResponse:
    rows = _field_rows(services, record, read_metadata(services.ctx, record.prefix))
    flagged = [r["key"] for r in rows if r["reason"]]
    focus = next((k for k in flagged if k != done), rows[0]["key"] if rows else "")
    return _page(
        request,
        "review.html",
        token,
        status=status,
        doc=record,
        rows=rows,
        focus=focus,
        error=error,
        done=done,
        page_numbers=list(range(1, record.pages + 1)),
    )


@router.get("/review/{document_id}", response_class=HTMLResponse)
def review_page(request: Request, document_id: IdPath, services: ServicesDep) -> Response:
    token, refused = _reviewer(request, services)
    if refused is not None or token is None:
        return refused or _login_redirect()
    _, record = _document_or_error(request, services, document_id)
    if isinstance(record, Response):
        return record
    services.access.audit(token, "read_document", document_id, "review")
    done = (request.query_params.get("done") or "")[:64]
    return _review_page(request, services, token, record, done=done)


@router.post("/review/{document_id}", response_class=HTMLResponse)
async def review_submit(request: Request, document_id: IdPath, services: ServicesDep) -> Response:
    found = web_session(request, services)
    if found is None:
        return _login_redirect()
    token, csrf = found
    if token.role not in REVIEWERS:
        return _reviewer(request, services)[1] or _login_redirect()
    form = await request.form()
    if not hmac.compare_digest(str(form.get("csrf") or ""), csrf):
        return _denied(
            request, token, "Yêu cầu không đến từ trang kiểm tra này; hãy tải lại trang."
        )
    key = str(form.get("key") or "")[:64]
    value = str(form.get("value") or "")[:1000]
    reason = str(form.get("reason") or "").strip()[:1000] or DEFAULT_REASON
    try:
        version = int(str(form.get("version") or "0"))
        record = services.ctx.catalog.get(document_id)
        check_office(token, record.receiving_office, "document")
        revision = correct_fields(
            services.ctx,
            document_id,
            version=version,
            fields={key: value},
            reason=reason,
            by=actor(token),
        )
    except (SohoaError, ValueError) as e:
        return _submit_error(request, services, token, document_id, e)
    audit_revision(services.access, token, revision)
    return RedirectResponse(f"/review/{document_id}?done={key}", status_code=303)


def _submit_error(
    request: Request, services: Services, token: TokenRecord, document_id: str, e: Exception
) -> Response:
    status = e.http_status if isinstance(e, SohoaError) else 400
    message = e.message if isinstance(e, SohoaError) else "Yêu cầu không hợp lệ."
    if status in (403, 404) or status >= 500:
        return _page(
            request, "error.html", token, status=status, title="Không lưu được", message=message
        )
    if status == 409:
        message = "Tài liệu vừa được người khác sửa. Trang đã tải lại phiên bản mới: " + message
    elif status == 422:
        message = "Không lưu được: " + in_vietnamese(message)
    record = services.ctx.catalog.get(document_id)
    return _review_page(request, services, token, record, error=message, status=status)
