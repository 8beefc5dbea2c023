"""Province names after "tỉnh" / "thành phố": a closed list, so a diacritic OCR slipped is restored.

"tỉnh Băc Kạn" was printed "tỉnh Bắc Kạn": when the words after "tỉnh" or "thành phố" match a
province name once diacritics are set aside, but not as read, the name (and a misread "tính" for
"tỉnh") is written as the list has it. Both tone placements ("Hòa" and "Hoà") are correct Vietnamese
and are left as printed.
"""

from __future__ import annotations

import re
import unicodedata

from ocr.fields.provinces import PROVINCE_CODES
from ocr.fields.text import fold, nfc

# names used after the 2025 merger that are not in the 63-province code table
_EXTRA = ("Huế",)
NAMES = tuple(sorted({*PROVINCE_CODES.values(), *_EXTRA}, key=len, reverse=True))
_PREFIX = re.compile(r"(?<![^\W\d_])(tinh|thanh pho|tp\.?)\s+", re.IGNORECASE)
_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}


def _toneless(word: str) -> str:
    return nfc("".join(c for c in unicodedata.normalize("NFD", word) if c not in _TONES))


def _tone_of(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if c in _TONES)


def same_spelling(read: str, name: str) -> bool:
    """True when `read` is `name` up to case and the placement of the tone mark (Hòa / Hoà)."""
    a, b = read.lower().split(), name.lower().split()
    return len(a) == len(b) and all(
        x == y or (_toneless(x) == _toneless(y) and _tone_of(x) == _tone_of(y))
        for x, y in zip(a, b, strict=True)
    )


def fix_places(text: str) -> str:
    """`text` with the province names after "tỉnh"/"thành phố" spelt as the list has them."""
    text = nfc(text)
    folded = fold(text)
    out: list[str] = []
    last = 0
    for m in _PREFIX.finditer(folded):
        start = m.end()
        for name in NAMES:
            end = start + len(name)
            if folded[start:end] != fold(name) or (end < len(text) and text[end].isalnum()):
                continue
            read = text[start:end]
            if read.isupper():
                read = read if same_spelling(read, name) else name.upper()
            elif read != name and not (same_spelling(read, name) and read.lower() != name.lower()):
                read = name  # a slipped letter or case ("Gia LAI"); "Hoà" for "Hòa" is kept
            prefix = text[m.start() : m.end()]
            if m.group(1).lower() == "tinh" and prefix[:4].lower() != "tỉnh":
                tinh = "TỈNH" if prefix[:4].isupper() else "Tỉnh" if prefix[0].isupper() else "tỉnh"
                prefix = tinh + prefix[4:]
            out.append(text[last : m.start()] + prefix + read)
            last = end
            break
    out.append(text[last:])
    return "".join(out)
