"""Shared test helpers: real services are required in CI and skipped (with the reason) elsewhere."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "demo"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


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


@pytest.fixture
def sohoa_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean embedded-default environment: SOHOA_HOME in a temp dir, no other SOHOA_* setting."""
    for key in list(os.environ):
        if key.startswith("SOHOA_"):
            monkeypatch.delenv(key)
    home = tmp_path / "home"
    monkeypatch.setenv("SOHOA_HOME", str(home))
    monkeypatch.chdir(tmp_path)
    return home
