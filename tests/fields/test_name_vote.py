"""A signer's name a seal's ring tore, read word by word from several readings of its line
(ocr.fields.namevote, ocr.fields.reread.by_words) and the ring's coloured ink filled in from the
print around it (ocr.recognize.reread.fill_coloured_ink). The images are drawn here: a bold
name in near-black and an arc of opaque red ink, as a seal's ring lies over a printed name."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from support import need_tool

from ocr.fields.model import FieldValue
from ocr.fields.namevote import vote_name
from ocr.fields.reread import Region, by_words, second_look, wanted
from ocr.recognize.reread import drop_coloured_ink, fill_coloured_ink, region_reader
from ocr.types import PageText, Word

HEIGHT = 24  # the printed name's height (pixels) in the readings below


def _reading(*words: tuple[str, int, float]) -> list[Word]:
    """One reading of a name's line: (text, left, confidence), each word 12 px a letter wide."""
    return [Word(t, left, 1300, 12 * len(t), HEIGHT, c) for t, left, c in words]


def test_each_word_is_taken_from_the_readings_that_read_it_whole() -> None:
    readings = [
        _reading(("Đ>smn", 800, 26), ("Ngọc", 880, 93), ("Thướng", 940, 89)),  # the page
        _reading(("Ph...n", 800, 63), ("Ngọc", 880, 96), ("Thưởng", 940, 83)),
        _reading(("Phạm", 800, 64), ("Ngọc", 880, 97), ("Thưởng", 940, 96)),
        _reading(("Phạm", 800, 49), ("Ngọc", 880, 95), ("Thưởng", 940, 68)),
    ]
    voted = vote_name(readings, HEIGHT)
    assert voted is not None and voted.name == "Phạm Ngọc Thưởng" and voted.readings == 4


def test_a_word_torn_in_pieces_stays_in_one_place_and_a_look_alike_is_put_back() -> None:
    readings = [
        _reading(("Nơm", 800, 82), ("yên", 840, 66), ("Văn", 890, 96), ("Phúc", 940, 96)),
        _reading(("Nø*", 800, 59), ("rến", 836, 71), ("Văn", 890, 97), ("Phúc", 940, 97)),
        _reading(('Ng"yên', 800, 30), ("Văn", 890, 93), ("Phúe", 940, 93)),
        _reading(("Ngvvẻn", 800, 62), ("Văn", 890, 97), ("Phúc", 940, 96)),
    ]
    voted = vote_name(readings, HEIGHT)
    assert voted is not None and voted.name == "Nguyễn Văn Phúc"


def test_a_letter_lost_under_a_mark_or_before_a_small_letter_is_put_back_when_one_name_fits() -> (
    None
):
    readings = [
        _reading(("Lê", 800, 93), ("+ần", 830, 26), ("Dũng", 880, 95)),
        _reading(("Le", 800, 61), ("ấn", 842, 46), ("Dũng", 880, 97)),  # starts late: "T" lost
        _reading(("L¿", 800, 73), ("ân", 842, 64), ("Dũng", 880, 97)),  # Tân, Vân: no vote
        _reading(("Le", 800, 85), ("«Ấn", 830, 31), ("Dũng", 880, 97)),
    ]
    voted = vote_name(readings, HEIGHT)
    assert voted is not None and voted.name == "Lê Tấn Dũng"


def test_a_place_most_readings_make_no_name_of_gives_no_name() -> None:
    readings = [
        _reading(("Đ>smn", 800, 26), ("Ngọc", 880, 93)),
        _reading(("5>", 800, 56), ("an", 830, 32), ("Ngọc", 880, 96)),  # Văn, Hàn, Phan, Quan..
        _reading(("Đ>s", 800, 40), ("Ngọc", 880, 96)),
    ]
    assert vote_name(readings, HEIGHT) is None


def test_a_mark_one_reading_took_for_a_word_beside_the_name_is_no_place_of_it() -> None:
    readings = [
        _reading(("À", 700, 87), ("Trần", 800, 96), ("Hiên", 880, 94)),
        _reading(("Trần", 800, 91), ("Hiền", 880, 96)),
        _reading(("TrẦn", 800, 91), ("Hiền", 880, 95)),
        _reading(("trần", 800, 94), ("Hiền", 880, 96)),  # a case slip where it stands whole
    ]
    voted = vote_name(readings, HEIGHT)
    assert voted is not None and voted.name == "Trần Hiền"


def test_a_name_read_without_the_tone_stacked_on_its_hat_counts_less_than_with_it() -> None:
    readings = [  # small crops often lose the acute over the hat of "Tấn": "Tân" is a name too
        _reading(("Lê", 800, 97), ("Tấn", 840, 96), ("Dũng", 900, 96)),
        _reading(("Lê", 800, 97), ("Tân", 840, 89), ("Dũng", 900, 80)),
        _reading(("Lê", 800, 97), ("Tấn", 840, 57), ("Dũng", 900, 96)),
        _reading(("Lê", 800, 96), ("Tân", 840, 77), ("Dũng", 900, 97)),
        _reading(("Lê", 800, 96), ("Tân", 840, 83), ("Dũng", 900, 75)),
    ]
    voted = vote_name(readings, HEIGHT)
    assert voted is not None and voted.name == "Lê Tấn Dũng"


def test_two_words_one_reading_read_as_one_keep_their_places() -> None:
    readings = [
        _reading(("Hà", 800, 96), ("Trọng", 840, 96), ("An", 920, 96)),
        _reading(("Hà", 800, 95), ("Trọng", 840, 95), ("An", 920, 96)),
        _reading(("Hã®Yọng", 800, 40), ("An", 920, 96)),  # over the gap the others see
        _reading(("Hà", 800, 90), ("Trọng", 840, 92), ("Ý", 920, 90)),  # a one-letter name
    ]
    voted = vote_name(readings, HEIGHT)
    assert voted is not None and voted.name == "Hà Trọng An"


# ----------------------------------------------------------------- in the second look


def _page(name: list[str], left: int = 800) -> PageText:
    """A signature block: titles, and the name's words on their row at `left`."""
    rows = [(1000, 800, ["KT.", "CHỦ", "TỊCH"]), (1040, 800, ["PHÓ", "CHỦ", "TỊCH"])]
    rows.append((1300, left, name))
    words = []
    for n, (top, x, texts) in enumerate(rows):
        for t in texts:
            words.append(Word(t, x, top, 12 * len(t), HEIGHT, 90.0, line=n))
            x += 12 * len(t) + 14
    text = "\n".join(" ".join(r[2]) for r in rows)
    return PageText(1240, 1754, 150.0, tuple(words), text, 90.0)


TITLES = FieldValue("KT. CHỦ TỊCH PHÓ CHỦ TỊCH", 95.0)


def test_a_torn_name_no_way_of_reading_gives_whole_is_read_word_by_word_and_flagged() -> None:
    page = _page(["Lê", "Tần", "Dũng"])  # where the page's words stand
    torn = FieldValue("Lê +ần Dũng", 71.0, True, "'+ần' is no word of a name")
    again = {
        0: _page(["Le", "«Ấn", "Dũng"]),
        1: _page(["Lê", "«Ấn", "Dũng"]),
        2: _page(["L¿", "Tấn", "Dũng"]),
        3: _page(["Lê", "+ân", "Dũng"]),
        4: _page(["Lê", "ân", "Dũng"]),
    }
    asked: list[int] = []

    def reread(region: Region) -> PageText:
        asked.append(region.attempt)
        return again[region.attempt]

    def read(pages: list[PageText]) -> dict[str, FieldValue]:
        return {"signer": torn}  # no way of reading passes the name's checks as a whole

    fields = {"signer": torn, "signer_position": TITLES}
    out = second_look([page], fields, reread, read)["signer"]  # type: ignore[arg-type]
    assert out.value == "Lê Tấn Dũng" and out.needs_review and out.read_as == "Lê +ần Dũng"
    assert "word by word from 6 readings" in out.reason
    assert sorted(asked) == [0, 1, 2, 3, 4]  # each way read once, the first three not twice


def test_a_restored_signer_that_is_still_no_name_gets_a_second_look() -> None:
    lost = FieldValue("Trọng Thắng", 92.0, True, "the family name lost?", "#z>—Lế Trọng Thắng")
    assert wanted(lost, "signer")
    near = FieldValue("Nguyễn Văn Phúc", 80.0, True, "restored", "Nguyễa Văn Phúc")
    assert not wanted(near, "signer")


def test_a_sure_name_most_readings_read_otherwise_is_taken_flagged_with_what_the_page_read() -> (
    None
):
    page = _page(["Trần", "Phước", "Hiên"])
    sure = FieldValue("Trần Phước Hiên", 95.0)
    alone = _page(["Trần", "Phước", "Hiền"])
    fields = {"signer": sure, "signer_position": TITLES}
    read = lambda pages: {"signer": FieldValue(" ".join(pages[0].text.split("\n")[-1:]), 94.0)}  # noqa: E731
    out = second_look([page], fields, lambda r: alone, read)["signer"]  # type: ignore[arg-type]
    assert out.value == "Trần Phước Hiền" and out.needs_review
    assert out.read_as == "Trần Phước Hiên" and "most of 6 readings" in out.reason
    # read otherwise only the first way alone: the page's reading is kept, flagged
    once = lambda r: alone if r.attempt == 0 else page  # noqa: E731
    kept = second_look([page], fields, once, read)["signer"]  # type: ignore[arg-type]
    assert kept.value == "Trần Phước Hiên" and kept.needs_review and not kept.read_as


# ------------------------------------------------------------------------ on a drawn image

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf")
RED = (40, 30, 215)  # BGR: a seal's red


def test_a_stem_cut_by_a_ring_runs_on_through_it_once_the_ring_is_filled_in() -> None:
    crop = np.full((80, 80, 3), 250, np.uint8)
    crop[10:70, 30:38] = (20, 20, 20)  # a black stem
    cv2.line(crop, (0, 60), (79, 20), RED, 7)  # a ring's arc across it, opaque, slanting
    filled = fill_coloured_ink(crop, x_height=14.0)
    at = (40, 34)  # on the stem, under the ring
    assert drop_coloured_ink(crop)[at] == 255  # dropped alone, the ring cut the stem
    assert filled[at] < 128  # filled in, the stem is whole again
    assert filled[30, 70] > 200 and filled[50, 10] > 200  # the ring away from print is paper


def _drawn(name: str) -> np.ndarray:
    """A bold name in near-black with a seal ring's arc of opaque red across its first word."""
    image = Image.new("RGB", (600, 160), (250, 250, 250))
    draw = ImageDraw.Draw(image)
    draw.text((100, 60), name, font=ImageFont.truetype(str(FONT), 30), fill=(15, 15, 15))
    draw.ellipse((-80, -180, 200, 100), outline=RED[::-1], width=7)
    return cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)


def test_a_name_under_a_ring_is_read_word_by_word_by_tesseract() -> None:
    need_tool("tesseract")
    if not FONT.exists():
        pytest.skip("Liberation Serif is not installed")
    image = _drawn("Phạm Ngọc Thưởng")
    words = (("Đ>smn", 100, 26.0), ("Ngọc", 184, 93.0), ("Thướng", 254, 89.0))
    page = PageText(
        600,
        160,
        150.0,
        tuple(Word(t, x, 62, 12 * len(t), 30, c, line=0) for t, x, c in words),
        "Đ>smn Ngọc Thướng",
        70.0,
        source="ocr",
    )
    reader = region_reader([page], lambda i: image)
    region = Region(0, (80, 45, 420, 110), 30.0, True, "the signer's name")
    torn = FieldValue("Đ>smn Ngọc Thướng", 69.0, True, "'Đ>smn' is no word of a name")
    out = by_words(torn, region, [page], reader)
    assert out is not None and out.value == "Phạm Ngọc Thưởng"
    assert out.needs_review and out.read_as == "Đ>smn Ngọc Thướng"
