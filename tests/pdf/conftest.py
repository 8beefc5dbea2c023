"""Fixtures of the PDF/ALTO tests (helpers live in pdf_helpers.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pdf_helpers import RenderedPage, render_page

from ocr.pdf.assemble import PdfInfo, PdfPage, assemble_pdf


@pytest.fixture(scope="session")
def grey_page() -> RenderedPage:
    return render_page()


@pytest.fixture(scope="session")
def colour_page() -> RenderedPage:
    return render_page(("Đồng Tháp, ngày 15 tháng 3 năm 2024", "Nguyễn Văn Ánh"), colour=True)


@pytest.fixture
def info() -> PdfInfo:
    return PdfInfo(
        title="Giấy xác nhận cư trú",
        author="UBND xã Mỹ An",
        subject="xac_nhan_cu_tru",
        keywords=["xac_nhan_cu_tru", "087190001234"],
        creator="sohoa 0.1.0",
        created=datetime(2024, 3, 15, 9, 30, 5, tzinfo=timezone(timedelta(hours=7))),
        custom={"doc_type": "xac_nhan_cu_tru", "owner_id": "087190001234"},
    )


@pytest.fixture(scope="session")
def two_page_pdf(grey_page: RenderedPage, colour_page: RenderedPage) -> bytes:
    """A grey A4 page and a colour A4 page, both at 300 dpi, no custom metadata."""
    plain = PdfInfo(
        title="Giấy xác nhận",
        author="UBND xã Mỹ An",
        subject="xac_nhan",
        keywords=["xac_nhan"],
        creator="sohoa test",
        created=datetime(2024, 3, 15, 9, 30, 5, tzinfo=timezone(timedelta(hours=7))),
    )
    pages = [
        PdfPage(grey_page.image, 300, grey_page.text),
        PdfPage(colour_page.image, 300, colour_page.text),
    ]
    return assemble_pdf(pages, plain)


@pytest.fixture
def write_pdf(tmp_path: Path) -> Callable[..., Path]:
    """Write PDF bytes to a file in the test's temp dir and return its path."""

    def write(data: bytes, name: str = "out.pdf") -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write
