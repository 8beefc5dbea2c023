"""Vietnamese text, one module for the whole project: NFC, diacritic folding (search and field
extraction fold the same way), syllable grammar, tone marks, and the table of OCR confusions.

Vietnamese is written one syllable per word from a small closed grammar, so a word OCR read with
a very low confidence can still be told apart from the garbage a seal or a photo gives ("ueI©",
"nệH"): the first is a syllable, the second is not.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- folding ------------------------------------------------------------------------------------

# Icelandic eth, which Vietnamese never uses, is what OCR often reads for Đ/đ
ETH_TO_D = str.maketrans("Ðð", "Đđ")


def nfc(text: str) -> str:
    """The composed (NFC) form every stored and compared text uses."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in "đĐðÐ":
        return "d"
    base = unicodedata.normalize("NFD", c)[0]
    return base.lower() if len(base.lower()) == 1 else base


def fold(text: str) -> str:
    """Lower-case ASCII-ish copy of `text` without diacritics, đ/Đ -> d, same length as `text`
    (index-aligned, so a match in the folded text is a match at the same place in the original).
    Give it NFC text ("Đồng Tháp" -> "dong thap")."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(c) for c in text)


def fold_for_search(text: str) -> str:
    """`fold` of the NFC form, stray combining marks dropped: the form the search index keeps."""
    folded = fold(nfc(text))
    if folded.isascii():
        return folded
    return "".join(c for c in folded if not unicodedata.combining(c))


# --- the standard abbreviations of state papers ----------------------------------------------------

# the bodies and offices of the state by their initials (Ủy ban nhân dân, Hội đồng nhân dân,
# Mặt trận Tổ quốc, Văn phòng Chính phủ, Văn phòng Ủy ban, Văn phòng Quốc hội, thủ tục hành
# chính, Ban Chỉ đạo) and the file copy's "Lưu: VT" (văn thư): no syllables, so Tesseract's
# Vietnamese model scores them very low even when it reads them right (measured: "VT," at 0)
STATE_INITIALS = frozenset({"UBND", "HĐND", "MTTQ", "VPCP", "VPUB", "VPQH", "TTHC", "BCĐ", "VT"})
# why a copy is sent: để báo cáo, để thực hiện, để phối hợp, để chỉ đạo
COPY_NOTES = frozenset({"b/c", "t/h", "p/h", "c/đ"})


# --- OCR confusions -----------------------------------------------------------------------------

# letters OCR often reads in place of others inside labels ("Số" -> "S6", "Họ" -> "H0")
LABEL_CONFUSIONS = str.maketrans({"0": "o", "6": "o", "|": "l", "1": "l", "$": "s", "@": "a"})

# characters OCR reads in place of digits when the token is otherwise numeric
DIGIT_CONFUSIONS = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "Q": "0",
        "l": "1",
        "I": "1",
        "|": "1",
        "i": "1",
        "!": "1",
        "]": "1",
        "S": "5",
        "s": "5",
        "B": "8",
        "Z": "2",
        "z": "2",
        "g": "9",
        "b": "6",
        "G": "6",
    }
)
DIGIT_LOOKALIKES = "OoDQlIi|!]SsBZzgbG"


def fold_label(text: str) -> str:
    """`fold` plus the usual OCR confusions of label letters; still index-aligned."""
    return fold(text).translate(LABEL_CONFUSIONS)


_NOT_LETTER = re.compile(r"[^a-z]")


def bare_letters(text: str) -> str:
    """The letters of a reading without marks, spaces or punctuation ("KT,BỘ" -> "ktbo"): what
    a reading is compared by with the names of a closed list (titles, state bodies)."""
    return _NOT_LETTER.sub("", fold_label(nfc(text)).lower())


# letters the print of a title or a name makes OCR take for one another ("Kf,BỌ": the T of
# "KT." read "f"); a slip between them costs half an edit in look_alike_distance
LOOK_ALIKE = frozenset({("f", "t"), ("i", "l"), ("c", "e"), ("u", "v"), ("v", "y")})
LOOK_ALIKE_COST = 0.5
_LOOK_ALIKE_PAIRS = LOOK_ALIKE | {(b, a) for a, b in LOOK_ALIKE}


def look_alike_distance(read: str, key: str) -> float:
    """Edits from `read` to `key` (letters without marks), a letter taken for its look-alike
    counting LOOK_ALIKE_COST: of two names as many edits away, the one OCR's slips explain is
    nearer."""
    row = [float(j) for j in range(len(key) + 1)]
    for i, a in enumerate(read, 1):
        prev, row = row, [float(i)] + [0.0] * len(key)
        for j, b in enumerate(key, 1):
            swap = 0.0 if a == b else LOOK_ALIKE_COST if (a, b) in _LOOK_ALIKE_PAIRS else 1.0
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + swap)
    return row[-1]


# --- syllables ----------------------------------------------------------------------------------

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


_STOP_FINAL = re.compile(r"(?:p|t|c|ch)$")
_STOP_TONES = (
    "\u0301",
    "\u0323",
)  # sắc, nặng: the only tones a syllable ending in p, t, c, ch takes


def impossible_tone(word: str) -> bool:
    """True for a syllable no Vietnamese word has: ending in p/t/c/ch without a sắc or nặng tone
    ("quyêt", "Viêt"): the sign of a mark OCR lost."""
    bare, tones = strip_tone(word.lower())
    if not _SYLLABLE.fullmatch(bare) or not _STOP_FINAL.search(bare):
        return False
    return tones not in _STOP_TONES
