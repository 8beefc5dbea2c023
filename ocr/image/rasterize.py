"""Input files to page images: format sniffing by magic bytes, limits, PDF/TIFF/PNG/JPEG pages."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
import pikepdf
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from common.errors import (
    BrokenInput,
    EmptyInput,
    EncryptedInput,
    TooLarge,
    UnsupportedFormat,
)
from ocr.image import poppler
from ocr.image.pdfscan import scan_image
from ocr.image.textlayer import OcrMode, judge
from ocr.types import PageText, SourcePage, Word

Format = Literal["pdf", "png", "jpeg", "tiff"]
EXTENSIONS: dict[str, str] = {"pdf": "pdf", "png": "png", "jpeg": "jpg", "tiff": "tif"}
DEFAULT_DPI = 300.0
MIN_TEXT_WORDS = 3  # a PDF page with fewer extractable words is treated as a scan

# One decompression-bomb guard, ours (Limits.max_megapixels, checked on the header before any
# pixel is decoded), instead of Pillow's fixed process-wide one.
Image.MAX_IMAGE_PIXELS = None


@dataclass(frozen=True, slots=True)
class Limits:
    """What one input may contain before it is refused."""

    max_pages: int = 200
    max_megapixels: float = 150.0


@dataclass(frozen=True, slots=True)
class Probe:
    """What an input is, found without decoding its pages."""

    fmt: Format
    pages: int

    @property
    def ext(self) -> str:
        return EXTENSIONS[self.fmt]


def sniff(data: bytes) -> Format:
    """Name the format from the magic bytes, never from the file name."""
    if not data:
        raise EmptyInput("the file is empty")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    raise UnsupportedFormat("not a PDF, PNG, JPEG or TIFF file (checked by content, not by name)")


def probe(data: bytes, limits: Limits) -> Probe:
    """Check the file opens, is not encrypted, and is within the page and pixel limits."""
    fmt = sniff(data)
    pages = _pdf_page_count(data) if fmt == "pdf" else _image_page_count(data, limits)
    if pages == 0:
        raise EmptyInput("the file has no pages")
    if pages > limits.max_pages:
        raise TooLarge(f"{pages} pages, more than the limit of {limits.max_pages}")
    return Probe(fmt=fmt, pages=pages)


def load_page(
    data: bytes, fmt: Format, index: int, limits: Limits, ocr_mode: OcrMode = "auto"
) -> SourcePage:
    """Decode page `index` (0-based) of an input already checked by `probe`; a PDF page's own
    text comes with it only when `ocr_mode` and the judgement of that text keep it."""
    if fmt == "pdf":
        return _pdf_page(data, index, limits, ocr_mode)
    return _image_page(data, index, limits)


# images ---------------------------------------------------------------------


def _open_image(data: bytes) -> Image.Image:
    try:
        return Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, SyntaxError) as e:
        raise BrokenInput(f"the image cannot be read: {e}") from e


def _check_pixels(width: int, height: int, limits: Limits) -> None:
    mp = width * height / 1e6
    if mp > limits.max_megapixels:
        raise TooLarge(
            f"a page of {width}x{height} pixels ({mp:.0f} MP) is over the limit of "
            f"{limits.max_megapixels:.0f} MP"
        )


def _image_page_count(data: bytes, limits: Limits) -> int:
    image = _open_image(data)
    count = 0
    try:
        for frame in ImageSequence.Iterator(image):
            _check_pixels(frame.width, frame.height, limits)
            count += 1
            if count > limits.max_pages:
                break
        image.seek(0)
        # truncated or corrupt files fail here, at ingest, not later in a worker
        if image.format == "PNG":
            image.verify()  # every chunk and its CRC, up to IEND, without decoding pixels
        elif image.format == "JPEG":
            _check_jpeg_end(data)  # no decoding before the upload is accepted
        else:
            image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as e:
        raise BrokenInput(f"the image cannot be read: {e}") from e
    return count


def _check_jpeg_end(data: bytes) -> None:
    """A JPEG cut short (an interrupted copy or upload) has no end-of-image marker; data after
    the marker (a phone's trailer) is allowed. Damage inside the image shows when its page is read."""
    if data.rfind(b"\xff\xd9") < 4:
        raise BrokenInput(
            "the JPEG file is cut short (it has no end-of-image marker): send the complete file"
        )


def _image_dpi(image: Image.Image) -> tuple[float, bool]:
    """(resolution, whether the file's tag is believable); the default when it is not."""
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    # 72/96 dpi in a scan's header is almost always a writer's default, not the truth
    # PNG stores dots per metre, so 150 dpi reads back as 149.9994: round it
    if 100.0 <= value <= 1200.0:
        return float(round(value)), True
    return DEFAULT_DPI, False


def upright(image: Image.Image) -> Image.Image:
    """The frame turned as its EXIF orientation says (a phone photo held sideways)."""
    try:
        orientation = int(image.getexif().get(0x0112, 1))
    except (TypeError, ValueError, OSError, SyntaxError):
        return image
    if orientation in (0, 1):
        return image
    turned = ImageOps.exif_transpose(image)
    return image if turned is None else turned


def to_array(image: Image.Image) -> np.ndarray:
    """PIL image -> uint8 grey (H, W) or BGR (H, W, 3), flattening alpha onto white."""
    if image.mode in ("1", "L", "I;16", "I", "F"):
        if image.mode != "L":
            image = image.point(lambda v: v / 256) if image.mode.startswith("I") else image
            image = image.convert("L")
        return np.asarray(image, dtype=np.uint8).copy()
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    rgb = np.asarray(image.convert("RGB"), dtype=np.uint8)
    if rgb.size and _grey_pixels(rgb[::16]) and _grey_pixels(rgb):  # every 16th row first: cheap
        return rgb[..., 0].copy()
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def _grey_pixels(rgb: np.ndarray) -> bool:
    return bool(
        np.array_equal(rgb[..., 0], rgb[..., 1]) and np.array_equal(rgb[..., 1], rgb[..., 2])
    )


def _image_page(data: bytes, index: int, limits: Limits) -> SourcePage:
    image = _open_image(data)
    try:
        image.seek(index)
        _check_pixels(image.width, image.height, limits)
        dpi, tagged = _image_dpi(image)
        array = to_array(upright(image))
    except (OSError, SyntaxError, ValueError, EOFError) as e:
        raise BrokenInput(f"page {index + 1} cannot be read: {e}") from e
    return SourcePage(index=index, image=array, dpi=dpi, dpi_tagged=tagged)


# PDF ------------------------------------------------------------------------


def _open_pdf(data: bytes) -> pikepdf.Pdf:
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as e:
        raise EncryptedInput(
            "the PDF needs a password to be opened; send a copy without the opening password"
        ) from e
    except (pikepdf.PdfError, ValueError, OSError) as e:
        raise BrokenInput(f"the PDF is damaged and cannot be read: {e}") from e
    # opened without a password: at most an owner password restricting edits, which reading
    # and OCR do not need (the archive copy is made from the rendered pages)
    return pdf


def _pdf_page_count(data: bytes) -> int:
    with _open_pdf(data) as pdf:
        try:
            return len(pdf.pages)
        except (pikepdf.PdfError, ValueError) as e:
            raise BrokenInput(f"the PDF page tree is damaged: {e}") from e


def _native_dpi(page: pikepdf.Page) -> tuple[float, float, float]:
    """(width_pt, height_pt, dpi of its largest image or 0) of a PDF page."""
    box = page.mediabox
    width_pt = float(box[2]) - float(box[0])
    height_pt = float(box[3]) - float(box[1])
    if int(page.obj.get("/Rotate", 0)) % 180:
        width_pt, height_pt = height_pt, width_pt
    best = 0.0
    try:
        for _name, raw in page.get_images().items():
            pixels_w = int(raw.get("/Width", 0))
            if pixels_w and width_pt > 0:
                best = max(best, pixels_w / (width_pt / 72.0))
    except (pikepdf.PdfError, ValueError, TypeError):
        best = 0.0
    return width_pt, height_pt, best


def _render_dpi(native: float) -> float:
    if native <= 0:
        return DEFAULT_DPI
    # keep a scan's own resolution (no resampling), within sane bounds
    return float(min(max(round(native), 100), 600))


def _pdf_page(data: bytes, index: int, limits: Limits, mode: OcrMode) -> SourcePage:
    with _open_pdf(data) as pdf:
        try:
            page = pdf.pages[index]
            width_pt, height_pt, native = _native_dpi(page)
            shown, hidden = _text_shown(page)
            scan = scan_image(page)
        except (pikepdf.PdfError, IndexError) as e:
            raise BrokenInput(f"page {index + 1} of the PDF cannot be read: {e}") from e
        # a page that is one scanned image and shows no text has no text layer to judge
        no_text = scan is not None and shown == 0
        text = None if mode == "force" or no_text else _pdf_text(data, index)
        note = ""
        if text is not None:
            verdict = judge(
                text.words,
                page_width=text.width,
                page_height=text.height,
                invisible=mode != "force" and shown > 0 and hidden * 2 > shown,
                over_image=native > 0,
                mode=mode,
            )
            text, note = (text if verdict.keep else None), verdict.reason
        # OCR reads the scanner's own pixels, decoded only now that they are needed
        if text is None and scan is not None:
            _check_pixels(*scan.size, limits)
            image = scan.decode()
            if image is not None:
                return SourcePage(index=index, image=to_array(image), dpi=scan.dpi, note=note)
    dpi = DEFAULT_DPI if text is not None else _render_dpi(native)
    _check_pixels(int(width_pt / 72 * dpi), int(height_pt / 72 * dpi), limits)
    array = to_array(poppler.render_page(data, page=index + 1, dpi=dpi))
    if text is not None:
        text = _scale_text(text, dpi / 72.0, array.shape[1], array.shape[0], dpi)
    return SourcePage(index=index, image=array, dpi=dpi, text=text, note=note)


_SHOW_TEXT = {"Tj", "TJ", "'", '"'}


def _text_shown(page: pikepdf.Page) -> tuple[int, int]:
    """(text-showing operators in the page's content, how many of them draw invisible text,
    render mode 3, how OCR programs lay their text over a scan)."""
    mode, shown, hidden = 0, 0, 0
    try:
        for instruction in pikepdf.parse_content_stream(page):
            op, operands = str(instruction.operator), instruction.operands
            if op == "Tr" and operands:
                mode = int(operands[0])
            elif op in _SHOW_TEXT:
                shown += 1
                hidden += mode == 3
    except (pikepdf.PdfError, ValueError, TypeError):
        return 0, 0
    return shown, hidden


def _pdf_text(data: bytes, index: int) -> PageText | None:
    """Words with boxes (in points) of a born-digital page, or None when it carries no text."""
    xhtml = poppler.page_text_xhtml(data, page=index + 1)
    return None if xhtml is None else parse_bbox_layout(xhtml)


def parse_bbox_layout(xhtml: bytes) -> PageText | None:
    """Parse `pdftotext -bbox-layout` output of one page into a PageText in points."""
    try:
        root = ET.fromstring(xhtml)
    except ET.ParseError:
        return None
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    page = root.find(".//x:page", ns)
    if page is None:
        return None
    words: list[Word] = []
    lines: list[str] = []
    for block_no, block in enumerate(page.iterfind(".//x:block", ns)):
        for line in block.iterfind(".//x:line", ns):
            texts = []
            for w in line.iterfind("x:word", ns):
                text = (w.text or "").strip()
                if not text:
                    continue
                x0, y0 = float(w.get("xMin", 0)), float(w.get("yMin", 0))
                x1, y1 = float(w.get("xMax", 0)), float(w.get("yMax", 0))
                words.append(
                    Word(
                        text,
                        round(x0),
                        round(y0),
                        max(1, round(x1 - x0)),
                        max(1, round(y1 - y0)),
                        100.0,
                        len(lines),
                        block_no,
                    )
                )
                texts.append(text)
            if texts:
                lines.append(" ".join(texts))
    if len(words) < MIN_TEXT_WORDS:
        return None
    return PageText(
        width=round(float(page.get("width", 0))),
        height=round(float(page.get("height", 0))),
        dpi=72.0,
        words=tuple(words),
        text="\n".join(lines),
        confidence=100.0,
        source="born-digital",
    )


def _scale_text(text: PageText, factor: float, width: int, height: int, dpi: float) -> PageText:
    words = tuple(
        Word(
            w.text,
            round(w.left * factor),
            round(w.top * factor),
            max(1, round(w.width * factor)),
            max(1, round(w.height * factor)),
            w.confidence,
            w.line,
            w.block,
        )
        for w in text.words
    )
    return PageText(
        width=width,
        height=height,
        dpi=dpi,
        words=words,
        text=text.text,
        confidence=text.confidence,
        source=text.source,
    )
