"""Fixtures of the OCR tests: synthetic pages and the real Tesseract (skipped locally, required in CI)."""

from __future__ import annotations

import shutil

import pytest
from ocr_pages import Page, render_page
from support import need


@pytest.fixture(scope="session")
def tesseract_ready() -> None:
    need(shutil.which("tesseract") is not None, "tesseract is not installed")


@pytest.fixture(scope="session")
def page300() -> Page:
    return render_page(300.0)
