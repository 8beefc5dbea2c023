"""The low findings: NUL bytes, addresses in 5xx, the last admin, dates, OpenAPI, temp files, modes."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from api_helpers import Api, tiny_png
from fastapi.testclient import TestClient
from security_helpers import make_tokens, open_dossier, upload

from api.app import create_app
from common.errors import StorageError
from pipeline.settings import load_settings


@pytest.mark.parametrize(
    "params",
    [{"q": "a\x00b"}, {"doc_type": "x\x00"}, {"owner_id": "\x00"}, {"receiving_office": "\x00"}],
)
def test_nul_bytes_in_search_filters_are_a_4xx(api: Api, params: dict[str, str]) -> None:
    r = api.client.get("/v1/search", params=params, headers=api.auth("archivist"))
    assert 400 <= r.status_code < 500, r.text


def test_nul_bytes_in_a_token_name_are_a_4xx(api: Api) -> None:
    r = api.client.post(
        "/v1/tokens", json={"role": "archivist", "name": "a\x00b"}, headers=api.auth("admin")
    )
    assert r.status_code == 422


def test_a_5xx_never_shows_the_database_address(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = api.app.state.services.ctx.catalog

    def broken(*args: object, **kwargs: object) -> None:
        raise StorageError("search (postgresql://sohoa@db.internal:5432/sohoa): no route")

    monkeypatch.setattr(catalog, "search", broken)
    r = api.client.get("/v1/search", params={"q": "x"}, headers=api.auth("archivist"))
    assert r.status_code == 503
    assert "postgresql" not in r.text and "db.internal" not in r.text


def test_date_to_zero_is_refused(api: Api) -> None:
    for value in ("0", "1700000000", "2024-02-31"):
        r = api.client.get("/v1/search", params={"date_to": value}, headers=api.auth("archivist"))
        assert 400 <= r.status_code < 500, (value, r.text)
    ok = api.client.get(
        "/v1/search", params={"date_to": "2024-05-31"}, headers=api.auth("archivist")
    )
    assert ok.status_code == 200


def test_the_last_admin_token_cannot_be_revoked(tmp_path: Path) -> None:
    app = create_app(load_settings(home=tmp_path / "home"))
    with TestClient(app) as client:
        tokens = make_tokens(app)
        admin = {"Authorization": f"Bearer {tokens['admin']}"}
        own = client.get("/v1/tokens", headers=admin).json()
        admin_id = next(t["id"] for t in own if t["role"] == "admin")
        r = client.delete(f"/v1/tokens/{admin_id}", headers=admin)
        assert r.status_code == 409 and "last active admin" in r.json()["detail"]
        second = client.post("/v1/tokens", json={"role": "admin"}, headers=admin).json()
        assert client.delete(f"/v1/tokens/{second['id']}", headers=admin).status_code == 204


def test_openapi_says_role_is_optional(api: Api) -> None:
    spec = api.client.get("/openapi.json").json()
    form = spec["paths"]["/v1/dossiers/{dossier_id}/components"]["post"]["requestBody"]
    schema = form["content"]["multipart/form-data"]["schema"]
    assert schema["required"] == ["file"]
    assert "role" in schema["properties"]


def test_stale_upload_temp_files_are_removed_at_start(tmp_path: Path) -> None:
    uploads = tmp_path / "home" / "cache" / "uploads"
    uploads.mkdir(parents=True)
    stale = uploads / "upload-killed.part"
    stale.write_bytes(b"half an upload of a killed server")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = uploads / "upload-live.part"
    fresh.write_bytes(b"an upload in progress")
    app = create_app(load_settings(home=tmp_path / "home"))
    with TestClient(app):
        assert not stale.exists()
        assert fresh.exists()


def test_archive_and_catalog_are_private_under_umask_022(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        app = create_app(load_settings(home=tmp_path / "home", max_upload_mb=1))
        with TestClient(app) as client:
            api = Api(app, app.state.services.settings, make_tokens(app), client)
            assert upload(api, open_dossier(api), tiny_png(77)).status_code == 202
    finally:
        os.umask(previous)
    home = tmp_path / "home"
    for path in home.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path.relative_to(home)} is {oct(mode)}"
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
