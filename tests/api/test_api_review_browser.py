"""A clerk reviews a doubtful paper in the browser, keyboard only, on PostgreSQL + S3 + Redis.

The paper (drawn here by api_helpers.scan) prints a citizen ID whose year digits (93) disagree
with the date of birth (1990): extraction flags the ID, so the paper enters the review queue.
The clerk corrects the name and confirms the date; search, reuse, audit and the version
history follow, and the signed PDF stays byte for byte what it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from api_helpers import Served, multipart, scan
from support import need

pytestmark = [pytest.mark.services, pytest.mark.browser]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip
DONE_TIMEOUT_S = 180
# UPDATE_SCREENSHOTS=1 refreshes docs/screenshots/review.png (otherwise a temp dir)
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DOUBTFUL = [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
    ("Độc lập - Tự do - Hạnh phúc", True),
    ("", False),
    ("ĐƠN ĐỀ NGHỊ XÁC NHẬN CƯ TRÚ", True),
    ("Kính gửi: Công an xã Tân Thuận", False),
    ("Họ và tên: Trần Văn Bình", False),
    ("Số định danh cá nhân: 087093001234", False),
    ("Ngày sinh: 12/05/1990", False),
    ("Nơi thường trú: xã Tân Thuận, huyện Cao Lãnh, tỉnh Đồng Tháp", False),
]
OWNER = "087093001234"
CORRECTED = "Trần Văn Bảo"


def _doubtful_document(served: Served) -> tuple[str, str]:
    """(document id, dossier id) of the doubtful paper, uploaded by the Đồng Tháp counter."""
    api = served.api
    r = api.client.post(
        "/v1/dossiers",
        json={"procedure_code": "1.004227", "owner_id": OWNER},
        headers=api.auth("counter_dt"),
    )
    assert r.status_code == 201, r.text
    dossier = str(r.json()["id"])
    body, ctype = multipart(scan(DOUBTFUL), filename="don-tran-van-binh.png")
    r = api.client.post(
        f"/v1/dossiers/{dossier}/components",
        content=body,
        headers={**api.auth("counter_dt"), "Content-Type": ctype},
    )
    assert r.status_code == 202, r.text
    component = r.json()["id"]
    deadline = time.monotonic() + DONE_TIMEOUT_S
    status = api.client.get(f"/v1/components/{component}", headers=api.auth("counter_dt")).json()
    while status["state"] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.5)
        status = api.client.get(
            f"/v1/components/{component}", headers=api.auth("counter_dt")
        ).json()
    assert status["state"] == "done", status
    assert "id_number" in status["review_reasons"], status  # the doubt this test is about
    return str(status["document_id"]), dossier


def _get(served: Served, who: str, path: str) -> Any:
    r = served.api.client.get(path, headers=served.api.auth(who))
    assert r.status_code == 200, r.text
    return r


def _review_in_browser(served: Served, document_id: str, shots: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
            page.goto(served.base_url + "/")
            page.get_by_label("Mã truy cập").fill(served.api.tokens["counter_dt"])
            page.keyboard.press("Enter")
            queue_link = page.get_by_role("link", name="Kiểm tra lại")
            queue_link.focus()
            page.keyboard.press("Enter")
            expect(page.get_by_role("heading", name="Tài liệu cần kiểm tra lại")).to_be_visible()
            row = page.get_by_role("row").filter(has_text="don-tran-van-binh.png")
            expect(row).to_contain_text("Số định danh cá nhân")
            row.get_by_role("link").focus()
            page.keyboard.press("Enter")
            page.wait_for_url(f"**/review/{document_id}")
            # the flagged field has the focus and its box is drawn on the scan
            expect(page.get_by_label("Số định danh cá nhân", exact=True)).to_be_focused()
            expect(page.locator("#box-id_number")).to_have_count(1)
            # the focused field's box is lit (review.js runs under the page's CSP)
            expect(page.locator("#box-id_number")).to_have_class(re.compile(r"\bactive\b"))
            expect(page.locator("#box-full_name")).to_have_count(1)
            page.wait_for_function(
                "img => img.complete && img.naturalWidth > 0",
                arg=page.get_by_role("img", name="Trang 1").element_handle(),
            )
            page.screenshot(path=str(shots / "review.png"), full_page=True)
            # back to the name (Shift+Tab past its reason box), type the right one, Enter
            page.keyboard.press("Shift+Tab")
            page.keyboard.press("Shift+Tab")
            name = page.get_by_label("Họ và tên", exact=True)
            expect(name).to_be_focused()
            page.keyboard.press("Control+A")
            page.keyboard.type(CORRECTED)
            page.keyboard.press("Tab")
            page.keyboard.type("Sai tên so với CCCD")
            page.keyboard.press("Enter")
            expect(page.get_by_role("status").first).to_contain_text("Đã lưu Họ và tên")
            expect(page.get_by_label("Họ và tên", exact=True)).to_have_value(CORRECTED)
            # the focus is back on the flagged ID; Tab twice reaches the date; Enter confirms it
            expect(page.get_by_label("Số định danh cá nhân", exact=True)).to_be_focused()
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            expect(page.get_by_label("Ngày sinh", exact=True)).to_be_focused()
            page.keyboard.press("Enter")
            expect(page.get_by_role("status").first).to_contain_text("Đã lưu Ngày sinh")
            expect(page.locator("#doc-version")).to_have_text("3")
        finally:
            browser.close()


def test_clerk_corrects_a_name_and_confirms_a_date_with_the_keyboard(
    served: Served, tmp_path: Path
) -> None:
    need(CHROMIUM.exists() or shutil.which("chromium") is not None, "Debian chromium is absent")
    document_id, dossier = _doubtful_document(served)
    read = _get(served, "counter_dt", f"/v1/documents/{document_id}").json()
    pdf_before = _get(served, "archivist", f"/v1/documents/{document_id}/document.pdf").content
    queue = _get(served, "counter_dt", "/v1/review").json()
    assert document_id in [d["document_id"] for d in queue["documents"]]

    shots = DOCS_SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    _review_in_browser(served, document_id, shots)

    doc = _get(served, "archivist", f"/v1/documents/{document_id}").json()
    assert doc["version"] == 3 and doc["fields"]["full_name"] == CORRECTED
    hits = _get(served, "archivist", "/v1/search?q=tran+van+bao").json()["hits"]
    assert document_id in [h["document"]["document_id"] for h in hits]
    # the counter asks for the dossier it holds of this owner: the content comes corrected
    reuse = _get(served, "counter_dt", f"/v1/reuse?owner_id={OWNER}&dossier_id={dossier}").json()[
        "documents"
    ]
    assert [d["fields"]["full_name"] for d in reuse if d["document_id"] == document_id] == [
        CORRECTED
    ]
    events = _get(served, "admin", "/v1/audit?limit=500").json()
    mine = [json.loads(e["detail"]) | {"action": e["action"]} for e in events
            if e["target"] == document_id and e["action"] in ("correct_field", "confirm_field")]  # fmt: skip
    assert {
        "action": "correct_field",
        "field": "full_name",
        "old": read["fields"]["full_name"],
        "new": CORRECTED,
    }.items() <= next(e for e in mine if e["field"] == "full_name").items()
    assert any(e["action"] == "confirm_field" and e["field"] == "date_of_birth" for e in mine)
    versions = _get(served, "counter_dt", f"/v1/documents/{document_id}/versions").json()
    assert [v["version"] for v in versions] == [1, 2, 3]
    assert versions[1]["reason"] == "Sai tên so với CCCD"
    assert versions[1]["changes"][0]["field"] == "full_name"
    assert versions[2]["changes"][0] | {} == {
        "field": "date_of_birth",
        "action": "confirmed",
        "old": read["fields"]["date_of_birth"],
        "new": read["fields"]["date_of_birth"],
        "old_reason": read["review_reasons"].get("date_of_birth", ""),
    }
    assert versions[2]["by"]["office"] == "DT-01"
    pdf_after = _get(served, "archivist", f"/v1/documents/{document_id}/document.pdf").content
    assert pdf_after == pdf_before
