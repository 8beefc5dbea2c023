"""The invisible text layer: pdftotext reads back the page text, word by word, on the right boxes."""

from __future__ import annotations

import io
import os
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import cv2
import numpy as np
import pikepdf
import pytesseract
import pytest
from pdf_helpers import LINES, RenderedPage, normalize, render_page, run
from support import need_tool

from ocr.pdf.assemble import PdfInfo, PdfPage, assemble_pdf
from ocr.types import PageText, Word

INFO = PdfInfo(
    title="t",
    author="",
    subject="",
    keywords=[],
    creator="test",
    created=datetime(2024, 1, 1, tzinfo=UTC),
)
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def page_texts(path: Path, *extra: str) -> list[str]:
    """pdftotext output of each page (split on form feeds)."""
    need_tool("pdftotext")
    out = run("pdftotext", *extra, "-enc", "UTF-8", str(path), "-").stdout
    return out.split("\f")[:-1]


def test_a4_page_at_300_dpi_keeps_its_physical_size(two_page_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(two_page_pdf)) as pdf:
        for page in pdf.pages:
            _, _, width, height = (float(v) for v in page.MediaBox)
            assert abs(width - 595.28) <= 1 and abs(height - 841.89) <= 1


def test_page_size_follows_the_resolution_of_its_image() -> None:
    page = render_page(("Đồng Tháp",), dpi=200, size_in=(5.83, 8.27))  # A5 at 200 dpi
    data = assemble_pdf([PdfPage(page.image, 200, page.text)], INFO)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        _, _, width, height = (float(v) for v in pdf.pages[0].MediaBox)
    assert abs(width - 5.83 * 72) <= 1 and abs(height - 8.27 * 72) <= 1


def test_pdftotext_gives_back_the_page_text_with_vietnamese_letters(
    two_page_pdf: bytes,
    grey_page: RenderedPage,
    colour_page: RenderedPage,
    write_pdf: Callable[..., Path],
) -> None:
    texts = page_texts(write_pdf(two_page_pdf), "-raw")
    assert [normalize(t) for t in texts] == [
        normalize(grey_page.text.text),
        normalize(colour_page.text.text),
    ]
    for phrase in ("Nguyễn Thị Ánh Tuyết,", "Đồng Tháp", "ỷ,", "ữ,"):
        assert phrase in texts[0]


def test_words_are_separated_by_spaces_and_lines_by_newlines(
    two_page_pdf: bytes, write_pdf: Callable[..., Path]
) -> None:
    first = page_texts(write_pdf(two_page_pdf), "-raw")[0]
    assert first.splitlines() == list(LINES)


def test_pdftotext_word_boxes_lie_over_the_given_boxes(
    two_page_pdf: bytes, grey_page: RenderedPage, write_pdf: Callable[..., Path]
) -> None:
    need_tool("pdftotext")
    html = run("pdftotext", "-bbox", "-f", "1", "-l", "1", str(write_pdf(two_page_pdf)), "-").stdout
    found = [(m[4], *map(float, m[:4])) for m in WORD.findall(html)]
    scale = 72 / 300
    expected = [
        (
            w.text,
            w.left * scale,
            w.top * scale,
            (w.left + w.width) * scale,
            (w.top + w.height) * scale,
        )
        for w in grey_page.text.words
    ]
    assert [f[0] for f in found] == [e[0] for e in expected]
    for got, want in zip(found, expected, strict=True):
        if len(want[0]) > 1:  # a lone "-" rides on its line's height (see ocr/pdf_text.py)
            assert all(abs(g - w) <= 2 for g, w in zip(got[1:], want[1:], strict=True)), (got, want)
        else:
            assert abs(got[1] - want[1]) <= 2 and abs(got[3] - want[3]) <= 2, (got, want)


def test_text_layer_is_invisible(grey_page: RenderedPage, write_pdf: Callable[..., Path]) -> None:
    need_tool("pdftoppm")
    empty = PageText(grey_page.text.width, grey_page.text.height, 300, (), "", 100.0)
    with_text = write_pdf(
        assemble_pdf([PdfPage(grey_page.image, 300, grey_page.text)], INFO), "a.pdf"
    )
    no_text = write_pdf(assemble_pdf([PdfPage(grey_page.image, 300, empty)], INFO), "b.pdf")
    renders = []
    for path in (with_text, no_text):
        run("pdftoppm", "-r", "50", "-gray", str(path), str(path.with_suffix("")))
        renders.append(cv2.imread(str(path.with_suffix("")) + "-1.pgm", cv2.IMREAD_GRAYSCALE))
    assert renders[0] is not None and renders[1] is not None
    assert np.array_equal(renders[0], renders[1])


def test_characters_outside_the_basic_plane_survive(write_pdf: Callable[..., Path]) -> None:
    line = ("Nôm 𠀧 𡨸 chữ 😀",)
    page = render_page(("Nôm xx yy chữ zz",))
    words = tuple(
        Word(text, w.left, w.top, w.width, w.height, 90.0)
        for text, w in zip(line[0].split(), page.text.words, strict=True)
    )
    text = PageText(page.text.width, page.text.height, 300, words, line[0], 90.0)
    data = assemble_pdf([PdfPage(page.image, 300, text)], INFO)
    assert normalize(page_texts(write_pdf(data), "-raw")[0]) == line[0]


def test_text_from_real_tesseract_round_trips(write_pdf: Callable[..., Path]) -> None:
    need_tool("tesseract")
    page = render_page(LINES[3:5], scan_noise=False)
    os.environ["OMP_THREAD_LIMIT"] = "1"
    data = pytesseract.image_to_data(
        page.image, lang="vie", config="--psm 6 --dpi 300", output_type=pytesseract.Output.DICT
    )
    words = tuple(
        Word(
            data["text"][i].strip(),
            data["left"][i],
            data["top"][i],
            data["width"][i],
            data["height"][i],
            float(data["conf"][i]),
            line=data["block_num"][i] * 1000 + data["par_num"][i] * 100 + data["line_num"][i],
        )
        for i in range(len(data["text"]))
        if data["text"][i].strip()
    )
    assert len(words) >= 15
    ocr_text = PageText(
        page.text.width, page.text.height, 300, words, " ".join(w.text for w in words), 90.0
    )
    pdf = assemble_pdf([PdfPage(page.image, 300, ocr_text)], INFO)
    got = page_texts(write_pdf(pdf), "-raw")[0]
    assert normalize(got) == normalize(ocr_text.text)
    assert len(got.strip().splitlines()) == 2  # Tesseract's two lines stay two lines


@pytest.mark.parametrize("bitonal", [False, True])
def test_page_assembles_in_well_under_a_third_of_a_second(
    grey_page: RenderedPage, bitonal: bool
) -> None:
    page = PdfPage(grey_page.image, 300, grey_page.text, bitonal=bitonal)
    assemble_pdf([page], INFO)  # warm the font and profile caches
    start = time.perf_counter()
    assemble_pdf([page, page, page], INFO)
    assert (time.perf_counter() - start) / 3 < 0.3
