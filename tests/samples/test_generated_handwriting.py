"""Handwritten number and day blanks of generated Decree 30 papers (samples.handwriting)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from ocr.recognize.handdigits import held_out, mnist
from samples import handwriting
from samples.documents import Options
from samples.fonts import family
from samples.generate import ALL_BUILDERS, make_one
from samples.layout import Stamp, Text


def _decision():  # type: ignore[no-untyped-def]
    font = family("Noto Serif")
    return font, ALL_BUILDERS["decision"](font, random.Random(5), Options(max_pages=1))


def test_blanks_are_written_by_hand_and_the_truth_is_the_written_value() -> None:
    font, built = _decision()
    page = built.pages[0]
    written = handwriting.write_blanks(page, built.fields, font, random.Random(1), 1.0)
    assert written == ["document_number", "issue_date"]
    hands = [i for i in page.items if isinstance(i, Stamp) and i.kind == "hand"]
    number = built.fields["document_number"].split("/")[0]
    day = built.fields["issue_date"][8:]
    assert hands[0].text == number and hands[1].text.lstrip("0") == day.lstrip("0")
    texts = [i.text for i in page.items if isinstance(i, Text)]
    assert "Số:" in texts and any(t.startswith("/QĐ-") for t in texts)  # the printed rest
    assert not any(number + "/" in t for t in texts)  # the printed number is gone


def test_a_rate_of_zero_writes_nothing() -> None:
    font, built = _decision()
    before = list(built.pages[0].items)
    assert handwriting.write_blanks(built.pages[0], built.fields, font, random.Random(1), 0.0) == []
    assert built.pages[0].items == before


def test_handwritten_digits_are_held_out_mnist_digits_in_a_pen() -> None:
    image = handwriting.hand_digits("239", 60, seed=3)
    alpha = np.asarray(image)[..., 3]
    assert image.mode == "RGBA" and 50 <= image.height <= 110 and alpha.max() > 200
    _, labels = mnist()
    pool = handwriting._held_out_digits()
    assert sum(len(v) for v in pool.values()) == int(held_out(labels).sum())  # about 2,000
    assert handwriting.hand_digits("239", 60, seed=3).tobytes() == image.tobytes()  # seeded


def test_the_generator_marks_handwritten_papers_and_leaves_others_as_they_were(
    tmp_path: Path,
) -> None:
    kw = {"seed": 3, "types": ["decision"], "formats": ["png"], "degradations": ["clean"]}
    plain = make_one(tmp_path / "a", 0, **kw)  # type: ignore[arg-type]
    hand = make_one(tmp_path / "b", 0, handwritten=1.0, **kw)  # type: ignore[arg-type]
    assert "handwritten" not in plain.truth
    assert hand.truth["handwritten"] == ["document_number", "issue_date"]
    assert hand.truth["fields"] == plain.truth["fields"]
    assert hand.path.read_bytes() != plain.path.read_bytes()
