"""Word boxes of recognized pages as ALTO v4 XML (pixels of the archive page images)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ocr.pdf.text import lines_of
from ocr.types import PageText, Word

__all__ = ["ALTO_NS", "RESTORED", "from_alto", "to_alto"]

ALTO_NS = "http://www.loc.gov/standards/alto/ns-v4#"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_SCHEMA = "http://www.loc.gov/standards/alto/v4/alto-4-2.xsd"
# PURPOSE of the ALTERNATIVE holding a word's text as restored after OCR (the text layer's)
RESTORED = "tone mark restored from compound words"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    """Text without the characters XML 1.0 cannot carry."""
    return _NOT_XML.sub("", text)


def _box(element: ET.Element, words: Iterable[Word]) -> None:
    """Set HPOS/VPOS/WIDTH/HEIGHT to the union of the words' boxes."""
    ws = list(words)
    left = min(w.left for w in ws)
    top = min(w.top for w in ws)
    right = max(w.left + w.width for w in ws)
    bottom = max(w.top + w.height for w in ws)
    element.set("HPOS", str(left))
    element.set("VPOS", str(top))
    element.set("WIDTH", str(right - left))
    element.set("HEIGHT", str(bottom - top))


def _blocks(words: Sequence[Word]) -> list[list[list[Word]]]:
    """Lines grouped into blocks, both in reading order."""
    blocks: list[list[list[Word]]] = []
    for line in lines_of(words):
        if blocks and blocks[-1][-1][0].block == line[0].block:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _add_page(layout: ET.Element, page: PageText, index: int) -> None:
    page_id = f"P{index + 1}"
    el = ET.SubElement(
        layout,
        "Page",
        ID=page_id,
        PHYSICAL_IMG_NR=str(index + 1),
        WIDTH=str(page.width),
        HEIGHT=str(page.height),
    )
    space = ET.SubElement(
        el, "PrintSpace", HPOS="0", VPOS="0", WIDTH=str(page.width), HEIGHT=str(page.height)
    )
    words = [w for w in page.words if w.text.strip()]
    for b, block in enumerate(_blocks(words), start=1):
        block_el = ET.SubElement(space, "TextBlock", ID=f"{page_id}_B{b}")
        _box(block_el, (w for line in block for w in line))
        for n, line in enumerate(block, start=1):
            line_el = ET.SubElement(block_el, "TextLine", ID=f"{page_id}_B{b}_L{n}")
            _box(line_el, line)
            for i, word in enumerate(line):
                if i:
                    prev = line[i - 1]
                    gap_left = prev.left + prev.width
                    ET.SubElement(
                        line_el,
                        "SP",
                        HPOS=str(gap_left),
                        VPOS=str(min(prev.top, word.top)),
                        WIDTH=str(max(word.left - gap_left, 0)),
                    )
                _add_string(line_el, word, f"{page_id}_B{b}_L{n}_W{i + 1}")


def _add_string(line: ET.Element, word: Word, string_id: str) -> None:
    """The word as OCR read it (CONTENT, WC) with its box; a word changed after OCR also has
    its text as changed, an ALTERNATIVE (a dictionary replacement, as ALTO 4 defines it)."""
    string = ET.SubElement(
        line, "String", ID=string_id, CONTENT=_clean((word.read_as or word.text).strip())
    )
    _box(string, [word])
    string.set("WC", f"{min(max(word.confidence, 0.0), 100.0) / 100.0:.2f}")
    if word.read_as:
        ET.SubElement(string, "ALTERNATIVE", PURPOSE=RESTORED).text = _clean(word.text.strip())


def to_alto(pages: Sequence[PageText], *, source_name: str) -> bytes:
    """ALTO v4: Page/PrintSpace/TextBlock/TextLine/String+SP per page, MeasurementUnit pixel."""
    root = ET.Element(
        "alto",
        {
            "xmlns": ALTO_NS,
            "xmlns:xsi": _XSI,
            "xsi:schemaLocation": f"{ALTO_NS} {_SCHEMA}",
        },
    )
    description = ET.SubElement(root, "Description")
    ET.SubElement(description, "MeasurementUnit").text = "pixel"
    source = ET.SubElement(description, "sourceImageInformation")
    ET.SubElement(source, "fileName").text = _clean(source_name)
    processing = ET.SubElement(description, "OCRProcessing", ID="OCR_0")
    step = ET.SubElement(processing, "ocrProcessingStep")
    software = ET.SubElement(step, "processingSoftware")
    ET.SubElement(software, "softwareName").text = "sohoa"
    if any(w.read_as for page in pages for w in page.words):
        post = ET.SubElement(processing, "postProcessingStep")
        ET.SubElement(post, "processingStepDescription").text = (
            f"String CONTENT is the OCR reading; an ALTERNATIVE of PURPOSE '{RESTORED}' is the "
            "word as restored from the dictionary of Vietnamese compound words, the text of the "
            "PDF text layer and text.txt"
        )
    layout = ET.SubElement(root, "Layout")
    for index, page in enumerate(pages):
        _add_page(layout, page, index)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in element.iter() if _local(e.tag) == name]


def _restored(string: ET.Element) -> str:
    """The word's text as restored after OCR (its ALTERNATIVE of that purpose), else ""."""
    for alternative in _children(string, "ALTERNATIVE"):
        if alternative.get("PURPOSE") == RESTORED:
            return alternative.text or ""
    return ""


def _words_of(page: ET.Element) -> tuple[Word, ...]:
    words: list[Word] = []
    for b, block in enumerate(_children(page, "TextBlock")):
        for line in _children(block, "TextLine"):
            n = len({(w.block, w.line) for w in words})
            for s in _children(line, "String"):
                left, top, width, height = (
                    int(float(s.get(k, "0"))) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT")
                )
                confidence = round(100.0 * float(s.get("WC", "1")), 2)
                read, text = s.get("CONTENT", ""), _restored(s)
                word = Word(text or read, left, top, width, height, confidence, n, b)
                words.append(replace(word, read_as=read) if text else word)
    return tuple(words)


def from_alto(alto: bytes, text: str, *, dpi: float = 0.0) -> list[PageText]:
    """The pages of a document back from its ALTO file and its reading-order text (pages
    separated by form feeds, as filed): re-reading fields needs no OCR run again.

    Word confidences come back to the two decimals ALTO keeps (WC 0.87 -> 87.0).
    """
    root = ET.fromstring(alto)
    texts = text.rstrip("\n").split("\f")
    pages = []
    for n, page in enumerate(_children(root, "Page")):
        words = _words_of(page)
        mean = sum(w.confidence for w in words) / len(words) if words else 100.0
        width, height = (int(float(page.get(k, "0"))) for k in ("WIDTH", "HEIGHT"))
        page_text = texts[n] if n < len(texts) else ""
        pages.append(PageText(width, height, dpi, words, page_text, mean))
    return pages
