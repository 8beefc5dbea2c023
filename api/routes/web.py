"""The archivists' web page: token login, search, document view, batch progress, audit log."""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import date
from pathlib import Path as FsPath
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from common.errors import SohoaError
from storage.access import SESSION_HOURS, TokenRecord

from ..auth import COOKIE, LOGIN_COOKIE, ROLE_LABELS, web_session, web_token
from ..params import IdPath, ServicesDep
from ..schemas import CODE, SearchParams
from ..services import Services
from ..thumbnails import PAGE_DPI, THUMB_DPI, render_page
from ..views import audit_filters, pdf_of, readable_document, search_query

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(FsPath(__file__).resolve().parent.parent / "templates"))

FIELD_LABELS = {
    "full_name": "Họ và tên",
    "holder_name": "Người được cấp",
    "id_number": "Số định danh cá nhân",
    "owner_id": "Số định danh",
    "date_of_birth": "Ngày sinh",
    "gender": "Giới tính",
    "nationality": "Quốc tịch",
    "place_of_birth": "Nơi sinh",
    "place_of_origin": "Quê quán",
    "place_of_residence": "Nơi thường trú",
    "address": "Địa chỉ",
    "phone": "Số điện thoại",
    "father_name": "Họ tên cha",
    "mother_name": "Họ tên mẹ",
    "procedure_name": "Tên thủ tục",
    "document_number": "Số, ký hiệu",
    "issue_date": "Ngày ban hành",
    "issuing_authority": "Cơ quan ban hành",
    "subject": "Trích yếu",
    "signer": "Người ký",
    "kind": "Tên loại văn bản",
    "place": "Địa danh",
    "parent_authority": "Cơ quan chủ quản",
    "signer_position": "Chức vụ người ký",
    "recipients": "Nơi nhận",
    "enterprise_code": "Mã số doanh nghiệp",
    "enterprise_name": "Tên doanh nghiệp",
    "legal_representative": "Người đại diện theo pháp luật",
    "registration_number": "Số đăng ký",
    "registration_date": "Ngày đăng ký",
    "parcel_number": "Số thửa",
    "map_sheet_number": "Số tờ bản đồ",
    "land_use_purpose": "Mục đích sử dụng đất",
}
DOC_TYPE_LABELS = {
    "decision": "Quyết định",
    "administrative_document": "Văn bản hành chính",
    "birth_certificate": "Giấy khai sinh",
    "application_form": "Đơn đề nghị / Tờ khai",
    "business_registration": "Giấy chứng nhận đăng ký doanh nghiệp",
    "citizen_id_card": "Căn cước công dân",
    "land_use_certificate": "Giấy chứng nhận quyền sử dụng đất",
    "other": "Giấy tờ khác",
}
STATE_LABELS = {
    "queued": "Đang chờ",
    "processing": "Đang xử lý",
    "done": "Hoàn thành",
    "failed": "Lỗi",
}


def snippet_html(text: str) -> Markup:
    """Escape a snippet, then turn its match marks (« » or <mark>) into <mark> elements."""
    safe = str(escape(text))
    safe = safe.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>")
    safe = safe.replace("«", "<mark>").replace("»", "</mark>")
    return Markup(safe)


templates.env.filters["snippet"] = snippet_html
templates.env.globals["FIELD_LABELS"] = FIELD_LABELS
templates.env.globals["STATE_LABELS"] = STATE_LABELS
templates.env.globals["DOC_TYPE_LABELS"] = DOC_TYPE_LABELS
templates.env.globals["REVOCATION_LABELS"] = {
    "good": "Chưa bị thu hồi",
    "revoked": "Đã bị thu hồi",
    "unknown": "Không rõ",
    "not checked": "Chưa kiểm tra",
}
templates.env.globals["ROLE_LABELS"] = ROLE_LABELS


def _page(
    request: Request, template: str, token: TokenRecord | None, status: int = 200, **context: Any
) -> HTMLResponse:
    csrf = context.pop("csrf", None) or getattr(request.state, "csrf", "")
    return templates.TemplateResponse(
        request, template, {"token": token, "csrf": csrf, **context}, status_code=status
    )


def _denied(request: Request, token: TokenRecord, message: str) -> HTMLResponse:
    services: Services = request.app.state.services
    services.access.audit(token, "refused", request.url.path, f"403 web: {message}")
    return _page(request, "error.html", token, status=403, title="Không có quyền", message=message)


def _secure(request: Request) -> bool:
    """TLS to us, or to a trusted proxy that said so (settings.trusted_proxies)."""
    return request.url.scheme == "https"


def _login_page(request: Request, status: int = 200, error: str = "") -> Response:
    """The login form with a fresh CSRF value, also set in a SameSite=Strict cookie."""
    csrf = secrets.token_urlsafe(24)
    response = _page(request, "login.html", None, status=status, error=error, csrf=csrf)
    response.set_cookie(
        LOGIN_COOKIE,
        csrf,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        max_age=3600,
        path="/",
    )
    return response


def _login_redirect() -> RedirectResponse:
    return RedirectResponse("/", status_code=303)


def _params(request: Request) -> tuple[SearchParams | None, str]:
    """Search form values from the query string; an error message for a bad value."""
    q = request.query_params

    def text(key: str) -> str | None:
        value = (q.get(key) or "").replace("\x00", "").strip()[:200]
        return value or None

    def day(key: str) -> date | None:
        value = text(key)
        return date.fromisoformat(value) if value else None

    try:
        page = max(1, min(int(q.get("page") or 1), 10_000))
        params = SearchParams(
            q=(q.get("q") or "").replace("\x00", "").strip()[:500],
            doc_type=text("doc_type"),
            owner_id=text("owner_id"),
            document_number=text("document_number"),
            date_from=day("date_from"),
            date_to=day("date_to"),
            procedure=text("procedure"),
            receiving_office=text("receiving_office"),
            page=page,
            per_page=20,
        )
    except ValueError:
        return None, "Ngày không hợp lệ: hãy nhập theo dạng NNNN-TT-NN (ví dụ 2024-05-31)."
    return params, ""


@router.get("/", response_class=HTMLResponse)
def home(request: Request, services: ServicesDep) -> Response:
    token = web_token(request, services)
    if token is None:
        return _login_page(request)
    if token.role == "counter":
        return _denied(
            request, token, "Tra cứu dành cho cán bộ lưu trữ. Bộ phận Một cửa dùng API tiếp nhận."
        )
    params, error = _params(request)
    results = None
    pages: dict[str, str] = {}
    searched = params is not None and any(
        v not in (None, "") for k, v in params.model_dump().items() if k not in ("page", "per_page")
    )
    if params is not None and searched:
        results = services.ctx.catalog.search(search_query(params))
        services.access.audit(token, "search", params.q, audit_filters(params, results))
        base = {k: v for k, v in request.query_params.items() if k != "page" and v}
        if params.page > 1:
            pages["prev"] = "/?" + urlencode({**base, "page": params.page - 1})
        if params.page * results.per_page < results.total:
            pages["next"] = "/?" + urlencode({**base, "page": params.page + 1})
    form = {k: v for k, v in request.query_params.items()}
    return _page(
        request, "search.html", token, form=form, results=results, error=error, pages=pages
    )


@router.post("/login")
async def login(request: Request, services: ServicesDep) -> Response:
    form = await request.form()
    sent = str(form.get("csrf") or "")
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(sent, expected):
        services.access.audit(None, "login_refused", "web", "the form's CSRF value did not match")
        return _login_page(
            request,
            403,
            "Phiên đăng nhập đã hết hạn hoặc yêu cầu không đến từ trang này. "
            "Hãy nhập lại mã truy cập.",
        )
    secret = str(form.get("token") or "").strip()
    token = services.access.authenticate(secret) if secret else None
    if token is None:
        client = request.client.host if request.client else "?"
        services.access.audit(None, "login_failed", "web", f"from {client}")
        return _login_page(request, 401, "Mã truy cập không đúng hoặc đã bị thu hồi.")
    session_id, _ = services.access.start_session(token)
    services.access.audit(token, "login", "web")
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        COOKIE,
        session_id,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        max_age=SESSION_HOURS * 3600,
        path="/",
    )
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


@router.post("/logout")
async def logout(request: Request, services: ServicesDep) -> Response:
    found = web_session(request, services)
    if found is not None:
        form = await request.form()
        token, csrf = found
        if not hmac.compare_digest(str(form.get("csrf") or ""), csrf):
            return _denied(request, token, "Yêu cầu đăng xuất không đến từ trang này.")
        services.access.end_session(request.cookies.get(COOKIE, ""))
        services.access.audit(token, "logout", "web")
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def _document_or_error(
    request: Request, services: Services, document_id: str
) -> tuple[TokenRecord | None, Any]:
    token = web_token(request, services)
    if token is None:
        return None, _login_redirect()
    try:
        return token, readable_document(services, token, document_id)
    except SohoaError as e:
        status = e.http_status if e.http_status < 500 else 503
        title = "Không tìm thấy" if status == 404 else "Không xem được tài liệu"
        return token, _page(
            request, "error.html", token, status=status, title=title, message=e.message
        )


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_view(request: Request, document_id: IdPath, services: ServicesDep) -> Response:
    token, record = _document_or_error(request, services, document_id)
    if isinstance(record, Response):
        return record
    services.access.audit(token, "read_document", document_id, "web")
    try:
        pdf = pdf_of(services, record)
        signature = services.signatures.get(
            f"{record.document_id}-v{record.version}", pdf, services.settings
        )
        signature_error = ""
    except SohoaError as e:
        signature, signature_error = {}, e.message
    return _page(
        request,
        "document.html",
        token,
        doc=record,
        signature=signature,
        signature_error=signature_error,
        page_numbers=list(range(1, record.pages + 1)),
    )


def _image(request: Request, services: Services, document_id: str, page: int, dpi: int) -> Response:
    token, record = _document_or_error(request, services, document_id)
    if isinstance(record, Response):
        return record
    if not 1 <= page <= max(record.pages, 1):
        return Response(status_code=404)
    action = "read_thumbnail" if dpi == THUMB_DPI else "read_page"
    services.access.audit(token, action, document_id, f"page {page}")
    png = render_page(
        pdf_of(services, record),
        page=page,
        dpi=dpi,
        cache_dir=services.cache_dir / "pages",
        key=f"{record.document_id}-v{record.version}",
    )
    return Response(png, media_type="image/png")


@router.get("/documents/{document_id}/thumb.png")
def thumbnail(request: Request, document_id: IdPath, services: ServicesDep) -> Response:
    return _image(request, services, document_id, 1, THUMB_DPI)


@router.get("/documents/{document_id}/pages/{page}.png")
def page_image(request: Request, page: int, document_id: IdPath, services: ServicesDep) -> Response:
    return _image(request, services, document_id, page, PAGE_DPI)


@router.get("/documents/{document_id}/document.pdf")
def download(request: Request, document_id: IdPath, services: ServicesDep) -> Response:
    token, record = _document_or_error(request, services, document_id)
    if isinstance(record, Response):
        return record
    services.access.audit(token, "download", document_id, "web")
    return Response(
        pdf_of(services, record),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{document_id}.pdf"'},
    )


@router.get("/batches", response_class=HTMLResponse)
def batches(request: Request, services: ServicesDep) -> Response:
    token = web_token(request, services)
    if token is None:
        return _login_redirect()
    if token.role not in ("archivist", "admin"):
        return _denied(request, token, "Chỉ cán bộ lưu trữ và quản trị xem được tiến độ các lô.")
    name = (request.query_params.get("name") or "").strip()
    names = sorted({j.batch for j in services.jobs.list(limit=1000) if j.batch})
    batch: dict[str, Any] | None = None
    error = ""
    if name and not re.fullmatch(CODE, name):
        error = "Tên lô chỉ gồm chữ, số, dấu chấm, gạch dưới, gạch ngang."
    elif name:
        counts = services.jobs.counts(name)
        total = sum(counts.values())
        failed = services.jobs.list(batch=name, state="failed", limit=50)
        finished = counts.get("done", 0) + counts.get("failed", 0)
        batch = {
            "name": name,
            "counts": counts,
            "total": total,
            "finished": finished,
            "percent": round(100 * finished / total) if total else 0,
            "failed": failed,
        }
    return _page(request, "batches.html", token, names=names, batch=batch, name=name, error=error)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, services: ServicesDep) -> Response:
    token = web_token(request, services)
    if token is None:
        return _login_redirect()
    if token.role != "admin":
        return _denied(request, token, "Chỉ quản trị viên xem được nhật ký truy cập.")
    events = services.access.audit_events(limit=200)
    return _page(request, "audit.html", token, events=events)
