"""Search text: query terms and highlighted snippets (folding itself: common.vietnamese)."""

from __future__ import annotations

import re

from common.vietnamese import fold_for_search

MARK_OPEN = "«"
MARK_CLOSE = "»"
WORD = re.compile(r"[0-9a-z]+")


def fold(text: str) -> str:
    """Fold for search ("Đồng Tháp" -> "dong thap"): the one Vietnamese folding of the project."""
    return fold_for_search(text)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text and, for every folded character, the index of its source character."""
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = fold_for_search(ch)
        out.append(folded)
        offsets.extend([i] * len(folded))
    return "".join(out), offsets


def terms(query: str) -> list[str]:
    """The distinct folded words of a query, in order (letters and digits only)."""
    seen: list[str] = []
    for word in WORD.findall(fold(query)):
        if word not in seen:
            seen.append(word)
    return seen


def snippet(text: str, query_terms: list[str], *, width: int = 160) -> str:
    """A window of `text` around the first match, each matched word marked «like this».

    Matching is diacritic-insensitive and by whole words, like the search itself.
    Without a match, the beginning of the text.
    """
    clean = " ".join(text.split())
    if not clean:
        return ""
    folded, offsets = fold_with_offsets(clean)
    spans: list[tuple[int, int]] = []
    if query_terms:
        pattern = re.compile(
            r"(?<![0-9a-z])(" + "|".join(re.escape(t) for t in query_terms) + r")(?![0-9a-z])"
        )
        for m in pattern.finditer(folded):
            start = offsets[m.start()]
            end = offsets[m.end() - 1] + 1
            spans.append((start, end))
    if not spans:
        return clean[:width] + ("…" if len(clean) > width else "")
    first = spans[0][0]
    begin = max(0, first - width // 3)
    if begin > 0:
        space = clean.find(" ", begin)
        begin = space + 1 if 0 <= space < first else begin
    end = min(len(clean), begin + width)
    if end < len(clean):
        space = clean.rfind(" ", begin, end)
        end = space if space > spans[0][1] else end
    parts: list[str] = ["…" if begin > 0 else ""]
    cursor = begin
    for s, e in spans:
        if s < cursor or e > end:
            continue
        parts.append(clean[cursor:s])
        parts.append(MARK_OPEN + clean[s:e] + MARK_CLOSE)
        cursor = e
    parts.append(clean[cursor:end])
    parts.append("…" if end < len(clean) else "")
    return "".join(parts)
