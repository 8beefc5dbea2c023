"""Tell which kind of paper a page set is, from its title line and the labels printed on it."""

from __future__ import annotations

from dataclasses import dataclass

from ocr.fields.kinds import KIND_LABELS, is_title_line, title_zone
from ocr.fields.lines import Doc
from ocr.fields.spec import DocSpec
from ocr.fields.specs import OTHER, SPECS
from ocr.fields.specs.decree30 import shows_recipients
from ocr.fields.text import find_label

TITLE_WEIGHT = 5.0
MAX_CUES = 6
MIN_CUES_WITHOUT_TITLE = 5
ADMINISTRATIVE = {"decision", "administrative_document"}  # told apart by which title comes first

# A paper titled as one of the Decree 30 kinds ("BIÊN BẢN HỌP") is that kind, so typical phrases
# alone cannot make it another kind.
DOCUMENT_KINDS = tuple(KIND_LABELS)


@dataclass(frozen=True)
class Score:
    doc_type: str
    title: bool
    cues: int
    other_title: bool = False  # titled as another kind of document
    title_at: int = 1 << 30  # the line of the title (the first one wins between two titled types)

    @property
    def total(self) -> float:
        return TITLE_WEIGHT * self.title + min(self.cues, MAX_CUES)

    @property
    def accepted(self) -> bool:
        return self.title or (self.cues >= MIN_CUES_WITHOUT_TITLE and not self.other_title)


def score(doc: Doc, spec: DocSpec, seen: _Seen | None = None) -> Score:
    seen = seen or _Seen(doc)
    at = [ln.index for ln in seen.first_page if any(is_title_line(ln, t) for t in spec.titles)]
    recognized = spec.recognize(doc) if spec.recognize is not None else None
    if recognized is not None:
        at.append(recognized)
    title = bool(at)
    other_title = not title and bool(seen.titled_kinds - set(spec.titles))
    cues = sum(1 for c in spec.cues if seen.has_cue(c))
    return Score(spec.doc_type, title, cues, other_title, min(at, default=1 << 30))


class _Seen:
    """What every type's score looks up in one paper, worked out once per paper: its title zone,
    the kinds of document its capital title lines name, and which cue phrases it holds (with OCR
    slips, line by line: the slow part, shared by the types whose cues overlap)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.first_page = title_zone(doc)
        self.titled_kinds = {
            kind
            for ln in self.first_page
            if ln.is_caps
            for kind in DOCUMENT_KINDS
            if is_title_line(ln, kind, first=True)  # not "TRẦN NGỌC CÔNG KIÊN": "công điện"?
        }
        self._cues: dict[str, bool] = {}

    def has_cue(self, phrase: str) -> bool:
        if phrase not in self._cues:
            self._cues[phrase] = phrase in self.doc.folded or _on_a_line(self.doc, phrase)
        return self._cues[phrase]


def _on_a_line(doc: Doc, phrase: str) -> bool:
    """True when a line holds the phrase with OCR slips (each line's bigrams filter it fast)."""
    return any(find_label(line.folded, phrase) is not None for line in doc.lines)


def nearly(doc: Doc) -> tuple[str, list[str]] | None:
    """The known type an untitled paper falls one label short of (its cues one under
    MIN_CUES_WITHOUT_TITLE), with the labels it prints; None when none comes that close. A
    paper whose title OCR lost and one more label with it ends up here, typed "other"."""
    seen = _Seen(doc)
    best = max((score(doc, s, seen) for s in SPECS.values()), key=lambda s: s.cues)
    if best.cues < MIN_CUES_WITHOUT_TITLE - 1:
        return None
    return best.doc_type, [c for c in SPECS[best.doc_type].cues if seen.has_cue(c)]


def classify_doc(doc: Doc) -> tuple[str, float]:
    """(document type, confidence 0..1); "other" when no known type fits well."""
    seen = _Seen(doc)
    scores = sorted((score(doc, s, seen) for s in SPECS.values()), key=lambda s: -s.total)
    titled = sorted((s for s in scores if s.title), key=lambda s: s.title_at)
    if (
        len(titled) > 1
        and titled[0].title_at < titled[1].title_at
        and {titled[0].doc_type, titled[1].doc_type} <= ADMINISTRATIVE
    ):
        # two types' headings on one paper ("TỜ TRÌNH ... QUYẾT ĐỊNH"): the first is its title
        first = titled[0]
        return first.doc_type, round(
            0.5 + 0.5 * min(1.0, first.total / (TITLE_WEIGHT + MAX_CUES)), 3
        )
    best = scores[0]
    second = scores[1].total if len(scores) > 1 else 0.0
    if not best.accepted or best.total <= 0:
        if shows_recipients(doc):  # a last page, or a header OCR could not read
            return "administrative_document", 0.5
        return OTHER, round(max(0.3, 1.0 - best.total / (TITLE_WEIGHT + MAX_CUES)), 3)
    if second >= best.total:
        # a tie between two kinds: only a title breaks it
        tied = [s for s in scores if s.total == best.total and s.title]
        if len(tied) != 1:
            return OTHER, 0.3
    margin = (best.total - second) / best.total
    strength = min(1.0, best.total / (TITLE_WEIGHT + 3))
    return best.doc_type, round(0.5 + 0.5 * margin * strength, 3)
