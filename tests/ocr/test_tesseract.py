"""Running Tesseract: text in reading order, and its failures as sohoa's typed errors."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from ocr_pages import HEADER_LEFT, HEADER_RIGHT, SIGN_LEFT, SIGN_RIGHT, Page

from common.errors import MissingDependency, ProcessingError, ToolTimeout
from ocr.image.clean import clean_page
from ocr.recognize.recheck import doubtful, read_upright, turned_half
from ocr.recognize.tesseract import parse_tsv, recognize, single_d
from ocr.types import CleanedPage, PageText


@pytest.fixture(scope="module")
def cleaned(page300: Page) -> CleanedPage:
    return clean_page(page300.image, dpi=300)


def test_page_text_is_read_as_a_person_reads(
    tesseract_ready: None, cleaned: CleanedPage, page300: Page
) -> None:
    text = recognize(cleaned)

    lines = text.text.splitlines()
    assert lines[:6] == HEADER_LEFT + HEADER_RIGHT  # left header column to its end, then the right
    assert lines[-5:] == SIGN_LEFT + SIGN_RIGHT
    assert text.text == page300.text
    assert text.confidence > 85
    assert [w.line for w in text.words] == sorted(w.line for w in text.words)
    assert len({w.block for w in text.words}) >= 4
    first = text.words[0]
    assert (first.text, first.line, first.block) == ("ỦY", 0, 0)


def test_tesseract_timeout_becomes_tool_timeout(
    tesseract_ready: None, cleaned: CleanedPage
) -> None:
    with pytest.raises(ToolTimeout):
        recognize(cleaned, timeout=0.001)


def test_missing_language_becomes_missing_dependency(
    tesseract_ready: None, cleaned: CleanedPage
) -> None:
    with pytest.raises(MissingDependency, match="language"):
        recognize(cleaned, languages="xyz")


def test_page_that_blows_its_memory_limit_fails_alone(
    tesseract_ready: None, cleaned: CleanedPage
) -> None:
    with pytest.raises(ProcessingError):
        recognize(cleaned, memory_mb=30)


def test_blank_page_gives_empty_text_not_an_error(tesseract_ready: None) -> None:
    blank = np.full((3508, 2480, 3), 248, np.uint8)

    cleaned = clean_page(blank, dpi=300)
    text = recognize(cleaned)

    assert "osd" not in cleaned.steps
    assert (text.text, text.words, text.confidence) == ("", (), 100.0)


def test_missing_tesseract_program_becomes_missing_dependency(
    cleaned: CleanedPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(MissingDependency, match="tesseract"):
        recognize(cleaned)


def test_page_cleaning_left_upside_down_is_read_turned_over(
    tesseract_ready: None, cleaned: CleanedPage, page300: Page
) -> None:
    # what a wrong orientation guess leaves: the cleaned page, still upside down
    wrong = turned_half(cleaned)
    calls: list[int] = []

    def read(page: CleanedPage) -> PageText:
        calls.append(page.rotation)
        return recognize(page)

    page, text = read_upright(replace(wrong, rotation=0, steps=()), read)

    assert calls == [0, 180]  # the doubtful reading, then the turned one
    assert page.rotation == 180 and "reorient" in page.steps
    assert text.text == page300.text
    assert (page.archive == cleaned.archive).all()


def test_page_read_well_is_read_once(tesseract_ready: None, cleaned: CleanedPage) -> None:
    calls: list[int] = []

    def read(page: CleanedPage) -> PageText:
        calls.append(page.rotation)
        return recognize(page)

    page, text = read_upright(cleaned, read)
    assert calls == [0] and page is cleaned and not doubtful(text)


def test_a_d_read_twice_is_one_in_a_syllable_and_kept_in_an_abbreviation() -> None:
    # no syllable doubles Đ; a unit's abbreviation may (a generated notation lost a letter)
    assert single_d("ĐĐồng") == "Đồng" and single_d("ĐĐỒNG") == "ĐỒNG"
    assert single_d("1900/UBND-ĐKĐĐ") == "1900/UBND-ĐKĐĐ"
    assert single_d("ĐĐBQH") == "ĐĐBQH"
    # read twice, a bold Đ comes as Đ and the eth beside it (real scans): one Đ, even there
    header = "\t".join(["level", "page_num", "block_num", "par_num", "line_num", "word_num"])
    header += "\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [["5", "1", "1", "1", "1", str(i), "10", "10", "90", "40", "90", t] for i, t in
            enumerate(["TGĐÐ", "1900/UBND-ĐKĐĐ"], 1)]  # fmt: skip
    tsv = "\n".join([header, *("\t".join(r) for r in rows)])
    words = parse_tsv(tsv, scale=1.0, width=1000, height=1000)
    assert [w.text for w in words] == ["TGĐ", "1900/UBND-ĐKĐĐ"]
