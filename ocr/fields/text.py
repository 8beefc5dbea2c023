"""Diacritic- and OCR-tolerant text matching: folding to plain ASCII and fuzzy label search."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein


def allowed_edits(length: int) -> int:
    """How many OCR slips a label of this length may carry and still be recognized."""
    if length <= 4:
        return 0
    if length <= 8:
        return 1
    if length <= 16:
        return 2
    return 3


@lru_cache(maxsize=256)
def _word_starts(s: str) -> list[int]:
    return [i for i, c in enumerate(s) if c.isalnum() and (i == 0 or not s[i - 1].isalnum())]


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a label was found in a folded line."""

    start: int
    end: int
    edits: int


def find_label(folded: str, label: str, *, start: int = 0, at_start: bool = False) -> Hit | None:
    """The best (fewest edits, then earliest) approximate occurrence of folded `label` in `folded`.

    Matches begin at a word start; a match must end at a word boundary unless it is exact.
    With `at_start`, only a match at the first word at or after `start` counts.
    """
    n = len(label)
    k = allowed_edits(n)
    if k == 0:
        if label not in folded[start:]:
            return None
    elif not _may_contain(folded, label, k):
        return None
    starts = [i for i in _word_starts(folded) if i >= start]
    if at_start:
        starts = starts[:1]
    best: Hit | None = None
    for s in starts:
        if k == 0:
            if folded.startswith(label, s) and _boundary(folded, s + n, label):
                return Hit(s, s + n, 0)
            continue
        if folded[s] != label[0] and (best is not None and best.edits <= 1):
            continue
        for e in range(max(s + 1, s + n - k), min(len(folded), s + n + k) + 1):
            if not _boundary(folded, e, label):
                continue
            d = Levenshtein.distance(label, folded[s:e], score_cutoff=k)
            if d <= k and (best is None or d < best.edits):
                best = Hit(s, e, d)
                if d == 0:
                    return best
    return best


@lru_cache(maxsize=65536)
def _bigrams(s: str) -> frozenset[str]:
    return frozenset(s[i : i + 2] for i in range(len(s) - 1))


def _may_contain(folded: str, label: str, k: int) -> bool:
    """Cheap sound filter (q-gram lemma): a substring within k edits of `label` keeps at least
    len(label) - 1 - 2k of its bigrams, so a line holding fewer of them cannot match."""
    grams = _bigrams(folded)
    present = sum(1 for i in range(len(label) - 1) if label[i : i + 2] in grams)
    return present >= len(label) - 1 - 2 * k


def _boundary(s: str, end: int, label: str) -> bool:
    if end >= len(s):
        return True
    if not label[-1].isalnum():
        return True
    return not (s[end].isalnum() and s[end - 1].isalnum())


def contains(folded: str, label: str) -> bool:
    """True when `label` occurs (with OCR slips allowed) in `folded`."""
    return find_label(folded, label) is not None
