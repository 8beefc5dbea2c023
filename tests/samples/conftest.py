"""Fixtures for the samples generator tests: one small generated set shared by the module."""

from __future__ import annotations

import pytest
from support import need_tool

from samples.generate import Sample, generate


@pytest.fixture(scope="session")
def sample_set(tmp_path_factory: pytest.TempPathFactory) -> list[Sample]:
    """14 documents of seed 100: every type twice, every format."""
    out = tmp_path_factory.mktemp("samples-100")
    return generate(out, count=14, seed=100)


@pytest.fixture
def tesseract_bin() -> str:
    return need_tool("tesseract")


@pytest.fixture
def pdftotext_bin() -> str:
    return need_tool("pdftotext")
