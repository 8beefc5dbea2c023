"""A page result (PageOutcome) as archive objects: JSON + the encoded page image, for the workers.

The OCR of a page and the assembly of its document may run on different machines; what they
hand over is two objects in the archive work area, `work/<sha256>/page-<n>.json` (words, text,
cleaning record, image parameters) and `work/<sha256>/page-<n>.img` (the page image exactly as
it goes into the PDF: JPEG or CCITT G4 bytes, encoded once where the page was cleaned).
"""

from __future__ import annotations

import json
from typing import Any

from common.errors import BrokenInput
from ocr.pdf.image import EncodedImage
from ocr.types import PageText, Word
from storage.objects import SCRATCH_PREFIX

from .model import PageOutcome

WORK_PREFIX = SCRATCH_PREFIX


def work_prefix(sha256: str) -> str:
    return f"{WORK_PREFIX}{sha256}/"


def page_keys(sha256: str, index: int) -> tuple[str, str]:
    """(json key, image key) of page `index` (0-based) of the input with this sha256."""
    base = f"{work_prefix(sha256)}page-{index:05d}"
    return base + ".json", base + ".img"


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
        "image": {
            "width": page.archive.width,
            "height": page.archive.height,
            "filter": page.archive.filter,
            "color_space": page.archive.color_space,
            "bits_per_component": page.archive.bits_per_component,
            "decode_parms": page.archive.decode_parms,
            "size": len(page.archive.data),
        },
        "text": {
            "width": text.width,
            "height": text.height,
            "dpi": text.dpi,
            "text": text.text,
            "confidence": text.confidence,
            "source": text.source,
            "words": [
                [w.text, w.left, w.top, w.width, w.height, w.confidence, w.line, w.block]
                + ([w.read_as] if w.read_as else [])
                for w in text.words
            ],
        },
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def page_image(page: PageOutcome) -> bytes:
    """The encoded archive page image, byte for byte as it will go into the PDF."""
    return page.archive.data


def load_page(json_bytes: bytes, image_bytes: bytes) -> PageOutcome:
    """Rebuild a PageOutcome from its two objects; the image bytes are the very same."""
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
                read_as=str(w[8]) if len(w) > 8 else "",
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
        meta = data["image"]
        image = EncodedImage(
            data=image_bytes,
            width=int(meta["width"]),
            height=int(meta["height"]),
            filter=str(meta["filter"]),
            color_space=str(meta["color_space"]),
            bits_per_component=int(meta["bits_per_component"]),
            decode_parms=dict(meta["decode_parms"]),
        )
    except (ValueError, KeyError, TypeError, IndexError) as e:
        raise BrokenInput(f"damaged page result: {e}") from e
    if len(image_bytes) != int(meta["size"]):
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
