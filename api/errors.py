"""The HTTP front end's translation of sohoa's errors: one handler, a status and a clear message."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from common.errors import SohoaError

log = logging.getLogger("sohoa.api")


class Unauthorized(SohoaError):
    """An API token is needed (Authorization: Bearer <token>)."""

    http_status = 401


class Forbidden(SohoaError):
    """This token's role or office may not do this."""

    http_status = 403


class BadRequest(SohoaError):
    """The request is malformed."""

    http_status = 400


UNAVAILABLE = "the archive or its database did not answer; try again in a moment"


def error_body(error: SohoaError) -> dict[str, str]:
    """A 4xx says what was wrong; a 5xx never shows its cause (addresses, paths): it is logged."""
    detail = error.message if error.http_status < 500 else UNAVAILABLE
    return {"detail": detail, "error": type(error).__name__}


def _audit_refusal(request: Request, status: int, message: str) -> None:
    """Every refused attempt is in the audit log: who (if known), what path, why."""
    services = getattr(request.app.state, "services", None)
    if services is None:
        return
    token = getattr(request.state, "token", None)
    client = request.client.host if request.client else "?"
    try:
        services.access.audit(
            token,
            "refused",
            f"{request.method} {request.url.path}",
            f"{status} from {client}: {message}",
        )
    except SohoaError as e:  # the answer goes out even when the log cannot be written
        log.warning("the refusal could not be audited: %s", e.message)


async def _sohoa_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SohoaError)
    status = exc.http_status
    if status >= 500:
        log.warning("%s %s -> %d: %s", request.method, request.url.path, status, exc.message)
    if status in (401, 403):
        _audit_refusal(request, status, exc.message)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(error_body(exc), status_code=status, headers=headers)


MAX_ECHO = 120  # characters of a client's own value an error message may quote


def short(value: object) -> str:
    """A value for a message: its text cut short, never a Python repr of an object."""
    text = value if isinstance(value, str) else type(value).__name__
    return text if len(text) <= MAX_ECHO else text[:MAX_ECHO] + "…"


def validation_problems(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Pydantic's errors without the input they were given (never echoed back)."""
    return [
        {
            "loc": [p if isinstance(p, int) else short(str(p)) for p in e.get("loc", ())],
            "msg": short(str(e.get("msg", ""))),
            "type": short(str(e.get("type", ""))),
        }
        for e in list(errors)[:20]
    ]


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    body = {"detail": validation_problems(exc.errors()), "error": "RequestValidationError"}
    return JSONResponse(body, status_code=422)


def install_error_handler(app: FastAPI) -> None:
    """Translate every SohoaError raised by a route into its HTTP status, once."""
    app.add_exception_handler(SohoaError, _sohoa_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
