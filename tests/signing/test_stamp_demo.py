"""On every paper of the demo set (samples/demo), the stamp covers no word of page 1's text layer.

Runs `sohoa digitize samples/demo` (real Tesseract, real signature), then intersects the
signature widget's rectangle with the word boxes Poppler's pdftotext reads from the text layer.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from support import need_tool

DEMO = Path(__file__).resolve().parents[2] / "samples" / "demo"
BIN = Path(sys.executable).parent
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
Box = tuple[float, float, float, float]


def _words(signed: Path, tmp_path: Path) -> list[tuple[str, Box]]:
    """Page 1's text-layer words in PDF points, origin bottom-left.

    Read from the file's first revision (the PDF/A before signing): Poppler would also return
    the words of the stamp's own appearance.
    """
    pdftotext = need_tool("pdftotext")
    data = signed.read_bytes()
    unsigned = tmp_path / f"{signed.stem}.unsigned.pdf"
    unsigned.write_bytes(data[: data.index(b"%%EOF") + len(b"%%EOF")] + b"\n")
    with pikepdf.open(unsigned) as doc:
        box = doc.pages[0].MediaBox
        page_height = float(box[3]) - float(box[1])
    out = subprocess.run(
        [pdftotext, "-bbox", "-f", "1", "-l", "1", str(unsigned), "-"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    return [
        (t, (float(a), page_height - float(d), float(c), page_height - float(b)))
        for a, b, c, d, t in WORD.findall(out)
    ]


def _widget(pdf: bytes) -> Box:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        (annot,) = [a for a in page.Annots if str(a.get("/T", "")).startswith("SohoaSignature")]
        x1, y1, x2, y2 = (float(v) for v in annot.Rect)
        return x1, y1, x2, y2


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.slow
def test_no_stamp_on_the_demo_set_covers_a_word_of_the_text_layer(
    sohoa_env: Path, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    env["SOHOA_HOME"] = str(sohoa_env)
    out = tmp_path / "out"
    done = subprocess.run(
        [str(BIN / "sohoa"), "digitize", str(DEMO), "--export", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) >= 12, done.stdout + done.stderr
    covered = {}
    assert sum(len(_words(p, tmp_path)) for p in pdfs) > 500  # the text layers were read
    for pdf in pdfs:
        widget = _widget(pdf.read_bytes())
        words = _words(pdf, tmp_path)
        hits = [t for t, box in words if _overlaps(widget, box)]
        if hits:
            covered[pdf.name] = hits
    assert covered == {}
