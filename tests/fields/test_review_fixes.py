"""Rules of the real-paper work made narrower after review: an organ is snapped to its list only
word for word, a tear is repaired only in a signer's name and with evidence of it, a name read
without a tone is flagged only when read unsurely, the look-alike letters are one table."""

from __future__ import annotations

from fields_helpers import LETTER_HEAD, page_from_text

from common.vietnamese import LOOK_ALIKE, bare_letters, look_alike_distance
from ocr.fields import extract
from ocr.fields.lines import build_doc
from ocr.fields.names import COMMON_SURNAMES, SURNAMES, UNIQUE_FOLD, restore_torn
from ocr.fields.organs import NAMES, restored_organ
from ocr.fields.positions import nearest_block
from ocr.fields.read import convert, organ, tone_doubt


def test_a_correct_organ_name_near_a_short_name_of_the_list_is_left_as_read() -> None:
    # "CỤC THUẾ" is one letter from "CỤC THỦY" / "CỤC THÚ": other words, not OCR's slips
    assert restored_organ("CỤC THỦY LỢI") is None
    assert restored_organ("CỤC THÚ Y") is None
    value, problem, read_as = convert("organ", "CỤC THỦY LỢI")
    assert (value, problem, read_as) == ("CỤC THỦY LỢI", "", "")


def test_an_organ_word_that_is_no_syllable_is_still_a_slip_of_the_name() -> None:
    assert restored_organ("CỤC THUỂ TỈNH QUẢNG NGÃI") == "CỤC THUẾ TỈNH QUẢNG NGÃI"
    assert restored_organ("SỞ TƯ PHÁF TỈNH BẮC NINH") == "SỞ TƯ PHÁP TỈNH BẮC NINH"


def test_a_name_of_the_list_glued_to_the_next_word_is_cut_only_when_read_letter_for_letter() -> (
    None
):
    assert restored_organ("SỞ Y TẾBẮC NINH") == "SỞ Y TẾ BẮC NINH"
    assert restored_organ("SỞ TƯ PHÁPBẮC NINH") == "SỞ TƯ PHÁP BẮC NINH"
    assert restored_organ("SỞ TƯ PHÁFBẮC NINH") is None  # a slip and a cut inside a word: no


def test_a_place_level_glued_to_any_body_name_is_set_apart_without_a_list_of_hospitals() -> None:
    assert "BỆNH VIỆN ĐA KHOA" not in NAMES  # a hospital is no state body of the closed list
    assert restored_organ("BỆNH VIỆN ĐA KHOATỈNH") == "BỆNH VIỆN ĐA KHOA TỈNH"
    assert restored_organ("TRƯỜNG TRUNG HỌC PHỔ THÔNGHUYỆN") == "TRƯỜNG TRUNG HỌC PHỔ THÔNG HUYỆN"
    assert restored_organ("BỆNH VIỆN ĐA KHOA TỈNH") is None


def test_an_organ_restored_after_a_text_change_keeps_both_reasons() -> None:
    value, problem, read_as = organ(("SỞ Y TẺ BẮC NINH", "a space cut out", "SỞ Y TẺ BẮC  NINH"))
    assert value == "SỞ Y TẾ BẮC NINH" and read_as == "SỞ Y TẺ BẮC  NINH"
    assert "a space cut out" in problem and "list of state bodies" in problem


def test_a_minority_name_on_a_card_is_not_repaired_nor_called_torn() -> None:
    for name in ("Kpă Thị Ni", "Rmah Đôn", "Ksor H'Bia"):
        value, problem, read_as = convert("person", name)
        assert value == name and read_as == ""
        assert "signature" not in problem
    assert restore_torn("Kpă Thị Ni") == "Kpă Thị Ni"  # four letters, no mark: no tear shown


def test_a_tear_is_repaired_only_in_a_signers_name() -> None:
    assert convert("person", "Plam: Huyềa Trang")[0] != "Phạm Huyền Trang"
    value, problem, read_as = convert("person", "Plam: Huyềa Trang", signed=True)
    assert value == "Phạm Huyền Trang" and read_as == "Plam: Huyềa Trang" and problem


def test_a_lost_family_initial_is_put_back_only_in_a_signers_name() -> None:
    # a card's or a form's name has no seal nor signature over it: left as read, flagged
    value, problem, read_as = convert("person", "hạm Trường Thọ")
    assert value == "hạm Trường Thọ" and read_as == "" and "hạm" in problem
    value, problem, read_as = convert("person", "hạm Trường Thọ", signed=True)
    assert value == "Phạm Trường Thọ" and read_as == "hạm Trường Thọ" and problem


LETTER = (
    LETTER_HEAD
    + """\
Thời gian thực hiện từ ngày ký đến hết ngày 31 tháng 12 năm 2021.
Nơi nhận:
- Như trên;
- Lưu: VT.
                                              CHỦ TỊCH
                                              Lê Thị Phương
"""
)


def test_a_common_name_without_a_tone_read_surely_is_not_flagged() -> None:
    for name in ("Lê Thị Phương", "Trần Văn Tân", "Nguyễn Thị Yên", "Lương Quốc Hiên"):
        signer = extract([page_from_text(LETTER.replace("Lê Thị Phương", name))]).fields["signer"]
        assert signer.value == name and not signer.needs_review, name


def test_a_name_without_a_tone_read_with_a_low_confidence_is_flagged_with_the_tone_named() -> None:
    doc = build_doc([page_from_text("Lương Quốc Hiên", confidence=40.0)])
    spans = [(0, 0, len(doc.lines[0].text))]
    reason = tone_doubt(doc, spans, "Lương Quốc Hiên", 60.0)
    assert "'Hiên'" in reason and "Hiền" in reason and "tone" in reason
    sure = build_doc([page_from_text("Lương Quốc Hiên")])
    assert tone_doubt(sure, spans, "Lương Quốc Hiên", 60.0) == ""


def test_the_common_family_names_are_named_not_taken_from_the_lists_order() -> None:
    assert set(COMMON_SURNAMES) <= set(SURNAMES)
    assert {"Nguyễn", "Trần", "Lê", "Phạm", "Hà"} <= set(COMMON_SURNAMES)
    assert "Hạ" not in COMMON_SURNAMES
    assert UNIQUE_FOLD["ha"] == "Hà"  # a slip between the two goes to the common one


def test_the_look_alike_letters_are_one_table_of_the_project() -> None:
    assert ("f", "t") in LOOK_ALIKE and look_alike_distance("kf", "kt") == 0.5
    assert bare_letters("KT,BỘ") == "ktbo"


def test_a_block_is_taken_only_within_its_own_share_of_edits() -> None:
    # a reading far from every block: the look-alike discount never brings one in
    assert nearest_block("TỔ CHỨC HÀNH CHÍNH") is None
    # the nearest block alone stays the answer; one a look-alike discount brings level with it
    # (one plain edit farther) does not make the reading ambiguous
    assert nearest_block("KT. BỘ TRƯỞNG THỨ TRƯỞNC") == "KT. BỘ TRƯỞNG THỨ TRƯỞNG"
    # two edits from "CỤC TRƯỞNG" alone; "VỤ TRƯỞNG" is three, two of them look-alikes (y/v,
    # v/u): level after the discount, the plain nearest is still taken
    assert nearest_block("CYV TRƯỞNG") == "CỤC TRƯỞNG"
    # "TL. VỤ TRƯỞNG" is nearest after the discount (f/t, i/l, y/v) but three plain edits of
    # ten letters, more than its share (2.5): nothing is taken
    assert nearest_block("FIYU TRƯỞNG") is None
    assert nearest_block("K,BỌ TRƯỞNG DU TRƯỜNG") is None  # as near to two blocks: ambiguous
