"""Bearer tokens and roles: counter (its own office), archivist (search, read all), admin (tokens)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from storage.access import TokenRecord

from .errors import Forbidden, Unauthorized
from .services import Services, get_services

COOKIE = "sohoa_session"  # a server-side session id, never the API token
LOGIN_COOKIE = "sohoa_login"  # the login form's CSRF value (double submit)
ROLE_LABELS = {"counter": "Một cửa", "archivist": "Lưu trữ", "admin": "Quản trị"}

bearer = HTTPBearer(auto_error=False, description="API token from `sohoa tokens create`")


def token_from_secret(services: Services, secret: str | None) -> TokenRecord:
    if not secret:
        raise Unauthorized("no API token: send the header 'Authorization: Bearer <token>'")
    token = services.access.authenticate(secret)
    if token is None:
        raise Unauthorized("the API token is unknown or revoked")
    return token


def api_token(
    request: Request,
    credentials: HTTPAuthorizationCredentials | None = Depends(bearer),
    services: Services = Depends(get_services),
) -> TokenRecord:
    """The bearer token of a JSON API request."""
    token = token_from_secret(services, credentials.credentials if credentials else None)
    request.state.token = token
    return token


def require(*roles: str) -> Callable[..., TokenRecord]:
    """A dependency that lets only these roles through (403 for the others)."""

    def dependency(token: TokenRecord = Depends(api_token)) -> TokenRecord:
        if token.role not in roles:
            raise Forbidden(f"the role '{token.role}' may not do this (needs {' or '.join(roles)})")
        return token

    return dependency


def check_office(token: TokenRecord, office: str | None, what: str) -> None:
    """A counter reads only what its own office received."""
    if token.role == "counter" and office != token.office:
        raise Forbidden(f"this {what} belongs to another office")


def web_session(request: Request, services: Services) -> tuple[TokenRecord, str] | None:
    """(token, CSRF token) of the web page's session cookie, if the session is still live."""
    session_id = request.cookies.get(COOKIE)
    if not session_id:
        return None
    found = services.access.session(session_id)
    if found is not None:
        request.state.csrf = found[1]
    return found


def web_token(request: Request, services: Services) -> TokenRecord | None:
    """The token behind the web page's session cookie, if the session is still live."""
    found = web_session(request, services)
    return found[0] if found else None
