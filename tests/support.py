"""Helpers of every test folder: real services and tools skip locally and fail in CI (CI=true).

Importable as `support` from any test (pyproject: `pythonpath = ["tests"]`).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from storage.factories import open_object_store
from storage.objects import ObjectStore

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
WEED = Path(sys.executable).parent / "weed"


def need(condition: bool, reason: str) -> None:
    """Skip locally when a real service or tool is absent; fail in CI (CI=true)."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def need_tool(name: str) -> str:
    """Path of a command-line tool; skip locally when absent, fail in CI."""
    path = shutil.which(name)
    need(path is not None, f"{name} is not installed")
    assert path is not None
    return path


def port_open(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- PostgreSQL -------------------------------------------------------------------------------


@contextmanager
def fresh_database(prefix: str, host: str = "127.0.0.1", port: int = 5432) -> Iterator[str | None]:
    """A new PostgreSQL database `<prefix>_<random>` (dropped at the end), or None if unreachable."""
    if not port_open(host, port):
        yield None
        return
    import psycopg

    admin = f"postgresql://postgres@{host}:{port}/postgres"
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error:
        yield None
        return
    try:
        yield f"postgresql://postgres@{host}:{port}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- SeaweedFS (S3) ---------------------------------------------------------------------------


@dataclass
class Seaweed:
    """A running `weed mini` with one S3 identity."""

    endpoint: str
    process: subprocess.Popen[bytes]
    log: Path
    access_key: str
    secret_key: str

    def store(self, bucket: str | None = None, retention_days: int = 0) -> ObjectStore:
        """An S3 object store on this server (a new bucket unless `bucket` is given)."""
        return open_object_store(
            f"s3://{bucket or 'sohoa-' + uuid.uuid4().hex[:12]}",
            endpoint=self.endpoint,
            access_key=self.access_key,
            secret_key=self.secret_key,
            retention_days=retention_days,
        )


WEED_PORTS = (
    "master.port",
    "master.port.grpc",
    "volume.port",
    "volume.port.grpc",
    "filer.port",
    "filer.port.grpc",
    "s3.port",
    "s3.port.grpc",
    "s3.port.iceberg",
    "s3.port.lance",
    "admin.port",
    "admin.port.grpc",
)


@contextmanager
def running_seaweed(root: Path, access_key: str, secret_key: str) -> Iterator[Seaweed | None]:
    """`weed mini` on free loopback ports under `root`, stopped at the end; None if it won't start."""
    server = _start_weed(root, access_key, secret_key)
    try:
        yield server
    finally:
        if server is not None:
            _stop(server.process)


def _start_weed(root: Path, access_key: str, secret_key: str) -> Seaweed | None:
    weed = str(WEED) if WEED.exists() else shutil.which("weed")
    if not weed:
        return None
    data = root / "data"
    data.mkdir()
    config = root / "s3.json"
    identity = {
        "name": "sohoa",
        "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }
    config.write_text(json.dumps({"identities": [identity]}))
    ports = {name: free_port() for name in WEED_PORTS}
    args = [
        weed,
        "mini",
        f"-dir={data}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-s3.config={config}",
        "-admin.ui=false",
        "-webdav=false",
        *(f"-{name}={port}" for name, port in ports.items()),
    ]
    log = root / "weed.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT, cwd=root, start_new_session=True
        )
    server = Seaweed(f"127.0.0.1:{ports['s3.port']}", process, log, access_key, secret_key)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if port_open("127.0.0.1", ports["s3.port"], timeout=0.2) and _s3_answers(server):
            return server
        time.sleep(0.3)
    _stop(process)
    return None


def _s3_answers(server: Seaweed) -> bool:
    try:
        server.store("sohoa-probe").put("probe", b"ok")
        return True
    except Exception:
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
