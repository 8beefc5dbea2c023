"""Fixtures of the OCR tests: synthetic pages and the real Tesseract (skipped locally, required in CI)."""

from __future__ import annotations

import os
import shutil

import pytest
from ocr_pages import Page, render_page

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(condition: bool, reason: str) -> None:
    """Skip when a tool is absent; fail instead when CI=true."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def tesseract_ready() -> None:
    need(shutil.which("tesseract") is not None, "tesseract is not installed")


@pytest.fixture(scope="session")
def page300() -> Page:
    return render_page(300.0)
