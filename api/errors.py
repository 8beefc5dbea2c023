"""The HTTP front end's translation of sohoa's errors: one handler, a status and a clear message."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
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


def error_body(error: SohoaError) -> dict[str, str]:
    return {"detail": error.message, "error": type(error).__name__}


async def _sohoa_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SohoaError)
    status = exc.http_status
    if status >= 500:
        log.warning("%s %s -> %d: %s", request.method, request.url.path, status, exc.message)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(error_body(exc), status_code=status, headers=headers)


def install_error_handler(app: FastAPI) -> None:
    """Translate every SohoaError raised by a route into its HTTP status, once."""
    app.add_exception_handler(SohoaError, _sohoa_error)
