"""A value read from text that runs down the page (a sideways page read as it lay) is flagged."""

from __future__ import annotations

from ocr.fields.lines import build_doc
from ocr.fields.read import read_sideways
from ocr.types import PageText, Word


def page(boxes: list[tuple[str, int, int, int, int]]) -> PageText:
    words = tuple(Word(t, x, y, w, h, 96.0, 0) for t, x, y, w, h in boxes)
    return PageText(2480, 3508, 300.0, words, " ".join(b[0] for b in boxes), 96.0)


def spans_of(doc) -> list[tuple[int, int, int]]:
    return [(i, 0, len(line.text)) for i, line in enumerate(doc.lines)]


def test_words_standing_taller_than_wide_are_read_sideways() -> None:
    # a signer's name printed across a page lying on its side: one "line", letters stacked
    doc = build_doc([page([("Tạ", 2734, 1526, 48, 63), ("Quốc", 2735, 1720, 53, 134),
                           ("Văn", 2744, 1604, 41, 96), ("Đức", 2746, 1871, 41, 106)])])  # fmt: skip
    assert read_sideways(doc, spans_of(doc))


def test_upright_words_are_not() -> None:
    doc = build_doc([page([("Tạ", 1200, 2400, 48, 44), ("Văn", 1260, 2400, 92, 44),
                           ("Quốc", 1365, 2400, 137, 54), ("Đức", 1515, 2400, 104, 44)])])  # fmt: skip
    assert not read_sideways(doc, spans_of(doc))


def test_one_tall_word_is_not_enough() -> None:
    # a single tall word (a letter and a signature stroke read together) among upright ones
    doc = build_doc([page([("Lê", 1200, 2400, 40, 140), ("Văn", 1260, 2400, 92, 44),
                           ("Quân", 1365, 2400, 137, 54)])])  # fmt: skip
    assert not read_sideways(doc, spans_of(doc))


def test_a_value_read_sideways_is_flagged_with_the_reason() -> None:
    from ocr.fields.read import read_field
    from ocr.fields.spec import FieldSpec

    doc = build_doc([page([("Tạ", 2734, 1526, 48, 63), ("Quốc", 2735, 1720, 53, 134),
                           ("Văn", 2744, 1604, 41, 96), ("Đức", 2746, 1871, 41, 106)])])  # fmt: skip
    value = read_field(doc, FieldSpec("signer", ("ky ten",), kind="text"), spans_of(doc), 85.0)
    assert value.needs_review
    assert "running down the page" in value.reason
