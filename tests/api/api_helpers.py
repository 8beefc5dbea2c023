"""Inputs of the API tests, made here so each says what it is: scans, bombs, encrypted PDFs."""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image, ImageDraw, ImageFont

from pipeline.settings import Settings

SERIF = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
SERIF_BOLD = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf")


@dataclass
class Api:
    """An app, its settings and one token per role (counters of two offices)."""

    app: FastAPI
    settings: Settings
    tokens: dict[str, str]
    client: TestClient

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


@dataclass
class Served:
    base_url: str
    api: Api


CONFIRMATION = [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
    ("Độc lập - Tự do - Hạnh phúc", True),
    ("", False),
    ("ĐƠN ĐỀ NGHỊ XÁC NHẬN CƯ TRÚ", True),
    ("Kính gửi: Công an xã Mỹ Hiệp", False),
    ("Họ và tên: Nguyễn Thị Ánh Tuyết", False),
    ("Số định danh cá nhân: 087190001234", False),
    ("Ngày sinh: 12/05/1990", False),
    ("Nơi thường trú: xã Mỹ Hiệp, huyện Cao Lãnh, tỉnh Đồng Tháp", False),
    ("Số điện thoại: 0912345678", False),
]

# search text that trips FTS/tsquery parsers when passed through unescaped
NASTY_QUERIES = [
    '"',
    "*",
    "NEAR(",
    "a AND OR",
    "'; DROP TABLE x; --",
    "\\",
    "🙂",
    "đ" * 400,
    "-x",
    "()",
]


def scan(
    lines: list[tuple[str, bool]] = CONFIRMATION, *, dpi: int = 200, marker: str = ""
) -> bytes:
    """A clean half-page scan (PNG, grey, `dpi`) of Vietnamese text lines (text, bold?)."""
    width, height = int(8.27 * dpi), int(5.0 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    size = int(dpi * 13 / 72)  # 13 pt
    y = int(0.4 * dpi)
    for text, bold in [*lines, *([(marker, False)] if marker else [])]:
        font = ImageFont.truetype(str(SERIF_BOLD if bold else SERIF), size)
        if text:
            box = draw.textbbox((0, 0), text, font=font)
            x = (width - (box[2] - box[0])) // 2 if bold else int(0.8 * dpi)
            draw.text((x, y), text, font=font, fill=0)
        y += int(size * 1.6)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def tiny_png(seed: int = 0) -> bytes:
    """A small valid PNG (distinct per seed) for tests that never reach OCR."""
    image = Image.new("L", (64, 48), 255)
    ImageDraw.Draw(image).text((2, 2), str(seed), fill=0)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(side: int = 20_000) -> bytes:
    """A real decompression bomb: a valid all-white 1-bit PNG of side² pixels in ~50 KB."""
    row = b"\x00" + b"\xff" * ((side + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", body)
        + _chunk(b"IEND", b"")
    )


def multipage_tiff(pages: int) -> bytes:
    frames = [Image.new("L", (80, 60), 255) for _ in range(pages)]
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:])
    return out.getvalue()


def encrypted_pdf() -> bytes:
    """A one-page PDF protected by a user password."""
    out = io.BytesIO()
    Image.new("L", (200, 100), 255).save(out, format="PDF", resolution=100)
    encrypted = io.BytesIO()
    with pikepdf.open(io.BytesIO(out.getvalue())) as pdf:
        pdf.save(encrypted, encryption=pikepdf.Encryption(owner="owner-pw", user="user-pw"))
    return encrypted.getvalue()


def multipart(
    content: bytes,
    *,
    filename: str = "scan.png",
    fields: dict[str, str] | None = None,
    content_type: str = "application/octet-stream",
) -> tuple[bytes, str]:
    """A multipart/form-data body built byte by byte (so a file name may hold NUL, .., \\)."""
    boundary = "sohoa-test-boundary-7f3a"
    parts: list[bytes] = []
    for name, value in (fields if fields is not None else {"role": "submitted"}).items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="'.encode()
        + filename.encode("utf-8", "surrogateescape")
        + f'"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def csrf_of(html: str) -> str:
    """The CSRF value of the first form of a page (login or logout)."""
    import re

    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def web_login(client: TestClient, secret: str) -> Any:
    """Log in as the login form does: fetch the page (its CSRF value), then post it."""
    client.cookies.clear()
    csrf = csrf_of(client.get("/").text)
    return client.post("/login", data={"token": secret, "csrf": csrf}, follow_redirects=False)
