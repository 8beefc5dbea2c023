"""The invisible "glyphless" CID font of the text layer: any Unicode letter, one blank glyph."""

from __future__ import annotations

import io
import unicodedata
import zlib
from functools import cache

import pikepdf
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

__all__ = ["ADVANCE", "FONT_NAME", "CidEncoder", "add_glyphless_font", "glyphless_ttf"]

FONT_NAME = "SohoaGlyphless"
UNITS_PER_EM = 1000
ADVANCE = 500  # advance width of every glyph, in 1/1000 of the font size
_FIXED_TIME = 3_600_000_000  # head.created/modified (seconds since 1904): keeps the bytes stable
_SURROGATES = range(0xD800, 0xE000)  # CIDs free to carry characters outside the BMP


@cache
def glyphless_ttf() -> bytes:
    """A minimal TrueType font: .notdef and one empty glyph, both ADVANCE wide."""
    fb = FontBuilder(UNITS_PER_EM, isTTF=True)
    fb.setupGlyphOrder([".notdef", "blank"])
    fb.setupCharacterMap({0x20: "blank"})
    empty = TTGlyphPen(None).glyph()
    fb.setupGlyf({".notdef": empty, "blank": TTGlyphPen(None).glyph()})
    fb.setupHorizontalMetrics({".notdef": (ADVANCE, 0), "blank": (ADVANCE, 0)})
    fb.setupHorizontalHeader(ascent=UNITS_PER_EM, descent=0)
    fb.setupNameTable({"familyName": FONT_NAME, "styleName": "Regular"})
    fb.setupOS2(
        sTypoAscender=UNITS_PER_EM,
        sTypoDescender=0,
        usWinAscent=UNITS_PER_EM,
        usWinDescent=0,
        achVendID="SOHO",
    )
    fb.setupPost()
    fb.font["head"].created = _FIXED_TIME
    fb.font["head"].modified = _FIXED_TIME
    out = io.BytesIO()
    fb.font.save(out)
    return out.getvalue()


class CidEncoder:
    """Turns text into 2-byte CIDs: CID = code point in the BMP; others get a spare CID."""

    def __init__(self) -> None:
        self._extra: dict[str, int] = {}  # non-BMP character -> CID in the surrogate range

    def encode(self, text: str) -> bytes:
        """The CIDs of `text` (NFC-normalized), big-endian, two bytes each."""
        out = bytearray()
        for ch in unicodedata.normalize("NFC", text):
            code = ord(ch)
            if code in _SURROGATES:
                code = 0xFFFD  # a lone surrogate is not a character
            elif code > 0xFFFF:
                code = self._spare_cid(ch)
            out += code.to_bytes(2, "big")
        return bytes(out)

    def _spare_cid(self, ch: str) -> int:
        if ch not in self._extra:
            if len(self._extra) >= len(_SURROGATES):
                return 0xFFFD
            self._extra[ch] = _SURROGATES[len(self._extra)]
        return self._extra[ch]

    def to_unicode_cmap(self) -> bytes:
        """The ToUnicode CMap: each BMP CID to its code point, spare CIDs to their characters."""
        ranges = [
            f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in range(256) if not 0xD8 <= hi <= 0xDF
        ]
        chars = [
            f"<{cid:04X}> <{ch.encode('utf-16-be').hex().upper()}>"
            for ch, cid in self._extra.items()
        ]
        lines = [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<0000> <FFFF>",
            "endcodespacerange",
        ]
        for start in range(0, len(ranges), 100):
            chunk = ranges[start : start + 100]
            lines += [f"{len(chunk)} beginbfrange", *chunk, "endbfrange"]
        for start in range(0, len(chars), 100):
            chunk = chars[start : start + 100]
            lines += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
        lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end", ""]
        return "\n".join(lines).encode("ascii")


@cache
def _cid_to_gid_map() -> bytes:
    """Every CID to glyph 1 (the blank glyph), Flate-compressed."""
    return zlib.compress(b"\x00\x01" * 65536, 9)


def add_glyphless_font(pdf: pikepdf.Pdf, encoder: CidEncoder) -> pikepdf.Object:
    """Add the Type0/CIDFontType2 font (font program embedded) to `pdf`; returns its reference."""
    program = glyphless_ttf()
    font_file = pikepdf.Stream(pdf, zlib.compress(program, 9))
    font_file.Filter = pikepdf.Name.FlateDecode
    font_file.Length1 = len(program)
    descriptor = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor,
            FontName=pikepdf.Name("/" + FONT_NAME),
            Flags=5,  # fixed pitch, symbolic
            FontBBox=[0, 0, ADVANCE, UNITS_PER_EM],
            ItalicAngle=0,
            Ascent=UNITS_PER_EM,
            Descent=-1,
            CapHeight=UNITS_PER_EM,
            StemV=80,
            FontFile2=font_file,
        )
    )
    cid_to_gid = pikepdf.Stream(pdf, _cid_to_gid_map())
    cid_to_gid.Filter = pikepdf.Name.FlateDecode
    cid_font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.CIDFontType2,
            BaseFont=pikepdf.Name("/" + FONT_NAME),
            CIDSystemInfo=pikepdf.Dictionary(
                Registry=pikepdf.String("Adobe"),
                Ordering=pikepdf.String("Identity"),
                Supplement=0,
            ),
            FontDescriptor=descriptor,
            DW=ADVANCE,
            CIDToGIDMap=cid_to_gid,
        )
    )
    to_unicode = pikepdf.Stream(pdf, encoder.to_unicode_cmap())
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type0,
            BaseFont=pikepdf.Name("/" + FONT_NAME),
            Encoding=pikepdf.Name("/Identity-H"),
            DescendantFonts=[cid_font],
            ToUnicode=to_unicode,
        )
    )
