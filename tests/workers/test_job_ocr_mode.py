"""A worker reads each job's pages with the OCR mode the job was received with."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf

from pipeline.settings import Settings
from workers.runtime import Runtime


def text_pdf() -> bytes:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    line = b"BT /F1 14 Tf 72 760 Td (Cho phep cap so 1234 cho nha o tai xa Long Hai) Tj ET"
    page.obj.Contents = pdf.make_stream(line)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def test_the_jobs_ocr_mode_decides_whether_a_pdfs_own_text_is_kept(tmp_path: Path) -> None:
    runtime = Runtime(Settings.model_validate({"home": tmp_path, "ocr_engine": "null"}))
    data = text_pdf()
    kept = runtime.process_page(data, "pdf", 0, ocr_mode="redo")
    assert kept.steps[0] == "born-digital"
    forced = runtime.process_page(data, "pdf", 0, ocr_mode="force")
    assert "born-digital" not in forced.steps  # read as an image, its text layer ignored
    assert runtime.process_page(data, "pdf", 0).steps[0] == "born-digital"  # settings: auto
