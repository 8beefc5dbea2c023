"""Is a word a well-formed Vietnamese syllable? (onset, vowel cluster, coda, at most one tone)

Vietnamese is written one syllable per word from a small closed grammar, so a word OCR read with
a very low confidence can still be told apart from the garbage a seal or a photo gives ("ueI©",
"nệH"): the first is a syllable, the second is not.
"""

from __future__ import annotations

import re
import unicodedata

_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
_ONSET = "ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_CLUSTER = (
    "iêu|yêu|oai|oay|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê|"
    "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
)
_CODA = "ch|ng|nh|c|k|m|n|p|t"  # k: Đắk, Lắk (place names of the highlands)
_SYLLABLE = re.compile(rf"(?:{_ONSET})?(?:{_CLUSTER})(?:{_CODA})?")


def strip_tone(word: str) -> tuple[str, str]:
    """The word without tone marks (vowel marks such as ơ, â kept), and the tone marks it had."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(c for c in decomposed if c in _TONES)
    bare = "".join(c for c in decomposed if c not in _TONES)
    return unicodedata.normalize("NFC", bare), tones


def is_syllable(word: str) -> bool:
    """True for one well-formed Vietnamese syllable in any case ("TRỌNG", "nghiêng", "Đắk")."""
    bare, tones = strip_tone(word.lower())
    return len(tones) <= 1 and _SYLLABLE.fullmatch(bare) is not None
