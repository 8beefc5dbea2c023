"""Titles a seal or a signature covers, read row by row from the signature block's top and
matched to the closed list of titles (ocr.fields.positions.block_under_seal,
ocr.recognize.reread.title_rows, ocr.fields.reread.under_seal). The crops are drawn here."""

from __future__ import annotations

import cv2
import numpy as np

from ocr.fields.model import FieldValue
from ocr.fields.positions import block_lines, block_under_seal, blocks, fit
from ocr.fields.reread import ROW_STRIDE, UNDER_SEAL, Region, second_look, under_seal
from ocr.recognize.reread import _row_span, title_rows
from ocr.types import PageText, Word


def test_blocks_are_their_lines_joined() -> None:
    assert blocks() == tuple(dict.fromkeys(" ".join(lines) for lines in block_lines()))
    assert ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH") in block_lines()
    assert ("TM. CHÍNH PHỦ", "THỦ TƯỚNG") in block_lines()


def test_fit_holds_garbage_beside_a_line_little_against_it() -> None:
    assert fit("CHỦ TỊCH", "CHỦ TỊCH") == (0.0, 0)
    beside, edits = fit("zm.l CHỦ TỊCH", "CHỦ TỊCH")
    assert edits == 0 and 0 < beside < 1  # the seal's letters read beside it
    assert fit("HỦ TỊCH", "CHỦ TỊCH") == (1.0, 1)  # a letter the ring took
    assert fit("CHÙ TỊCH", "CHỦ TỊCH")[1] == 0  # another mark is no lost letter


def test_the_block_whose_lines_fit_the_rows_is_taken() -> None:
    rows = [["_=z>=.-{T. CHỦ TỊCH", "zm.lCT. CHỤ TỊCH"], ["SP -REQCHỦ TỊCH", "HÚ TỊCH"]]
    found = block_under_seal(rows)
    assert found is not None
    assert found[0] == "KT. CHỦ TỊCH PHÓ CHỦ TỊCH"
    assert found[1][0] in rows[0] and found[1][1] in rows[1]  # the readings it fits best
    assert block_under_seal([["T21 MR-GHÍNH PHÙ"], ["/9-HÙNƯỚNG"]])[0] == (  # type: ignore[index]
        "TM. CHÍNH PHỦ THỦ TƯỚNG"
    )
    assert block_under_seal([["awr UTỊCH", "Z5 TỦ TỊCH z"]])[0] == "CHỦ TỊCH"  # type: ignore[index]


def test_no_block_when_too_little_survived_or_two_fit_alike() -> None:
    assert block_under_seal([["TỊCH"]]) is None  # CHỦ TỊCH, KT. CHỦ TỊCH, TL. CHỦ TỊCH...
    assert block_under_seal([["xx ỊC"]]) is None  # most letters lost
    assert block_under_seal([["ĐỐC"]]) is None  # GIÁM ĐỐC or PHÓ GIÁM ĐỐC
    assert block_under_seal([]) is None
    assert block_under_seal([["CHỦ TỊCH"], ["...", "—"]]) is None  # a row read as no letter


def _block(rows: list[str], ring: bool = True, clutter: bool = True) -> np.ndarray:
    """A signature block's top: title rows in bold capitals centred at x=400, a black seal's ring
    across their left part, a tangle of strokes under them."""
    image = np.full((520, 800), 255, np.uint8)
    for n, text in enumerate(rows):
        (w, _), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_DUPLEX, 1.2, 3)
        cv2.putText(image, text, (400 - w // 2, 70 + 60 * n), cv2.FONT_HERSHEY_DUPLEX, 1.2, 0, 3)
    if ring:
        cv2.circle(image, (250, 290), 230, 0, 7)
        cv2.circle(image, (250, 290), 160, 0, 3)
    if clutter:
        rng = np.random.default_rng(3)
        for _ in range(40):
            x0, y0, x1, y1 = (int(v) for v in rng.integers([150, 200, 150, 200], [650, 480] * 2))
            cv2.line(image, (x0, y0), (x1, y1), 0, 3)
    return image


def test_title_rows_are_found_from_the_top_until_the_tangle() -> None:
    rows = title_rows(_block(["KT. CHU TICH", "PHO CHU TICH"]), (0, 0, 800, 520), 40.0)
    assert len(rows) == 2
    assert rows[0][1] < 45 < 70 < rows[0][3] <= rows[1][1] + 20
    assert rows[1][1] < 105 < 130 < rows[1][3] < 170
    assert all(r[0] >= 0 and r[2] <= 800 for r in rows)


def test_a_seal_s_letters_above_the_titles_are_no_row() -> None:
    image = _block(["CHU TICH"], ring=False)
    cv2.circle(image, (250, 200), 190, 0, 7)  # the ring's top above the title row
    cv2.putText(image, "o", (150, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.5, 0, 1)  # a seal's letter
    rows = title_rows(image, (0, 0, 800, 520), 40.0)
    assert len(rows) == 1 and rows[0][1] < 45 < 70 < rows[0][3]


def test_no_rows_in_an_empty_box() -> None:
    assert title_rows(np.full((300, 600), 255, np.uint8), (0, 0, 600, 300), 40.0) == []


def test_a_row_s_span_is_its_print_around_the_middle() -> None:
    core = np.zeros((30, 800), bool)
    core[:, 300:500] = True  # the title, centred at 400
    core[:, 40:60] = True  # a seal's ring far left
    core[:, 700:702] = True  # a stroke far right
    left, right = _row_span(core, 40.0)
    assert left <= 300 and right >= 499
    assert left > 60 and right < 700


def _rows_page(readings: list[list[str]]) -> PageText:
    words = [
        Word(text, 100 + 50 * i, 100 + 60 * r, 40, 30, 60.0, line=r * ROW_STRIDE + k)
        for r, row in enumerate(readings)
        for k, reading in enumerate(row)
        for i, text in enumerate(reading.split())
    ]
    return PageText(1000, 1400, 150.0, tuple(words), "", 60.0)


REGION = Region(0, (500, 600, 900, 900), 30.0, False, "the signature block's titles")


def test_under_seal_is_always_flagged_with_what_was_read() -> None:
    asked: list[Region] = []

    def reread(region: Region) -> PageText | None:
        asked.append(region)
        return _rows_page([["zm.lCT. CHỤ TỊCH"], ["CC CHỦ TỊCH", "HÚ TỊCH"]])

    found = under_seal(REGION, reread)
    assert asked and asked[0].rows
    assert found is not None and found.value == "KT. CHỦ TỊCH PHÓ CHỦ TỊCH"
    assert found.needs_review and found.reason == UNDER_SEAL and "check it" in found.reason
    assert found.read_as == "zm.lCT. CHỤ TỊCH / CC CHỦ TỊCH"


def test_under_seal_gives_nothing_when_nothing_was_read() -> None:
    assert under_seal(REGION, lambda region: None) is None
    assert under_seal(REGION, lambda region: _rows_page([["TỊCH"]])) is None


def _signature_page() -> PageText:
    """Text, and a signer's name at the bottom right with nothing read above it."""
    words = [
        Word("Nơi", 100, 1000, 40, 24, 95.0, line=0),
        Word("nhận:", 150, 1000, 60, 24, 95.0, line=0),
        Word("Nguyễn", 700, 1300, 90, 30, 95.0, line=1),
        Word("Văn", 800, 1300, 50, 30, 95.0, line=1),
        Word("An", 860, 1300, 30, 30, 95.0, line=1),
    ]
    return PageText(1240, 1754, 150.0, tuple(words), "Nơi nhận:\nNguyễn Văn An", 95.0)


def test_the_rows_are_read_only_for_a_lost_title() -> None:
    page = _signature_page()
    asked: list[Region] = []

    def reread(region: Region) -> PageText | None:
        asked.append(region)
        return _rows_page([["xx CHỦ TỊCH"]]) if region.rows else None

    def read_fields(pages: object) -> dict[str, FieldValue]:
        return {}

    sure = {"signer": FieldValue("Nguyễn Văn An", 95.0)}
    out = second_look([page], sure | {"signer_position": FieldValue("GIÁM ĐỐC", 95.0)}, reread,
                      read_fields)  # fmt: skip
    assert not any(r.rows for r in asked) and out["signer_position"].value == "GIÁM ĐỐC"
    out = second_look([page], sure, reread, read_fields)
    assert any(r.rows for r in asked)
    assert out["signer_position"].value == "CHỦ TỊCH" and out["signer_position"].needs_review
