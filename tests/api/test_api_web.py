"""The web page without a browser: login, roles, bad form values, batch progress, audit, escaping."""

from __future__ import annotations

from api_helpers import Api, csrf_of, web_login

from api.routes.web import snippet_html
from storage.jobs import JobRecord


def _login(api: Api, who: str) -> None:
    r = web_login(api.client, api.tokens[who])
    assert r.status_code == 303
    assert "httponly" in r.headers["set-cookie"].lower()
    assert "samesite=strict" in r.headers["set-cookie"].lower()


def test_login_page_and_wrong_token(embedded: Api) -> None:
    embedded.client.cookies.clear()
    page = embedded.client.get("/")
    assert page.status_code == 200
    assert '<html lang="vi">' in page.text and 'label for="token"' in page.text
    bad = embedded.client.post("/login", data={"token": "sohoa_nope", "csrf": csrf_of(page.text)})
    assert bad.status_code == 401
    assert "Mã truy cập không đúng" in bad.text


def test_search_page_for_archivist_with_bad_values_never_fails(embedded: Api) -> None:
    _login(embedded, "archivist")
    c = embedded.client
    assert "Tra cứu tài liệu số hóa" in c.get("/").text
    r = c.get("/", params={"q": "dong thap"})
    assert r.status_code == 200 and "0 kết quả" in r.text
    r = c.get("/", params={"q": "x", "date_from": "31/12/2024"})
    assert r.status_code == 200 and "Ngày không hợp lệ" in r.text
    r = c.get("/", params={"q": "x", "page": "abc"})
    assert r.status_code == 200
    r = c.get("/", params={"q": "x\x00<script>alert(1)</script>"})
    assert r.status_code == 200 and "<script>alert(1)" not in r.text
    assert c.get("/documents/does-not-exist").status_code == 404
    assert c.get("/documents/../../etc/passwd").status_code == 404


def test_counter_is_told_search_is_for_archivists(embedded: Api) -> None:
    _login(embedded, "counter_hn")
    r = embedded.client.get("/")
    assert r.status_code == 403 and "dành cho cán bộ lưu trữ" in r.text
    assert embedded.client.get("/audit").status_code == 403
    assert embedded.client.get("/batches").status_code == 403


def test_pages_need_a_login(embedded: Api) -> None:
    embedded.client.cookies.clear()
    for path in ("/batches", "/audit", "/documents/abc"):
        r = embedded.client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/"


def test_batch_progress_view_shows_counts_and_failures(embedded: Api) -> None:
    jobs = embedded.app.state.services.jobs
    for i, state in enumerate(["done", "done", "failed", "queued"]):
        job, _ = jobs.create(
            JobRecord(job_id=f"lo-job-{i}", queue="batch", batch="lo-2019", source=f"hs{i}/p.png")
        )
        if state != "queued":
            jobs.set_state(job.job_id, state, reason="ảnh hỏng" if state == "failed" else "")
    _login(embedded, "archivist")
    r = embedded.client.get("/batches", params={"name": "lo-2019"})
    assert r.status_code == 200
    assert "Đã xử lý 3 / 4 (75%)" in r.text
    assert "hs2/p.png" in r.text and "ảnh hỏng" in r.text
    assert 'href="/batches?name=lo-2019"' in r.text
    api = embedded.client.get("/v1/batches/lo-2019", headers=embedded.auth("archivist")).json()
    assert api == {
        "name": "lo-2019",
        "total": 4,
        "counts": {"queued": 1, "processing": 0, "done": 2, "failed": 1},
    }
    bad = embedded.client.get("/batches", params={"name": "../x"})
    assert bad.status_code == 200 and "Tên lô" in bad.text


def test_admin_sees_the_audit_log_and_logout_ends_the_session(embedded: Api) -> None:
    _login(embedded, "admin")
    r = embedded.client.get("/audit")
    assert r.status_code == 200 and "Nhật ký truy cập" in r.text and "login" in r.text
    csrf = csrf_of(r.text)
    out = embedded.client.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    assert out.status_code == 303
    embedded.client.cookies.clear()
    assert "Đăng nhập" in embedded.client.get("/").text


def test_snippets_are_escaped_then_marked() -> None:
    html = str(snippet_html("<b>x</b> tỉnh «Đồng» «Tháp» <mark>a</mark>"))
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "<mark>Đồng</mark> <mark>Tháp</mark>" in html and "<mark>a</mark>" in html


def test_web_login_cookie_does_not_work_on_the_json_api(embedded: Api) -> None:
    _login(embedded, "archivist")
    assert embedded.client.get("/v1/search", params={"q": "x"}).status_code == 401
