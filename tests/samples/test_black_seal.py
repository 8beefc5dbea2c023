"""The forced `black_seal` degradation: a seal printed black (as a grey or black-and-white scan
shows it) with its ring across the signature block's titles; never drawn by a seed."""

from __future__ import annotations

import random

import numpy as np

from samples import stamps
from samples.admin import administrative_document
from samples.degrade import DEGRADATIONS, WEIGHTS
from samples.documents import Options
from samples.fonts import FONT_SETS, family
from samples.generate import FORCEABLE
from samples.layout import Page, Stamp, Text


def _seals(page: Page) -> list[Stamp]:
    return [i for i in page.items if isinstance(i, Stamp) and i.kind.endswith("seal")]


def test_black_seal_is_forced_only() -> None:
    assert "black_seal" in FORCEABLE
    assert "black_seal" not in DEGRADATIONS and "black_seal" not in WEIGHTS


def test_a_black_seal_is_dark_grey_ink() -> None:
    font = family(FONT_SETS["train"][0])
    img = np.asarray(stamps.render(Stamp("black_seal", 0, 0, 300, 300, 7, "ỦY BAN"), font))
    ink = img[..., 3] > 128
    assert ink.any()
    rgb = img[..., :3][ink].astype(int)
    assert rgb.max() < 80 and (rgb.max(axis=1) - rgb.min(axis=1)).max() < 10


def test_the_black_seal_crosses_the_titles_and_the_default_is_unchanged() -> None:
    font = family(FONT_SETS["train"][0])
    plain = administrative_document(font, random.Random("seal/1"), Options())
    again = administrative_document(font, random.Random("seal/1"), Options())
    black = administrative_document(font, random.Random("seal/1"), Options(black_seal=True))
    assert plain.pages[-1].items == again.pages[-1].items  # no draw added to the default
    assert [s.kind for s in _seals(plain.pages[-1])] == ["seal"]
    (seal,) = _seals(black.pages[-1])
    assert seal.kind == "black_seal"
    title = black.fields["signer_position"].split()[0]
    tops = [i.y for i in black.pages[-1].items if isinstance(i, Text) and i.text.startswith(title)]
    top = max(tops)  # the titles' first line (the last text starting so)
    assert seal.y0 - seal.h * 0.15 < top < seal.y0 + seal.h * 0.5  # the ring's top at the titles
