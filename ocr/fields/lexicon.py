"""The Vietnamese syllables in use: a word OCR read that no one writes is a misread mark.

"triên" and "buỗi" are shaped like Vietnamese syllables (common.vietnamese.is_syllable) but are
not words: OCR lost or changed a mark of "triển", "buổi". The list (ocr/data/vie_syllables.txt,
see ocr/data/README.txt) is the word list of Tesseract's own Vietnamese model. Where the tone
mark sits ("hoà" / "hòa") does not matter.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from common.vietnamese import is_syllable, nfc, strip_tone

_LIST = Path(__file__).parent.parent / "data" / "vie_syllables.txt"


@cache
def spellings() -> dict[tuple[str, str], str]:
    """How each Vietnamese syllable in use is written, by its key (`strip_tone`)."""
    out: dict[tuple[str, str], str] = {}
    for word in _LIST.read_text(encoding="utf-8").split():
        out.setdefault(strip_tone(word), word)
    return out


@cache
def _known() -> frozenset[tuple[str, str]]:
    return frozenset(spellings())


def unknown_words(text: str) -> list[str]:
    """The words of `text` shaped like Vietnamese syllables that are not Vietnamese words.

    Single letters and abbreviations in plain capitals ("HU", "TU") are not looked up.
    """
    out = []
    for word in text.split():
        word = nfc(word.strip(".,;:()[]\"'“”‘’-–/"))
        if len(word) < 2 or not word.isalpha() or (word.isupper() and word.isascii()):
            continue
        low = word.lower()
        if is_syllable(low) and strip_tone(low) not in _known():
            out.append(word)
    return out
