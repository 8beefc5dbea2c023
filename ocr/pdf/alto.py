"""Word boxes of recognized pages as ALTO v4 XML (pixels of the archive page images)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence

from ocr.pdf.text import lines_of
from ocr.types import PageText, Word

__all__ = ["ALTO_NS", "to_alto"]

ALTO_NS = "http://www.loc.gov/standards/alto/ns-v4#"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_SCHEMA = "http://www.loc.gov/standards/alto/v4/alto-4-2.xsd"
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
                string = ET.SubElement(
                    line_el,
                    "String",
                    ID=f"{page_id}_B{b}_L{n}_W{i + 1}",
                    CONTENT=_clean(word.text.strip()),
                )
                _box(string, [word])
                string.set("WC", f"{min(max(word.confidence, 0.0), 100.0) / 100.0:.2f}")


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
    layout = ET.SubElement(root, "Layout")
    for index, page in enumerate(pages):
        _add_page(layout, page, index)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
