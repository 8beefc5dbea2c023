"""Page model (text, rules, stamps) and a flow layout that records reading-order text."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from samples.fonts import FontFamily

A4 = (2480, 3508)  # pixels at 300 dpi
DPI = 300
INK = (22, 22, 26)


def pt(points: float) -> int:
    """Font size in points -> pixels at 300 dpi."""
    return round(points * DPI / 72)


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    style: str  # regular | bold | italic | bolditalic
    size: int  # pixels
    color: tuple[int, int, int] = INK


@dataclass(frozen=True)
class Rule:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 3
    color: tuple[int, int, int] = INK


@dataclass(frozen=True)
class Dots:
    x0: float
    x1: float
    y: float
    color: tuple[int, int, int] = (120, 120, 120)


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    fill: tuple[int, int, int] | None = None
    outline: tuple[int, int, int] | None = None
    width: float = 3


@dataclass(frozen=True)
class Stamp:
    """A raster element: kind in seal | signature | photo | qr | guilloche | security | hand
    (digits written by pen: `text`, about `h` pixels tall)."""

    kind: str
    x0: float
    y0: float
    w: int
    h: int
    seed: int
    text: str = ""


Item = Text | Rule | Dots | Box | Stamp


@dataclass
class Page:
    width: int
    height: int
    items: list[Item] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # ground-truth reading-order lines


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass
class Cell:
    """One line of a column block: text (None = vertical gap of `size` pixels)."""

    text: str | None
    style: str = "regular"
    size: int = pt(13)
    align: str = "center"


class Flow:
    """Places lines top to bottom, wraps paragraphs, breaks pages; every drawn line is recorded."""

    def __init__(
        self,
        font: FontFamily,
        *,
        size: tuple[int, int] = A4,
        margins: tuple[int, int, int, int] = (354, 236, 2480 - 212, 3508 - 260),
    ) -> None:
        self.font = font
        self.size = size
        self.left, self.top, self.right, self.bottom = margins
        self.pages: list[Page] = []
        self.y = 0.0
        self.leaders = True  # dotted writing lines under form values (pre-printed form)
        self.form = "inline"  # inline "Label value" | aligned (values at a tab stop) | stacked
        self.tab = 0.0  # x offset of the values' tab stop in the aligned form
        self.new_page()

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self) -> None:
        """Start a page; from the second on, its number is printed centred in the top margin."""
        self.pages.append(Page(*self.size))
        self.y = self.top
        if len(self.pages) > 1:
            number = str(len(self.pages))
            size = pt(13)
            x = (self.left + self.right - self.width(number, "regular", size)) / 2
            self.draw(x, self.top - 60, number, "regular", size)
            self.page.lines.append(number)

    def ensure(self, height: float) -> None:
        if self.y + height > self.bottom and self.y > self.top:
            self.new_page()

    def space(self, pixels: float) -> None:
        self.y += pixels

    def width(self, text: str, style: str, size: int) -> float:
        return self.font.get(style, size).getlength(nfc(text))

    def fit(self, text: str, style: str, size: int, width: float) -> int:
        while size > 20 and self.width(text, style, size) > width:
            size -= 2
        return size

    def wrap(self, text: str, style: str, size: int, width: float, indent: float = 0) -> list[str]:
        lines: list[str] = []
        current = ""
        for word in nfc(text).split():
            trial = f"{current} {word}" if current else word
            avail = width - (indent if not lines else 0)
            if current and self.width(trial, style, size) > avail:
                lines.append(current)
                current = word
            else:
                current = trial
        if current:
            lines.append(current)
        return lines

    def line_height(self, size: int) -> float:
        return size * 1.38

    def draw(self, x: float, baseline: float, text: str, style: str, size: int) -> None:
        self.page.items.append(Text(x, baseline, nfc(text), style, size))

    def line(
        self,
        text: str,
        *,
        style: str = "regular",
        size: int = pt(13),
        align: str = "left",
        x0: float | None = None,
        x1: float | None = None,
        indent: float = 0,
        record: bool = True,
    ) -> tuple[float, float, float]:
        """Draw one line; returns (x_left, baseline, x_right) of the ink."""
        x0 = self.left if x0 is None else x0
        x1 = self.right if x1 is None else x1
        size = self.fit(text, style, size, x1 - x0 - indent)
        h = self.line_height(size)
        self.ensure(h)
        w = self.width(text, style, size)
        if align == "center":
            x = x0 + (x1 - x0 - w) / 2
        elif align == "right":
            x = x1 - w
        else:
            x = x0 + indent
        base = self.y + size * 0.95
        self.draw(x, base, text, style, size)
        if record:
            self.page.lines.append(nfc(text))
        self.y += h
        return x, base, x + w

    def paragraph(
        self,
        text: str,
        *,
        style: str = "regular",
        size: int = pt(13),
        indent: float = 120,
        align: str = "left",
        x0: float | None = None,
        x1: float | None = None,
        after: float = 10,
    ) -> None:
        x0 = self.left if x0 is None else x0
        x1 = self.right if x1 is None else x1
        lines = self.wrap(text, style, size, x1 - x0, indent)
        for i, ln in enumerate(lines):
            if align == "justify" and i < len(lines) - 1:
                self.justified(ln, style, size, x0 + (indent if i == 0 else 0), x1)
            else:
                self.line(
                    ln,
                    style=style,
                    size=size,
                    align=align,
                    x0=x0,
                    x1=x1,
                    indent=indent if i == 0 else 0,
                )
        self.y += after

    def justified(self, text: str, style: str, size: int, x0: float, x1: float) -> None:
        words = text.split()
        h = self.line_height(size)
        self.ensure(h)
        base = self.y + size * 0.95
        total = sum(self.width(w, style, size) for w in words)
        gap = (x1 - x0 - total) / max(1, len(words) - 1)
        x = x0
        for w in words:
            self.draw(x, base, w, style, size)
            x += self.width(w, style, size) + gap
        self.page.lines.append(nfc(text))
        self.y += h

    def field(
        self,
        label: str,
        value: str,
        *,
        size: int = pt(13),
        value_style: str = "regular",
        x0: float | None = None,
        x1: float | None = None,
        dots: bool = True,
    ) -> None:
        """ "Label: VALUE" with a dotted writing line under the value (dots are not text).

        The flow's `form` says where the value goes: after the label (inline), at a tab stop
        common to the form (aligned; wrapped lines continue under it), or, for values of more
        than three words, on the lines under the label (stacked).
        """
        x0 = self.left if x0 is None else x0
        x1 = self.right if x1 is None else x1
        label = nfc(label)
        lw = self.width(label + " ", "regular", size)
        if self.form == "aligned":
            lw = max(lw, self.tab)
        words = nfc(value).split()
        first = True
        if self.form == "stacked" and len(words) > 3:  # long values go under their label
            self.line(label, size=size, x0=x0, x1=x1)
            x0, first = x0 + 60, False
        indent = lw if self.form == "aligned" else 0.0
        while True:
            avail = x1 - x0 - (lw if first else indent)
            cur = ""
            while words:
                trial = f"{cur} {words[0]}" if cur else words[0]
                if cur and self.width(trial, value_style, size) > avail:
                    break
                cur = trial
                words.pop(0)
            h = self.line_height(size)
            self.ensure(h)
            base = self.y + size * 0.95
            x = x0 + indent
            if first:
                self.draw(x0, base, label, "regular", size)
                x = x0 + lw
            if cur:
                self.draw(x, base, cur, value_style, size)
            if dots:
                self.page.items.append(Dots(x, x1, base + size * 0.34))
            self.page.lines.append(" ".join(p for p in ((label if first else ""), cur) if p))
            self.y += h
            first = False
            if not words:
                break

    def fields_row(
        self,
        pairs: list[tuple[str, str]],
        *,
        size: int = pt(13),
        value_style: str = "regular",
        gap: float | None = None,
    ) -> None:
        """Several short "Label: value" pairs on one line, at even tab stops (or `gap` pixels
        apart, as typed with tabs); read left to right."""
        h = self.line_height(size)
        self.ensure(h)
        base = self.y + size * 0.95
        stop = (self.right - self.left) / len(pairs)
        parts: list[str] = []
        x = float(self.left)
        for i, (label, value) in enumerate(pairs):
            if gap is None:
                x = self.left + i * stop
            elif i:
                x += self.width(f"{parts[-1]}", "regular", size) + gap
            label, value = nfc(label), nfc(value)
            self.draw(x, base, label, "regular", size)
            vx = x + self.width(label + " ", "regular", size)
            self.draw(vx, base, value, value_style, size)
            if self.leaders and gap is None:
                self.page.items.append(Dots(vx, x + stop - 30, base + size * 0.34))
            parts.append(f"{label} {value}")
        self.page.lines.append(" ".join(parts))
        self.y += h

    def columns(
        self,
        left: list[Cell],
        right: list[Cell],
        *,
        split: float = 0.42,
        rules: tuple[bool, bool] = (False, False),
        left_span: tuple[float, float] | None = None,
        right_span: tuple[float, float] | None = None,
    ) -> tuple[list[tuple[float, float, float, float]], list[tuple[float, float, float, float]]]:
        """Two blocks side by side; left read first. Returns the ink boxes of each column's lines."""
        mid = self.left + (self.right - self.left) * split
        spans = [left_span or (self.left - 120, mid), right_span or (mid, self.right + 60)]
        heights = [sum(self._cell_h(c) for c in col) for col in (left, right)]
        self.ensure(max(heights) + 30)
        top = self.y
        boxes: list[list[tuple[float, float, float, float]]] = [[], []]
        for k, col in enumerate((left, right)):
            self.y = top
            x0, x1 = spans[k]
            last: tuple[float, float, float, int] | None = None
            for cell in col:
                if cell.text is None:
                    self.y += cell.size
                    continue
                size = self.fit(cell.text, cell.style, cell.size, x1 - x0)
                lx, base, rx = self.line(
                    cell.text, style=cell.style, size=size, align=cell.align, x0=x0, x1=x1
                )
                boxes[k].append((lx, base - size * 0.75, rx, base + size * 0.2))
                last = (lx, base, rx, size)
            if rules[k] and last is not None:
                lx, base, rx, size = last
                cx = (lx + rx) / 2
                half = (rx - lx) / 2 * (0.92 if k == 1 else 0.4)
                y = base + size * 0.62
                self.page.items.append(Rule(cx - half, y, cx + half, y, 3))
        self.y = top + max(heights)
        return boxes[0], boxes[1]

    def _cell_h(self, cell: Cell) -> float:
        return cell.size if cell.text is None else self.line_height(cell.size)

    def stamp(self, stamp: Stamp) -> None:
        self.page.items.append(stamp)
