"""Bad uploads get a clear 4xx and never leave a file outside the archive; roles are enforced."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from api_helpers import (
    NASTY_QUERIES,
    Api,
    encrypted_pdf,
    multipage_tiff,
    multipart,
    png_bomb,
    tiny_png,
)


def _dossier(api: Api, who: str = "counter_hn") -> str:
    r = api.client.post(
        "/v1/dossiers",
        json={"procedure_code": "1.001234", "owner_id": "087190001234"},
        headers=api.auth(who),
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _upload(api: Api, dossier: str, body: bytes, content_type: str, who: str = "counter_hn"):
    return api.client.post(
        f"/v1/dossiers/{dossier}/components",
        content=body,
        headers={**api.auth(who), "Content-Type": content_type},
    )


def _archive_files(api: Api) -> set[str]:
    root = api.settings.home / "archive"
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _stray_files(home: Path) -> list[Path]:
    uploads = home / "cache" / "uploads"
    return [p for p in uploads.rglob("*") if p.is_file()] if uploads.exists() else []


@pytest.fixture
def dossier(embedded: Api) -> Iterator[str]:
    before = _archive_files(embedded)
    yield _dossier(embedded)
    assert not _stray_files(embedded.settings.home), "a temp upload was left behind"
    stored = _archive_files(embedded) - before
    assert all(key.startswith("originals/sha256/") for key in stored), stored


def test_counter_upload_is_accepted_and_queued(embedded: Api, dossier: str) -> None:
    body, ctype = multipart(tiny_png(1), filename="giay-xac-nhan.png")
    r = _upload(embedded, dossier, body, ctype)
    assert r.status_code == 202, r.text
    out = r.json()
    assert out["state"] == "queued" and out["reused"] is False and out["pages"] == 1
    assert out["status_url"] == f"/v1/components/{out['id']}"
    status = embedded.client.get(out["status_url"], headers=embedded.auth("counter_hn")).json()
    assert status["state"] == "queued"
    assert status["filename"] == "giay-xac-nhan.png"
    assert status["receiving_office"] == "HN-01"
    key = f"originals/sha256/{out['sha256'][:2]}/{out['sha256']}.png"
    assert key in _archive_files(embedded)
    d = embedded.client.get(f"/v1/dossiers/{dossier}", headers=embedded.auth("counter_hn")).json()
    assert d["components"] == [out["id"]]


def test_wrong_type_is_refused_by_content_not_by_name(embedded: Api, dossier: str) -> None:
    body, ctype = multipart(b"MZ\x90\x00 this is a program, not a scan", filename="scan.pdf")
    r = _upload(embedded, dossier, body, ctype)
    assert r.status_code == 415
    assert "PDF, PNG, JPEG or TIFF" in r.json()["detail"]


def test_upload_over_the_size_limit_is_refused_while_streaming(embedded: Api, dossier: str) -> None:
    big = tiny_png(2) + b"\x00" * (1024 * 1024 + 10)
    body, ctype = multipart(big)

    def chunks() -> Iterator[bytes]:  # no Content-Length: only the streaming check can stop it
        for i in range(0, len(body), 64 * 1024):
            yield body[i : i + 64 * 1024]

    r = embedded.client.post(
        f"/v1/dossiers/{dossier}/components",
        content=chunks(),
        headers={**embedded.auth("counter_hn"), "Content-Type": ctype},
    )
    assert r.status_code == 413
    assert "1 MB" in r.json()["detail"] and "SOHOA_MAX_UPLOAD_MB" in r.json()["detail"]


def test_declared_length_over_the_limit_is_refused_before_reading(
    embedded: Api, dossier: str
) -> None:
    body, ctype = multipart(tiny_png(3) + b"\x00" * (2 * 1024 * 1024))
    r = _upload(embedded, dossier, body, ctype)
    assert r.status_code == 413


def test_too_many_pages_are_refused(embedded: Api, dossier: str) -> None:
    body, ctype = multipart(multipage_tiff(4), filename="four-pages.tif")
    r = _upload(embedded, dossier, body, ctype)
    assert r.status_code == 413
    assert "page" in r.json()["detail"]


def test_decompression_bomb_is_refused(embedded: Api, dossier: str) -> None:
    bomb = png_bomb()
    assert len(bomb) < 200_000
    body, ctype = multipart(bomb, filename="bomb.png")
    r = _upload(embedded, dossier, body, ctype)
    assert r.status_code == 413
    assert "pixel" in r.json()["detail"].lower() or "megapixel" in r.json()["detail"].lower()


def test_encrypted_pdf_is_refused(embedded: Api, dossier: str) -> None:
    body, ctype = multipart(encrypted_pdf(), filename="locked.pdf")
    r = _upload(embedded, dossier, body, ctype)
    assert r.status_code == 422
    assert "encrypt" in r.json()["detail"].lower() or "password" in r.json()["detail"].lower()


def test_empty_file_is_refused(embedded: Api, dossier: str) -> None:
    body, ctype = multipart(b"", filename="empty.png")
    r = _upload(embedded, dossier, body, ctype)
    assert r.status_code == 422
    assert "empty" in r.json()["detail"]


@pytest.mark.parametrize(
    ("raw_name", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\evil.png", "evil.png"),
        ("scan\x00.png", "scan.png"),
        ("/abs/path/../x.png", "x.png"),
        ("..", "upload"),
    ],
)
def test_path_tricks_in_file_names_never_reach_the_filesystem(
    embedded: Api, dossier: str, raw_name: str, kept: str
) -> None:
    seed = sum(map(ord, raw_name))
    body, ctype = multipart(tiny_png(seed), filename=raw_name)
    r = _upload(embedded, dossier, body, ctype)
    assert r.status_code == 202, r.text
    status = embedded.client.get(r.json()["status_url"], headers=embedded.auth("counter_hn"))
    assert status.json()["filename"] == kept
    home = embedded.settings.home
    assert not any(p.name in ("passwd", "evil.png") for p in home.parent.rglob("*"))


def test_form_without_file_is_refused(embedded: Api, dossier: str) -> None:
    boundary = "b0undary"
    body = f'--{boundary}\r\nContent-Disposition: form-data; name="role"\r\n\r\nsubmitted\r\n--{boundary}--\r\n'
    r = _upload(embedded, dossier, body.encode(), f"multipart/form-data; boundary={boundary}")
    assert r.status_code == 422
    assert "'file'" in r.json()["detail"]


def test_body_that_is_not_multipart_is_refused(embedded: Api, dossier: str) -> None:
    r = _upload(embedded, dossier, tiny_png(9), "image/png")
    assert r.status_code == 400
    assert "multipart/form-data" in r.json()["detail"]


def test_bad_role_field_is_refused(embedded: Api, dossier: str) -> None:
    body, ctype = multipart(tiny_png(10), fields={"role": "owner"})
    assert _upload(embedded, dossier, body, ctype).status_code == 400


def test_bad_dossier_fields_are_refused(embedded: Api) -> None:
    for bad in (
        {"procedure_code": "1.001234", "owner_id": "not-an-id"},
        {"procedure_code": "../x", "owner_id": "087190001234"},
        {"owner_id": "087190001234"},
    ):
        r = embedded.client.post("/v1/dossiers", json=bad, headers=embedded.auth("counter_hn"))
        assert r.status_code == 422, bad


def test_unknown_dossier_is_404(embedded: Api) -> None:
    body, ctype = multipart(tiny_png(11))
    r = _upload(embedded, "0" * 32, body, ctype)
    assert r.status_code == 404


# --- role boundaries ----------------------------------------------------------------------


def test_no_token_is_401(embedded: Api) -> None:
    for method, path in [("GET", "/v1/search?q=x"), ("POST", "/v1/dossiers"), ("GET", "/v1/audit")]:
        r = embedded.client.request(method, path)
        assert r.status_code == 401, path
        assert r.headers["www-authenticate"] == "Bearer"
        assert "Authorization: Bearer" in r.json()["detail"]


def test_unknown_and_revoked_tokens_are_401(embedded: Api) -> None:
    bad = {"Authorization": "Bearer sohoa_not-a-real-token"}
    assert embedded.client.get("/v1/search?q=x", headers=bad).status_code == 401
    created = embedded.client.post(
        "/v1/tokens", json={"role": "archivist"}, headers=embedded.auth("admin")
    ).json()
    mine = {"Authorization": f"Bearer {created['token']}"}
    assert embedded.client.get("/v1/search?q=x", headers=mine).status_code == 200
    r = embedded.client.delete(f"/v1/tokens/{created['id']}", headers=embedded.auth("admin"))
    assert r.status_code == 204
    assert embedded.client.get("/v1/search?q=x", headers=mine).status_code == 401


def test_wrong_role_is_403(embedded: Api) -> None:
    c = embedded.client
    assert c.get("/v1/search?q=x", headers=embedded.auth("counter_hn")).status_code == 403
    assert c.get("/v1/audit", headers=embedded.auth("archivist")).status_code == 403
    assert c.get("/v1/tokens", headers=embedded.auth("counter_hn")).status_code == 403
    r = c.post(
        "/v1/dossiers",
        json={"procedure_code": "1.001234", "owner_id": "087190001234", "receiving_office": "X"},
        headers=embedded.auth("archivist"),
    )
    assert r.status_code == 403


def test_counter_cannot_read_another_offices_component(embedded: Api) -> None:
    dossier = _dossier(embedded, "counter_hn")
    body, ctype = multipart(tiny_png(12))
    component = _upload(embedded, dossier, body, ctype).json()["id"]
    c = embedded.client
    url = f"/v1/components/{component}"
    assert c.get(url, headers=embedded.auth("counter_hn")).status_code == 200
    other = c.get(url, headers=embedded.auth("counter_dt"))
    assert other.status_code == 403
    assert "another office" in other.json()["detail"]
    assert c.get(url + "/document.pdf", headers=embedded.auth("counter_dt")).status_code == 403
    assert c.get(f"/v1/dossiers/{dossier}", headers=embedded.auth("counter_dt")).status_code == 403
    assert c.get(url, headers=embedded.auth("archivist")).status_code == 200
    # nor upload into another office's dossier, nor open one for another office
    assert _upload(embedded, dossier, body, ctype, who="counter_dt").status_code == 403
    r = c.post(
        "/v1/dossiers",
        json={"procedure_code": "1.0", "owner_id": "087190001234", "receiving_office": "HN-01"},
        headers=embedded.auth("counter_dt"),
    )
    assert r.status_code == 403


def test_every_read_and_search_is_in_the_audit_log(embedded: Api) -> None:
    c = embedded.client
    c.get("/v1/search", params={"q": "đồng tháp"}, headers=embedded.auth("archivist"))
    dossier = _dossier(embedded)
    body, ctype = multipart(tiny_png(13))
    component = _upload(embedded, dossier, body, ctype).json()["id"]
    c.get(f"/v1/components/{component}", headers=embedded.auth("counter_hn"))
    events = c.get("/v1/audit?limit=50", headers=embedded.auth("admin")).json()
    searches = [e for e in events if e["action"] == "search" and e["target"] == "đồng tháp"]
    assert searches and searches[0]["role"] == "archivist"
    reads = [e for e in events if e["action"] == "read_component" and e["target"] == component]
    assert reads and reads[0]["office"] == "HN-01" and reads[0]["at"]


def test_health_and_metrics_answer(embedded: Api) -> None:
    assert embedded.client.get("/healthz").json()["status"] == "ok"
    metrics = embedded.client.get("/metrics").text
    assert "sohoa_http_requests_total" in metrics
    assert 'route="/v1/dossiers/{dossier_id}/components"' in metrics
    assert "sohoa_upload_accept_seconds" in metrics
    spec = embedded.client.get("/openapi.json").json()
    assert "/v1/search" in spec["paths"] and "/v1/dossiers/{dossier_id}/components" in spec["paths"]


def test_search_syntax_characters_never_fail(embedded: Api) -> None:
    for q in NASTY_QUERIES:
        r = embedded.client.get("/v1/search", params={"q": q}, headers=embedded.auth("archivist"))
        assert r.status_code == 200, (q, r.text)
    r = embedded.client.get(
        "/v1/search", params={"q": "x" * 501}, headers=embedded.auth("archivist")
    )
    assert r.status_code == 422


def test_the_ocr_mode_is_chosen_per_upload_and_kept_with_the_job(
    embedded: Api, dossier: str
) -> None:
    body, ctype = multipart(tiny_png(7), fields={"role": "submitted", "ocr": "force"})
    r = _upload(embedded, dossier, body, ctype)
    assert r.status_code == 202, r.text
    status = embedded.client.get(r.json()["status_url"], headers=embedded.auth("counter_hn"))
    assert status.json()["ocr_mode"] == "force"
    body, ctype = multipart(tiny_png(8))  # no choice: the server's SOHOA_OCR_MODE
    r = _upload(embedded, dossier, body, ctype)
    status = embedded.client.get(r.json()["status_url"], headers=embedded.auth("counter_hn"))
    assert status.json()["ocr_mode"] == embedded.settings.ocr_mode == "auto"


def test_an_unknown_ocr_mode_is_refused(embedded: Api, dossier: str) -> None:
    body, ctype = multipart(tiny_png(9), fields={"ocr": "sometimes"})
    r = _upload(embedded, dossier, body, ctype)
    assert r.status_code == 400
    assert "auto, skip-text, redo, force" in r.json()["detail"]
