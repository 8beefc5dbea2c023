"""The whole flow on PostgreSQL + SeaweedFS + Redis: upload, digitize, read, search, reuse, verify."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from api_helpers import NASTY_QUERIES, Api, Served, multipart, scan

pytestmark = pytest.mark.services


def test_upload_is_digitized_signed_and_readable(full: Api, digitized: dict[str, Any]) -> None:
    status = digitized["status"]
    assert status["state"] == "done", status["reason"]
    assert digitized["accepted"]["state"] == "queued"
    assert status["document_id"] and status["pages_done"] == 1
    assert status["signature"].get("level", "").startswith("B-")
    assert status["doc_type"] == "application_form"
    assert status["fields"]["full_name"] == "Nguyễn Thị Ánh Tuyết"
    assert isinstance(status["needs_review"], bool)
    pdf = full.client.get(status["links"]["document"], headers=full.auth("counter_dt"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert pdf.headers["content-type"] == "application/pdf"
    # the signed copy verifies (DEV CA trusted by the server that signed it)
    body, ctype = multipart(pdf.content, filename="document.pdf", fields={})
    report = full.client.post(
        "/v1/verify", content=body, headers={**full.auth("archivist"), "Content-Type": ctype}
    ).json()
    assert report["ok"] is True, report
    assert report["signatures"][0]["intact"] is True


def test_a_counter_of_another_office_cannot_read_it(full: Api, digitized: dict[str, Any]) -> None:
    component = digitized["accepted"]["id"]
    r = full.client.get(f"/v1/components/{component}", headers=full.auth("counter_hn"))
    assert r.status_code == 403
    doc = digitized["status"]["document_id"]
    assert (
        full.client.get(f"/v1/documents/{doc}", headers=full.auth("counter_hn")).status_code == 403
    )
    assert (
        full.client.get(f"/v1/documents/{doc}", headers=full.auth("counter_dt")).status_code == 200
    )


def test_the_same_paper_again_is_linked_not_digitized_twice(
    full: Api, digitized: dict[str, Any]
) -> None:
    body, ctype = multipart(scan(), filename="lan-hai.png")
    r = full.client.post(
        f"/v1/dossiers/{digitized['dossier']}/components",
        content=body,
        headers={**full.auth("counter_dt"), "Content-Type": ctype},
    )
    assert r.status_code == 202
    out = r.json()
    assert out["reused"] is True and out["state"] == "done"
    assert out["document_id"] == digitized["status"]["document_id"]
    assert "already digitized" in out["message"]
    assert full.app.state.services.ctx.catalog.count() == 1


def test_archivist_finds_it_without_diacritics(full: Api, digitized: dict[str, Any]) -> None:
    r = full.client.get("/v1/search", params={"q": "dong thap"}, headers=full.auth("archivist"))
    assert r.status_code == 200
    out = r.json()
    assert out["total"] >= 1
    hit = out["hits"][0]
    assert hit["document"]["document_id"] == digitized["status"]["document_id"]
    assert "«" in hit["snippet"] or "<mark>" in hit["snippet"]
    filtered = full.client.get(
        "/v1/search",
        params={"q": "dong thap", "receiving_office": "HN-01"},
        headers=full.auth("archivist"),
    ).json()
    assert filtered["total"] == 0


def test_reuse_lists_the_owners_documents(full: Api, digitized: dict[str, Any]) -> None:
    owner = "087190001234"
    r = full.client.get("/v1/reuse", params={"owner_id": owner}, headers=full.auth("counter_hn"))
    assert r.status_code == 200
    found = {d["document_id"]: d for d in r.json()["found"]}
    assert found[digitized["status"]["document_id"]]["holding_office"] == "DT-01"
    assert r.json()["documents"] == []  # another office's content: only through a dossier


def test_reads_and_searches_are_audited(full: Api, digitized: dict[str, Any]) -> None:
    full.client.get("/v1/search", params={"q": "Cao Lãnh"}, headers=full.auth("archivist"))
    events = full.client.get("/v1/audit", headers=full.auth("admin")).json()
    actions = {(e["action"], e["role"]) for e in events}
    assert ("search", "archivist") in actions
    assert ("read_component", "counter") in actions
    assert ("download", "counter") in actions


def test_real_uvicorn_streams_uploads_and_refuses_oversize(served: Served) -> None:
    api = served.api
    with httpx.Client(base_url=served.base_url, timeout=30) as http:
        assert http.get("/healthz").json()["status"] == "ok"
        r = http.post(
            "/v1/dossiers",
            json={"procedure_code": "1.004227", "owner_id": "087190005678"},
            headers=api.auth("counter_dt"),
        )
        dossier = r.json()["id"]
        limit = api.settings.max_upload_mb * 1024 * 1024
        body, ctype = multipart(b"\x89PNG\r\n\x1a\n" + b"\x00" * (limit + 1))

        def chunks():  # chunked transfer: the limit is enforced while the bytes arrive
            for i in range(0, len(body), 256 * 1024):
                yield body[i : i + 256 * 1024]

        r = http.post(
            f"/v1/dossiers/{dossier}/components",
            content=chunks(),
            headers={**api.auth("counter_dt"), "Content-Type": ctype},
        )
        assert r.status_code == 413
        assert "SOHOA_MAX_UPLOAD_MB" in r.json()["detail"]
        assert "sohoa_uploads_total" in http.get("/metrics").text


def test_search_syntax_characters_never_fail_on_postgresql(full: Api) -> None:
    for q in NASTY_QUERIES:
        r = full.client.get("/v1/search", params={"q": q}, headers=full.auth("archivist"))
        assert r.status_code == 200, (q, r.text)
