"""Page images: JPEG encoded once for grey/colour, CCITT G4 for bitonal, small and fast."""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import cv2
import numpy as np
import pikepdf
import pytest
from pdf_helpers import LINES, RenderedPage, render_page, run
from support import need_tool

from common.errors import InputError
from ocr.pdf.assemble import PdfInfo, PdfPage, assemble_pdf
from ocr.pdf.image import encode_jpeg

INFO = PdfInfo(
    title="t",
    author="",
    subject="",
    keywords=[],
    creator="test",
    created=datetime(2024, 1, 1, tzinfo=UTC),
)


_OPEN: list[pikepdf.Pdf] = []  # keeps each opened document alive while its objects are used


def only_image(data: bytes, page: int = 0) -> pikepdf.Stream:
    pdf = pikepdf.open(io.BytesIO(data))
    _OPEN.append(pdf)
    images = list(pdf.pages[page].Resources.XObject.values())
    assert len(images) == 1 and isinstance(images[0], pikepdf.Stream)
    assert images[0].Subtype == pikepdf.Name.Image
    return images[0]


def test_grey_page_is_stored_as_one_grey_jpeg_encoded_once(grey_page: RenderedPage) -> None:
    image = only_image(assemble_pdf([PdfPage(grey_page.image, 300, grey_page.text)], INFO))
    assert image.Filter == pikepdf.Name.DCTDecode
    assert image.ColorSpace == pikepdf.Name.DeviceGray
    assert (int(image.Width), int(image.Height)) == (2481, 3507)
    # the stored bytes are exactly one OpenCV encoding of the array, not a re-encode
    assert image.read_raw_bytes() == encode_jpeg(grey_page.image, quality=75).data


def test_colour_page_is_stored_as_rgb_jpeg(colour_page: RenderedPage) -> None:
    data = assemble_pdf([PdfPage(colour_page.image, 300, colour_page.text)], INFO)
    image = only_image(data)
    assert image.Filter == pikepdf.Name.DCTDecode
    assert image.ColorSpace == pikepdf.Name.DeviceRGB
    decoded = cv2.imdecode(np.frombuffer(image.read_raw_bytes(), np.uint8), cv2.IMREAD_COLOR)
    assert decoded is not None
    # the colours come back in the right order (BGR in, BGR out), within JPEG loss
    assert np.abs(decoded.astype(int) - colour_page.image.astype(int)).mean() < 4


def test_jpeg_quality_is_configurable(grey_page: RenderedPage) -> None:
    page = PdfPage(grey_page.image, 300, grey_page.text)
    low, high = (len(assemble_pdf([page], INFO, jpeg_quality=q)) for q in (40, 90))
    assert low < high * 0.7


def test_bitonal_page_is_ccitt_g4_and_renders_back(
    grey_page: RenderedPage, write_pdf: Callable[..., Path]
) -> None:
    need_tool("pdftoppm")
    data = assemble_pdf([PdfPage(grey_page.image, 300, grey_page.text, bitonal=True)], INFO)
    image = only_image(data)
    assert image.Filter == pikepdf.Name.CCITTFaxDecode
    assert int(image.BitsPerComponent) == 1
    assert int(image.DecodeParms.K) == -1
    assert (int(image.DecodeParms.Columns), int(image.DecodeParms.Rows)) == (2481, 3507)
    assert len(image.read_raw_bytes()) < 40_000  # G4 of a text page is tiny
    path = write_pdf(data)
    run("pdftoppm", "-r", "300", "-gray", str(path), str(tmp := path.with_suffix("")))
    rendered = cv2.imread(str(tmp) + "-1.pgm", cv2.IMREAD_GRAYSCALE)
    assert rendered is not None
    height, width = grey_page.image.shape
    assert abs(rendered.shape[0] - height) <= 1 and abs(rendered.shape[1] - width) <= 1
    rendered = rendered[:height, :width]
    ink_in, ink_out = grey_page.image < 128, rendered < 128
    assert ink_in.sum() > 10_000  # the page does have text
    assert (ink_in == ink_out).mean() > 0.999  # black stays black, paper stays white


def test_archive_copy_is_no_larger_than_ocrmypdf_pdfa(
    tmp_path: Path, write_pdf: Callable[..., Path]
) -> None:
    """Same scan (a quality-75 JPEG, as scanners write), through ocrmypdf and through us."""
    need_tool("tesseract")
    ocrmypdf = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "ocrmypdf"
    if not ocrmypdf.exists():
        pytest.skip("ocrmypdf is not installed in .venv")
    page = render_page(LINES * 5)
    scan = tmp_path / "scan.jpg"
    cv2.imwrite(str(scan), page.image, [cv2.IMWRITE_JPEG_QUALITY, 75])
    reference = tmp_path / "ocrmypdf.pdf"
    subprocess.run(
        [
            str(ocrmypdf),
            "-q",
            "-l",
            "vie",
            "--output-type",
            "pdfa",
            "--pdfa-backend",
            "internal",
            "--image-dpi",
            "300",
            str(scan),
            str(reference),
        ],
        check=True,
        timeout=120,
        env=dict(os.environ, OMP_THREAD_LIMIT="1"),
    )
    ours = assemble_pdf([PdfPage(page.image, 300, page.text)], INFO)
    assert len(ours) <= 1.5 * reference.stat().st_size


def test_image_that_is_not_uint8_is_refused(grey_page: RenderedPage) -> None:
    with pytest.raises(InputError):
        assemble_pdf([PdfPage(grey_page.image.astype(np.float32), 300, grey_page.text)], INFO)


def test_a_document_needs_pages_and_a_resolution(grey_page: RenderedPage) -> None:
    with pytest.raises(InputError):
        assemble_pdf([], INFO)
    with pytest.raises(InputError):
        assemble_pdf([PdfPage(grey_page.image, 0, grey_page.text)], INFO)
