"""The second look at a missing field's region of the page image (ocr.fields.reread and
ocr.recognize.reread): where, when, what is taken, and how the crop is cleaned."""

from __future__ import annotations

import numpy as np

from ocr.fields.model import FieldValue
from ocr.fields.names import tone_twins
from ocr.fields.reread import (
    Region,
    better,
    date_line,
    name_like,
    repairs,
    second_look,
    wanted,
)
from ocr.recognize.reread import (
    clean_crop,
    drop_coloured_ink,
    mend_coloured_ink,
    spliced,
    without_specks,
    without_strokes,
)
from ocr.types import PageText, Word


def _page(
    rows: list[tuple[int, int, list[str]]], width: int = 1240, height: int = 1754
) -> PageText:
    """Words laid on rows (top, left, words), 40 px a word apart from the next's start."""
    words: list[Word] = []
    for n, (top, left, texts) in enumerate(rows):
        x = left
        for t in texts:
            words.append(Word(t, x, top, 12 * len(t), 24, 95.0, line=n))
            x += 12 * len(t) + 14
    text = "\n".join(" ".join(r[2]) for r in rows)
    return PageText(width, height, 150.0, tuple(words), text, 95.0)


HEADER = _page(
    [
        (100, 100, ["BỘ", "GIÁO", "DỤC"]),
        (168, 188, ["Số:", "2676", "/QĐ-BGDĐT"]),
        (168, 624, ["Hà", "Nội,", "ngày", "tháng9", "năm", "2025"]),
        (400, 100, ["Căn", "cứ", "Nghị", "định", "ngày", "26", "tháng", "2", "năm", "2025"]),
    ]
)


def test_date_line_is_the_place_and_date_row_right_of_the_number() -> None:
    region = date_line(HEADER, 0)
    assert region is not None and region.single_line
    left, top, right, bottom = region.box
    assert 500 < left < 624  # the "Số:" of the same row is not in it
    assert top < 168 and bottom > 192 and right > 900
    assert region.place == "the date line"


def test_a_date_cited_in_the_text_is_no_date_line() -> None:
    body = _page([(400, 500, ["Nghị", "định", "ngày", "26", "tháng", "2", "năm", "2025"])])
    assert date_line(body, 0) is None


def _never(region: Region) -> PageText | None:
    raise AssertionError(f"read again though the field was read: {region}")


def test_no_second_look_when_the_field_was_read() -> None:
    fields = {
        "issue_date": FieldValue("2025-09-24", 95.0),
        "signer": FieldValue("Nguyễn Văn An", 95.0),
        "signer_position": FieldValue("GIÁM ĐỐC", 95.0),
    }
    asked: list[Region] = []

    def reread(region: Region) -> PageText | None:
        asked.append(region)
        return None

    assert second_look([HEADER], fields, reread, lambda pages: {}) == fields
    assert asked == []  # "An" has no tone twin: a name read sure is left as read
    twins = {**fields, "signer": FieldValue("Nguyễn Văn Hiền", 95.0)}  # Hiên, Hiển, Hiến
    assert second_look([HEADER], twins, reread, lambda pages: {}) == twins
    # only a name read sure whose tone could make another name is read once more to confirm it
    assert [r.place for r in asked] == ["the signer's name"]
    restored = FieldValue("GIÁM ĐỐC", 90.0, True, "restored", read_as="GIÁM ĐÓC")
    assert not wanted(restored)  # a value restored to a known one is not looked at again


def test_a_day_read_again_is_flagged_and_keeps_the_first_reading() -> None:
    asked: list[Region] = []

    def reread(region: Region) -> PageText:
        asked.append(region)
        return HEADER

    def read_fields(pages: object) -> dict[str, FieldValue]:
        return {"issue_date": FieldValue("2025-09-24", 55.0, True, "low OCR confidence (1 < 85)")}

    fields = {"issue_date": FieldValue("", 0.0, True, "issue date not found on the paper")}
    out = second_look([HEADER], fields, reread, read_fields)["issue_date"]
    assert asked[0].place == "the date line"
    assert out.value == "2025-09-24" and out.needs_review
    assert out.reason.startswith("read again from the image of the date line: check it")
    assert out.read_as == "(nothing)"


def test_a_value_read_again_that_fails_its_checks_is_not_taken() -> None:
    def read_fields(pages: object) -> dict[str, FieldValue]:
        return {"issue_date": FieldValue("2025-09-84", 80.0, True, "no such calendar date")}

    fields = {"issue_date": FieldValue("2025-09-8", 70.0, True, "no such calendar date")}
    out = second_look([HEADER], fields, lambda r: HEADER, read_fields)
    assert out["issue_date"] == fields["issue_date"]


def test_a_title_read_again_must_be_a_whole_block_of_the_grammar() -> None:
    page = _page(
        [
            (1000, 100, ["Nơi", "nhận:"]),
            (1000, 800, ["KT.", "CHỦ", "TỊCH"]),
            (1300, 800, ["Phạm", "Trường", "Thọ"]),
        ]
    )

    def read_as(value: str) -> object:
        return lambda pages: {"signer_position": FieldValue(value, 96.0)}

    fields = {"signer": FieldValue("Phạm Trường Thọ", 96.0)}

    def reread(region: Region) -> PageText | None:
        return None if region.rows else page  # nothing read row by row (test_under_seal)

    torn = second_look([page], fields, reread, read_as("CHỦ TỊCH TỊCH"))  # type: ignore[arg-type]
    assert "signer_position" not in torn
    whole = second_look([page], fields, reread, read_as("KT. CHỦ TỊCH PHÓ CHỦ TỊCH"))  # type: ignore[arg-type]
    assert whole["signer_position"].value == "KT. CHỦ TỊCH PHÓ CHỦ TỊCH"
    assert "signature block's titles" in whole["signer_position"].reason


def test_coloured_ink_is_dropped_and_black_print_kept() -> None:
    crop = np.full((10, 30, 3), 250, np.uint8)
    crop[:, 0:10] = (20, 20, 20)  # black print
    crop[:, 10:20] = (90, 90, 230)  # a red seal (BGR)
    crop[:, 20:30] = (200, 60, 40)  # a blue pen
    grey = drop_coloured_ink(crop)
    assert grey[:, 0:10].max() < 40
    assert grey[:, 10:].min() == 255


def test_small_text_is_scaled_up_and_binarized() -> None:
    image = np.full((100, 200), 230, np.uint8)
    image[40:52, 50:150] = 30
    cleaned, scale = clean_crop(image, (0, 20, 200, 80), text_height=12)
    assert scale == 4.0  # an x-height of 6 px is read at 24 (the most it is scaled)
    assert set(np.unique(cleaned)) <= {0, 255}
    assert cleaned.shape[1] == 200 * 4 + 32
    _, same = clean_crop(image, (0, 20, 200, 80), text_height=80)
    assert same == 1.0  # large text is never scaled down


def test_specks_are_dropped_and_letters_kept() -> None:
    binary = np.full((60, 60), 255, np.uint8)
    binary[10:40, 10:20] = 0  # a stroke
    binary[50, 50] = 0  # a speck
    out = without_specks(binary)
    assert out[50, 50] == 255 and out[20, 15] == 0


def test_the_region_words_are_replaced() -> None:
    new = [Word("24", 720, 168, 24, 24, 1.0, line=900_000_001)]
    page = spliced(HEADER, (600, 150, 1240, 200), [*new])
    assert "24" in page.text and "Nội," not in page.text and "Số:" in page.text


def test_a_name_read_again_must_be_words_of_letters() -> None:
    page = _page([(1000, 800, ["KT.", "CHỦ", "TỊCH"]), (1040, 800, ["PHÓ", "CHỦ", "TỊCH"])])
    torn = FieldValue("Lê +ần Dũng", 71.0, True, "'+ần' is no word of a name")

    def read_as(value: str) -> object:
        return lambda pages: {"signer": FieldValue(value, 78.0, True, "restored", "Le .ân Dũng")}

    fields = {"signer": torn, "signer_position": FieldValue("KT. CHỦ TỊCH PHÓ CHỦ TỊCH", 95.0)}
    same = second_look([page], fields, lambda r: page, read_as("Lê .ân Dũng"))  # type: ignore[arg-type]
    assert same["signer"] == torn
    found = second_look([page], fields, lambda r: page, read_as("Lê Tấn Dũng"))  # type: ignore[arg-type]
    assert found["signer"].value == "Lê Tấn Dũng" and found["signer"].read_as == "Lê +ần Dũng"
    assert found["signer"].reason.startswith("read again from the image of the signature block")


# --------------------------------------------------------------- the signature block, read again

BLOCK = _page(
    [
        (1000, 100, ["Nơi", "nhận:"]),
        (1000, 800, ["KT.", "CHỦ", "TỊCH"]),
        (1040, 800, ["PHÓ", "CHỦ", "TỊCH"]),
        (1300, 800, ["Trần", "Phước", "Hiên"]),
    ]
)


TITLES = FieldValue("KT. CHỦ TỊCH PHÓ CHỦ TỊCH", 95.0)


def test_a_name_read_again_must_be_syllables_with_a_family_name() -> None:
    assert name_like("Tạ Quân") and name_like("Vũ Thị Ngọc Chi")
    assert not name_like("Ngọc Thưởng")  # torn of its family name
    assert not name_like("HH EDịnh Tùng")  # no syllables
    assert not name_like("Trần")


def test_a_doubtful_name_is_read_again_from_its_own_line() -> None:
    asked: list[Region] = []

    def reread(region: Region) -> PageText:
        asked.append(region)
        return BLOCK

    doubtful = FieldValue("Lương Quốc Hiên", 80.0, True, "'Hiên' is no usual name")
    again = lambda pages: {"signer": FieldValue("Lương Quốc Hiền", 90.0)}  # noqa: E731
    fields = {"signer": doubtful, "signer_position": TITLES}
    out = second_look([BLOCK], fields, reread, again)["signer"]  # type: ignore[arg-type]
    assert asked[0].single_line and asked[0].place == "the signer's name"
    assert asked[0].box[1] < 1300 < asked[0].box[3] and asked[0].box[0] < 800
    assert out.value == "Lương Quốc Hiền" and out.read_as == "Lương Quốc Hiên"
    assert out.reason.startswith("read again from the image of the signer's name")


def test_the_next_way_of_reading_is_tried_until_one_passes_its_checks() -> None:
    asked: list[int] = []
    readings = iter(["Ngọc Thưởng", "Phạm Ngọc Thưởng"])

    def reread(region: Region) -> PageText:
        asked.append(region.attempt)
        return BLOCK

    again = lambda pages: {"signer": FieldValue(next(readings), 90.0)}  # noqa: E731
    torn = FieldValue("Đ>smn Ngọc Thướng", 70.0, True, "'Đ>smn' is no word of a name")
    fields = {"signer": torn, "signer_position": TITLES}
    out = second_look([BLOCK], fields, reread, again)["signer"]  # type: ignore[arg-type]
    assert asked == [0, 1] and out.value == "Phạm Ngọc Thưởng"


def test_a_name_read_again_as_the_first_time_stands() -> None:
    asked: list[int] = []

    def reread(region: Region) -> PageText:
        asked.append(region.attempt)
        return BLOCK

    low = FieldValue("Khổng Văn Minh", 80.0, True, "low OCR confidence (53 < 85)")
    again = lambda pages: {"signer": FieldValue("Khổng Văn Minh", 90.0)}  # noqa: E731
    fields = {"signer": low, "signer_position": TITLES}
    out = second_look([BLOCK], fields, reread, again)["signer"]  # type: ignore[arg-type]
    assert asked == [0] and out == low  # no third way asked, which might read "Vân"


def test_titles_restored_over_many_letters_are_read_again_and_taken_when_less_repaired() -> None:
    far = FieldValue("TL. BỘ TRƯỞNG VỤ TRƯỞNG", 65.0, True, "restored", "1, BỌ TRU ƠNG TU TRƯƠNG")
    near = FieldValue(
        "KT. BỘ TRƯỞNG THỨ TRƯỞNG", 95.0, True, "restored", "KT. BỘ TRƯƠNG THỨ TRƯỜNG"
    )
    assert wanted(far, "signer_position") and not wanted(near, "signer_position")
    assert not wanted(far, "issue_date")  # a date's restoration is not counted in letters
    assert repairs(far) > 1 and repairs(near) == 0
    assert better(far, near) and not better(near, far)
    # the first way reads the titles as torn as the first time: the next way is tried
    readings = iter([FieldValue("TL. BỘ TRƯỞNG", 60.0, True, "restored", "1, BỌ TRU"), near])
    again = lambda pages: {"signer_position": next(readings)}  # noqa: E731
    page = _page([(1000, 800, ["KT.", "BỘ"]), (1300, 800, ["Nguyễn", "Văn", "Phúc"])])
    fields = {
        "signer_position": far,
        "signer": FieldValue("Nguyễn Văn Phúc", 80.0, True, "restored", "Nguyễa Văn Phúc"),
    }
    out = second_look([page], fields, lambda r: page, again)  # type: ignore[arg-type]
    assert out["signer_position"].value == "KT. BỘ TRƯỞNG THỨ TRƯỞNG"
    assert out["signer_position"].read_as == "1, BỌ TRU ƠNG TU TRƯƠNG"


def test_a_sure_name_read_otherwise_alone_is_flagged_and_kept() -> None:
    sure = FieldValue("Lương Quốc Hiên", 95.0)
    fields = {"signer": sure, "signer_position": FieldValue("KT. CHỦ TỊCH PHÓ CHỦ TỊCH", 95.0)}
    other = lambda pages: {"signer": FieldValue("Lương Quốc Hiền", 94.0)}  # noqa: E731
    out = second_look([BLOCK], fields, lambda r: BLOCK, other)["signer"]  # type: ignore[arg-type]
    assert out.value == "Lương Quốc Hiên" and out.needs_review and not out.read_as
    assert (
        out.reason == "read 'Lương Quốc Hiền' when the signer's name was read again alone: check it"
    )
    same = lambda pages: {"signer": FieldValue("Lương Quốc Hiên", 94.0)}  # noqa: E731
    assert second_look([BLOCK], fields, lambda r: BLOCK, same)["signer"] == sure  # type: ignore[arg-type]
    doubtful = lambda pages: {"signer": FieldValue("Lương Quốc Hiền", 60.0, True, "low")}  # noqa: E731
    assert second_look([BLOCK], fields, lambda r: BLOCK, doubtful)["signer"] == sure  # type: ignore[arg-type]


def test_signature_strokes_and_seal_rings_are_taken_out_and_letters_kept() -> None:
    binary = np.full((200, 400), 255, np.uint8)
    binary[50:80, 20:40] = 0  # a bold letter, 30 px: an x-height
    binary[120, 10:390] = 0  # a pen's line, one pixel thick
    binary[100:190, 300:303] = 0  # a seal's ring, far taller than a letter
    out = without_strokes(binary, x_height=30.0)
    assert out[60, 30] == 0 and out[120, 200] == 255 and out[150, 301] == 255


def test_a_stem_cut_by_a_seal_is_bridged_and_the_seal_dropped() -> None:
    crop = np.full((60, 60, 3), 250, np.uint8)
    crop[10:50, 20:26] = (20, 20, 20)  # a black stem
    crop[26:32, :] = (60, 40, 220)  # a red line of a seal across it (BGR)
    grey = mend_coloured_ink(crop, x_height=20.0)
    assert grey[28, 22] < 100  # the stem is whole again
    assert grey[28, 50] == 255  # the seal away from the print is gone
    assert (drop_coloured_ink(crop)[28, 22]) == 255  # dropped alone, it cut the stem


def test_tone_twins_are_names_another_tone_keeps_a_name() -> None:
    assert tone_twins("Lương Quốc Hiền") and tone_twins("Vũ Thị Ngọc Chi")
    assert not tone_twins("Nguyễn Văn Minh") and not tone_twins("Phạm Trường Thọ")


CARD_FRONT = _page(
    [
        (100, 100, ["Họ,", "chữ", "đệm", "và", "tên", "khai", "sinh", "/", "Full", "name:"]),
        (140, 100, ["ÂU", "HỒNG", "HIẾN"]),
        (180, 100, ["Ngày", "sinh", "/", "Date", "of", "birth:", "22/03/1958"]),
    ]
)


def test_any_persons_name_read_sure_with_tone_twins_is_read_again_on_its_line() -> None:
    # measured (generated seed 3033, unseen layout): a card's "ÂU HỒNG HIỀN" read "HIẾN", sure
    asked: list[Region] = []

    def reread(region: Region) -> PageText | None:
        asked.append(region)
        return CARD_FRONT

    sure = FieldValue("ÂU HỒNG HIẾN", 95.0)
    other = lambda pages: {"full_name": FieldValue("ÂU HỒNG HIỀN", 93.0)}  # noqa: E731
    out = second_look([CARD_FRONT], {"full_name": sure}, reread, other)["full_name"]  # type: ignore[arg-type]
    assert out.value == "ÂU HỒNG HIẾN" and out.needs_review  # the page's reading kept, flagged
    assert "read 'ÂU HỒNG HIỀN' when the line of the full name was read again" in out.reason
    _, top, _, bottom = asked[0].box  # the name's own line, a little around it
    assert top < 140 < 164 < bottom and bottom < 180 and asked[0].single_line
    # a name no tone slip could turn into another is not read again
    asked.clear()
    plain = {"full_name": FieldValue("ÂU VĂN MINH", 95.0)}
    assert second_look([CARD_FRONT], plain, reread, other) == plain and asked == []  # type: ignore[arg-type]
