"""The font families with Vietnamese glyphs, split into a training set and a held-out set."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

TRUETYPE = Path("/usr/share/fonts/truetype")
STYLES = ("regular", "bold", "italic", "bolditalic")

# family -> file names for regular, bold, italic, bold italic
FAMILIES: dict[str, tuple[str, str, str, str]] = {
    "Liberation Serif": tuple(  # type: ignore[dict-item]
        f"liberation2/LiberationSerif-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic")
    ),
    "Liberation Sans": tuple(  # type: ignore[dict-item]
        f"liberation2/LiberationSans-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic")
    ),
    "Noto Serif": tuple(  # type: ignore[dict-item]
        f"noto/NotoSerif-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic")
    ),
    "Noto Sans": tuple(  # type: ignore[dict-item]
        f"noto/NotoSans-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic")
    ),
    "DejaVu Serif": tuple(  # type: ignore[dict-item]
        f"dejavu/DejaVuSerif{s}.ttf" for s in ("", "-Bold", "-Italic", "-BoldItalic")
    ),
    "DejaVu Sans": tuple(  # type: ignore[dict-item]
        f"dejavu/DejaVuSans{s}.ttf" for s in ("", "-Bold", "-Oblique", "-BoldOblique")
    ),
}
FONT_SETS: dict[str, tuple[str, ...]] = {
    "train": ("Liberation Serif", "Noto Sans", "DejaVu Sans"),
    "heldout": ("Noto Serif", "Liberation Sans", "DejaVu Serif"),
}
FONT_SETS["all"] = FONT_SETS["train"] + FONT_SETS["heldout"]


@lru_cache(maxsize=512)
def _load(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


@dataclass(frozen=True)
class FontFamily:
    """One family: file per style, PIL fonts cached by (file, pixel size)."""

    name: str
    files: dict[str, Path] = field(hash=False)

    def get(self, style: str, size: int) -> ImageFont.FreeTypeFont:
        return _load(str(self.files[style]), size)


def family(name: str) -> FontFamily:
    files = {style: TRUETYPE / f for style, f in zip(STYLES, FAMILIES[name], strict=True)}
    for path in files.values():
        if not path.exists():
            raise FileNotFoundError(
                f"font {name}: {path} is missing (install fonts-liberation2, "
                "fonts-noto-core, fonts-dejavu-core)"
            )
    return FontFamily(name, files)
