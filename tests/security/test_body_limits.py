"""Bodies are limited before anything parses them; errors never echo what was sent.

Before: a 16 MB invalid JSON body, even without a token, froze the server for 12 s and came
back whole in the 422.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from api_helpers import Api
from security_helpers import open_dossier

from api.limits import MAX_BODY_BYTES


def test_a_16_mb_json_body_without_token_is_refused_at_once_and_not_echoed(api: Api) -> None:
    body = b'{"procedure_code": "' + b"A" * (16 * 1024 * 1024) + b'"'
    started = time.perf_counter()
    r = api.client.post("/v1/dossiers", content=body, headers={"Content-Type": "application/json"})
    took = time.perf_counter() - started
    assert r.status_code == 413, r.text[:200]
    assert len(r.content) < 500 and b"AAAA" not in r.content
    assert took < 2.0, took


def test_a_streamed_body_without_length_is_cut_at_the_limit(api: Api) -> None:
    def chunks() -> Iterator[bytes]:  # chunked: no Content-Length to refuse it by
        for _ in range(4096):
            yield b"x" * 1024

    r = api.client.post(
        "/v1/dossiers",
        content=chunks(),
        headers={**api.auth("counter_hn"), "Content-Type": "application/json"},
    )
    assert r.status_code == 413
    assert f"{MAX_BODY_BYTES // 1024} KB" in r.json()["detail"]


def test_a_validation_error_names_the_field_but_never_echoes_the_value(api: Api) -> None:
    value = "Z" * 5000
    r = api.client.post(
        "/v1/dossiers",
        json={"procedure_code": value, "owner_id": "087190001234"},
        headers=api.auth("counter_hn"),
    )
    assert r.status_code == 422
    assert "procedure_code" in r.text
    assert "ZZZZZZZZ" not in r.text and len(r.content) < 2000


def test_an_upload_form_over_the_limit_is_refused_before_it_is_read(api: Api) -> None:
    dossier = open_dossier(api)
    r = api.client.post(
        f"/v1/dossiers/{dossier}/components",
        content=b"0" * (3 * 1024 * 1024),
        headers={**api.auth("counter_hn"), "Content-Type": "multipart/form-data; boundary=x"},
    )
    assert r.status_code == 413


def test_an_image_error_shows_no_python_object(api: Api) -> None:
    from api_helpers import multipart

    dossier = open_dossier(api)
    body, ctype = multipart(b"II*\x00" + b"garbage" * 20, filename="x.tif")  # TIFF magic only
    r = api.client.post(
        f"/v1/dossiers/{dossier}/components",
        content=body,
        headers={**api.auth("counter_hn"), "Content-Type": ctype},
    )
    assert 400 <= r.status_code < 500
    assert "object at 0x" not in r.text and "<_io" not in r.text
