"""Tone marks OCR misread, restored in a page's text from the compound words of Vietnamese.

The repair of `ocr.fields.compounds` ("tô chức" -> "tổ chức"), run on the reading-order text of a
page OCR read in Vietnamese. A word changed keeps its box and what was read (`Word.read_as`): the
ALTO file keeps the reading, the PDF text layer and text.txt carry the restored text, and field
extraction reads the page as read (`PageText.as_read`) and flags what it changes itself.
"""

from __future__ import annotations

from dataclasses import replace

from common.vietnamese import nfc
from ocr.fields.compounds import Slip, tone_slips
from ocr.types import PageText, Word, word_starts


def is_vietnamese(languages: str) -> bool:
    """True when the Tesseract languages ("vie", "vie+eng") read Vietnamese."""
    return "vie" in languages.split("+")


def restore_page_tones(page: PageText) -> PageText:
    """`page` with the tone slips of its text restored, word by word (boxes unchanged; each word
    changed keeps `read_as`); a page whose text is not from OCR, or is not NFC, as it is."""
    if page.source != "ocr" or not page.words or nfc(page.text) != page.text:
        return page
    slips = tone_slips(page.text)
    if not slips:
        return page
    text = page.text
    words: list[Word] = []
    for word, start in zip(page.words, word_starts(text, page.words), strict=True):
        inside = [s for s in slips if start >= 0 and start <= s.start < start + len(word.text)]
        fixed = _restored(word.text, start, inside)
        if fixed == word.text:
            words.append(word)
            continue
        words.append(replace(word, text=fixed, read_as=word.read_as or word.text))
        text = text[:start] + fixed + text[start + len(fixed) :]
    return replace(page, words=tuple(words), text=text)


def _restored(word: str, start: int, slips: list[Slip]) -> str:
    """`word` (found at `start` of the text) with the slips inside it restored; a slip that
    would change the word's length (never, the spellings have the read one's length) is left."""
    out = word
    for slip in slips:
        at = slip.start - start
        if out[at : at + len(slip.read)] == slip.read and len(slip.fixed) == len(slip.read):
            out = out[:at] + slip.fixed + out[at + len(slip.read) :]
    return out
