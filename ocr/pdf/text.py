"""The invisible text layer of a page: each word drawn (render mode 3) over its image box."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from statistics import median

from ocr.pdf.font import ADVANCE, CidEncoder
from ocr.types import PageText, Word

__all__ = ["lines_of", "text_layer"]

_SPACE = (0x20).to_bytes(2, "big")
_SMALL = 0.6  # a word lower than this share of its line's median height takes the line's size
_MIN_SPACE_PT = 0.5  # narrowest space drawn between two words (keeps Tz positive)


def lines_of(words: Sequence[Word]) -> Iterator[list[Word]]:
    """Consecutive runs of words with the same (block, line), in the given reading order."""
    run: list[Word] = []
    for word in words:
        if run and (word.block, word.line) != (run[-1].block, run[-1].line):
            yield run
            run = []
        run.append(word)
    if run:
        yield run


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _line_ops(
    line: list[Word], encoder: CidEncoder, sx: float, sy: float, page_h: float
) -> list[str]:
    words = [w for w in line if w.text.strip() and w.width > 0 and w.height > 0]
    if not words:
        return []
    median_h = median(w.height for w in words)
    median_bottom = median(w.top + w.height for w in words)
    ops = ["BT", "3 Tr"]
    for i, word in enumerate(words):
        cids = encoder.encode(word.text.strip())
        glyphs = len(cids) // 2
        height, bottom = float(word.height), float(word.top + word.height)
        if height < _SMALL * median_h:  # "-", ".", "," alone: ride on the line
            height, bottom = median_h, max(bottom, median_bottom)
        size = height * sy
        x, baseline, width = word.left * sx, page_h - bottom * sy, word.width * sx
        tz = 100.0 * width / (glyphs * size * ADVANCE / 1000.0)
        ops.append(
            f"/F0 {_num(size)} Tf {_num(tz)} Tz 1 0 0 1 {_num(x)} {_num(baseline)} Tm "
            f"<{cids.hex().upper()}> Tj"
        )
        if i + 1 < len(words):
            gap = max(words[i + 1].left * sx - (x + width), _MIN_SPACE_PT)
            ops.append(f"{_num(100.0 * gap / (size * ADVANCE / 1000.0))} Tz <{_SPACE.hex()}> Tj")
    ops.append("ET")
    return ops


def text_layer(text: PageText, *, width_pt: float, height_pt: float, encoder: CidEncoder) -> bytes:
    """Content-stream operators that draw the page's words invisibly with font /F0."""
    if not text.words or text.width <= 0 or text.height <= 0:
        return b""
    sx, sy = width_pt / text.width, height_pt / text.height
    ops: list[str] = []
    for line in lines_of(text.words):
        ops += _line_ops(line, encoder, sx, sy, height_pt)
    return ("\n".join(ops) + "\n").encode("ascii") if ops else b""
