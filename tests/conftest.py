"""Fixtures of every test folder (helpers shared by all are in support.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


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
