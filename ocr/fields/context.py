"""Words OCR misread by one slip, repaired from the words beside them in a Decree 30 field.

A reading such as "nhà đột nát", "Thường tực HĐND", "Cục Thuê tỉnh" or "(để b/e)" holds a word
that makes nothing with its neighbours while one slip of OCR away (a tone mark lost, added or
changed, đ for d, a hat or horn lost, the second letter of an onset lost, a letter taken for its
look-alike) there is a word that makes a known phrase with one of them ("dột nát", "Thường trực",
"Cục Thuế", "để b/c"). The phrases known are the compound words of `ocr.fields.compounds`, the
names of `ocr.fields.organs` and the usual phrasing of state papers (ocr/data/vie_admin_phrases.txt).
A word one letter away from one of the standard abbreviations of state papers ("DBND" for "UBND",
"b/e" for "b/c": `ocr.fields.abbreviations`) is restored to it.

A word is repaired only when (1) it forms no known phrase with either neighbour as read, (2)
exactly one spelling one slip away forms one, and (3) that spelling is a syllable in use (or a
token of the phrases, "b/c"). A capitalized word inside a sentence, or beside one, is repaired
only from the phrasing of state papers, never from a common compound: it may be a name. A tone
mark on a plain vowel is only added or removed (a mark lost, or a speck read as one): "tại
khoản" is never made "tài khoản". Persons' names and places are left as read. A mark OCR read
between the two syllables of one word ("tập ‹ đoàn") is left out. Every change is flagged and
keeps what was read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path

from common.vietnamese import LOOK_ALIKE, is_syllable, nfc, strip_tone
from ocr.fields import abbreviations, lexicon
from ocr.fields.compounds import (
    ALL_TONES,
    STACKED,
    names_in,
    reshaped,
    restore_field_tones,
    with_case,
)
from ocr.fields.lines import Doc
from ocr.fields.model import FieldValue
from ocr.fields.organs import NAMES as ORGAN_NAMES
from ocr.fields.read import word_problem

_DATA = Path(__file__).parent.parent / "data"
# a word, or an abbreviation "b/c", "b/cáo", "TT-ĐT" (one word: "TTĐT")
_TOKEN = re.compile(r"[A-ZĐ]+(?:-[A-ZĐ]+)+(?![^\W\d_])|[^\W\d_]+(?:/[^\W\d_]+)*")
_GAP = re.compile(r"[ \t]+")  # what may stand between two words of one phrase on one line
# a mark OCR read between two words ("tập ‹ đoàn"): no punctuation a phrase is written with
_SPECK = re.compile(r"[ \t]+[^\w\s,;:.()\[\]|/\-–—‐\"'“”%&+]{1,2}[ \t]+")
# the second letter of an onset OCR may lose ("tực" for "trực", "Cục" and "Chục")
_ONSETS = {"t": ("tr", "th"), "c": ("ch",), "k": ("kh",), "p": ("ph",), "n": ("nh", "ng")}
_ONSETS.update({"g": ("gh", "gi")})
_LOOK = {a: b for a, b in LOOK_ALIKE} | {b: a for a, b in LOOK_ALIKE}
# the grammatical words of Vietnamese: they stand alone, so that they make no compound with
# their neighbours is no sign of a slip ("của nhà đầu tư" is not "cửa nhà")
_GRAMMATICAL = (
    "của và về với cho các những có là được bị đã sẽ đang khi thì mà để từ trong ngoài trên dưới "
    "theo tại do vì nên nếu hoặc hay cũng đều rất này đó kia ấy nào gì ai sau trước giữa cùng "
    "đến tới ra vào lên xuống một hai ba năm ngày tháng như bằng qua nhằm không chưa còn vẫn "
    "mới lại nay"
)
FUNCTION_WORDS = frozenset(_GRAMMATICAL.split())
FIELDS = ("subject", "recipients")  # written in common words, where a slip is a word wrong

Key = tuple[str, str]
Pair = tuple[Key, Key]


@lru_cache(maxsize=1 << 16)
def key(word: str) -> Key:
    """A word without its tone and the tone; a final "y" alone written "i" ("kỳ" as "kì")."""
    bare, tone = strip_tone(nfc(word).lower().replace("-", ""))
    if re.fullmatch(r"[^aăâeêioôơuưy]*y", bare) and not bare.startswith("qu"):
        bare = bare[:-1] + "i"
    return bare, tone


def _pairs(phrase: str) -> set[Pair]:
    """The neighbouring words of a phrase, by key, within its stretches without punctuation."""
    out: set[Pair] = set()
    for stretch in re.split(r"[,;:.()]", phrase):
        keys = [key(w) for w in _TOKEN.findall(stretch)]
        out.update(pairwise(keys))
    return out


@cache
def admin_pairs() -> frozenset[Pair]:
    """Neighbouring words of the usual phrasing of state papers and of the names of bodies."""
    lines = (_DATA / "vie_admin_phrases.txt").read_text(encoding="utf-8").splitlines()
    phrases = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    return frozenset(p for phrase in (*phrases, *ORGAN_NAMES) for p in _pairs(phrase))


@cache
def word_pairs() -> frozenset[Pair]:
    """Neighbouring syllables of the compound words (ocr/data/vie_words.txt)."""
    lines = (_DATA / "vie_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(p for line in lines if line for p in _pairs(line))


@cache
def _tokens() -> frozenset[Key]:
    """The abbreviations of the phrasing ("b/c"): words a variant may be though no syllable."""
    return frozenset(k for pair in admin_pairs() for k in pair if "/" in k[0])


@dataclass(frozen=True)
class Fix:
    """One word repaired: where it is in the text, as read, as repaired, the phrase it makes."""

    start: int
    read: str
    fixed: str
    phrase: str


def _variants(word: str) -> set[str]:
    """The spellings in use one OCR slip away from `word` (lower case), `word` aside."""
    low = nfc(word).lower()
    if "/" in low:
        looks = (low[:j] + _LOOK[c] + low[j + 1 :] for j, c in enumerate(low) if c in _LOOK)
        return {v for v in looks if key(v) in _tokens()}
    if not is_syllable(low):
        return set()
    bare, tone = strip_tone(low)
    keys: set[Key] = {
        (bare, t) for t in ALL_TONES if t != tone and (STACKED.search(bare) or "" in (t, tone))
    }
    swapped = {"đ": "d", "d": "đ"}.get(bare[0])
    if swapped:
        keys.add((swapped + bare[1:], tone))
    keys.update(reshaped((bare, tone)))
    onset = re.match(r"[^aăâeêioôơuưy]+", bare)
    if onset and onset.group() in _ONSETS:
        keys.update((o + bare[1:], tone) for o in _ONSETS[onset.group()])
    spelled = spellings()
    return {spelled[k] for k in keys if k in spelled and len(spelled[k]) >= len(low)}


@cache
def spellings() -> dict[Key, str]:
    """How each syllable in use is written: those of `lexicon` and of the compound words
    ("dột" of "dột nát", missing from Tesseract's list)."""
    out = dict(lexicon.spellings())
    for line in (_DATA / "vie_words.txt").read_text(encoding="utf-8").split():
        out.setdefault(key(line), line)
    return out


def _runs(line: str, offset: int) -> list[list[tuple[int, str]]]:
    """The words of a line (at `offset` in the text) in runs parted only by spaces."""
    runs: list[list[tuple[int, str]]] = []
    last = -1
    for m in _TOKEN.finditer(line):
        if runs and _GAP.fullmatch(line[last : m.start()]):
            runs[-1].append((offset + m.start(), m.group()))
        else:
            runs.append([(offset + m.start(), m.group())])
        last = m.end()
    return runs


def context_fixes(text: str) -> list[Fix]:
    """The words of `text` (NFC; one item a line) OCR misread by one slip, each with the
    spelling that makes a known phrase with a word beside it (see the module's docstring)."""
    if text.isascii():
        return []  # written without diacritics on purpose
    caps = text.isupper()
    out: list[Fix] = []
    offset = 0
    for line in text.split("\n"):
        for run in _runs(line, offset):
            first = run[0][0] == offset + len(line) - len(line.lstrip())
            out.extend(_run_fixes(run, first=first, caps=caps))
        offset += len(line) + 1
    return out


def _known(pair: Pair, admin_only: bool) -> bool:
    return pair in admin_pairs() or (not admin_only and pair in word_pairs())


def _run_fixes(run: list[tuple[int, str]], *, first: bool, caps: bool) -> list[Fix]:
    words = [w for _, w in run]
    names = names_in([w.strip("/") for w in words])
    keys = [key(w) for w in words]
    # a capital inside a sentence: a name or a term, not a common compound word
    capital = [w[0].isupper() and not caps and not (first and i == 0) for i, w in enumerate(words)]
    out: list[Fix] = []
    for i, (start, word) in enumerate(run):
        if names[i] or (len(word) < 2 and "/" not in word) or word.lower() in FUNCTION_WORDS:
            continue
        beside = [j for j in (i - 1, i + 1) if 0 <= j < len(run)]
        if any(_known(_pair(keys, i, j, keys[i]), False) for j in beside):
            continue  # a phrase as read
        if keys[i] in spellings():  # a word in use: only with a neighbour that is free
            beside = [j for j in beside if not _bound(keys, j, i)]
        fits: dict[str, int] = {}
        for variant in _variants(word):
            for j in beside:
                admin_only = capital[i] or capital[j] or names[j]
                if not names[j] and _known(_pair(keys, i, j, key(variant)), admin_only):
                    fits.setdefault(variant, j)
        if len(fits) != 1:
            continue
        variant, j = next(iter(fits.items()))
        fixed = with_case(variant, word) if len(variant) == len(word) else _cased(variant, word)
        keys[i] = key(fixed)
        phrase = f"{words[j]} {fixed}" if j < i else f"{fixed} {words[j]}"
        out.append(Fix(start, word, fixed, phrase))
        words[i] = fixed
    return out


def _pair(keys: list[Key], i: int, j: int, at_i: Key) -> Pair:
    """The pair of the word at `i` (its key `at_i`) and its neighbour at `j`, in text order."""
    return (keys[j], at_i) if j < i else (at_i, keys[j])


def _bound(keys: list[Key], j: int, i: int) -> bool:
    """True when the word at `j` makes a known phrase as read with its other neighbour (not the
    one at `i`): "tác" of "công tác phòng" is taken, and "phòng" is no "phong" of "tác phong"."""
    other = 2 * j - i
    if not 0 <= other < len(keys):
        return False
    pair = (keys[other], keys[j]) if other < j else (keys[j], keys[other])
    return _known(pair, False)


def _cased(spelled: str, like: str) -> str:
    """`spelled` in the case of `like` when lengths differ ("TỰC" -> "TRỰC"): all capitals,
    a capital first, or small letters."""
    if like.isupper() and len(like) > 1:
        return spelled.upper()
    return spelled[0].upper() + spelled[1:] if like[0].isupper() else spelled


def specks_between(text: str) -> list[tuple[int, int, str]]:
    """(start, end, mark) of each mark OCR read between two words that make a known phrase
    ("tập ‹ đoàn"): the mark and a space around it are what to leave out."""
    out = []
    for m in _SPECK.finditer(text):
        before = _TOKEN.findall(text[: m.start()][-40:])
        after = _TOKEN.match(text, m.end())
        glued = bool(before) and text[m.start() - len(before[-1]) : m.start()] == before[-1]
        if glued and after and _known((key(before[-1]), key(after.group())), False):
            out.append((m.start(), m.end() - 1, m.group().strip()))
    return out


def repaired(text: str) -> tuple[str, list[str]]:
    """`text` with its specks between syllables left out and its slips repaired, and what was
    done, in words a clerk reads."""
    done = []
    specks = specks_between(text)
    for start, end, _ in reversed(specks):
        text = text[:start] + text[end:]
    if specks:
        marks = ", ".join(repr(m) for _, _, m in specks)
        done.append(f"{marks} read between the syllables of one word left out")
    fixes = context_fixes(text)
    for fix in reversed(fixes):
        text = text[: fix.start] + fix.fixed + text[fix.start + len(fix.read) :]
    if fixes:
        words = ", ".join(f"{f.read!r} -> {f.fixed!r} ({f.phrase!r})" for f in fixes)
        done.append(f"a letter or mark misread by OCR corrected from the words beside it ({words})")
    text, restored = abbreviations.restore(text)
    if restored:
        words = ", ".join(f"{read!r} -> {fixed!r}" for read, fixed in restored)
        done.append(f"a standard abbreviation misread by OCR restored ({words})")
    return text, done


def repaired_field(field: FieldValue) -> FieldValue:
    """`field` with `repaired` applied, flagged and with what was read; else as it is."""
    value, done = repaired(nfc(field.value))
    if not done:
        return field
    read = field.read_as or field.value
    earlier = field.reason if field.needs_review else ""
    gone = set(field.value.split()) - set(value.split())
    kept = [r for r in earlier.split("; ") if r and not _about(r, gone)]
    if len(kept) < len([r for r in earlier.split("; ") if r]):
        kept.append(word_problem(value))
    told = any("read as" in r for r in kept)  # what was read is said once
    reason = f"{'; '.join(done)}: check it" + ("" if told else f"; read as {read!r}")
    reason = "; ".join(r for r in (reason, *kept) if r)
    return replace(field, value=value, needs_review=True, reason=reason, read_as=read)


def _about(reason: str, words: set[str]) -> bool:
    """True when a reason is about one of `words` (the first text it quotes holds one)."""
    quoted = re.match(r"'([^']*)'", reason)
    return quoted is not None and any(w.strip(".,;:()") in quoted.group(1).split() for w in words)


def repair_fields(doc: Doc, fields: dict[str, FieldValue]) -> dict[str, FieldValue]:
    """The fields with their tone slips restored (`compounds.restore_field_tones`), then the
    subject's and the recipients' words OCR misread by one slip repaired from their neighbours.
    A check of a DocSpec."""
    out = restore_field_tones(doc, fields)
    for name in FIELDS:
        if name in out and out[name].value:
            out[name] = repaired_field(out[name])
    return out
