"""Request bodies limited before anything parses them (JSON, forms, uploads), and slow ones cut off.

A 16 MB JSON body used to be read whole, parsed for 12 s and echoed back in the 422. Now the
declared Content-Length is checked first and the stream is counted as it arrives: a JSON or
form body over MAX_BODY_BYTES, or an upload over the upload limit, is answered 413 without
being read further; a client that stops sending mid-body for READ_TIMEOUT_S is answered 408.
"""

from __future__ import annotations

import asyncio
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 64 * 1024  # any JSON or form body of this API is a few hundred bytes
MULTIPART_OVERHEAD = 64 * 1024  # form fields and part headers around an uploaded file
READ_TIMEOUT_S = 30.0


def _answer(status: int, detail: str, error: str) -> tuple[Message, Message]:
    body = json.dumps({"detail": detail, "error": error}).encode()
    start: Message = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ],
    }
    return start, {"type": "http.response.body", "body": body}


class BodyLimitMiddleware:
    """Refuse a body over its limit (413) or stalled (408) before a route or parser sees it."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_upload_bytes: int,
        max_body_bytes: int = MAX_BODY_BYTES,
        read_timeout_s: float = READ_TIMEOUT_S,
    ) -> None:
        self.app = app
        self.max_upload = max_upload_bytes + MULTIPART_OVERHEAD
        self.max_body = max_body_bytes
        self.read_timeout_s = read_timeout_s

    def limit_for(self, scope: Scope) -> int:
        headers = dict(scope.get("headers") or [])
        kind = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        return self.max_upload if kind == b"multipart/form-data" else self.max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(send, 413, _too_large(limit), "TooLarge")
            return
        guard = _Guard(send, limit, self.read_timeout_s)
        try:
            await self.app(scope, guard.receive_from(receive), guard.send)
        except Exception:
            if not guard.refused:  # the app's failure to read a refused body is not news
                raise


class _Guard:
    """One request's body count; once refused, the app's own answer is dropped."""

    def __init__(self, send: Send, limit: int, read_timeout_s: float) -> None:
        self._send, self.limit, self.read_timeout_s = send, limit, read_timeout_s
        self.seen = 0
        self.body_done = False
        self.started = False
        self.refused = False

    def receive_from(self, receive: Receive) -> Receive:
        async def limited() -> Message:
            if self.refused:
                return {"type": "http.disconnect"}
            if self.body_done:  # waiting for a disconnect while answering: no timeout
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.read_timeout_s)
            except TimeoutError:
                detail = f"the request body stalled for {self.read_timeout_s:.0f} s"
                return await self.refuse(408, detail, "RequestTimeout")
            if message["type"] == "http.request":
                self.seen += len(message.get("body", b""))
                self.body_done = not message.get("more_body", False)
                if self.seen > self.limit:
                    return await self.refuse(413, _too_large(self.limit), "TooLarge")
            return message

        return limited

    async def refuse(self, status: int, detail: str, error: str) -> Message:
        if not self.started:
            await _refuse(self._send, status, detail, error)
        self.refused = True
        return {"type": "http.disconnect"}

    async def send(self, message: Message) -> None:
        if self.refused:
            return
        self.started = self.started or message["type"] == "http.response.start"
        await self._send(message)


def _too_large(limit: int) -> str:
    return f"the request body is over the limit of {limit // 1024} KB"


async def _refuse(send: Send, status: int, detail: str, error: str) -> None:
    start, body = _answer(status, detail, error)
    await send(start)
    await send(body)
