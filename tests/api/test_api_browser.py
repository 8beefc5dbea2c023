"""An archivist logs in with a token, searches "dong thap", opens the result: fields and signature."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from api_helpers import Served
from support import need

pytestmark = [pytest.mark.services, pytest.mark.browser]
CHROMIUM = Path("/usr/bin/chromium")
# the screenshots kept in docs/ are refreshed on demand only, so a test run leaves the tree clean
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
UPDATE_DOCS = os.environ.get("UPDATE_SCREENSHOTS") == "1"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def test_archivist_logs_in_searches_and_sees_fields_and_signature(
    served: Served, digitized: dict[str, Any], tmp_path: Path
) -> None:
    need(CHROMIUM.exists() or shutil.which("chromium") is not None, "Debian chromium is absent")
    from playwright.sync_api import expect, sync_playwright

    document_id = digitized["status"]["document_id"]
    shots = DOCS_SCREENSHOTS if UPDATE_DOCS else tmp_path  # UPDATE_SCREENSHOTS=1 refreshes docs/
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="vi-VN")
            page.goto(served.base_url + "/")
            expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
            # keyboard only: the token field has focus, Enter submits
            page.get_by_label("Mã truy cập").fill("sohoa_wrong")
            page.keyboard.press("Enter")
            expect(page.get_by_role("alert")).to_contain_text("không đúng")
            page.get_by_label("Mã truy cập").fill(served.api.tokens["archivist"])
            page.keyboard.press("Enter")

            search = page.get_by_label("Từ khóa (có dấu hoặc không dấu)")
            expect(search).to_be_focused()
            search.fill("dong thap")
            search.press("Enter")
            expect(page.locator("#results-title")).to_contain_text("kết quả")
            hit = page.locator("li.hit").first
            expect(hit.locator("mark").first).to_be_visible()
            thumb = hit.locator("img.thumb")
            expect(thumb).to_be_visible()
            page.wait_for_function(  # the thumbnail is a real rendered page, not a broken image
                "img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle()
            )
            page.screenshot(path=str(shots / "search.png"), full_page=True)

            link = hit.get_by_role("link").first
            link.focus()
            page.keyboard.press("Enter")
            page.wait_for_url(f"**/documents/{document_id}")
            expect(page.get_by_role("heading", name="Chữ ký số")).to_be_visible()
            expect(page.locator("#signature-status")).to_have_text("Chữ ký hợp lệ")
            expect(page.get_by_role("heading", name="Thông tin trích xuất")).to_be_visible()
            expect(page.get_by_role("rowheader", name="Loại giấy tờ")).to_be_visible()
            name_row = page.get_by_role("row").filter(
                has=page.get_by_role("rowheader", name="Họ và tên")
            )
            expect(name_row).to_contain_text("Nguyễn Thị Ánh Tuyết")
            expect(page.get_by_role("link", name="Tải xuống PDF đã ký")).to_be_visible()
            expect(page.get_by_role("img", name="Trang 1")).to_be_visible()
            page.screenshot(path=str(shots / "document.png"), full_page=True)
        finally:
            browser.close()
    events = served.api.client.get("/v1/audit", headers=served.api.auth("admin")).json()
    web_reads = [e for e in events if e["action"] == "read_document" and e["detail"] == "web"]
    assert any(e["target"] == document_id for e in web_reads)
