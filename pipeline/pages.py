"""A page result (PageOutcome) as archive objects: JSON text + lossless PNG image, for the workers.

The OCR of a page and the assembly of its document may run on different machines; what they
hand over is two objects in the archive work area, `work/<sha256>/page-<n>.json` (words, text,
cleaning record) and `work/<sha256>/page-<n>.png` (the archive page image, lossless).
"""

from __future__ import annotations

import json
from typing import Any

import cv2
import numpy as np

from common.errors import BrokenInput, ProcessingError
from ocr.types import PageText, Word

from .model import PageOutcome

WORK_PREFIX = "work/"


def work_prefix(sha256: str) -> str:
    return f"{WORK_PREFIX}{sha256}/"


def page_keys(sha256: str, index: int) -> tuple[str, str]:
    """(json key, png key) of page `index` (0-based) of the input with this sha256."""
    base = f"{work_prefix(sha256)}page-{index:05d}"
    return base + ".json", base + ".png"


def page_json(page: PageOutcome) -> bytes:
    """Everything of a page but its image, as canonical JSON."""
    text = page.text
    data: dict[str, Any] = {
        "index": page.index,
        "dpi": page.dpi,
        "rotation": page.rotation,
        "skew": page.skew,
        "steps": list(page.steps),
        "seconds": page.seconds,
        "image": {"shape": list(page.archive.shape), "dtype": str(page.archive.dtype)},
        "text": {
            "width": text.width,
            "height": text.height,
            "dpi": text.dpi,
            "text": text.text,
            "confidence": text.confidence,
            "source": text.source,
            "words": [
                [w.text, w.left, w.top, w.width, w.height, w.confidence, w.line, w.block]
                for w in text.words
            ],
        },
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def page_png(page: PageOutcome) -> bytes:
    """The archive page image as a lossless PNG (grey or BGR, exactly as held in memory)."""
    ok, encoded = cv2.imencode(".png", page.archive, [cv2.IMWRITE_PNG_COMPRESSION, 3])
    if not ok:
        raise ProcessingError(f"page {page.index + 1}: cannot encode the page image as PNG")
    return encoded.tobytes()


def load_page(json_bytes: bytes, png_bytes: bytes) -> PageOutcome:
    """Rebuild a PageOutcome from its two objects; the image is bit-identical to the original."""
    try:
        data = json.loads(json_bytes)
        t = data["text"]
        words = tuple(
            Word(
                text=w[0],
                left=int(w[1]),
                top=int(w[2]),
                width=int(w[3]),
                height=int(w[4]),
                confidence=float(w[5]),
                line=int(w[6]),
                block=int(w[7]),
            )
            for w in t["words"]
        )
        text = PageText(
            width=int(t["width"]),
            height=int(t["height"]),
            dpi=float(t["dpi"]),
            words=words,
            text=t["text"],
            confidence=float(t["confidence"]),
            source=t["source"],
        )
        image = cv2.imdecode(np.frombuffer(png_bytes, np.uint8), cv2.IMREAD_UNCHANGED)
    except (ValueError, KeyError, TypeError, IndexError) as e:
        raise BrokenInput(f"damaged page result: {e}") from e
    if image is None or list(image.shape) != list(data["image"]["shape"]):
        raise BrokenInput(f"damaged page image of page {int(data['index']) + 1}")
    return PageOutcome(
        index=int(data["index"]),
        archive=image,
        dpi=float(data["dpi"]),
        text=text,
        rotation=int(data["rotation"]),
        skew=float(data["skew"]),
        steps=tuple(data["steps"]),
        seconds=float(data["seconds"]),
    )
