"""Tone slips restored in a page's text: a word changed keeps its box and what OCR read."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from support import need_tool

from common.vietnamese import fold_for_search
from ocr.pdf.alto import ALTO_NS, RESTORED, from_alto, to_alto
from ocr.pdf.assemble import PdfInfo, PdfPage, assemble_pdf, encode_page_image
from ocr.recognize import engine, tones
from ocr.recognize.engine import TesseractEngine
from ocr.recognize.tones import restore_page_tones
from ocr.types import CleanedPage, PageText, Word
from pipeline.model import PageOutcome
from pipeline.pages import load_page, page_image, page_json

NS = {"a": ALTO_NS}
SLIPPED = ("Ban chỉ đạo phát triên", "kinh tế tô chức công tư")
RESTORED_TEXT = "Ban chỉ đạo phát triển\nkinh tế tổ chức công tư"
CORRECT = (
    "Căn cứ Luật Đầu tư theo phương thức đối tác công tư ngày 18 tháng 6",
    "năm 2020; Luật Tổ chức chính quyền địa phương; theo đề nghị của Bộ trưởng",
    "Bộ Tài chính, Thủ tướng Chính phủ ban hành Nghị định phát triển kinh tế",
)


def page_of(lines: tuple[str, ...], source: str = "ocr") -> PageText:
    """A page whose words are the lines' words, 60 px apart, one line every 50 px."""
    words = tuple(
        Word(text, 40 + 60 * i, 40 + 50 * n, 50, 30, 90.0, line=n)
        for n, line in enumerate(lines)
        for i, text in enumerate(line.split())
    )
    return PageText(2000, 1000, 300.0, words, "\n".join(lines), 90.0, source)  # type: ignore[arg-type]


def test_a_restored_word_keeps_its_box_and_what_ocr_read() -> None:
    page = page_of(SLIPPED)
    fixed = restore_page_tones(page)
    assert fixed.text == RESTORED_TEXT
    changed = {w.read_as: w.text for w in fixed.words if w.read_as}
    assert changed == {"triên": "triển", "tô": "tổ"}
    for before, after in zip(page.words, fixed.words, strict=True):
        box = (after.left, after.top, after.width, after.height, after.line, after.confidence)
        assert box == (before.left, before.top, before.width, before.height, before.line, 90.0)
    assert fixed.as_read() == page  # the reading is never lost
    # search folds tones away: the document is found by the reading and by the restored text
    assert fold_for_search(fixed.text) == fold_for_search(page.text)


def test_alto_keeps_the_reading_and_the_restored_word_as_its_alternative() -> None:
    fixed = restore_page_tones(page_of(SLIPPED))
    root = ET.fromstring(to_alto([fixed], source_name="a.pdf"))
    strings = root.findall(".//a:String", NS)
    assert [s.get("CONTENT") for s in strings] == " ".join(SLIPPED).split()
    alternatives = {
        s.get("CONTENT"): [(a.get("PURPOSE"), a.text) for a in s.findall("a:ALTERNATIVE", NS)]
        for s in strings
        if s.findall("a:ALTERNATIVE", NS)
    }
    assert alternatives == {"triên": [(RESTORED, "triển")], "tô": [(RESTORED, "tổ")]}
    post = root.findtext(
        ".//a:OCRProcessing/a:postProcessingStep/a:processingStepDescription", namespaces=NS
    )
    assert post is not None and RESTORED in post
    tien = strings[4]  # "triên": its box is the word's box
    assert [tien.get(k) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT")] == ["280", "40", "50", "30"]
    back = from_alto(to_alto([fixed], source_name="a.pdf"), fixed.text, dpi=300.0)[0]
    assert back.words == fixed.words and back.as_read().text == "\n".join(SLIPPED)


def test_the_pdf_text_layer_carries_the_restored_text(tmp_path: Path) -> None:
    need_tool("pdftotext")
    fixed = restore_page_tones(page_of(SLIPPED))
    image = np.full((1000, 2000), 255, dtype=np.uint8)
    info = PdfInfo("t", "", "", [], "test", datetime(2024, 1, 1, tzinfo=UTC))
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(assemble_pdf([PdfPage(image, 300.0, fixed)], info))
    out = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert " ".join(out.split()) == " ".join(RESTORED_TEXT.split())


def test_correct_text_is_left_as_it_is() -> None:
    page = page_of(CORRECT)
    assert restore_page_tones(page) == page  # "đối tác công tư": a piece of "công tư hợp doanh"
    assert b"postProcessingStep" not in to_alto([page], source_name="a.pdf")


def test_a_born_digital_text_layer_is_untouched() -> None:
    page = page_of(SLIPPED, source="born-digital")
    assert restore_page_tones(page) == page


@pytest.mark.parametrize(
    ("languages", "restored"), [("vie", True), ("vie+eng", True), ("eng", False)]
)
def test_only_pages_read_in_vietnamese_are_restored(
    monkeypatch: pytest.MonkeyPatch, languages: str, restored: bool
) -> None:
    read = page_of(SLIPPED)
    monkeypatch.setattr(engine.tesseract, "recognize", lambda page, **kwargs: read)
    blank = np.full((10, 10), 255, dtype=np.uint8)
    text = TesseractEngine(languages=languages).recognize(CleanedPage(blank, 300.0, blank, 1.0))
    assert (text.text == RESTORED_TEXT) is restored
    assert tones.is_vietnamese(languages) is restored


def test_a_word_of_the_page_that_is_not_in_its_text_stops_nothing() -> None:
    page = page_of(SLIPPED)
    stray = Word("※", 10, 10, 5, 5, 40.0)
    with_stray = replace(page, words=(stray, *page.words))
    fixed = restore_page_tones(with_stray)
    assert fixed.text == RESTORED_TEXT and fixed.words[0] == stray
    assert fixed.as_read() == with_stray


def test_what_was_read_survives_the_work_area_of_the_workers() -> None:
    fixed = restore_page_tones(page_of(SLIPPED))
    image = encode_page_image(
        np.full((100, 200), 255, dtype=np.uint8), bitonal=False, jpeg_quality=75
    )
    page = PageOutcome(index=0, archive=image, dpi=300.0, text=fixed)
    assert load_page(page_json(page), page_image(page)).text == fixed
