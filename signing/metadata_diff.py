"""Which document metadata (Info dictionary, XMP) differs between a signed revision and now.

pyHanko's difference analysis lets any well-formed Info or XMP update through (a later signer
rewrites them), so a changed holder's name or sha256 in sohoa's XMP passed as unchanged. Here
the values are compared; only what signing software legitimately rewrites is ignored: the
modification and metadata dates, the producer, the instance id and history, the XMP toolkit.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
XML_NS = "{http://www.w3.org/XML/1998/namespace}"
PREFIXES = {
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://ns.adobe.com/pdf/1.3/": "pdf",
    "http://ns.adobe.com/xap/1.0/mm/": "xmpMM",
    "http://www.aiim.org/pdfa/ns/id/": "pdfaid",
    "urn:sohoa:xmp:1.0/": "sohoa",  # ocr/pdf_xmp.py SOHOA_NS
}
IGNORED_XMP = {
    "xmp:ModifyDate",
    "xmp:MetadataDate",
    "pdf:Producer",
    "xmpMM:InstanceID",
    "xmpMM:History",
}
IGNORED_INFO = {"/ModDate", "/Producer"}
UNREADABLE = "(unreadable)"


def changed_metadata(reader: PdfFileReader, revision: int) -> list[str]:
    """Names of the Info and XMP entries whose value differs between `revision` and now."""
    then = reader.get_historical_resolver(revision)
    info = [_info(handler) for handler in (then, reader)]
    xmp = [_xmp(handler) for handler in (then, reader)]
    return [f"Info {k}" for k in _diff(*info)] + [f"XMP {k}" for k in _diff(*xmp)]


def _diff(old: dict[str, str], new: dict[str, str]) -> list[str]:
    return sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))


def _deref(handler: Any, obj: Any) -> Any:
    """Resolve a reference in `handler`'s revision (a trailer's references resolve to now)."""
    if isinstance(obj, generic.IndirectObject):
        return handler.get_object(obj.reference)
    return obj


def _info(handler: Any) -> dict[str, str]:
    try:
        trailer = handler.trailer_view
        if "/Info" not in trailer:
            return {}
        info = _deref(handler, trailer.raw_get("/Info"))
        return {str(k): str(v) for k, v in info.items() if str(k) not in IGNORED_INFO}
    except Exception:  # a damaged Info dictionary differs from any readable one
        return {"/Info": UNREADABLE}


def _xmp(handler: Any) -> dict[str, str]:
    try:
        root = handler.root
        if "/Metadata" not in root:
            return {}
        stream = _deref(handler, root.raw_get("/Metadata"))
        if not isinstance(stream, generic.StreamObject):
            return {"/Metadata": UNREADABLE}
        return xmp_properties(stream.data)
    except Exception:  # zlib.error, a broken reference...: reported as a change
        return {"/Metadata": UNREADABLE}


def xmp_properties(data: bytes) -> dict[str, str]:
    """Every XMP property as 'prefix:name' -> its text (array items joined with ' | ')."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return {"XMP": "(entity declarations)"}
    try:
        tree = ET.fromstring(data)
    except ET.ParseError:
        return {"XMP": UNREADABLE}
    props: dict[str, str] = {}
    for desc in tree.iter(f"{RDF}Description"):
        for attr, value in desc.attrib.items():
            if not attr.startswith((RDF, XML_NS)):
                _put(props, _qname(attr), value)
        for child in desc:
            _put(props, _qname(child.tag), _text(child))
    return props


def _put(props: dict[str, str], name: str, value: str) -> None:
    if name not in IGNORED_XMP:
        props[name] = value


def _qname(tag: str) -> str:
    if tag.startswith("{"):
        uri, _, local = tag[1:].partition("}")
        return f"{PREFIXES.get(uri, uri)}:{local}"
    return tag


def _text(element: ET.Element) -> str:
    items = [" ".join((li.text or "").split()) for li in element.iter(f"{RDF}li")]
    if items:
        return " | ".join(items)
    parts = [" ".join(t.split()) for t in element.itertext()]
    return " ".join(p for p in parts if p)
