"""Reuse tells every counter what exists, and gives content only through its own dossier.

Before: `GET /v1/reuse` returned every personal field of other offices' documents, and a blank
image uploaded with another office's declared type and number was answered with that office's
signed PDF, marked done, never digitized.
"""

from __future__ import annotations

from api_helpers import Api
from security_helpers import file_document, open_dossier, png, upload

OWNER = "087190001234"


def _events(api: Api, action: str) -> list[dict[str, str]]:
    r = api.client.get("/v1/audit", params={"action": action}, headers=api.auth("admin"))
    assert r.status_code == 200, r.text
    return list(r.json())


def test_a_blank_upload_with_another_offices_type_and_number_gets_no_document(api: Api) -> None:
    doc = file_document(api, owner=OWNER, office="DT-01", n=11)
    dossier = open_dossier(api, "counter_hn", OWNER)
    r = upload(api, dossier, png(600, 400), declared_type="decision", document_number="45/QĐ-UBND")
    assert r.status_code == 202, r.text
    out = r.json()
    assert out["reused"] is False and out["state"] == "queued"
    assert out["document_id"] is None
    pdf = api.client.get(f"{out['status_url']}/document.pdf", headers=api.auth("counter_hn"))
    assert pdf.status_code == 404
    assert b"secret of DT-01" not in pdf.content
    assert doc not in api.client.get(out["status_url"], headers=api.auth("counter_hn")).text


def test_a_counter_is_told_what_exists_without_content(api: Api) -> None:
    doc = file_document(api, owner=OWNER, office="DT-01", n=12)
    r = api.client.get("/v1/reuse", params={"owner_id": OWNER}, headers=api.auth("counter_hn"))
    assert r.status_code == 200, r.text
    out = r.json()
    found = {f["document_id"]: f for f in out["found"]}
    assert found[doc]["holding_office"] == "DT-01"
    assert found[doc]["doc_type"] == "decision" and found[doc]["document_number"] == "45/QĐ-UBND"
    assert found[doc]["issue_date"] == "2026-01-05"
    assert out["documents"] == []
    assert "Nguyễn Thị Ánh Tuyết" not in r.text
    assert any(doc in e["detail"] for e in _events(api, "reuse"))


def test_content_comes_only_through_a_dossier_of_that_owner_at_the_counters_office(
    api: Api,
) -> None:
    doc = file_document(api, owner=OWNER, office="DT-01", n=13)
    own = open_dossier(api, "counter_hn", OWNER)
    other_owner = open_dossier(api, "counter_hn", "087190005555")
    other_office = open_dossier(api, "counter_dt", OWNER)
    ask = {"owner_id": OWNER}
    hn = api.auth("counter_hn")
    refused = api.client.get("/v1/reuse", params={**ask, "dossier_id": other_owner}, headers=hn)
    assert refused.status_code == 403
    refused = api.client.get("/v1/reuse", params={**ask, "dossier_id": other_office}, headers=hn)
    assert refused.status_code == 403
    r = api.client.get("/v1/reuse", params={**ask, "dossier_id": own}, headers=hn)
    assert r.status_code == 200, r.text
    assert doc in [d["document_id"] for d in r.json()["documents"]]
    assert any(own in e["detail"] and doc in e["detail"] for e in _events(api, "reuse"))


def test_linking_is_an_explicit_audited_request_for_the_same_owner_only(api: Api) -> None:
    doc = file_document(api, owner=OWNER, office="DT-01", n=14)
    hn = api.auth("counter_hn")
    assert api.client.get(f"/v1/documents/{doc}", headers=hn).status_code == 403
    stranger = open_dossier(api, "counter_hn", "087190006666")
    r = api.client.post(f"/v1/dossiers/{stranger}/links", json={"document_id": doc}, headers=hn)
    assert r.status_code == 403
    elsewhere = open_dossier(api, "counter_dt", OWNER)
    r = api.client.post(f"/v1/dossiers/{elsewhere}/links", json={"document_id": doc}, headers=hn)
    assert r.status_code == 403
    own = open_dossier(api, "counter_hn", OWNER)
    r = api.client.post(f"/v1/dossiers/{own}/links", json={"document_id": doc}, headers=hn)
    assert r.status_code == 201, r.text
    component = r.json()
    assert component["document_id"] == doc and component["state"] == "done"
    pdf = api.client.get(f"/v1/components/{component['id']}/document.pdf", headers=hn)
    assert pdf.status_code == 200 and b"secret of DT-01" in pdf.content
    dossier = api.client.get(f"/v1/dossiers/{own}", headers=hn).json()
    assert component["id"] in dossier["components"]
    linked = _events(api, "link_document")
    assert any(e["target"] == doc and own in e["detail"] for e in linked)
