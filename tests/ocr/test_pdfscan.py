"""A scanned PDF page (one image over the whole page) is read from its own pixels, not rendered."""

from __future__ import annotations

import io

import numpy as np
import pikepdf
import pytest
from PIL import Image

from ocr.image import poppler
from ocr.image.pdfscan import scan_image
from ocr.image.rasterize import Limits, load_page

LIMITS = Limits()


def scan_pdf(
    *, content: bytes | None = None, rotate: int = 0, size: tuple[int, int] = (620, 877)
) -> bytes:
    """An A4 page (595 x 842 pt) drawing one grey JPEG of `size` pixels with `content`."""
    pixels = np.full((size[1], size[0]), 240, dtype=np.uint8)
    pixels[100:140, 60:400] = 20  # a dark bar near the top
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="JPEG", quality=90)
    pdf = pikepdf.new()
    image = pikepdf.Stream(pdf, buf.getvalue())
    image.Type = pikepdf.Name.XObject
    image.Subtype = pikepdf.Name.Image
    image.Width, image.Height = size
    image.ColorSpace = pikepdf.Name.DeviceGray
    image.BitsPerComponent = 8
    image.Filter = pikepdf.Name.DCTDecode
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 595, 842],
        Resources=pikepdf.Dictionary(
            XObject=pikepdf.Dictionary(Im0=image),
            Font=pikepdf.Dictionary(
                F1=pikepdf.Dictionary(
                    Type=pikepdf.Name.Font,
                    Subtype=pikepdf.Name.Type1,
                    BaseFont=pikepdf.Name.Helvetica,
                )
            ),
        ),
        Contents=pikepdf.Stream(pdf, content or b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
    )
    if rotate:
        page.Rotate = rotate
    pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


_opened: list[pikepdf.Pdf] = []  # a page is only readable while its Pdf is open


def first_page(data: bytes) -> pikepdf.Page:
    _opened.append(pikepdf.open(io.BytesIO(data)))
    return _opened[-1].pages[0]


def test_a_scanned_page_is_read_from_its_image_at_its_own_resolution(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_render(*args: object, **kwargs: object) -> None:
        raise AssertionError("a scanned page must not be rendered")

    monkeypatch.setattr(poppler, "render_page", no_render)
    source = load_page(scan_pdf(), "pdf", 0, LIMITS)
    assert source.image.shape == (877, 620)
    assert source.dpi == pytest.approx(75.0, abs=0.1)  # 620 px over 595 pt
    assert source.text is None
    assert source.image[120, 200] < 80 and source.image[600, 300] > 200


def test_an_invisible_ocr_layer_does_not_stop_reading_the_image() -> None:
    layer = b"q 595 0 0 842 0 0 cm /Im0 Do Q BT 3 Tr /F1 12 Tf 72 700 Td (abc) Tj ET"
    assert scan_image(first_page(scan_pdf(content=layer))) is not None


@pytest.mark.parametrize(
    "content",
    [
        b"q 595 0 0 842 0 0 cm /Im0 Do Q BT /F1 12 Tf 72 700 Td (visible) Tj ET",  # text shown
        b"q 297 0 0 421 0 0 cm /Im0 Do Q",  # the image fills a quarter of the page
        b"q 595 0 0 842 0 0 cm /Im0 Do Q 0 0 m 100 100 l S",  # a drawn line
        b"q 595 0 0 842 0 0 cm /Im0 Do Q q 10 0 0 10 0 0 cm /Im0 Do Q",  # drawn twice
    ],
)
def test_any_other_page_is_rendered(content: bytes) -> None:
    assert scan_image(first_page(scan_pdf(content=content))) is None


def test_a_turned_page_gives_its_image_turned_as_shown() -> None:
    scan = scan_image(first_page(scan_pdf(rotate=90)))
    assert scan is not None
    assert scan.image.size == (877, 620)  # landscape, as the page is shown
    grey = np.asarray(scan.image)
    # the bar near the top of the image is at the right once turned clockwise
    assert grey[200, 877 - 120] < 80


def test_a_kept_text_layer_never_decodes_the_scanned_image(monkeypatch: pytest.MonkeyPatch) -> None:
    from ocr.image.pdfscan import ScanImage

    def no_decode(self: ScanImage) -> None:
        raise AssertionError("the image of a page whose text layer is kept must not be decoded")

    monkeypatch.setattr(ScanImage, "decode", no_decode)
    words = b" ".join(b"(Scanner text line %d) Tj 0 -14 Td" % i for i in range(8))
    layer = b"q 595 0 0 842 0 0 cm /Im0 Do Q BT 3 Tr /F1 12 Tf 72 700 Td " + words + b" ET"
    source = load_page(scan_pdf(content=layer), "pdf", 0, LIMITS, ocr_mode="skip-text")
    assert source.text is not None and "Scanner" in source.text.text


def test_a_scanned_image_too_large_is_refused_before_it_is_decoded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ocr.image.pdfscan import ScanImage
    from ocr.image.rasterize import TooLarge

    def no_decode(self: ScanImage) -> None:
        raise AssertionError("a too-large image must be refused from its size, not decoded")

    monkeypatch.setattr(ScanImage, "decode", no_decode)
    with pytest.raises(TooLarge):
        load_page(scan_pdf(), "pdf", 0, Limits(max_megapixels=0.1))
