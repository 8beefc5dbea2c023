"""The visible stamp renders Vietnamese correctly: render page 1 with pdftoppm, OCR the stamp."""

from __future__ import annotations

import io
import os
import subprocess
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import pikepdf
from PIL import Image
from support import need_tool

from signing.config import SignerConfig, SignOptions
from signing.sign import sign

DPI = 300


def _render_stamp(pdf: bytes, tmp_path: Path) -> Image.Image:
    pdftoppm = need_tool("pdftoppm")
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        [
            pdftoppm,
            "-r",
            str(DPI),
            "-f",
            "1",
            "-l",
            "1",
            "-gray",
            "-png",
            str(path),
            str(tmp_path / "p"),
        ],
        check=True,
        timeout=60,
    )
    page = Image.open(next(tmp_path.glob("p*.png")))
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        x1, y1, x2, y2 = (float(v) for v in doc.pages[0].Annots[0].Rect)
        height = float(doc.pages[0].MediaBox[3])
    scale = DPI / 72
    pad = 6
    return page.crop(
        (
            int(x1 * scale) - pad,
            int((height - y2) * scale) - pad,
            int(x2 * scale) + pad,
            int((height - y1) * scale) + pad,
        )
    )


def _ocr(image: Image.Image, tmp_path: Path) -> str:
    tesseract = need_tool("tesseract")
    png = tmp_path / "stamp.png"
    image.save(png)
    done = subprocess.run(
        [tesseract, str(png), "stdout", "-l", "vie", "--psm", "6"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        check=True,
    )
    return unicodedata.normalize("NFC", done.stdout)


def test_stamp_shows_vietnamese_name_copy_form_and_iso_time(
    pdfa: bytes, dev_signer: SignerConfig, tmp_path: Path
) -> None:
    options = SignOptions(
        agency_name="Nguyễn Thị Ánh Tuyết",
        clock=lambda: datetime(2026, 3, 9, 1, 2, 3, tzinfo=UTC),
    )
    stamp = _render_stamp(sign(pdfa, dev_signer, options), tmp_path)
    text = _ocr(stamp, tmp_path)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines[0] == "BẢN SAO ĐIỆN TỬ", text
    assert lines[1] == "Nguyễn Thị Ánh Tuyết", text
    assert lines[2].replace(" ", "") == "2026-03-09T08:02:03+07:00", text


def test_stamp_text_is_black_on_white(
    pdfa: bytes, dev_signer: SignerConfig, tmp_path: Path
) -> None:
    stamp = _render_stamp(sign(pdfa, dev_signer, SignOptions(agency_name="Sở Tư pháp")), tmp_path)
    extrema = stamp.convert("L").getextrema()
    low, high = cast(tuple[int, int], extrema)
    assert low < 40 and high == 255  # black ink, white paper, no image or frame behind


def test_a_long_agency_name_wraps_inside_the_page(
    pdfa: bytes, dev_signer: SignerConfig, tmp_path: Path
) -> None:
    agency = (
        "Bộ phận Tiếp nhận và Trả kết quả Ủy ban nhân dân phường Bến Nghé, Quận 1, TP. Hồ Chí Minh"
    )
    signed = sign(pdfa, dev_signer, SignOptions(agency_name=agency))
    with pikepdf.open(io.BytesIO(signed)) as doc:
        x1, y1, x2, y2 = (float(v) for v in doc.pages[0].Annots[0].Rect)
    assert x1 > 595 / 2 - 20 and x2 <= 595
    assert y2 - y1 > 4 * 12  # copy form, the agency on two lines, the time
    text = _ocr(_render_stamp(signed, tmp_path), tmp_path)
    assert "Hồ Chí Minh" in text and "+07:00" in text.replace(" ", "")
