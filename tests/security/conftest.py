"""Fixtures of the security tests: an embedded app (files + SQLite, no worker), a token per role."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# the API tests' inputs (scans, bombs, multipart bodies) are shared, not copied
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "api"))

from api_helpers import Api
from fastapi.testclient import TestClient
from security_helpers import make_tokens

from api.app import create_app
from pipeline.settings import load_settings


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """Archive in a folder, SQLite catalog, in-process broker with no worker: jobs stay queued."""
    for key in [k for k in os.environ if k.startswith("SOHOA_")]:
        del os.environ[key]
    home = tmp_path_factory.mktemp("sec-home")
    settings = load_settings(home=home, max_upload_mb=1, max_pages=3, max_megapixels=50)
    app = create_app(settings)
    with TestClient(app) as client:
        yield Api(app, settings, make_tokens(app), client)
