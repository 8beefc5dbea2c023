"""Fixtures for the samples generator tests: one small generated set shared by the module."""

from __future__ import annotations

import os
import shutil

import pytest

from samples.generate import Sample, generate

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need_tool(name: str) -> str:
    """Path of an external program; skip locally when absent, fail when CI=true."""
    path = shutil.which(name)
    if path:
        return path
    if IN_CI:
        pytest.fail(f"required in CI: {name} is not installed")
    pytest.skip(f"{name} is not installed")


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
