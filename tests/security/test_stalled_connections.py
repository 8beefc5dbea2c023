"""A client that stops sending is cut off; it cannot hold a connection forever (slowloris).

Before: uvicorn waited forever for a request head or body that never ended.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from api_helpers import Api
from support import free_port

from api.server import uvicorn_options
from pipeline.settings import load_settings

READ_TIMEOUT_S = 1.0


@pytest.fixture(scope="module")
def server(api: Api) -> Iterator[int]:
    settings = load_settings(home=api.settings.home, read_timeout_s=READ_TIMEOUT_S)
    port = free_port()
    config = uvicorn.Config(
        api.app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        **uvicorn_options(settings),
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started
    yield port
    running.should_exit = True
    thread.join(timeout=10)


def _closed_within(sock: socket.socket, seconds: float) -> tuple[bool, bytes]:
    sock.settimeout(seconds)
    received = b""
    try:
        while chunk := sock.recv(4096):
            received += chunk
    except TimeoutError:
        return False, received
    except ConnectionResetError:
        pass
    return True, received


def test_a_request_head_that_never_ends_is_cut_off(server: int) -> None:
    with socket.create_connection(("127.0.0.1", server)) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        closed, _ = _closed_within(sock, READ_TIMEOUT_S * 5)
    assert closed, "the server still waits for the rest of the head"


def test_a_body_that_stops_coming_is_cut_off(server: int) -> None:
    with socket.create_connection(("127.0.0.1", server)) as sock:
        sock.sendall(
            b"POST /v1/dossiers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"procedure'
        )
        closed, answer = _closed_within(sock, READ_TIMEOUT_S * 5)
    assert closed, "the server still waits for the rest of the body"
    assert not answer or answer.startswith((b"HTTP/1.1 408", b"HTTP/1.1 401"))


def test_a_normal_request_is_still_answered(server: int) -> None:
    with socket.create_connection(("127.0.0.1", server)) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        _closed, answer = _closed_within(sock, 5)
    assert answer.startswith(b"HTTP/1.1 200")
