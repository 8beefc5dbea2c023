"""The standard abbreviations of Vietnamese state papers, and a word OCR read one letter away.

State papers name the bodies of the state by the initials every office uses ("UBND" for Ủy ban
nhân dân, "HĐND" for Hội đồng nhân dân) and note why a copy is sent in short forms ("b/c" for báo
cáo). These are the standard forms of the administration, not phrases of any one paper. A word
of a recipients' list or a subject that is none of them and no Vietnamese syllable, but one
letter away from exactly one of them ("DBND", "b/e"), is that abbreviation misread: it is
restored, and the field flagged with what was read.
"""

from __future__ import annotations

import re

from common.vietnamese import COPY_NOTES, STATE_INITIALS, is_syllable

# the bodies' standard initials (common.vietnamese.STATE_INITIALS; the file copy's two-letter
# "VT" is no body), and the notes of why a copy is sent
BODIES = frozenset(b for b in STATE_INITIALS if len(b) >= 3)
NOTES = COPY_NOTES
SHORTEST = 4  # letters of a body's initials restored (one letter of three is a third of it)
_TOKEN = re.compile(r"(?<![\w/])(?:[A-ZĐ]{4,}|[a-zđ]/[a-zđ])(?![\w/])")


def restored(word: str) -> str | None:
    """The standard abbreviation one letter away from `word`, when exactly one is and `word` is
    neither one nor a Vietnamese syllable; else None."""
    if word in BODIES or word in NOTES or is_syllable(word.lower()):
        return None
    known = NOTES if "/" in word else {b for b in BODIES if len(b) >= SHORTEST}
    near = [k for k in known if len(k) == len(word) and _one_apart(k, word)]
    return near[0] if len(near) == 1 else None


def _one_apart(a: str, b: str) -> bool:
    return sum(x != y for x, y in zip(a, b, strict=True)) == 1


def restore(text: str) -> tuple[str, list[tuple[str, str]]]:
    """`text` with its misread standard abbreviations restored, and (read, restored) of each."""
    done: list[tuple[str, str]] = []

    def one(m: re.Match[str]) -> str:
        found = restored(m.group())
        if found is None:
            return m.group()
        done.append((m.group(), found))
        return found

    return _TOKEN.sub(one, text), done
