"""Fixtures of the field tests."""

from __future__ import annotations

import pytest
from fields_helpers import Paper


@pytest.fixture
def paper() -> type[Paper]:
    """Access to the hand-written papers: paper.page(name, **kw), paper.text(name)."""
    return Paper
