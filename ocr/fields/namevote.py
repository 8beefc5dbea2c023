"""A signer's name read word by word from several readings of its line, by vote.

A seal's ring printed across a signer's name hides the print under it (the seal's ink is opaque:
"Lê Tấn Dũng" read "Lê +ần Dũng"), and each way of reading the line (the page; the line alone as
cleaned, with the strokes taken out, larger, with the coloured ink filled in from the print
around it) tears the name elsewhere. No one reading need be whole for every word of the name to
be read whole by some: the readings' words are laid in the name's word places by where they
stand on the page (a word torn in two pieces stays in one place), and each reading of a place
votes, with its OCR confidence times how likely it is as a word of a name (PLAUSIBLE), for:

- the word itself, when it is one: a family name in the first place, a common middle or given
  name or a Vietnamese syllable in use in the others;
- the one family name (first place) or common name (others) a word reads as but for a letter
  misread or two taken for their look-alikes ("Ngvvẻn": Nguyễn), or once the letters a mark
  stands for, or a small first letter says were lost, are put back, as few as make one
  ("«Ấn", "ấn": Tấn; "Ph...n" would be Phan, outvoted by two readings of "Phạm"). The vowels
  and tones read are kept where the lost letters make the word ambiguous.

Each place takes the word with the most votes. The closed lists are the general ones of
ocr.fields.names (family names of nearly all citizens, common given names), nothing of any one
paper; what the vote gives is a guess at what a mark hid and is always flagged by its caller.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby, pairwise

from common.vietnamese import fold, is_syllable, look_alike_distance, nfc
from ocr.fields.lexicon import unknown_words
from ocr.fields.names import GIVEN_NAMES, SURNAMES, UNIQUE_FOLD, toned_twins
from ocr.types import Word

# how likely a reading of a place is as a word of a name: as read, a family name (first place) or
# a common name (others); a family name read without its marks, when its letters make only one;
# a Vietnamese syllable in use (a rarer name); a name put back from a reading torn or misread
PLAUSIBLE = {"listed": 1.0, "unmarked": 0.8, "syllable": 0.4, "restored": 0.6, "near": 0.5}
# a common name read without a tone mark on a vowel with a hat or a horn when it is a common name
# with one too ("Tân": Tấn): the mark stacked there is the one OCR most often loses, so such a
# reading counts this share of a listed name's vote (names.lost_tone flags it on the page)
TONE_LOST = 0.5
CASE_SLIP = 0.5  # a word read with a small first letter where it stands whole: a case slip
MIN_CONFIDENCE = 10.0  # a reading's vote counts at least this confidence (Tesseract's 0 is noise)
MAX_LOST = 2  # letters put back under a mark or before a small first letter, at most
NEAR = 1.0  # look-alike edits (common.vietnamese.look_alike_distance) a misread word may be off
LATE_START = 0.3  # name heights a word starts right of its place: a letter before it was lost
GAP_APART = 0.5  # name heights: the readings' gaps between two words this near are one gap

_SURNAMES = tuple(dict.fromkeys(nfc(s).lower() for s in SURNAMES))
_GIVEN = tuple(sorted(GIVEN_NAMES | set(_SURNAMES)))  # a family name is a middle name too
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True, slots=True)
class Voted:
    """A name the vote gave: its words, their mean confidence, and how many readings voted."""

    name: str
    confidence: float
    readings: int


def vote_name(readings: Sequence[Sequence[Word]], height: float) -> Voted | None:
    """The name the readings (each the words one reading gave of the name's line, in page
    pixels) give word by word (see the module's doc); None when a place most readings saw gave
    no word of a name. `height`: the name's printed height (pixels)."""
    places = _places(readings, height)
    if not places:
        return None
    words: list[str] = []
    confidences: list[float] = []
    for place in places:
        seen = [ws for ws in place if ws]
        if 2 * len(seen) <= len(readings):
            continue  # a speck or a mark one reading took for a word, beside the name
        left = min(w.left for ws in seen for w in ws)
        votes: dict[str, float] = {}
        shown: dict[str, list[str]] = {}
        for ws in seen:
            text = "".join(w.text for w in ws)
            late = ws[0].left - left > LATE_START * height
            confidence = max(MIN_CONFIDENCE, min(w.confidence for w in ws)) / 100
            for word, weight in _readings_of(text, first=not words, late=late):
                votes[word] = votes.get(word, 0.0) + confidence * weight
                shown.setdefault(word, []).append(text)
        if not votes:
            return None
        best = max(votes, key=lambda k: (votes[k], k))
        words.append(_case(best, shown[best]))
        confidences.append(100 * votes[best] / len(seen))
    if not words:
        return None
    return Voted(" ".join(words), round(sum(confidences) / len(confidences), 1), len(readings))


def _places(readings: Sequence[Sequence[Word]], height: float) -> list[list[list[Word]]]:
    """The name's word places, left to right, each holding per reading that reading's words
    whose middle is in it. Places are parted where most readings that reach there see a gap
    between two words (a gap one reading sees inside a word the others read whole is a tear; a
    word one reading reads over a gap the others see is two words read as one, or a stroke)."""
    cuts = sorted((a.left + a.width + b.left) / 2 for ws in readings for a, b in pairwise(ws))
    parted: list[float] = []
    for group in _groups(cuts, GAP_APART * height):
        at = group[len(group) // 2]
        covered = sum(any(_over(w, at) for w in ws) for ws in readings)
        reached = sum(bool(ws) and ws[0].left < at < ws[-1].left + ws[-1].width for ws in readings)
        if 2 * (reached - covered) > reached:
            parted.append(at)
    bounds = [-math.inf, *parted, math.inf]
    places = [
        [[w for w in ws if a < w.left + w.width / 2 <= b] for ws in readings]
        for a, b in pairwise(bounds)
    ]
    return [place for place in places if any(place)]


def _groups(cuts: list[float], apart: float) -> list[list[float]]:
    """Sorted positions grouped where each is within `apart` of the one before."""
    groups: list[list[float]] = []
    for x in cuts:
        if groups and x - groups[-1][-1] <= apart:
            groups[-1].append(x)
        else:
            groups.append([x])
    return groups


def _over(word: Word, at: float) -> bool:
    """True when `word` runs over the position `at` (its edges' eighths aside: boxes touch)."""
    inset = word.width / 8
    return word.left + inset < at < word.left + word.width - inset


def _readings_of(text: str, *, first: bool, late: bool) -> list[tuple[str, float]]:
    """The name words (small letters) a place's reading `text` can be, each with its
    plausibility (see the module's doc)."""
    text = nfc(text)
    stock = _SURNAMES if first else _GIVEN
    low = text.lower()
    whole = all(map(_is_letter, low))
    small = text[:1].islower()
    out: list[tuple[str, float]] = []
    if whole and not (small and late):
        weight = CASE_SLIP if small else 1.0
        plain = _as_read(low, first)
        if plain:
            out.append((plain[0], weight * plain[1]))
            return out
    restored = _put_back(low, stock, lost_first=small and late) if not whole or small else None
    if restored:
        out.append((restored, PLAUSIBLE["restored"]))
    elif whole:
        near = _near(low, stock)
        if near:
            out.append((near, PLAUSIBLE["near"]))
    return out


def _as_read(low: str, first: bool) -> tuple[str, float] | None:
    """A whole word read as a name word, with its plausibility, or None."""
    if first:
        if low in _SURNAMES:
            return low, PLAUSIBLE["listed"]
        known = UNIQUE_FOLD.get(fold(low)) if len(low) > 1 else None
        if known and len(known) == len(low):
            return known.lower(), PLAUSIBLE["unmarked"]
    elif low in GIVEN_NAMES or low in _SURNAMES:
        return low, PLAUSIBLE["listed"] * (TONE_LOST if toned_twins(low) else 1.0)
    if is_syllable(low) and ((len(low) > 1 and not unknown_words(low)) or not first):
        return low, PLAUSIBLE["syllable"]  # a one-letter given name ("Ý") too, never a family's
    return None


def _put_back(low: str, stock: tuple[str, ...], *, lost_first: bool) -> str | None:
    """The one name of `stock` the reading `low` makes with the fewest letters put back where
    a mark stands (a character no Vietnamese letter: one letter at least at the word's start,
    any number inside or after it) or before it (`lost_first`), the letters read kept, their
    marks too when the letters alone leave several names."""
    runs = [(letters, "".join(g)) for letters, g in groupby(low, key=_is_letter)]
    if not any(letters for letters, _ in runs) or (all(k for k, _ in runs) and not lost_first):
        return None
    for lost in range(1, MAX_LOST + 1):
        shape = f".{{1,{lost}}}" if lost_first and runs[0][0] else ""
        for i, (letters, run) in enumerate(runs):
            shape += re.escape(run) if letters else f".{{{int(i == 0)},{lost}}}"
        folded = re.compile(fold(shape))
        fits = {s for s in stock if folded.fullmatch(fold(s))}
        if len(fits) > 1:
            marked = re.compile(shape)
            fits = {s for s in fits if marked.fullmatch(s)}
        if len(fits) == 1:
            return fits.pop()
        if fits:
            return None  # several names: more letters put back would only make more
    return None


def _is_letter(c: str) -> bool:
    return fold(c) in _LETTERS


def _near(low: str, stock: tuple[str, ...]) -> str | None:
    """The one name of `stock` within NEAR look-alike edits of a word no name as read ("ngvyễn":
    "nguyễn"), of five letters or more: a short word is too near too many names."""
    if len(low) < 5:
        return None
    folded = fold(low)
    near = {s for s in stock if abs(len(s) - len(low)) <= 1}
    fits = {s for s in near if look_alike_distance(folded, fold(s)) <= NEAR}
    return fits.pop() if len(fits) == 1 else None


def _case(word: str, shown: list[str]) -> str:
    """A name word in the case most readings printed it in: capitals, or capitalized."""
    upper = sum(t.isupper() and len(t) > 1 for t in shown)
    return word.upper() if 2 * upper > len(shown) else word.capitalize()
