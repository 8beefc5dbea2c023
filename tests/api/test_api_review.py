"""The review API, pages and CLI on the embedded default: who may see and fix what, 403/409/422."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from api_helpers import Api
from click.testing import CliRunner
from filed_documents import file_document

from sohoa.cli import cli
from storage.catalog import DocumentRecord


@pytest.fixture(scope="module")
def docs(embedded: Api) -> dict[str, DocumentRecord]:
    """Flagged application forms (made in tests/filed_documents.py) of two offices."""
    ctx = embedded.app.state.services.ctx
    return {
        "dt": file_document(ctx.store, ctx.catalog, 1, office="DT-01"),
        "hn": file_document(ctx.store, ctx.catalog, 2, office="HN-01"),
        "dt_cli": file_document(ctx.store, ctx.catalog, 3, office="DT-01"),
        "dt_web": file_document(ctx.store, ctx.catalog, 4, office="DT-01"),
        "ok": file_document(ctx.store, ctx.catalog, 5, office="DT-01", reasons={}),
    }


def _patch(api: Api, who: str, document_id: str, body: dict[str, Any]) -> Any:
    return api.client.patch(f"/v1/documents/{document_id}/fields", json=body, headers=api.auth(who))


def test_counter_sees_its_own_office_queue_oldest_first(
    embedded: Api, docs: dict[str, DocumentRecord]
) -> None:
    r = embedded.client.get("/v1/review", headers=embedded.auth("counter_dt"))
    assert r.status_code == 200, r.text
    ids = [d["document_id"] for d in r.json()["documents"]]
    assert docs["hn"].document_id not in ids and docs["ok"].document_id not in ids
    assert ids.index(docs["dt"].document_id) < ids.index(docs["dt_web"].document_id)
    first = r.json()["documents"][0]
    assert first["review_reasons"]["full_name"] == "low OCR confidence (41 < 60)"
    assert first["links"]["review"] == f"/review/{first['document_id']}"
    every = embedded.client.get("/v1/review", headers=embedded.auth("archivist")).json()
    assert docs["hn"].document_id in [d["document_id"] for d in every["documents"]]
    other = embedded.client.get("/v1/review?office=DT-01", headers=embedded.auth("counter_hn"))
    assert other.status_code == 403
    by_reason = embedded.client.get(
        "/v1/review?reason=no+such+reason", headers=embedded.auth("archivist")
    )
    assert by_reason.json()["total"] == 0


def test_counter_of_another_office_gets_403(embedded: Api, docs: dict[str, DocumentRecord]) -> None:
    body = {"version": 1, "confirm": ["full_name"]}
    assert _patch(embedded, "counter_hn", docs["dt"].document_id, body).status_code == 403
    assert _patch(embedded, "admin", docs["dt"].document_id, body).status_code == 403
    assert embedded.app.state.services.ctx.catalog.get(docs["dt"].document_id).version == 1


def test_bad_value_gets_422_with_the_reason(embedded: Api, docs: dict[str, DocumentRecord]) -> None:
    r = _patch(
        embedded,
        "counter_dt",
        docs["dt"].document_id,
        {"version": 1, "fields": {"date_of_birth": "30/02/1990"}, "reason": "sửa ngày sinh"},
    )
    assert r.status_code == 422
    assert "no such calendar date: 1990-02-30" in r.json()["detail"]


def test_correction_makes_version_2_and_a_stale_version_gets_409(
    embedded: Api, docs: dict[str, DocumentRecord]
) -> None:
    doc = docs["dt"]
    pdf = embedded.client.get(
        f"/v1/documents/{doc.document_id}/document.pdf", headers=embedded.auth("archivist")
    ).content
    body = {
        "version": 1,
        "fields": {"full_name": "Nguyễn Văn An"},
        "confirm": ["date_of_birth", "id_number"],
        "reason": "đối chiếu bản giấy",
    }
    r = _patch(embedded, "counter_dt", doc.document_id, body)
    assert r.status_code == 200, r.text
    assert r.json() == {"document_id": doc.document_id, "version": 2}
    stale = _patch(embedded, "archivist", doc.document_id, {**body, "fields": {"full_name": "X"}})
    assert stale.status_code == 409
    current = embedded.client.get(
        f"/v1/documents/{doc.document_id}", headers=embedded.auth("counter_dt")
    ).json()
    assert current["version"] == 2 and current["fields"]["full_name"] == "Nguyễn Văn An"
    assert not current["needs_review"]
    versions = embedded.client.get(
        f"/v1/documents/{doc.document_id}/versions", headers=embedded.auth("counter_dt")
    ).json()
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[1]["by"]["office"] == "DT-01" and versions[1]["reason"] == "đối chiếu bản giấy"
    changes = {c["field"]: c for c in versions[1]["changes"]}
    assert changes["full_name"]["old"] == "Nguyen Van Aan"
    assert changes["date_of_birth"]["action"] == "confirmed"
    after = embedded.client.get(
        f"/v1/documents/{doc.document_id}/document.pdf", headers=embedded.auth("archivist")
    ).content
    assert after == pdf
    audit = embedded.client.get(
        "/v1/audit?action=correct_field", headers=embedded.auth("admin")
    ).json()
    detail = json.loads(next(e for e in audit if e["target"] == doc.document_id)["detail"])
    assert (detail["old"], detail["new"], detail["version"]) == (
        "Nguyen Van Aan",
        "Nguyễn Văn An",
        2,
    )
    confirmed = embedded.client.get(
        "/v1/audit?action=confirm_field", headers=embedded.auth("admin")
    ).json()
    assert {
        json.loads(e["detail"])["field"] for e in confirmed if e["target"] == doc.document_id
    } >= {
        "date_of_birth",
        "id_number",
    }


def test_cli_review_fix_and_show_on_the_same_archive(
    embedded: Api, docs: dict[str, DocumentRecord]
) -> None:
    doc = docs["dt_cli"].document_id
    runner = CliRunner()
    listed = runner.invoke(
        cli, ["review", "list", "--office", "DT-01", "--json"], obj=embedded.settings
    )
    assert listed.exit_code == 0, listed.output
    assert doc in [d["document_id"] for d in json.loads(listed.output)["documents"]]
    bad = runner.invoke(
        cli, ["review", "fix", doc, "--set", "date_of_birth=1990-13-01"], obj=embedded.settings
    )
    assert bad.exit_code == 3 and "cannot correct date_of_birth" in bad.output
    fixed = runner.invoke(
        cli,
        ["review", "fix", doc, "--set", "full_name=Lê Thị Hoa", "--confirm", "id_number",
         "--reason", "theo CCCD"],
        obj=embedded.settings,
    )  # fmt: skip
    assert fixed.exit_code == 0, fixed.output
    assert "version 2" in fixed.output
    stale = runner.invoke(
        cli,
        ["review", "fix", doc, "--version", "1", "--confirm", "full_name"],
        obj=embedded.settings,
    )
    assert stale.exit_code == 7 and "version 2" in stale.output
    shown = runner.invoke(cli, ["show", doc, "--json"], obj=embedded.settings)
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    assert data["version"] == 2 and data["fields"]["full_name"]["value"] == "Lê Thị Hoa"
    assert data["fields"]["full_name"]["read_as"] == "Nguyen Van Aan"
    assert [v["version"] for v in data["versions"]] == [1, 2]
    assert data["objects"]["document.pdf"].endswith("/v1/document.pdf")
    assert data["objects"]["metadata.json"].endswith("/v2/metadata.json")
    assert data["signature"]["level"] == "B-B"
    text = runner.invoke(cli, ["show", doc], obj=embedded.settings)
    assert "read as 'Nguyen Van Aan'" in text.output and "theo CCCD" in text.output
    # the API sees what the CLI wrote
    api_view = embedded.client.get(f"/v1/documents/{doc}", headers=embedded.auth("archivist"))
    assert api_view.json()["fields"]["full_name"] == "Lê Thị Hoa"


def _login(embedded: Api, who: str) -> None:
    embedded.client.cookies.clear()
    form = embedded.client.get("/").text
    data = {"token": embedded.tokens[who], **_csrf(form)}
    r = embedded.client.post("/login", data=data, follow_redirects=False)
    assert r.status_code == 303


def _csrf(page: str) -> dict[str, str]:
    """The page's CSRF form value (the login form's, or the web session's)."""
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    return {"csrf": found.group(1)} if found else {}


def test_review_pages_list_show_boxes_and_save_a_field(
    embedded: Api, docs: dict[str, DocumentRecord]
) -> None:
    doc = docs["dt_web"].document_id
    _login(embedded, "counter_dt")
    try:
        queue = embedded.client.get("/review")
        assert queue.status_code == 200 and f"/review/{doc}" in queue.text
        assert docs["hn"].document_id not in queue.text
        assert "chữ đọc không rõ (độ tin cậy 41 &lt; 60)" in queue.text  # reasons in Vietnamese
        page = embedded.client.get(f"/review/{doc}")
        assert page.status_code == 200
        assert 'id="box-full_name"' in page.text and 'id="box-date_of_birth"' in page.text
        assert 'id="f-full_name"' in page.text and "autofocus" in page.text
        token = _csrf(page.text)
        assert token, "the review form carries the session's CSRF value"
        forged = embedded.client.post(  # a form from elsewhere, without the session's value
            f"/review/{doc}",
            data={"version": "1", "key": "full_name", "value": "X Y", "csrf": "forged"},
        )
        assert forged.status_code == 403
        saved = embedded.client.post(
            f"/review/{doc}",
            data={"version": "1", "key": "full_name", "value": "Phạm Văn Nam", **token},
            follow_redirects=False,
        )
        assert saved.status_code == 303, saved.text
        stale = embedded.client.post(
            f"/review/{doc}",
            data={"version": "1", "key": "id_number", "value": "087093001234", **token},
        )
        assert stale.status_code == 409 and "phiên bản" in stale.text
        bad = embedded.client.post(
            f"/review/{doc}",
            data={"version": "2", "key": "date_of_birth", "value": "99/99/1990", **token},
        )
        assert bad.status_code == 422 and 'role="alert"' in bad.text
        assert "Không lưu được" in bad.text
        shown = embedded.client.get(f"/review/{doc}?done=full_name")
        assert "Máy đọc được: «Nguyen Van Aan»" in shown.text
        _login(embedded, "counter_hn")
        other = embedded.client.get(f"/review/{doc}")
        assert other.status_code == 403
    finally:
        embedded.client.cookies.clear()
    record = embedded.app.state.services.ctx.catalog.get(doc)
    assert record.version == 2 and record.fields["full_name"] == "Phạm Văn Nam"
    assert record.review_reasons == {
        "id_number": "citizen ID year digits 93 disagree with birth year 1990"
    }
