"""Helpers of the signing tests: real-tool checks and a PDF/A-2b sample made here.

The sample PDF is generated (pikepdf + Pillow), not taken from elsewhere: one A4 page holding a
grey scan-like JPEG, an sRGB output intent and PDF/A-2b XMP identification.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
from PIL import Image, ImageCms, ImageDraw
from support import need_tool

A4 = (595, 842)


def make_pdfa(text: str = "GIẤY CHỨNG NHẬN") -> bytes:
    """A one-page PDF/A-2b document with a scan-like page image."""
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    for i in range(30):
        draw.rectangle((120, 300 + i * 40, 1100 - (i % 5) * 90, 318 + i * 40), fill=90)
    return pdf_of_image(image, A4, text)


def pdf_of_image(image: Image.Image, size: tuple[float, float], text: str = "SCAN") -> bytes:
    """A one-page PDF/A-2b whose page of `size` points is filled by the (JPEG) image."""
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=70)
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=size)
    page = pdf.pages[0]
    xobj = pikepdf.Stream(pdf, buf.getvalue())
    xobj.Type = pikepdf.Name.XObject
    xobj.Subtype = pikepdf.Name.Image
    xobj.Width, xobj.Height = image.size
    xobj.ColorSpace = pikepdf.Name.DeviceRGB if image.mode == "RGB" else pikepdf.Name.DeviceGray
    xobj.BitsPerComponent = 8
    xobj.Filter = pikepdf.Name.DCTDecode
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=xobj))
    page.Contents = pdf.make_stream(f"q {size[0]} 0 0 {size[1]} 0 0 cm /Im0 Do Q".encode())
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    icc_stream = pikepdf.Stream(pdf, icc)
    icc_stream.N = 3
    pdf.Root.OutputIntents = pikepdf.Array(
        [
            pikepdf.Dictionary(
                Type=pikepdf.Name.OutputIntent,
                S=pikepdf.Name.GTS_PDFA1,
                OutputConditionIdentifier="sRGB",
                DestOutputProfile=icc_stream,
            )
        ]
    )
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"
        meta["dc:title"] = text
    pdf.docinfo[pikepdf.Name.Title] = text
    out = io.BytesIO()
    pdf.save(out, fix_metadata_version=True)
    return out.getvalue()


def pdfsig(pdf: bytes, tmp_path: Path, *extra: str) -> str:
    """Poppler's independent report on the file's signatures."""
    tool = need_tool("pdfsig")
    path = tmp_path / "checked.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        [tool, "-nocert", *extra, str(path)], capture_output=True, text=True, timeout=60
    )
    return done.stdout + done.stderr
