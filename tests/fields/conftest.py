"""Fixtures of the field tests."""

from __future__ import annotations

import pytest
from fields_helpers import fixture_text, page_from_text

from ocr.types import PageText


@pytest.fixture
def paper() -> type:
    """Access to the hand-written papers: paper.page(name, **kw), paper.text(name)."""

    class Paper:
        @staticmethod
        def text(name: str) -> str:
            return fixture_text(name)

        @staticmethod
        def page(name: str, **kw: object) -> PageText:
            return page_from_text(fixture_text(name), **kw)  # type: ignore[arg-type]

    return Paper
