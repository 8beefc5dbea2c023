"""ALTO v4 output: one String per word with its pixel box, lines and blocks in reading order."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from pdf_helpers import RenderedPage

from ocr.pdf.alto import ALTO_NS, from_alto, to_alto
from ocr.types import PageText, Word

NS = {"a": ALTO_NS}


def parse(pages: list[PageText]) -> ET.Element:
    return ET.fromstring(to_alto(pages, source_name="giấy xác nhận.pdf"))


def test_alto_is_v4_in_pixels_and_names_its_source(grey_page: RenderedPage) -> None:
    root = parse([grey_page.text])
    assert root.tag == f"{{{ALTO_NS}}}alto"
    assert root.findtext("a:Description/a:MeasurementUnit", namespaces=NS) == "pixel"
    source = "a:Description/a:sourceImageInformation/a:fileName"
    assert root.findtext(source, namespaces=NS) == "giấy xác nhận.pdf"


def test_every_word_is_one_string_with_its_box_and_confidence(grey_page: RenderedPage) -> None:
    root = parse([grey_page.text])
    (page,) = root.findall(".//a:Page", NS)
    assert (page.get("WIDTH"), page.get("HEIGHT")) == ("2481", "3507")
    strings = page.findall("a:PrintSpace/a:TextBlock/a:TextLine/a:String", NS)
    assert len(strings) == len(grey_page.text.words)
    for el, word in zip(strings, grey_page.text.words, strict=True):
        assert el.get("CONTENT") == word.text
        box = tuple(int(el.get(k, "-1")) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))
        assert box == (word.left, word.top, word.width, word.height)
        assert 0 <= float(el.get("WC", "-1")) <= 1
    assert strings[0].get("CONTENT") == "CỘNG"
    assert any(s.get("CONTENT") == "Nguyễn" for s in strings)


def test_lines_follow_the_page_lines_with_spaces_between_words(grey_page: RenderedPage) -> None:
    root = parse([grey_page.text])
    lines = root.findall(".//a:TextLine", NS)
    assert len(lines) == len(grey_page.text.text.splitlines())
    for line, text in zip(lines, grey_page.text.text.splitlines(), strict=True):
        words = [s.get("CONTENT") for s in line.findall("a:String", NS)]
        assert " ".join(str(w) for w in words) == text
        assert len(line.findall("a:SP", NS)) == len(words) - 1
        # the line box holds every word box
        left, top = int(line.get("HPOS", "0")), int(line.get("VPOS", "0"))
        right = left + int(line.get("WIDTH", "0"))
        bottom = top + int(line.get("HEIGHT", "0"))
        for s in line.findall("a:String", NS):
            assert left <= int(s.get("HPOS", "-1")) and int(s.get("VPOS", "-1")) >= top
            assert int(s.get("HPOS", "0")) + int(s.get("WIDTH", "0")) <= right
            assert int(s.get("VPOS", "0")) + int(s.get("HEIGHT", "0")) <= bottom


def two_columns() -> list[PageText]:
    """A page of two one-line columns (two blocks), then an empty page."""
    words = (
        Word("Cột", 100, 100, 80, 30, 91.0, line=0, block=0),
        Word("trái", 190, 100, 80, 30, 88.0, line=0, block=0),
        Word("Cột", 900, 100, 80, 30, 93.0, line=1, block=1),
        Word("phải", 990, 100, 80, 30, 77.0, line=1, block=1),
    )
    first = PageText(1200, 800, 300, words, "Cột trái\nCột phải", 87.0)
    return [first, PageText(1200, 800, 300, (), "", 100.0)]


def test_blocks_and_pages_keep_reading_order() -> None:
    root = parse(two_columns())
    pages = root.findall(".//a:Page", NS)
    assert [p.get("PHYSICAL_IMG_NR") for p in pages] == ["1", "2"]
    blocks = pages[0].findall(".//a:TextBlock", NS)
    assert [b.get("HPOS") for b in blocks] == ["100", "900"]
    assert [s.get("CONTENT") for s in blocks[1].iter(f"{{{ALTO_NS}}}String")] == ["Cột", "phải"]
    assert pages[1].findall(".//a:String", NS) == []
    assert blocks[1].find(".//a:String", NS).get("WC") == "0.93"  # type: ignore[union-attr]


def test_characters_xml_cannot_carry_are_dropped() -> None:
    words = (Word("Số\x0b1", 10, 10, 50, 20, 80.0),)
    root = parse([PageText(100, 100, 300, words, "Số1", 80.0)])
    assert root.find(".//a:String", NS).get("CONTENT") == "Số1"  # type: ignore[union-attr]


def test_pages_come_back_from_alto_and_text_as_filed() -> None:
    pages = two_columns()
    alto = to_alto(pages, source_name="x.pdf")
    back = from_alto(alto, "Cột trái\nCột phải\f\n", dpi=300)
    assert [p.text for p in back] == [pages[0].text, ""]
    assert back[0].words == pages[0].words
    assert (back[0].width, back[0].height, back[0].dpi) == (1200, 800, 300)
    assert back[0].confidence == 87.25  # the mean of the words' confidences, as ALTO keeps them
    assert back[1].words == () and back[1].confidence == 100.0
