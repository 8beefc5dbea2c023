"""Fixtures of the worker tests: settings per test, real Redis/RabbitMQ/PostgreSQL per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import ROOT, fresh_database, need, port_open
from workers_helpers import Workers


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
    with fresh_database("sohoa_workers") as url:
        need(url is not None, "PostgreSQL is not running on 127.0.0.1:5432")
        assert url is not None
        yield url


@pytest.fixture
def workers(clean_env: dict[str, str], tmp_path: Path) -> Iterator[Workers]:
    pool = Workers(clean_env, tmp_path)
    yield pool
    pool.stop_all()
