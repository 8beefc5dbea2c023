"""PDF/A-2b metadata: the XMP packet and the matching document Info dictionary."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from xml.sax.saxutils import escape

__all__ = ["SOHOA_NS", "SOHOA_PREFIX", "info_date", "xmp_date", "xmp_packet"]

SOHOA_NS = "urn:sohoa:xmp:1.0/"
SOHOA_PREFIX = "sohoa"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_EXTENSION_NAMESPACES = (
    '\n    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
    '\n    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"'
    '\n    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"'
    f'\n    xmlns:{SOHOA_PREFIX}="{SOHOA_NS}"'
)
_NOT_NAME = re.compile(r"[^A-Za-z0-9_.-]")


def _text(value: str) -> str:
    """Escaped XML character data (characters XML cannot carry are dropped)."""
    return escape(_NOT_XML.sub("", value))


def property_name(key: str) -> str:
    """A valid XML local name for a custom key (other characters become '_')."""
    name = _NOT_NAME.sub("_", key) or "_"
    return name if re.match(r"[A-Za-z_]", name) else "_" + name


def xmp_date(when: datetime) -> str:
    """ISO 8601 with seconds and the UTC offset, as XMP wants it."""
    return when.replace(microsecond=0).isoformat()


def info_date(when: datetime) -> str:
    """The same instant as a PDF date string D:YYYYMMDDHHmmSSOHH'mm'."""
    offset = when.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hh, mm = divmod(abs(minutes), 60)
    return f"D:{when:%Y%m%d%H%M%S}{sign}{hh:02d}'{mm:02d}'"


def _alt(value: str) -> str:
    return f'<rdf:Alt><rdf:li xml:lang="x-default">{_text(value)}</rdf:li></rdf:Alt>'


def _bag(values: Sequence[str]) -> str:
    return "<rdf:Bag>" + "".join(f"<rdf:li>{_text(v)}</rdf:li>" for v in values) + "</rdf:Bag>"


def _extension_schema(names: Sequence[str]) -> str:
    """The pdfaExtension description PDF/A requires for properties outside its own schemas."""
    props = "".join(
        '<rdf:li rdf:parseType="Resource">'
        f"<pdfaProperty:name>{n}</pdfaProperty:name>"
        "<pdfaProperty:valueType>Text</pdfaProperty:valueType>"
        "<pdfaProperty:category>external</pdfaProperty:category>"
        f"<pdfaProperty:description>sohoa {n}</pdfaProperty:description>"
        "</rdf:li>"
        for n in names
    )
    return (
        "<pdfaExtension:schemas><rdf:Bag>"
        '<rdf:li rdf:parseType="Resource">'
        "<pdfaSchema:schema>sohoa digitized document metadata</pdfaSchema:schema>"
        f"<pdfaSchema:namespaceURI>{SOHOA_NS}</pdfaSchema:namespaceURI>"
        f"<pdfaSchema:prefix>{SOHOA_PREFIX}</pdfaSchema:prefix>"
        f"<pdfaSchema:property><rdf:Seq>{props}</rdf:Seq></pdfaSchema:property>"
        "</rdf:li></rdf:Bag></pdfaExtension:schemas>"
    )


def xmp_packet(
    *,
    title: str,
    author: str,
    subject: str,
    keywords: Sequence[str],
    creator: str,
    producer: str,
    created: datetime,
    language: str,
    custom: Mapping[str, str],
) -> bytes:
    """The XMP packet of a PDF/A-2b document; every Info entry has its XMP twin."""
    date = xmp_date(created)
    fields = [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>B</pdfaid:conformance>",
        "<dc:format>application/pdf</dc:format>",
        f"<dc:title>{_alt(title)}</dc:title>",
        f"<dc:description>{_alt(subject)}</dc:description>",
        f"<dc:language>{_bag([language])}</dc:language>",
        f"<pdf:Producer>{_text(producer)}</pdf:Producer>",
        f"<xmp:CreatorTool>{_text(creator)}</xmp:CreatorTool>",
        f"<xmp:CreateDate>{date}</xmp:CreateDate>",
        f"<xmp:ModifyDate>{date}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{date}</xmp:MetadataDate>",
    ]
    if author:
        fields.append(
            f"<dc:creator><rdf:Seq><rdf:li>{_text(author)}</rdf:li></rdf:Seq></dc:creator>"
        )
    if keywords:
        fields.append(f"<dc:subject>{_bag(keywords)}</dc:subject>")
        fields.append(f"<pdf:Keywords>{_text('; '.join(keywords))}</pdf:Keywords>")
    names: list[str] = []
    for key, value in custom.items():
        name = property_name(key)
        if name not in names:
            names.append(name)
            fields.append(f"<{SOHOA_PREFIX}:{name}>{_text(value)}</{SOHOA_PREFIX}:{name}>")
    namespaces = ""
    if names:
        fields.append(_extension_schema(names))
        namespaces = _EXTENSION_NAMESPACES
    body = "\n   ".join(fields)
    xml = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"{namespaces}>
   {body}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return xml.encode("utf-8")
