"""Tone marks OCR misread, restored from the compound words of Vietnamese.

Tesseract often loses or changes the tone mark stacked on a vowel that already carries a hat or
a horn: "tô chức" for "tổ chức", "phát triên" for "triển", "THỨ TRƯỜNG" for "THỨ TRƯỞNG". Most
such readings are still Vietnamese syllables ("tô", "trường"), so a syllable check cannot see
them, but the compound word they belong to can: "tô chức" is no word, "tổ chức" is.

A syllable is repaired only when (1) it forms no known word, nor a piece of a longer one ("công
tư" of "công tư hợp doanh"), with the syllables beside it (in the same run of words:
punctuation, digits and line items break a run), (2) exactly one other
tone mark on the same letters (hats and horns kept, only the tone changes) makes it form a known
word with them, and (3) that spelling is a Vietnamese syllable. Anything else, including two
tones that both make a word, is left as read. The words come from ocr/data/vie_words.txt (the
word list of pyvi, MIT licence, see ocr/data/README.txt): every entry of two syllables or more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from common.vietnamese import is_syllable, nfc, strip_tone
from ocr.fields import lexicon
from ocr.fields.lines import Doc
from ocr.fields.model import FieldValue
from ocr.fields.names import GIVEN_NAMES, SURNAMES
from ocr.fields.places import NAMES as PLACE_NAMES
from ocr.fields.read import word_problem

_DATA = Path(__file__).parent.parent / "data"
_WORD = re.compile(r"[^\W\d_]+")
_GAP = re.compile(r"\s+")  # what may stand between two syllables of one word (a line may wrap)
# the marks above the letter (none, huyền, sắc, hỏi, ngã): OCR mixes them up where they sit on
# a hat or a horn; a dot below (nặng) is not stacked and not taken for one of them
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303")
STACKED = re.compile("[âêôơưă]")  # the vowels a tone mark is stacked on, where OCR slips
LONGEST = 4  # syllables of the longest word looked up around a syllable

Key = tuple[str, str]  # a syllable without its tone (hats and horns kept) and its tone mark


@cache
def known_words() -> frozenset[tuple[Key, ...]]:
    """Every word of two syllables or more, as the keys of its syllables (tone placement
    "hoà" / "hòa" does not matter)."""
    lines = (_DATA / "vie_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(tuple(strip_tone(s) for s in line.split()) for line in lines if line)


@cache
def known_pieces() -> frozenset[tuple[Key, ...]]:
    """Every run of two syllables or more inside a known word ("công tư" of "công tư hợp
    doanh"): syllables read that make such a piece are Vietnamese as read, not a slip."""
    return frozenset(
        word[start:end]
        for word in known_words()
        for start in range(len(word) - 1)
        for end in range(start + 2, len(word) + 1)
    )


@dataclass(frozen=True)
class Slip:
    """One syllable repaired: where it is in the text, as read, as restored."""

    start: int
    read: str
    fixed: str


def _runs(text: str) -> list[list[re.Match[str]]]:
    """The words of `text` in runs: two words are in one run when only spaces part them."""
    runs: list[list[re.Match[str]]] = []
    last_end = -1
    for m in _WORD.finditer(text):
        if runs and _GAP.fullmatch(text[last_end : m.start()]):
            runs[-1].append(m)
        else:
            runs.append([m])
        last_end = m.end()
    return runs


def _forms_word(
    keys: list[Key], i: int, free: list[bool] | None = None, *, pieces: bool = False
) -> bool:
    """True when the syllable at `i` forms a known word with the syllables beside it (with
    `free`: only with syllables that are free, those that form no word as read; with `pieces`:
    or a piece of a longer known word)."""
    words = known_pieces() if pieces else known_words()
    for size in range(2, LONGEST + 1):
        for start in range(max(0, i - size + 1), min(i, len(keys) - size) + 1):
            if free is not None and not all(free[start : start + size]):
                continue
            if tuple(keys[start : start + size]) in words:
                return True
    return False


def with_case(spelled: str, like: str) -> str:
    """`spelled` (lower case) in the case of `like`, letter by letter (same length)."""
    return "".join(c.upper() if o.isupper() else c for c, o in zip(spelled, like, strict=True))


def _restored(keys: list[Key], i: int, read: str, free: list[bool]) -> str | None:
    """The one spelling of the syllable at `i` with another tone that forms a known word; for
    a syllable no Vietnamese word is ("buỗi", "quôc"), else the one such spelling in use."""
    bare, tone = keys[i]
    spellings = lexicon.spellings()
    if tone not in TONES:
        return None
    others = [
        (other, spellings[(bare, other)])
        for other in TONES
        if other != tone and len(spellings.get((bare, other), "")) == len(read)
    ]
    fits = [s for o, s in others if _forms_word([*keys[:i], (bare, o), *keys[i + 1 :]], i, free)]
    if not fits and keys[i] not in spellings and _among_words(keys, i):
        fits = [s for _, s in others]
    return with_case(fits[0], read) if len(fits) == 1 else None


def _among_words(keys: list[Key], i: int) -> bool:
    """True when the syllables beside the one at `i` are syllables in use (not "TR ỚN TRƯ",
    letters of a word torn apart)."""
    beside = keys[max(0, i - 1) : i] + keys[i + 1 : i + 2]
    return all(k in lexicon.spellings() for k in beside)


def _key(word: str) -> Key | None:
    low = nfc(word).lower()
    return strip_tone(low) if len(low) > 1 and is_syllable(low) else None


def tone_slips(text: str) -> list[Slip]:
    """The syllables of `text` whose tone mark OCR misread, each with its restored spelling.
    Names of persons and provinces are not compound words: they are left as read."""
    if text.isascii():
        return []  # written without diacritics on purpose: no tone is a slip
    text = nfc(text)
    return [slip for run in _runs(text) for slip in _run_slips(run)]


def _run_slips(run: list[re.Match[str]]) -> list[Slip]:
    """The tone slips of one run of words, left to right; a syllable restored is no longer free,
    nor the one it now makes a word with (two slips never pair with each other's misreading)."""
    words = [m.group() for m in run]
    names = names_in(words)
    keys = [None if n else _key(w) for w, n in zip(words, names, strict=True)]
    plain = [k or ("", "") for k in keys]
    free = [k is not None and not _forms_word(plain, i, pieces=True) for i, k in enumerate(keys)]
    slips = []
    for i, m in enumerate(run):
        if not free[i] or not STACKED.search(plain[i][0]):
            continue
        fixed = _restored(plain, i, m.group(), free)
        if fixed is None:
            continue
        slips.append(Slip(m.start(), m.group(), fixed))
        plain[i] = strip_tone(fixed.lower())
        for j in range(max(0, i - LONGEST), min(len(run), i + LONGEST)):
            free[j] = free[j] and not _forms_word(plain, j, pieces=True)
    return slips


_SURNAMES = frozenset(nfc(s).lower() for s in SURNAMES)
_PLACES = frozenset(tuple(strip_tone(w) for w in nfc(p).lower().split()) for p in PLACE_NAMES)


def names_in(words: list[str]) -> list[bool]:
    """Which words belong to a name: a province, or a person's family name followed by
    capitalized given names of the usual stock ("Nguyễn Văn Phúc", "DƯƠNG NHƯ UYÊN")."""
    low = [nfc(w).lower() for w in words]
    keys = [strip_tone(w) for w in low]
    out = [False] * len(words)
    for i in range(len(words)):
        for size in range(1, min(3, len(words) - i) + 1):
            if tuple(keys[i : i + size]) in _PLACES:
                out[i : i + size] = [True] * size
        given = i + 1
        while given < len(words) and words[given][0].isupper() and low[given] in GIVEN_NAMES:
            given += 1
        if words[i][0].isupper() and low[i] in _SURNAMES and given > i + 1:
            out[i:given] = [True] * (given - i)
    return out


def restore_tones(text: str) -> str:
    """`text` (NFC) with every tone slip of `tone_slips` restored (the rest unchanged)."""
    text = nfc(text)
    return _applied(text, tone_slips(text))


def _applied(text: str, slips: list[Slip]) -> str:
    """`text` (NFC, the text the slips were found in) with those slips restored."""
    for slip in slips:
        text = text[: slip.start] + slip.fixed + text[slip.start + len(slip.read) :]
    return text


# the Decree 30 fields written in common words (names of persons are not: see ocr.fields.names)
FIELDS = (
    "subject", "signer_position", "issuing_authority", "parent_authority", "recipients", "place",
)  # fmt: skip


def restore_field_tones(doc: Doc, fields: dict[str, FieldValue]) -> dict[str, FieldValue]:
    """The fields with the tone slips of their words restored: each changed value keeps what was
    read (`read_as`) and is flagged with the words changed. A check of a DocSpec (`doc` unused)."""
    out = dict(fields)
    for key in FIELDS:
        if key in out and out[key].value:
            out[key] = restored_field(out[key])
    return out


def restored_field(field: FieldValue) -> FieldValue:
    """`field` with its tone slips restored, flagged and with what was read; else as it is."""
    slips = tone_slips(field.value)
    if not slips:
        return field
    value = _applied(nfc(field.value), slips)
    read = field.read_as or field.value
    words = ", ".join(f"{s.read!r} -> {s.fixed!r}" for s in slips)
    marks = "tone marks" if len(slips) > 1 else "a tone mark"
    reason = (
        f"{marks} misread by OCR corrected from the dictionary of Vietnamese words "
        f"({words}): check it; read as {read!r}"
    )
    earlier = field.reason if field.needs_review else ""
    if any(f"{w!r}" in earlier for w in (field.value, *(s.read for s in slips))):
        earlier = word_problem(value)  # the earlier reason was about what is now corrected
    reason = "; ".join(r for r in (reason, earlier) if r)
    return replace(field, value=value, needs_review=True, reason=reason, read_as=read)


# the letters OCR reads without (or with another) hat, horn or breve: "thục" for "thực"
_SHAPES = {"u": "ư", "ư": "u", "o": "ôơ", "ô": "oơ", "ơ": "oô", "a": "ăâ", "ă": "aâ", "â": "aă"}
_SHAPES.update({"e": "ê", "ê": "e"})


def shape_slips(text: str) -> list[tuple[str, str]]:
    """(as read, the word it likely is) for each syllable of `text` that forms no word with
    those beside it, while one other hat, horn or breve on one of its vowels would ("THỤC PHẨM":
    "thực phẩm" is a word, "thục phẩm" none). Not repaired, only shown: both are syllables."""
    if text.isascii():
        return []
    out: list[tuple[str, str]] = []
    for run in _runs(nfc(text)):
        words = [m.group() for m in run]
        names = names_in(words)
        keys = [None if n else _key(w) for w, n in zip(words, names, strict=True)]
        plain = [k or ("", "") for k in keys]
        for i, key in enumerate(keys):
            if key is None or len(run) < 2 or _forms_word(plain, i, pieces=True):
                continue
            fits = {
                variant
                for variant in reshaped(key)
                if _forms_word([*plain[:i], variant, *plain[i + 1 :]], i)
            }
            if len(fits) == 1:
                bare, tone = fits.pop()
                spelled = lexicon.spellings()[(bare, tone)]
                out.append((words[i], with_case(spelled, words[i])))
    return out


def reshaped(key: Key) -> list[Key]:
    """The syllables in use that differ from `key` by the shape of one vowel (tone kept)."""
    bare, tone = key
    out = []
    for j, letter in enumerate(bare):
        for other in _SHAPES.get(letter, ""):
            variant = (bare[:j] + other + bare[j + 1 :], tone)
            if variant in lexicon.spellings():
                out.append(variant)
    return out


# every tone a syllable may carry: those above the letter and the dot below (nặng)
ALL_TONES = (*TONES, "\u0323")


def tone_doubts(text: str) -> list[tuple[str, str]]:
    """(words as read, the word they likely are) for each syllable of `text` that forms no word
    with those beside it, while exactly one other tone would make it one with free syllables
    beside it ("chỉ phí": "chi phí" is a word, "chỉ phí" none). Not changed, only shown: both
    are syllables in use, and many such pairs are right as printed.

    Kept to the slips seen on plain vowels (a slip `tone_slips` repairs is left to it): a mark
    lost or a speck read as one, so one of the two spellings has no tone ("tại khoản" is not
    doubted for "tài khoản"); and no capitalized word inside lower-case text, nor a word beside
    one, is doubted: names and terms ("huyện Long Thành", "Kỳ thi") are not compound words."""
    if text.isascii():
        return []
    read_text = nfc(text)
    slips = tone_slips(read_text)
    repaired = {s.start for s in slips}
    text = _applied(read_text, slips)  # same length: a restored spelling has the read one's
    first = _WORD.search(text)
    first_at = first.start() if first else -1
    out: list[tuple[str, str]] = []
    for run in _runs(text):
        words = [m.group() for m in run]
        names = names_in(words)
        keys = [None if n else _key(w) for w, n in zip(words, names, strict=True)]
        plain = [k or ("", "") for k in keys]
        free = [
            k is not None and not _forms_word(plain, i, pieces=True) for i, k in enumerate(keys)
        ]
        capital = [
            not text.isupper() and m.group()[0].isupper() and m.start() != first_at for m in run
        ]
        for i, key in enumerate(keys):
            if (
                key is None
                or not free[i]
                or run[i].start() in repaired
                or any(capital[i - (i > 0) : i + 2])
            ):
                continue
            fits = [
                (key[0], tone)
                for tone in ALL_TONES
                if tone != key[1]
                and "" in (tone, key[1])
                and (key[0], tone) in lexicon.spellings()
                and len(lexicon.spellings()[(key[0], tone)]) == len(words[i])
                and _word_around([*plain[:i], (key[0], tone), *plain[i + 1 :]], i, free)
            ]
            if len(fits) != 1:
                continue
            around = _word_around([*plain[:i], fits[0], *plain[i + 1 :]], i, free)
            if around is None:
                continue
            start, end = around
            begin, at, stop = run[start].start(), run[i].start(), run[end - 1].end()
            variant = with_case(lexicon.spellings()[fits[0]], words[i])
            likely = text[begin:at] + variant + text[at + len(words[i]) : stop]
            out.append((read_text[begin:stop], likely))
    return out


def _word_around(keys: list[Key], i: int, free: list[bool]) -> tuple[int, int] | None:
    """(start, end) of the shortest known word that the syllable at `i` makes with free
    syllables beside it, or None."""
    for size in range(2, LONGEST + 1):
        for start in range(max(0, i - size + 1), min(i, len(keys) - size) + 1):
            if (
                all(free[start : start + size])
                and tuple(keys[start : start + size]) in known_words()
            ):
                return start, start + size
    return None
