"""Scanned PDFs whose text layer misleads: a Latin-only scanner OCR, or a signature stamp only."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

from samples import content
from samples.generate import make_one


def pdf_text(tool: str, path: Path) -> str:
    run = subprocess.run([tool, str(path), "-"], capture_output=True, text=True, timeout=60)
    return run.stdout


def test_scanner_text_layer_has_no_accents_and_misreads_some_letters(
    tmp_path: Path, pdftotext_bin: str
) -> None:
    s = make_one(tmp_path, 0, seed=150, types=["decision"], formats=["pdf-ocr-noaccent"])
    assert s.truth["text_layer"] == {"kind": "ocr_noaccent"}
    text = " ".join(pdf_text(pdftotext_bin, s.path).split())
    truth = " ".join("\n".join(s.truth["pages"]).split())  # type: ignore[arg-type]
    assert text.isascii() and len(text) > 0.8 * len(truth)
    folded = content.ascii_fold(truth)
    assert text != folded  # not just the accents dropped: letters misread too
    words = folded.split()
    layer = set(text.split())
    kept = sum(w in layer for w in words) / len(words)
    assert 0.5 < kept < 0.97  # the same text, some of its accented words misread


def test_signed_scan_text_layer_holds_only_the_signature_stamp(
    tmp_path: Path, pdftotext_bin: str
) -> None:
    s = make_one(tmp_path, 1, seed=150, types=["decision"], formats=["pdf-signed"])
    layer = s.truth["text_layer"]
    assert isinstance(layer, dict) and layer["kind"] == "signature_stamp"
    lines = layer["lines"]
    text = unicodedata.normalize("NFC", pdf_text(pdftotext_bin, s.path))
    assert [ln for ln in text.splitlines() if ln.strip()] == lines
    assert lines[0].startswith("Ký bởi: ") and lines[-1].startswith("Thời gian ký: ")
    page1 = str(s.truth["pages"][0]).split("\n")  # type: ignore[index]
    assert page1[: len(lines)] == lines  # printed on the page, so part of its truth
