"""Fixtures of the worker tests: small scans, settings per test, real Redis/RabbitMQ/PostgreSQL."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
SOHOA = [sys.executable, str(Path(__file__).with_name("sohoa_cli.py"))]  # the `sohoa` command
FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
LINES = [
    "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP",
    "GIẤY XÁC NHẬN",
    "Họ và tên: Nguyễn Thị Ánh Tuyết",
]


def port_open(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def need(condition: bool, reason: str) -> None:
    """Skip locally when a real service or tool is absent; fail in CI (CI=true)."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def render_scan(path: Path, number: int, dpi: int = 150) -> None:
    """A half A4 page of Vietnamese text at `dpi`, different for every `number` (distinct sha256)."""
    scale = dpi / 300
    image = Image.new("L", (int(2480 * scale), int(1754 * scale)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), int(48 * scale))
    for n, line in enumerate([*LINES, f"Số: {number}/GXN-UBND"]):
        draw.text((int(250 * scale), int((250 + n * 120) * scale)), line, font=font, fill=0)
    image.save(path, dpi=(dpi, dpi))


def make_folder(root: Path, count: int, *, dossiers: int = 2, bad: int = 0) -> Path:
    """`count` one-page scans spread over `dossiers` subfolders, plus `bad` broken files."""
    root.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        folder = root / f"hoso-{n % dossiers + 1:02d}"
        folder.mkdir(exist_ok=True)
        render_scan(folder / f"giay-{n:03d}.png", n)
    for n in range(bad):
        folder = root / "hoso-hong"
        folder.mkdir(exist_ok=True)
        (folder / f"hong-{n}.pdf").write_bytes(b"%PDF-1.7\n this is not a PDF at all" + bytes([n]))
    if bad > 1:
        (root / "hoso-hong" / "rong.png").write_bytes(b"")
    return root


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    """An environment for `sohoa` subprocesses: no SOHOA_* but a home in the test's temp dir."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    env["SOHOA_HOME"] = str(tmp_path / "home")
    env["OMP_THREAD_LIMIT"] = "1"
    env["PYTHONPATH"] = str(ROOT)
    return env


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A Redis URL with a key namespace of its own, removed afterwards."""
    need(port_open("127.0.0.1", 6379), "Redis is not running on 127.0.0.1:6379")
    namespace = f"sohoa-test-{uuid.uuid4().hex[:8]}"
    yield f"redis://127.0.0.1:6379/0?namespace={namespace}"
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=0)
    keys = list(client.scan_iter(f"{namespace}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture(scope="session")
def amqp_url() -> Iterator[str]:
    """A RabbitMQ URL on a vhost of its own when rabbitmqctl can make one (else the default vhost)."""
    need(port_open("127.0.0.1", 5672), "RabbitMQ is not running on 127.0.0.1:5672")
    ctl = shutil.which("rabbitmqctl")
    vhost = f"sohoa-test-{uuid.uuid4().hex[:8]}"
    made = False
    if ctl:
        made = (
            subprocess.run([ctl, "add_vhost", vhost], capture_output=True, timeout=60).returncode
            == 0
            and subprocess.run(
                [ctl, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"],
                capture_output=True,
                timeout=60,
            ).returncode
            == 0
        )
    yield f"amqp://guest:guest@127.0.0.1:5672/{vhost if made else '%2F'}"
    if made and ctl:
        subprocess.run([ctl, "delete_vhost", vhost], capture_output=True, timeout=60)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped afterwards."""
    need(port_open("127.0.0.1", 5432), "PostgreSQL is not running on 127.0.0.1:5432")
    import psycopg

    name = f"sohoa_workers_{uuid.uuid4().hex[:10]}"
    admin = "postgresql://postgres@127.0.0.1:5432/test"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Workers:
    """`sohoa worker` subprocesses of one test, killed at the end whatever happens."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env = env
        self.cwd = cwd
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        log = open(self.cwd / f"worker-{len(self.procs)}.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(
            [*SOHOA, "worker", "--processes", "1", *args],
            env=self.env,
            cwd=self.cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.procs.append(proc)
        return proc

    def logs(self) -> str:
        return "\n".join(
            p.read_text(errors="replace") for p in sorted(self.cwd.glob("worker-*.log"))
        )

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + 30
        for proc in self.procs:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture
def workers(clean_env: dict[str, str], tmp_path: Path) -> Iterator[Workers]:
    pool = Workers(clean_env, tmp_path)
    yield pool
    pool.stop_all()
