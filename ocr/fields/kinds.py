"""The kinds of administrative document of Decree 30/2020/NĐ-CP (Annex I and III) and their titles."""

from __future__ import annotations

import re

from common.vietnamese import fold, fold_label
from ocr.fields.lines import Doc, Line
from ocr.fields.text import find_label

# (name as Decree 30 writes it, abbreviation used in the notation "12/TTr-UBND")
KINDS: tuple[tuple[str, str], ...] = (
    ("Nghị quyết", "NQ"), ("Quyết định", "QĐ"), ("Chỉ thị", "CT"), ("Quy chế", "QC"),
    ("Quy định", "QyĐ"), ("Thông cáo", "TC"), ("Thông báo", "TB"), ("Hướng dẫn", "HD"),
    ("Chương trình", "CTr"), ("Kế hoạch", "KH"), ("Phương án", "PA"), ("Đề án", "ĐA"),
    ("Dự án", "DA"), ("Báo cáo", "BC"), ("Biên bản", "BB"), ("Tờ trình", "TTr"),
    ("Hợp đồng", "HĐ"), ("Công văn", ""), ("Công điện", "CĐ"), ("Bản ghi nhớ", "GNN"),
    ("Bản thỏa thuận", "TTh"), ("Giấy ủy quyền", "GUQ"), ("Giấy mời", "GM"),
    ("Giấy giới thiệu", "GGT"), ("Giấy nghỉ phép", "GNP"), ("Phiếu gửi", "PG"),
    ("Phiếu chuyển", "PC"), ("Phiếu báo", "PB"), ("Thư công", ""),
    # legal normative documents an archive also receives
    ("Nghị định", "NĐ"), ("Thông tư", "TT"),
)  # fmt: skip
DECISION = "Quyết định"
OFFICIAL_LETTER = "Công văn"
KIND_LABELS = {fold_label(name): name for name, _ in KINDS}
_BY_ABBREVIATION = {abbr.upper(): name for name, abbr in KINDS if abbr}
_PRINTED_ABBREVIATION = {abbr.upper(): abbr for _, abbr in KINDS if abbr}
_BY_FOLDED: dict[str, set[str]] = {}
for _name, _abbr in KINDS:
    if _abbr:
        _BY_FOLDED.setdefault(fold(_abbr).upper(), set()).add(_name)
# "V/v" (về việc) of an official letter, folded; also with its small v lost or read as "y"
# ("V/ triển khai ..."): "V/" then a word in the line's start is the mark with a slip
LETTER_MARK = r"v\s*[/|]\s*(?:[vy]\b|(?=[a-z]))"
_LETTER_LABEL = re.compile(rf"^\s*{LETTER_MARK}")
# the first line of the body: the preamble ("Căn cứ ..."), a chapter or the first article
_BODY_START = re.compile(r"^\s*(?:can cu\b|chuong\s+(?:[ivx]{1,4}|\d{1,2})\b|dieu\s*1\b)")
TITLE_ZONE = 30  # title lines are among the first lines of the first page
_NOTATION = re.compile(r"\d\s*/\s*(?:\d{4}\s*/\s*)?([A-Za-zĐđÐ]+)\s*-")


def title_zone(doc: Doc) -> list[Line]:
    """The lines a paper's title can be on: the first lines of the first page, above the body
    ("QUY ĐỊNH CHUNG" under "Chương I" is a chapter's heading, not the title)."""
    zone: list[Line] = []
    for line in doc.lines:
        if line.page != 0 or len(zone) == TITLE_ZONE or _BODY_START.match(line.folded):
            break
        zone.append(line)
    return zone


def title_kind(line: Line) -> tuple[str, int] | None:
    """(kind name, edits) when the line is a heading made of a kind's name ("TỜ TRÌNH")."""
    best: tuple[str, int] | None = None
    for label, name in KIND_LABELS.items():
        if is_title_line(line, label, first=True):
            hit = find_label(line.folded, label)
            edits = hit.edits if hit else 99
            if best is None or edits < best[1]:
                best = (name, edits)
    return best


def is_title_line(line: Line, phrase: str, *, first: bool = False) -> bool:
    """True when `line` is a heading made of `phrase` (capitals, or the phrase is most of it).

    With `first`, the phrase must open the line ("BÁO CÁO KẾT QUẢ ...", not "... LUẬT ...").
    """
    hit = find_label(line.folded, phrase)
    if hit is None:
        return False
    body = line.folded.strip(" .:")
    covered = (hit.end - hit.start) / max(1, len(body))
    opens = not first or not line.folded[: hit.start].strip(" .:*-_~|`'\"—–")  # "_ NGHỊ ĐỊNH"
    return opens and (covered >= 0.8 or (line.is_caps and covered >= 0.3))


def is_letter_label(folded: str) -> bool:
    """True when a folded line starts with the "V/v" (về việc) of an official letter."""
    return bool(_LETTER_LABEL.match(folded))


def kind_abbreviation(part: str) -> str | None:
    """The kind's abbreviation as Decree 30 prints it ("TTr", "QyĐ") for a part of a notation
    that is one up to its case ("TTR"), or None."""
    return _PRINTED_ABBREVIATION.get(part.replace("Ð", "Đ").upper())


def is_kind_abbreviation(part: str) -> bool:
    """True when a part of a notation is the abbreviation of a kind of document ("QĐ", "TTr")."""
    return part.replace("Ð", "Đ").upper() in _BY_ABBREVIATION


def kind_of_notation(text: str) -> str | None:
    """The kind named by the notation of a number ("09/TTr-UBND" -> "Tờ trình"), if any."""
    m = _NOTATION.search(text)
    if m is None:
        return None
    printed = m.group(1).replace("Ð", "Đ").upper()
    if printed in _BY_ABBREVIATION:
        return _BY_ABBREVIATION[printed]
    names = _BY_FOLDED.get(fold(printed).upper(), set())
    return next(iter(names)) if len(names) == 1 else None  # "HD": Hướng dẫn or Hợp đồng


ADDRESSEE = "kinh gui"  # folded "Kính gửi:", the line naming whom a letter is sent to


def is_addressee_line(folded: str) -> bool:
    """True when a folded line opens with "Kính gửi" (through one OCR slip)."""
    return find_label(folded.strip(" .:-*"), ADDRESSEE, at_start=True) is not None


def kind_of_title(text: str) -> str | None:
    """The kind a printed title, "V/v" label or notation stands for; None when it names none."""
    folded = fold_label(text).strip(" .:")
    if is_letter_label(folded):
        return OFFICIAL_LETTER
    best: tuple[int, str] | None = None
    for label, name in KIND_LABELS.items():
        hit = find_label(folded, label, at_start=True)
        if hit is not None and (best is None or hit.edits < best[0]):
            best = (hit.edits, name)
    if best is not None:
        return best[1]
    return kind_of_notation(text)
