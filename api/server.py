"""uvicorn as `sohoa serve` runs it: a read timeout on every connection, bounded heads.

uvicorn closes idle keep-alive connections but waits forever for a request head that never
ends (slowloris). The protocol below closes a connection whose client has sent nothing for
`read_timeout_s` while a request head or body is still expected; the body stall inside a
request is also answered 408 by `api.limits.BodyLimitMiddleware`.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from pipeline.settings import Settings


class ReadTimeoutProtocol(H11Protocol):
    """h11 with a read timeout while the client owes us bytes."""

    read_timeout_s = 30.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._read_timer: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        self._arm()
        super().data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
        self._read_timer = self.loop.call_later(self.read_timeout_s, self._check)

    def _check(self) -> None:
        waiting_for_client = self.conn.their_state in (h11.IDLE, h11.SEND_BODY)
        if waiting_for_client and not self.transport.is_closing():
            self.transport.close()
        elif not self.transport.is_closing():
            self._arm()  # the app is answering: look again later


def protocol_with_timeout(read_timeout_s: float) -> type[ReadTimeoutProtocol]:
    return type("ReadTimeoutProtocol", (ReadTimeoutProtocol,), {"read_timeout_s": read_timeout_s})


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments of uvicorn.run/Config for these settings."""
    return {
        "http": protocol_with_timeout(settings.read_timeout_s),
        "timeout_keep_alive": 5,
        "proxy_headers": False,  # the app believes forwarded headers (settings.trusted_proxies)
        "limit_concurrency": 200,
        "h11_max_incomplete_event_size": 16 * 1024,
    }
