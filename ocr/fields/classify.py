"""Tell which kind of paper a page set is, from its title line and the labels printed on it."""

from __future__ import annotations

from dataclasses import dataclass

from ocr.fields.lines import Doc, Line
from ocr.fields.spec import DocSpec, labels
from ocr.fields.specs import OTHER, SPECS
from ocr.fields.text import find_label

TITLE_WEIGHT = 5.0
MAX_CUES = 6
MIN_CUES_WITHOUT_TITLE = 5
TITLE_ZONE = 30  # title lines are among the first lines of the first page

# The kinds of administrative document of Decree 30/2020/NĐ-CP, Appendix III: a paper titled as one
# of them ("BIÊN BẢN HỌP") is that kind, so typical phrases alone cannot make it another kind.
DOCUMENT_KINDS = labels(
    "Nghị quyết", "Quyết định", "Chỉ thị", "Quy chế", "Quy định", "Thông cáo", "Thông báo",
    "Hướng dẫn", "Chương trình", "Kế hoạch", "Phương án", "Đề án", "Dự án", "Báo cáo", "Biên bản",
    "Tờ trình", "Hợp đồng", "Công văn", "Công điện", "Bản ghi nhớ", "Bản thỏa thuận",
    "Giấy ủy quyền", "Giấy mời", "Giấy giới thiệu", "Giấy nghỉ phép", "Phiếu gửi", "Phiếu chuyển",
    "Phiếu báo", "Thư công",
)  # fmt: skip


@dataclass(frozen=True)
class Score:
    doc_type: str
    title: bool
    cues: int
    other_title: bool = False  # titled as another kind of document

    @property
    def total(self) -> float:
        return TITLE_WEIGHT * self.title + min(self.cues, MAX_CUES)

    @property
    def accepted(self) -> bool:
        return self.title or (self.cues >= MIN_CUES_WITHOUT_TITLE and not self.other_title)


def is_title_line(line: Line, phrase: str) -> bool:
    """True when `line` is a heading made of `phrase` (capitals, or the phrase is most of it)."""
    hit = find_label(line.folded, phrase)
    if hit is None:
        return False
    body = line.folded.strip(" .:")
    covered = (hit.end - hit.start) / max(1, len(body))
    return covered >= 0.8 or (line.is_caps and covered >= 0.3)


def score(doc: Doc, spec: DocSpec) -> Score:
    first_page = [ln for ln in doc.lines if ln.page == 0][:TITLE_ZONE]
    title = any(is_title_line(ln, t) for ln in first_page for t in spec.titles)
    other_title = not title and any(
        is_title_line(ln, kind) and ln.is_caps
        for ln in first_page
        for kind in DOCUMENT_KINDS
        if kind not in spec.titles
    )
    text = doc.folded
    cues = sum(1 for c in spec.cues if find_label(text, c) is not None)
    return Score(spec.doc_type, title, cues, other_title)


def classify_doc(doc: Doc) -> tuple[str, float]:
    """(document type, confidence 0..1); "other" when no known type fits well."""
    scores = sorted((score(doc, s) for s in SPECS.values()), key=lambda s: -s.total)
    best = scores[0]
    second = scores[1].total if len(scores) > 1 else 0.0
    if not best.accepted or best.total <= 0:
        return OTHER, round(max(0.3, 1.0 - best.total / (TITLE_WEIGHT + MAX_CUES)), 3)
    if second >= best.total:
        # a tie between two kinds: only a title breaks it
        tied = [s for s in scores if s.total == best.total and s.title]
        if len(tied) != 1:
            return OTHER, 0.3
    margin = (best.total - second) / best.total
    strength = min(1.0, best.total / (TITLE_WEIGHT + 3))
    return best.doc_type, round(0.5 + 0.5 * margin * strength, 3)
