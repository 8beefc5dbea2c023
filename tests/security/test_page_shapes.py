"""A page too small or too thin is refused with its reason before 202, in every front end.

A 1x1 PNG crashed OpenCV (segfault) in the worker after the API answered 202; the check now
sits in `pipeline.ingest`, shared by the API, `sohoa digitize` and backfill.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from api_helpers import Api, tiny_png
from security_helpers import open_dossier, png, upload

from common.errors import BrokenInput
from ocr.image.rasterize import Limits
from pipeline.ingest import ingest
from pipeline.model import Component
from pipeline.runner import LocalRunner


def pdf_page(width_pt: float, height_pt: float) -> bytes:
    """A valid one-page PDF whose MediaBox is this size in points, made here with pikepdf."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(width_pt, height_pt))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("width", "height", "reason"),
    [(1, 1, "under 16 pixels"), (2000, 1, "under 16 pixels"), (2000, 30, "1:50")],
)
def test_a_page_too_small_or_too_thin_is_refused_with_its_reason(
    width: int, height: int, reason: str
) -> None:
    with pytest.raises(BrokenInput) as refused:
        ingest(png(width, height), filename="x.png", limits=Limits())
    assert reason in refused.value.message
    assert f"{width}x{height}" in refused.value.message


def test_a_pdf_page_of_a_point_is_refused() -> None:
    with pytest.raises(BrokenInput, match="under 16 pixels"):
        ingest(pdf_page(3, 3), filename="x.pdf", limits=Limits())


def test_a_small_but_real_scan_is_accepted() -> None:
    assert ingest(png(16, 400), filename="x.png", limits=Limits()).pages == 1
    assert ingest(pdf_page(595, 842), filename="a4.pdf", limits=Limits()).pages == 1


def test_the_api_refuses_a_one_pixel_png_before_202(api: Api) -> None:
    dossier = open_dossier(api)
    for size in ((1, 1), (2000, 1)):
        r = upload(api, dossier, png(*size))
        assert r.status_code == 422, r.text
        assert "not a scan of a paper" in r.json()["detail"]
    assert api.app.state.services.jobs.list() == []
    ok = upload(api, dossier, tiny_png(3))
    assert ok.status_code == 202, ok.text


def test_the_cli_runner_refuses_it_without_reaching_opencv(tmp_path: Path) -> None:
    from pipeline.context import open_context
    from pipeline.settings import load_settings

    path = tmp_path / "dot.png"
    path.write_bytes(png(1, 1))
    ctx = open_context(load_settings(home=tmp_path / "home"))
    try:
        outcome = LocalRunner(ctx, processes=1).prepare(Component(path=path))
    finally:
        ctx.close()
    assert not hasattr(outcome, "data"), "the 1x1 page was sent on to OCR"
    assert outcome.status == "failed" and "not a scan of a paper" in outcome.error  # type: ignore[union-attr]


def test_sohoa_digitize_reports_the_reason_and_does_not_crash(tmp_path: Path) -> None:
    (tmp_path / "thin.png").write_bytes(png(2000, 1))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    env["SOHOA_HOME"] = str(tmp_path / "home")
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "sohoa"), "digitize", str(tmp_path / "thin.png")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 3, proc.stderr
    assert "not a scan of a paper" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_worker_given_an_old_one_pixel_original_fails_the_page_instead_of_crashing(
    tmp_path: Path,
) -> None:
    """A message queued before the intake check (redelivered after an upgrade) must not segfault."""
    code = (
        "import io, sys\n"
        "from PIL import Image\n"
        "from common.errors import BrokenInput\n"
        "from pipeline.settings import load_settings\n"
        "from pipeline.steps import PageOptions, process_page\n"
        "out = io.BytesIO(); Image.new('L', (1, 1), 255).save(out, format='PNG')\n"
        "options = PageOptions.from_settings(load_settings(home=sys.argv[1]))\n"
        "try:\n"
        "    process_page(out.getvalue(), 'png', 0, options)\n"
        "except BrokenInput as e:\n"
        "    print('refused:', e.message)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "home")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"the page step died (exit {proc.returncode}): {proc.stderr}"
    assert "refused:" in proc.stdout and "not a scan of a paper" in proc.stdout
