"""The recipients' lines the page reading tore, read again from the image (ocr.fields.lost_lines),
the standard abbreviations of state papers restored (ocr.fields.abbreviations), and marks after
the last recipient left out (ocr.fields.read.recipients)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from fields_helpers import page_from_text

from ocr.fields.abbreviations import restore, restored
from ocr.fields.extract import read_fields
from ocr.fields.lines import build_doc
from ocr.fields.lost_lines import (
    added_lines,
    added_words,
    gap_region,
    recipients_again,
    subject_again,
    with_lines,
    without_doubled,
)
from ocr.fields.model import FieldValue
from ocr.fields.read import recipients as read_recipients
from ocr.fields.reread import Region
from ocr.fields.spec import DocSpec
from ocr.fields.specs import SPECS
from ocr.fields.specs.decree30 import cut_unread_recipients
from ocr.fields.specs.decree30 import recipients as locate_recipients
from ocr.types import PageText, Word

Row = tuple[int, int, list[str], int]  # top, left, words, height


def _page(rows: Sequence[Row]) -> PageText:
    """Words laid on rows in the order given (the page reading's order), 12 px a letter."""
    words: list[Word] = []
    for n, (top, left, texts, height) in enumerate(rows):
        x = left
        for t in texts:
            words.append(Word(t, x, top, 12 * len(t), height, 95.0, line=n))
            x += 12 * len(t) + 12
    text = "\n".join(" ".join(r[2]) for r in rows)
    return PageText(1240, 1754, 150.0, tuple(words), text, 95.0)


BODY = (1000, 150, ["các", "đơn", "vị", "có", "liên", "quan", "chịu", "trách", "nhiệm", "thi"], 24)
LIST = [
    (1200, 150, ["-", "CT,", "PCT", "UBND", "tỉnh;"], 24),
    (1240, 150, ["-", "VPUB:", "CVP,", "PCVP;"], 24),
    (1280, 150, ["-", "Lưu:", "VT."], 24),
]
# the label read, then the first two lines torn into pieces; the signature block's title
# beside them, its capitals as tall as two rows of the list
TORN = _page(
    [
        BODY,
        (1060, 150, ["Nơi", "nhận:"], 24),
        (1100, 160, ["°"], 6),
        (1110, 250, ["trên,"], 24),
        (1150, 250, ["SỐ"], 14),
        (1100, 800, ["KT.", "CHÁNH", "VĂN", "PHÒNG"], 70),
        *LIST,
    ]
)
# the label lost too, the first line torn into "-", "Như", "Điêu" (small boxes, apart)
NO_LABEL = _page(
    [
        (1070, *BODY[1:]),  # type: ignore[list-item]
        (1100, 800, ["KT.", "BỘ", "TRƯỞNG"], 24),
        (1160, 150, ["-"], 3),
        (1155, 230, ["Như"], 12),
        (1155, 300, ["Điêu"], 12),
        *LIST,
    ]
)
LINES_AGAIN = [
    Word("-", 150, 1105, 12, 24, 93.0, line=900_000_000),
    Word("Như", 174, 1105, 36, 24, 96.0, line=900_000_000),
    Word("trên;", 222, 1105, 60, 24, 96.0, line=900_000_000),
    Word("-", 150, 1150, 12, 24, 93.0, line=900_000_001),
    Word("Bộ", 174, 1150, 24, 24, 96.0, line=900_000_001),
    Word("Tài", 210, 1150, 36, 24, 96.0, line=900_000_001),
    Word("chính;", 258, 1150, 72, 24, 96.0, line=900_000_001),
]


def _reader(words: list[Word]):  # type: ignore[no-untyped-def]
    asked: list[Region] = []

    def reread(region: Region) -> PageText | None:
        asked.append(region)
        inside = [w for w in words if _in(w, region.box)]
        return PageText(1240, 1754, 150.0, tuple(inside), "", 95.0) if inside else None

    return reread, asked


def _in(w: Word, box: tuple[int, int, int, int]) -> bool:
    x, y = w.left + w.width / 2, w.top + w.height / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _recipients(pages: Sequence[PageText]) -> dict[str, FieldValue]:
    doc = build_doc(pages)
    spans = locate_recipients(doc, DocSpec("", (), (), ())) or []
    kept, _ = cut_unread_recipients(doc, spans)
    raw = "\n".join(doc.lines[li].text[s:e] for li, s, e in kept)
    value, problem, read_as = read_recipients(raw)
    return {"recipients": FieldValue(value, 95.0, bool(problem), problem, read_as)}


def test_the_region_is_between_the_label_and_the_first_line_read_in_the_lists_column() -> None:
    region = gap_region(build_doc([TORN]), [TORN])
    assert region is not None and not region.single_line
    left, top, right, bottom = region.box
    assert top >= 1084 and bottom <= 1200  # under the label, above "- CT, PCT UBND tỉnh;"
    assert left < 150 and right < 800  # the list's column, not the signature block


def test_with_the_label_lost_the_region_begins_under_the_text_above() -> None:
    region = gap_region(build_doc([NO_LABEL]), [NO_LABEL])
    assert region is not None
    assert 1094 <= region.box[1] < 1155 and region.box[3] <= 1200


def test_no_region_when_nothing_was_torn_above_the_list() -> None:
    whole = _page([BODY, (1060, 150, ["Nơi", "nhận:"], 24), *LIST])
    assert gap_region(build_doc([whole]), [whole]) is None


def test_lines_read_again_are_lines_of_their_own_beside_a_tall_title() -> None:
    page = with_lines(TORN, (138, 1086, 400, 1196), LINES_AGAIN)
    lines = page.text.split("\n")
    assert "- Như trên;" in lines and "- Bộ Tài chính;" in lines
    assert "°" not in page.text and "SỐ" not in page.text
    assert lines.index("- Như trên;") == 2  # in the place of the first piece, under the label


def test_torn_lines_read_again_are_put_at_the_top_of_the_list_flagged() -> None:
    first = _recipients([TORN])
    assert first["recipients"].value == "CT, PCT UBND tỉnh;\nVPUB: CVP, PCVP;\nLưu: VT."
    reread, asked = _reader(LINES_AGAIN)
    out = recipients_again([TORN], build_doc([TORN]), first, reread, _recipients)
    got = out["recipients"]
    assert got.value.split("\n")[:2] == ["Như trên;", "Bộ Tài chính;"]
    assert got.needs_review and "read again from the image" in got.reason
    assert got.read_as == first["recipients"].value
    assert asked


def test_nothing_is_taken_when_the_reading_again_gives_pieces() -> None:
    first = _recipients([TORN])
    pieces = [Word("°", 160, 1100, 6, 6, 40.0), Word("SÔ", 250, 1150, 24, 14, 40.0)]
    reread, _ = _reader(pieces)
    assert recipients_again([TORN], build_doc([TORN]), first, reread, _recipients) == first


def test_lines_are_added_only_above_the_list_read_first() -> None:
    assert added_lines("A;\nLưu: VT.", "X;\nA;\nLưu: VT.") == ["X;"]
    assert added_lines("A;\nLưu: VT.", "X;\nB;\nLưu: VT.") == []
    assert added_lines("A;\nLưu: VT.", "A;\nLưu: VT.") == []


def test_a_standard_abbreviation_read_one_letter_off_is_restored() -> None:
    assert restored("DBND") == "UBND"
    assert restored("HDND") == "HĐND"
    assert restored("b/e") == "b/c"
    assert restored("UBND") is None and restored("KTTH") is None  # a unit's own initials
    assert restored("c/h") is None  # "t/h" and "p/h" as near: no one reading
    assert restored("TỈNH") is None  # a word in capitals
    text, done = restore("CT, PCT DBND tỉnh;\nBộ trưởng (để b/e);")
    assert text == "CT, PCT UBND tỉnh;\nBộ trưởng (để b/c);"
    assert done == [("DBND", "UBND"), ("b/e", "b/c")]


def test_marks_after_the_last_recipient_are_left_out_flagged() -> None:
    value, problem, read_as = read_recipients("- Như trên;\n- Lưu: VT, ĐMDN (2b).KN ¿§")
    assert value == "Như trên;\nLưu: VT, ĐMDN (2b).KN"
    assert "'¿§'" in problem and read_as.endswith("¿§")
    assert read_recipients("- Như trên;\n- Lưu: VT, VP (KSTTHC).")[0].endswith("(KSTTHC).")


def test_with_the_label_lost_its_line_and_the_torn_line_are_read_again() -> None:
    first = _recipients([NO_LABEL])
    assert first["recipients"].value.split("\n")[0] == "CT, PCT UBND tỉnh;"
    again = [
        Word("Nơi", 150, 1105, 36, 24, 95.0),
        Word("nhận:", 198, 1105, 60, 24, 95.0),
        Word("-", 150, 1150, 12, 24, 93.0),
        Word("Như", 174, 1150, 36, 24, 96.0),
        Word("Điều", 222, 1150, 48, 24, 91.0),
        Word("3;", 282, 1150, 24, 24, 97.0),
    ]
    reread, _ = _reader(again)
    got = recipients_again([NO_LABEL], build_doc([NO_LABEL]), first, reread, _recipients)[
        "recipients"
    ]
    assert got.value.split("\n")[0] == "Như Điều 3;" and got.needs_review
    assert got.value.endswith(first["recipients"].value)


SUBJECT_PAPER = """\
ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG NGÃI               Độc lập - Tự do - Hạnh phúc
Số: 08/CT-UBND
Quảng Ngãi, ngày 3 tháng 4 năm 2018
CHỈ THỊ
Về việc tăng cường công tác quản lý nhà nước để hỗ trợ nhà đầu tư
lệ án sử dụng vốn ngoài ngân sách nhà nước tại tỉnh Quảng Ngãi
Thời gian qua, các cấp, các ngành đã có nhiều cố gắng trong lãnh đạo, chỉ đạo
"""


def _underlined() -> PageText:
    """The paper with "thực hiện dự" of the subject's second line read as a speck ("lệ")."""
    page = page_from_text(SUBJECT_PAPER)
    words = tuple(
        replace(w, top=w.top + 14, height=12) if w.text == "lệ" else w for w in page.words
    )
    return replace(page, words=words)


def _line_again(lost: list[str], page: PageText) -> list[Word]:
    """The subject's second line read again: `lost` where the speck was, the rest as read."""
    line = [w for w in page.words if w.top >= 200 + 6 * 60 and w.top < 200 + 7 * 60]
    speck = next(w for w in line if w.text == "lệ")
    words = [Word(t, speck.left + 14 * n, 560, 12, 40, 95.0) for n, t in enumerate(lost)]
    return words + [w for w in line if w is not speck]


def _subject(pages: Sequence[PageText]) -> dict[str, FieldValue]:
    return read_fields(build_doc(pages), "administrative_document", 85.0)


def test_subject_words_read_as_a_speck_are_read_again_flagged() -> None:
    page = _underlined()
    first = _subject([page])
    assert "lệ" not in first["subject"].value.split()
    reread, asked = _reader(_line_again(["thực", "hiện", "dự"], page))
    spec = SPECS["administrative_document"]
    got = subject_again([page], build_doc([page]), first, spec, reread, _subject)["subject"]
    assert "nhà đầu tư thực hiện dự án sử dụng" in got.value
    assert got.needs_review and "'thực hiện dự'" in got.reason
    assert got.read_as == (first["subject"].read_as or first["subject"].value)
    assert asked and asked[0].single_line


def test_subject_read_again_is_not_taken_when_it_loses_or_garbles_words() -> None:
    page = _underlined()
    first = _subject([page])
    garbled = [w for w in _line_again(["hA"], page) if w.text != "Ngãi"]
    reread, _ = _reader(garbled)
    spec = SPECS["administrative_document"]
    assert subject_again([page], build_doc([page]), first, spec, reread, _subject) == first
    assert added_words("a b c", "a x b c") == ["x"] and added_words("a b c", "a x c") == []


def test_a_letter_read_twice_alone_and_in_the_next_word_is_left_out() -> None:
    assert without_doubled("tư án sử", "tư thực hiện dự á án sử") == "tư thực hiện dự án sử"
    assert without_doubled("ý kiến", "ý ý kiến") == "ý ý kiến"  # "ý" was read the first time too
