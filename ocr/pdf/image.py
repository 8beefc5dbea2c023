"""Page images encoded once for the PDF: JPEG (grey or colour) or CCITT G4 (bitonal)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from PIL import Image, TiffImagePlugin

from common.errors import InputError, ProcessingError

__all__ = [
    "EncodedImage",
    "archive_images",
    "decode_colour",
    "decode_grey",
    "encode_bitonal",
    "encode_jpeg",
    "encode_page_image",
]

_ROWS_PER_STRIP = 278
_STRIP_OFFSETS = 273
_STRIP_BYTE_COUNTS = 279
_COMPRESSION = 259
_GROUP4 = 4


@dataclass(frozen=True, slots=True)
class EncodedImage:
    """Compressed image data with what a PDF image XObject needs to decode it."""

    data: bytes
    width: int
    height: int
    filter: str  # PDF filter name without the slash: DCTDecode or CCITTFaxDecode
    color_space: str  # DeviceGray or DeviceRGB
    bits_per_component: int
    decode_parms: dict[str, int | bool]


def _check(image: np.ndarray) -> None:
    if image.dtype != np.uint8:
        raise InputError(f"page image must be uint8, not {image.dtype}")
    if image.ndim == 3 and image.shape[2] == 1:
        return
    if not (image.ndim == 2 or (image.ndim == 3 and image.shape[2] == 3)):
        raise InputError(f"page image must be (H,W) grey or (H,W,3) BGR, not {image.shape}")
    if image.shape[0] == 0 or image.shape[1] == 0:
        raise InputError("page image is empty")


def encode_jpeg(image: np.ndarray, *, quality: int) -> EncodedImage:
    """JPEG (baseline, Huffman-optimized) of a grey or BGR image, encoded once by OpenCV."""
    _check(image)
    if not 1 <= quality <= 100:
        raise InputError(f"JPEG quality must be 1..100, not {quality}")
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    params = [cv2.IMWRITE_JPEG_QUALITY, quality, cv2.IMWRITE_JPEG_OPTIMIZE, 1]
    ok, buf = cv2.imencode(".jpg", image, params)
    if not ok:
        raise ProcessingError("OpenCV could not encode the page as JPEG")
    grey = image.ndim == 2
    return EncodedImage(
        data=buf.tobytes(),
        width=image.shape[1],
        height=image.shape[0],
        filter="DCTDecode",
        color_space="DeviceGray" if grey else "DeviceRGB",
        bits_per_component=8,
        decode_parms={},
    )


def encode_bitonal(image: np.ndarray) -> EncodedImage:
    """CCITT Group 4 of the image thresholded at mid-grey (dark pixels are ink)."""
    _check(image)
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if grey.ndim == 3:
        grey = grey[:, :, 0]
    height, width = grey.shape
    # 1 bits are coded as fax "black" runs; make ink the 1 bits so the page is fax-white
    ink = Image.fromarray(np.ascontiguousarray(grey < 128))
    buf = io.BytesIO()
    ink.save(buf, "TIFF", compression="group4", tiffinfo={_ROWS_PER_STRIP: height})
    tiff = Image.open(io.BytesIO(buf.getvalue()))
    if not isinstance(tiff, TiffImagePlugin.TiffImageFile):
        raise ProcessingError("Pillow did not write a TIFF")
    tags = tiff.tag_v2
    offsets, counts = tags.get(_STRIP_OFFSETS), tags.get(_STRIP_BYTE_COUNTS)
    if tags.get(_COMPRESSION) != _GROUP4 or not offsets or len(offsets) != 1 or not counts:
        raise ProcessingError("Pillow did not write a single-strip Group 4 TIFF")
    raw = buf.getvalue()
    data = raw[offsets[0] : offsets[0] + counts[0]]
    return EncodedImage(
        data=data,
        width=width,
        height=height,
        filter="CCITTFaxDecode",
        color_space="DeviceGray",
        bits_per_component=1,
        decode_parms={"K": -1, "Columns": width, "Rows": height, "BlackIs1": False},
    )


def encode_page_image(image: np.ndarray, *, bitonal: bool, jpeg_quality: int) -> EncodedImage:
    """The archive page image as CCITT G4 when bitonal, else as JPEG."""
    return encode_bitonal(image) if bitonal else encode_jpeg(image, quality=jpeg_quality)


def decode_grey(image: EncodedImage) -> np.ndarray | None:
    """The grey pixels of a JPEG page image (None for CCITT G4 or undecodable data)."""
    if image.filter != "DCTDecode":
        return None
    return cv2.imdecode(np.frombuffer(image.data, np.uint8), cv2.IMREAD_GRAYSCALE)


def decode_colour(image: EncodedImage) -> np.ndarray | None:
    """The pixels of a JPEG page image as they were encoded: (H,W,3) BGR for a colour page,
    (H,W) grey for a grey one (None for CCITT G4 or undecodable data)."""
    if image.filter != "DCTDecode":
        return None
    flag = cv2.IMREAD_COLOR if image.color_space == "DeviceRGB" else cv2.IMREAD_GRAYSCALE
    return cv2.imdecode(np.frombuffer(image.data, np.uint8), flag)


def archive_images(pdf: bytes) -> list[EncodedImage | None]:
    """The page images of an archive PDF made by ocr.pdf.assemble (one image a page, its
    compressed bytes as filed), for reading a filed document again without OCR; None for a
    page whose image is not of that shape."""
    import pikepdf  # only the re-reading of filed documents needs it

    out: list[EncodedImage | None] = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            resources: Any = page.obj.get("/Resources")
            xobjects: Any = resources.get("/XObject") if resources is not None else None
            image: Any = xobjects.get("/Im0") if xobjects is not None else None
            if image is None or str(image.get("/Filter")) not in ("/DCTDecode", "/CCITTFaxDecode"):
                out.append(None)
                continue
            parms = image.get("/DecodeParms")
            out.append(
                EncodedImage(
                    data=image.read_raw_bytes(),
                    width=int(image.Width),
                    height=int(image.Height),
                    filter=str(image.Filter)[1:],
                    color_space=str(image.ColorSpace)[1:],
                    bits_per_component=int(image.BitsPerComponent),
                    decode_parms={str(k)[1:]: _plain(v) for k, v in parms.items()} if parms else {},
                )
            )
    return out


def _plain(value: object) -> int | bool:
    return value if isinstance(value, bool) else int(value)  # type: ignore[call-overload]
