"""The archive copy: a two-layer PDF/A-2b (page image + invisible words) with XMP metadata."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

import numpy as np
import pikepdf

from common.errors import InputError
from ocr.pdf.font import CidEncoder, add_glyphless_font
from ocr.pdf.image import EncodedImage, encode_page_image
from ocr.pdf.text import text_layer
from ocr.pdf.xmp import info_date, xmp_packet
from ocr.types import PageText

__all__ = ["PRODUCER", "EncodedImage", "PdfInfo", "PdfPage", "assemble_pdf", "encode_page_image"]

PRODUCER = f"sohoa ocr.pdf.assemble (pikepdf {pikepdf.__version__})"


@dataclass(frozen=True)
class PdfPage:
    """One archive page: its image, true resolution and the words to lay over it."""

    image: np.ndarray | EncodedImage  # uint8 (H,W) grey or (H,W,3) BGR, or already encoded
    dpi: float  # width_pt = W / dpi * 72
    text: PageText  # invisible text layer, each word placed on its box
    bitonal: bool = False  # True -> CCITT G4 (1-bit); else JPEG (grey or colour)


@dataclass(frozen=True)
class PdfInfo:
    """Document metadata, written both to XMP and to the Info dictionary."""

    title: str
    author: str
    subject: str
    keywords: Sequence[str]
    creator: str
    created: datetime  # timezone-aware
    language: str = "vi-VN"
    custom: Mapping[str, str] = field(default_factory=dict)  # XMP sohoa:<key>

    def __post_init__(self) -> None:
        if self.created.utcoffset() is None:
            raise InputError("PdfInfo.created must be timezone-aware")


@cache
def _srgb_profile() -> bytes:
    return (Path(__file__).parent.parent / "data" / "sRGB2014.icc").read_bytes()


def _image_xobject(pdf: pikepdf.Pdf, encoded: EncodedImage) -> pikepdf.Stream:
    xobject = pikepdf.Stream(pdf, encoded.data)
    xobject.Type = pikepdf.Name.XObject
    xobject.Subtype = pikepdf.Name.Image
    xobject.Width = encoded.width
    xobject.Height = encoded.height
    xobject.ColorSpace = pikepdf.Name("/" + encoded.color_space)
    xobject.BitsPerComponent = encoded.bits_per_component
    xobject.Filter = pikepdf.Name("/" + encoded.filter)
    if encoded.decode_parms:
        xobject.DecodeParms = pikepdf.Dictionary(
            {"/" + key: value for key, value in encoded.decode_parms.items()}
        )
    return xobject


def _page_size(page: PdfPage, encoded: EncodedImage) -> tuple[float, float]:
    if not page.dpi > 0:
        raise InputError(f"page resolution must be positive, not {page.dpi}")
    return encoded.width / page.dpi * 72.0, encoded.height / page.dpi * 72.0


def _add_output_intent(pdf: pikepdf.Pdf) -> None:
    profile = pikepdf.Stream(pdf, _srgb_profile())
    profile.N = 3
    pdf.Root.OutputIntents = pikepdf.Array(
        [
            pikepdf.Dictionary(
                Type=pikepdf.Name.OutputIntent,
                S=pikepdf.Name.GTS_PDFA1,
                OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"),
                Info=pikepdf.String("sRGB IEC61966-2.1"),
                DestOutputProfile=pdf.make_indirect(profile),
            )
        ]
    )


def _add_metadata(pdf: pikepdf.Pdf, info: PdfInfo) -> None:
    xmp = xmp_packet(
        title=info.title,
        author=info.author,
        subject=info.subject,
        keywords=list(info.keywords),
        creator=info.creator,
        producer=PRODUCER,
        created=info.created,
        language=info.language,
        custom=info.custom,
    )
    metadata = pikepdf.Stream(pdf, xmp)
    metadata.Type = pikepdf.Name.Metadata
    metadata.Subtype = pikepdf.Name.XML
    pdf.Root.Metadata = pdf.make_indirect(metadata)
    date = info_date(info.created)
    docinfo = pikepdf.Dictionary(
        Title=pikepdf.String(info.title),
        Subject=pikepdf.String(info.subject),
        Creator=pikepdf.String(info.creator),
        Producer=pikepdf.String(PRODUCER),
        CreationDate=pikepdf.String(date),
        ModDate=pikepdf.String(date),
    )
    if info.author:
        docinfo.Author = pikepdf.String(info.author)
    if info.keywords:
        docinfo.Keywords = pikepdf.String("; ".join(info.keywords))
    pdf.trailer.Info = pdf.make_indirect(docinfo)
    pdf.Root.Lang = pikepdf.String(info.language)


def assemble_pdf(pages: Sequence[PdfPage], info: PdfInfo, *, jpeg_quality: int = 75) -> bytes:
    """A PDF/A-2b of the pages: each image at its true size, its words invisible on top."""
    if not pages:
        raise InputError("a PDF needs at least one page")
    pdf = pikepdf.new()
    encoder = CidEncoder()
    layouts = []
    for page in pages:
        encoded = (
            page.image
            if isinstance(page.image, EncodedImage)  # encoded once, where the page was cleaned
            else encode_page_image(page.image, bitonal=page.bitonal, jpeg_quality=jpeg_quality)
        )
        width_pt, height_pt = _page_size(page, encoded)
        words = text_layer(page.text, width_pt=width_pt, height_pt=height_pt, encoder=encoder)
        layouts.append((width_pt, height_pt, encoded, words))
    font = add_glyphless_font(pdf, encoder)  # after encoding: the ToUnicode covers every word
    for width_pt, height_pt, encoded, words in layouts:
        draw = f"q {width_pt:.4f} 0 0 {height_pt:.4f} 0 0 cm /Im0 Do Q\n".encode("ascii")
        resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=_image_xobject(pdf, encoded)))
        if words:
            resources.Font = pikepdf.Dictionary(F0=font)
        pdf.pages.append(
            pikepdf.Page(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Page,
                    MediaBox=[0, 0, round(width_pt, 4), round(height_pt, 4)],
                    Resources=resources,
                    Contents=pdf.make_stream(draw + words),
                )
            )
        )
    _add_output_intent(pdf)
    _add_metadata(pdf, info)
    out = io.BytesIO()
    pdf.save(out, min_version="1.7", deterministic_id=True, fix_metadata_version=False)
    return out.getvalue()
