"""A page that kills its OCR process fails its own file alone: the pool is replaced and every
other file of the run is digitized (fault injected through the real in-process runner)."""

from __future__ import annotations

import faulthandler
import os
import signal
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.image.rasterize import Format, load_page
from pipeline import steps
from pipeline.context import open_context
from pipeline.model import Component, PageOutcome
from pipeline.runner import LocalRunner
from pipeline.settings import load_settings

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
POISON_WIDTH = 1241  # the width of the page that crashes its process (the others are 1240)


def page(path: Path, line: str, *, poison: bool = False) -> Path:
    """A small clean page of Vietnamese print at 300 dpi (made here, for this test)."""
    image = Image.new("L", (POISON_WIDTH if poison else 1240, 700), 255)
    draw = ImageDraw.Draw(image)
    draw.text((120, 200), line, font=ImageFont.truetype(str(FONT), 44), fill=0)
    image.save(path, dpi=(300, 300))
    return path


def crashing_process_page(
    data: bytes, fmt: Format, index: int, options: steps.PageOptions
) -> PageOutcome:
    """The real page step, except that it dies like a segfault in OpenCV on the poisoned page."""
    source = load_page(data, fmt, index, options.limits)
    if source.image.shape[1] == POISON_WIDTH:
        faulthandler.disable()  # no dump in the test log: the crash is the point
        os.kill(os.getpid(), signal.SIGSEGV)
    return REAL(data, fmt, index, options)


REAL = steps.process_page


def test_a_page_that_kills_its_process_fails_alone_and_the_others_are_digitized(
    sohoa_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the pool forks: its processes run the patched step
    monkeypatch.setattr(steps, "process_page", crashing_process_page)
    files = [
        page(tmp_path / "a.png", "Ủy ban nhân dân tỉnh Đồng Tháp"),
        page(tmp_path / "b.png", "Giấy khai sinh", poison=True),
        page(tmp_path / "c.png", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        page(tmp_path / "d.png", "Quyết định về việc cấp giấy phép"),
        page(tmp_path / "e.png", "Độc lập - Tự do - Hạnh phúc"),
    ]
    ctx = open_context(load_settings())
    try:
        outcomes = LocalRunner(ctx, processes=2).run([Component(path=f) for f in files])
    finally:
        ctx.close()
    status = {o.component.name: o.status for o in outcomes}
    assert status == {
        "a.png": "done",
        "b.png": "failed",
        "c.png": "done",
        "d.png": "done",
        "e.png": "done",
    }
    failed = next(o for o in outcomes if o.status == "failed")
    assert failed.error is not None and "crashed" in failed.error
