"""Every read of personal data and every refused attempt is in the audit log.

Before: page images, thumbnails, dossier reads, 401/403 refusals, failed logins and the ids a
search returned were not recorded.
"""

from __future__ import annotations

from api_helpers import Api, csrf_of, web_login
from security_helpers import file_document, open_dossier


def _events(api: Api, action: str) -> list[dict[str, str]]:
    r = api.client.get("/v1/audit", params={"action": action}, headers=api.auth("admin"))
    assert r.status_code == 200, r.text
    return list(r.json())


def test_page_images_and_thumbnails_are_audited(api: Api) -> None:
    doc = file_document(api, owner="087190001234", office="HN-01", n=41)
    web_login(api.client, api.tokens["archivist"])
    api.client.get(f"/documents/{doc}/thumb.png")
    api.client.get(f"/documents/{doc}/pages/1.png")
    api.client.cookies.clear()
    assert any(e["target"] == doc for e in _events(api, "read_thumbnail"))
    assert any(e["target"] == doc and e["detail"] == "page 1" for e in _events(api, "read_page"))


def test_a_dossier_read_is_audited(api: Api) -> None:
    dossier = open_dossier(api)
    assert api.client.get(f"/v1/dossiers/{dossier}", headers=api.auth("counter_hn")).is_success
    assert any(e["target"] == dossier for e in _events(api, "read_dossier"))


def test_a_search_records_the_ids_it_returned(api: Api) -> None:
    doc = file_document(api, owner="087190001234", office="HN-01", n=42)
    r = api.client.get("/v1/search", params={"q": "Tuyết"}, headers=api.auth("archivist"))
    assert r.status_code == 200 and r.json()["total"] >= 1
    assert any(doc in e["detail"] for e in _events(api, "search"))


def test_refused_requests_and_failed_logins_are_audited(api: Api) -> None:
    assert api.client.get("/v1/search", params={"q": "x"}).status_code == 401
    bad = {"Authorization": "Bearer sohoa_wrong"}
    assert api.client.get("/v1/documents/abc", headers=bad).status_code == 401
    assert api.client.get("/v1/audit", headers=api.auth("counter_dt")).status_code == 403
    refused = _events(api, "refused")
    assert any(e["detail"].startswith("401") and "/v1/search" in e["target"] for e in refused)
    assert any(e["detail"].startswith("403") and e["office"] == "DT-01" for e in refused)
    api.client.cookies.clear()
    page = api.client.get("/")
    api.client.post("/login", data={"token": "sohoa_guess", "csrf": csrf_of(page.text)})
    assert _events(api, "login_failed")
    assert all("sohoa_guess" not in e["detail"] for e in _events(api, "login_failed"))
