"""Where a field's value sits on the page: the OCR words (ALTO) that spell it, as one box."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from common.vietnamese import fold_for_search as fold

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class WordBox:
    """One OCR word: its page (1-based), text folded to letters and digits, and its box."""

    page: int
    key: str
    left: int
    top: int
    right: int
    bottom: int


@dataclass(frozen=True)
class FieldBox:
    """A field's box on its page, as fractions of the page (0..1), for drawing over any size."""

    page: int
    left: float
    top: float
    width: float
    height: float

    def style(self) -> str:
        return (
            f"left:{100 * self.left:.2f}%;top:{100 * self.top:.2f}%;"
            f"width:{100 * self.width:.2f}%;height:{100 * self.height:.2f}%"
        )


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_alto(alto: bytes) -> tuple[list[WordBox], dict[int, tuple[int, int]]]:
    """The words of an ALTO file in reading order, and each page's (width, height)."""
    words: list[WordBox] = []
    sizes: dict[int, tuple[int, int]] = {}
    try:
        root = ET.fromstring(alto)
    except ET.ParseError:
        return [], {}
    for n, page in enumerate((e for e in root.iter() if _local(e.tag) == "Page"), start=1):
        sizes[n] = (int(float(page.get("WIDTH", 0))), int(float(page.get("HEIGHT", 0))))
        for s in (e for e in page.iter() if _local(e.tag) == "String"):
            left, top = int(float(s.get("HPOS", 0))), int(float(s.get("VPOS", 0)))
            right = left + int(float(s.get("WIDTH", 0)))
            bottom = top + int(float(s.get("HEIGHT", 0)))
            words.append(WordBox(n, _key(s.get("CONTENT", "")), left, top, right, bottom))
    return words, sizes


def spellings(value: str) -> list[str]:
    """How a value may be printed: as is, and a date also as DD/MM/YYYY (D/M/YYYY)."""
    out = [value]
    m = _ISO.fullmatch(value.strip())
    if m:
        y, mo, d = m.groups()
        out += [f"{d}{mo}{y}", f"{int(d)}{int(mo)}{y}"]
    return [k for k in (_key(v) for v in out) if k]


def find(words: list[WordBox], target: str) -> list[WordBox] | None:
    """The run of consecutive words on one page whose letters and digits spell `target`."""
    for i, first in enumerate(words):
        if not first.key or not target.startswith(first.key):
            continue
        spelled, run = "", []
        for w in words[i:]:
            if w.page != first.page or not target.startswith(spelled + w.key):
                break
            spelled += w.key
            run.append(w)
            if spelled == target:
                return run
    return None


def _union(run: list[WordBox], size: tuple[int, int]) -> FieldBox | None:
    width, height = size
    if width <= 0 or height <= 0:
        return None
    left, top = min(w.left for w in run), min(w.top for w in run)
    right, bottom = max(w.right for w in run), max(w.bottom for w in run)
    return FieldBox(
        run[0].page, left / width, top / height, (right - left) / width, (bottom - top) / height
    )


def field_boxes(alto: bytes, values: Mapping[str, Iterable[str]]) -> dict[str, FieldBox]:
    """For each field, the box of the first of its values (value, what was read) found printed."""
    words, sizes = read_alto(alto)
    out: dict[str, FieldBox] = {}
    for key, candidates in values.items():
        for value in candidates:
            run = next((r for t in spellings(value) if (r := find(words, t))), None)
            box = _union(run, sizes.get(run[0].page, (0, 0))) if run else None
            if box is not None:
                out[key] = box
                break
    return out
