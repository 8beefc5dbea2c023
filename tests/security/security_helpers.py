"""Helpers of the security tests: tokens of every role, dossiers, uploads, inputs made here."""

from __future__ import annotations

import io
from typing import Any

import httpx
from api_helpers import Api, multipart
from fastapi import FastAPI
from PIL import Image


def make_tokens(app: FastAPI) -> dict[str, str]:
    """One token per role; counters of two offices (Hà Nội, Đồng Tháp)."""
    access = app.state.services.access
    return {
        "admin": access.create_token("admin", None, "Quản trị")[1],
        "archivist": access.create_token("archivist", None, "Lưu trữ viên")[1],
        "counter_hn": access.create_token("counter", "HN-01", "Một cửa Hà Nội")[1],
        "counter_dt": access.create_token("counter", "DT-01", "Một cửa Đồng Tháp")[1],
    }


def open_dossier(api: Api, who: str = "counter_hn", owner: str = "087190001234") -> str:
    r = api.client.post(
        "/v1/dossiers",
        json={"procedure_code": "1.001234", "owner_id": owner},
        headers=api.auth(who),
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def upload(api: Api, dossier: str, data: bytes, who: str = "counter_hn", **fields: str) -> Any:
    body, ctype = multipart(data, filename="scan.png", fields={"role": "submitted", **fields})
    r: httpx.Response = api.client.post(
        f"/v1/dossiers/{dossier}/components",
        content=body,
        headers={**api.auth(who), "Content-Type": ctype},
    )
    return r


def png(width: int, height: int, shade: int = 255) -> bytes:
    """A valid grey PNG of this size and one shade, made here with Pillow."""
    out = io.BytesIO()
    Image.new("L", (width, height), shade).save(out, format="PNG")
    return out.getvalue()


def file_document(
    api: Api,
    *,
    owner: str,
    office: str,
    doc_type: str = "decision",
    number: str = "45/QĐ-UBND",
    n: int = 1,
) -> str:
    """A filed document held by `office` (catalog row + a PDF in the archive), made here."""
    from datetime import UTC, datetime

    from storage.catalog import DocumentRecord

    services = api.app.state.services
    sha = f"{n:064x}"
    prefix = f"documents/2026/01/doc{n:05d}/v1/"
    services.ctx.store.put(
        prefix + "document.pdf",
        b"%PDF-1.7 secret of " + office.encode(),
        content_type="application/pdf",
    )
    services.ctx.catalog.add(
        DocumentRecord(
            document_id=f"doc{n:05d}",
            version=1,
            sha256=sha,
            original_key=f"originals/sha256/{sha[:2]}/{sha}.png",
            prefix=prefix,
            created_at=datetime(2026, 1, 5, tzinfo=UTC),
            filename="qd.png",
            pages=1,
            doc_type=doc_type,
            fields={"full_name": "Nguyễn Thị Ánh Tuyết", "document_number": number},
            owner_id=owner,
            document_number=number,
            issue_date="2026-01-05",
            receiving_office=office,
            text="QUYẾT ĐỊNH Nguyễn Thị Ánh Tuyết",
        )
    )
    return f"doc{n:05d}"
