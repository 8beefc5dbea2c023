"""The web page: server-side sessions, CSRF on forms, security headers, nothing cached.

Before: the cookie held the raw API token, was never Secure behind a TLS proxy, logout did
not end it, login accepted cross-site posts, pages had no CSP/X-Frame-Options/nosniff and
page images were cacheable for an hour.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from api_helpers import Api, csrf_of, web_login
from fastapi.testclient import TestClient
from security_helpers import file_document, make_tokens

from api.app import create_app
from pipeline.settings import load_settings


def test_the_cookie_is_a_session_id_not_the_token(api: Api) -> None:
    r = web_login(api.client, api.tokens["archivist"])
    assert r.status_code == 303
    cookie = r.headers["set-cookie"]
    assert api.tokens["archivist"] not in cookie
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    assert "secure" not in cookie.lower()  # plain http, no trusted proxy


def test_logout_ends_the_session_on_the_server(api: Api) -> None:
    web_login(api.client, api.tokens["archivist"])
    session = api.client.cookies.get("sohoa_session")
    page = api.client.get("/")
    assert "Đăng xuất" in page.text
    out = api.client.post("/logout", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert out.status_code == 303
    api.client.cookies.clear()
    api.client.cookies.set("sohoa_session", session or "")  # the old cookie, replayed
    assert "Đăng xuất" not in api.client.get("/").text
    api.client.cookies.clear()


def test_logout_without_the_forms_csrf_is_refused(api: Api) -> None:
    web_login(api.client, api.tokens["archivist"])
    r = api.client.post("/logout", data={}, follow_redirects=False)
    assert r.status_code == 403
    assert "Đăng xuất" in api.client.get("/").text  # still logged in
    api.client.cookies.clear()


def test_a_cross_site_login_post_is_refused(api: Api) -> None:
    api.client.cookies.clear()
    r = api.client.post("/login", data={"token": api.tokens["admin"]}, follow_redirects=False)
    assert r.status_code == 403
    assert "sohoa_session" not in r.headers.get("set-cookie", "")


def test_every_post_form_carries_a_csrf_field(api: Api) -> None:
    api.client.cookies.clear()
    assert 'name="csrf"' in api.client.get("/").text  # login form
    web_login(api.client, api.tokens["admin"])
    for path in ("/", "/audit", "/batches"):
        html = api.client.get(path).text
        assert html.count('method="post"') == html.count('name="csrf"'), path
    api.client.cookies.clear()


def test_every_answer_has_security_headers_and_personal_data_is_not_cached(api: Api) -> None:
    doc = file_document(api, owner="087190001234", office="HN-01", n=31)
    web_login(api.client, api.tokens["archivist"])
    answers = [
        api.client.get("/"),
        api.client.get(f"/documents/{doc}"),
        api.client.get(f"/documents/{doc}/thumb.png"),
        api.client.get("/v1/reuse", params={"owner_id": "087190001234"}, headers=api.auth("admin")),
        api.client.get("/healthz"),
    ]
    for r in answers:
        assert "default-src 'none'" in r.headers["content-security-policy"], r.url
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["cache-control"] == "no-store", r.url
    api.client.cookies.clear()


@pytest.fixture
def behind_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """An app that believes X-Forwarded-Proto from the test client's address only."""
    for key in [k for k in os.environ if k.startswith("SOHOA_")]:
        del os.environ[key]
    settings = load_settings(home=tmp_path_factory.mktemp("proxy"), trusted_proxies="testclient")
    app = create_app(settings)
    with TestClient(app) as client:
        yield Api(app, settings, make_tokens(app), client)


def test_the_cookie_is_secure_when_a_trusted_proxy_says_tls(behind_proxy: Api) -> None:
    client = behind_proxy.client
    https = {"X-Forwarded-Proto": "https"}
    page = client.get("/", headers=https)
    assert "secure" in page.headers["set-cookie"].lower()
    csrf = csrf_of(page.text)
    client.cookies.clear()  # the test client keeps Secure cookies for https only: send it here
    r = client.post(
        "/login",
        data={"token": behind_proxy.tokens["archivist"], "csrf": csrf},
        headers={**https, "Cookie": f"sohoa_login={csrf}"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "secure" in r.headers["set-cookie"].lower()


def test_a_forwarded_header_from_an_untrusted_client_is_ignored(api: Api) -> None:
    api.client.cookies.clear()
    page = api.client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "secure" not in page.headers["set-cookie"].lower()
