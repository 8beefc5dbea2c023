"""A page that kills its OCR process fails its own file alone: the pool is replaced and every
other file of the run is digitized (fault injected through the real in-process runner).

The run happens in a fresh Python process (`crash_run.py` beside this file): the runner forks
its pool, and a fork taken inside the test process could inherit locks held by other tests'
threads (servers, workers) and hang."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
POISON_WIDTH = 1241  # the width of the page that crashes its process (the others are 1240)
SCRIPT = Path(__file__).with_name("crash_run.py")


def page(path: Path, line: str, *, poison: bool = False) -> Path:
    """A small clean page of Vietnamese print at 300 dpi (made here, for this test)."""
    image = Image.new("L", (POISON_WIDTH if poison else 1240, 700), 255)
    draw = ImageDraw.Draw(image)
    draw.text((120, 200), line, font=ImageFont.truetype(str(FONT), 44), fill=0)
    image.save(path, dpi=(300, 300))
    return path


def test_a_page_that_kills_its_process_fails_alone_and_the_others_are_digitized(
    sohoa_env: Path, tmp_path: Path
) -> None:
    files = [
        page(tmp_path / "a.png", "Ủy ban nhân dân tỉnh Đồng Tháp"),
        page(tmp_path / "b.png", "Giấy khai sinh", poison=True),
        page(tmp_path / "c.png", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        page(tmp_path / "d.png", "Quyết định về việc cấp giấy phép"),
        page(tmp_path / "e.png", "Độc lập - Tự do - Hạnh phúc"),
    ]
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), str(POISON_WIDTH), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SOHOA_HOME": str(sohoa_env)},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    outcomes = json.loads(proc.stdout)
    status = {name: o["status"] for name, o in outcomes.items()}
    assert status == {
        "a.png": "done",
        "b.png": "failed",
        "c.png": "done",
        "d.png": "done",
        "e.png": "done",
    }
    assert "crashed" in outcomes["b.png"]["error"]
