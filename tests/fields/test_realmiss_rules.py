"""Rules found on real papers (benchmarks/real) whose values were missing or wrongly read: a
state body's name OCR misspelt, a place whose first word or whose "ngày" was lost."""

from __future__ import annotations

from dataclasses import replace

from fields_helpers import DIRECTIVE, LETTER_HEAD, page_from_text

from ocr.fields import extract
from ocr.fields.names import fix_surname, lost_tone, middle_name_first, restore_torn
from ocr.fields.organs import restored_organ
from ocr.fields.places import place_ending
from ocr.fields.read import convert, file_copy
from ocr.types import PageText

LETTER = """\
SỞ Y TẺ BẮC NINH              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
BỆNH VIỆN ĐA KHOATỈNH              Độc lập - Tự do - Hạnh phúc
Số: 6191/BVĐK-TCKT
V/v Đăng tải thông tin lựa chọn đơn vị tổ chức đấu giá
Bắc Ninh, ngày 27 tháng 9 năm 2021
Kính gửi: Cổng thông tin điện tử Quốc gia về Đấu giá tài sản
"""


def test_a_ministry_misspelt_by_ocr_is_restored_flagged_and_keeps_what_was_read() -> None:
    text = DIRECTIVE.replace("ỦY BAN NHÂN DÂN   ", "BỘ GIÁO ĐỤC VÀ ĐÀO TẠO").replace(
        "TỈNH QUẢNG NGÃI", "               "
    )
    organ = extract([page_from_text(text)]).fields["issuing_authority"]
    assert organ.value == "BỘ GIÁO DỤC VÀ ĐÀO TẠO"
    assert organ.read_as == "BỘ GIÁO ĐỤC VÀ ĐÀO TẠO"
    assert organ.needs_review and "list of state bodies" in organ.reason


def test_a_department_and_two_words_read_as_one_are_restored_the_place_after_kept() -> None:
    out = extract([page_from_text(LETTER)])
    assert out.fields["parent_authority"].value == "SỞ Y TẾ BẮC NINH"
    assert out.fields["parent_authority"].read_as == "SỞ Y TẺ BẮC NINH"
    organ = out.fields["issuing_authority"]
    assert organ.value == "BỆNH VIỆN ĐA KHOA TỈNH"
    assert organ.needs_review and organ.read_as == "BỆNH VIỆN ĐA KHOATỈNH"


def test_an_organ_read_as_printed_is_not_changed_nor_flagged() -> None:
    organ = extract([page_from_text(DIRECTIVE)]).fields["issuing_authority"]
    assert organ.value == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    assert not organ.needs_review and organ.read_as == ""


def test_an_organ_is_not_snapped_to_a_near_name_nor_for_its_tone_placement() -> None:
    assert restored_organ("BỘ CÔNG THƯƠNG") is None  # not "BỘ CÔNG AN" with letters added
    assert restored_organ("UỶ BAN NHÂN DÂN HUYỆN TĨNH GIA") is None  # "UỶ" is printed so too
    assert restored_organ("TRƯỜNG ĐẠI HỌC BÁCH KHOA") is None  # no name of the list


def test_a_restored_organ_keeps_the_tone_placement_it_was_printed_with() -> None:
    assert restored_organ("UỶ BẠN NHÂN DÂN TỈNH NINH BÌNH") == "UỶ BAN NHÂN DÂN TỈNH NINH BÌNH"


def test_a_place_whose_first_word_was_lost_is_the_one_province_it_ends_and_is_flagged() -> None:
    text = DIRECTIVE.replace("Quảng Ngãi, ngày", "Ngãi, ngày")
    place = extract([page_from_text(text)]).fields["place"]
    assert place.value == "Quảng Ngãi" and place.read_as == "Ngãi"
    assert place.needs_review and "first words lost" in place.reason


def test_a_one_word_place_that_ends_several_provinces_stays_as_read_and_flagged() -> None:
    assert place_ending("Ninh") is None  # Bắc Ninh, Quảng Ninh, Tây Ninh...
    assert place_ending("Huế") is None  # a province of its own
    text = DIRECTIVE.replace("Quảng Ngãi, ngày", "Ninh, ngày")
    place = extract([page_from_text(text)]).fields["place"]
    assert place.value == "Ninh"
    assert place.needs_review and "part of it lost" in place.reason


def _date_split(text: str, gap: int) -> PageText:
    """The page with "Quảng Ngãi," and the rest of the date as two lines at one height, `gap`
    characters apart (OCR's lines when "ngày" and its day were written by hand)."""
    page = page_from_text(text.replace("Quảng Ngãi, ngày 11 tháng", "Quảng Ngãi,\ntháng"))
    place = next(w for w in page.words if w.text == "Ngãi,")
    moved = tuple(
        replace(w, top=place.top, left=place.left + place.width + gap * 20 + w.left - 200)
        if w.line == place.line + 1
        else w
        for w in page.words
    )
    return replace(page, words=moved)


def test_the_place_is_read_from_its_own_line_beside_the_rest_of_the_date() -> None:
    place = extract([_date_split(DIRECTIVE, 12)]).fields["place"]
    assert place.value == "Quảng Ngãi"
    assert not place.needs_review


def test_a_capitalized_line_ending_in_a_comma_without_a_date_beside_is_no_place() -> None:
    page = page_from_text(DIRECTIVE.replace("Quảng Ngãi, ngày 11 tháng 9 năm 2024", "Quảng Ngãi,"))
    assert "place" not in extract([page]).fields


def test_a_name_read_without_the_tone_of_a_stacked_vowel_is_not_flagged_without_evidence() -> None:
    # "Hiên" may be "Hiền" with its tone lost, but "Hiên" is a name too: read surely, it stands
    assert lost_tone("Lương Quốc Hiên") == ("Hiên", ["Hiến", "Hiền", "Hiển"])
    assert lost_tone("Nguyễn Xuân Phúc") is None  # no "Xuấn", "Xuần"...: nothing else it can be
    value, problem, read_as = convert("person", "Lương Quốc Hiên")
    assert value == "Lương Quốc Hiên" and read_as == "" and problem == ""


def test_a_recipient_line_ending_with_a_comma_before_a_new_recipient_is_a_misread_semicolon() -> (
    None
):
    value, problem, read_as = convert("recipients", "- Như trên,\n- Sở Tư pháp;\n- Lưu: VT.")
    assert value == "Như trên;\nSở Tư pháp;\nLưu: VT."
    assert "read as ':' or ','" in problem and read_as.startswith("Như trên,")


def test_a_recipient_line_ending_with_a_comma_before_its_wrapped_end_is_kept() -> None:
    raw = "- VPCP: BTCN, Cổng TTĐT,\n- các Vụ, Cục, Công báo;\n- Lưu: VT."
    value, _, read_as = convert("recipients", raw)
    assert value.startswith("VPCP: BTCN, Cổng TTĐT,\n") and read_as == ""


def test_a_two_word_name_beginning_with_a_usual_middle_name_is_flagged() -> None:
    assert middle_name_first("Quang Khánh")  # "Triệu Quang Khánh", the family name lost
    assert not middle_name_first("Tạ Quân") and not middle_name_first("Mai Anh")
    value, problem, _ = convert("person", "Quang Khánh")
    assert value == "Quang Khánh" and "family name lost" in problem


def test_the_file_copy_read_with_its_stop_as_a_colon_or_its_t_as_e_is_restored() -> None:
    assert file_copy("Lưu: VI:") == "Lưu: VT."
    assert file_copy("Lưu: VE") == "Lưu: VT."
    assert file_copy("Lưu: VP") == "Lưu: VP"  # the office (văn phòng) keeps a copy: no slip


STAMPED_DECREE = """\
Số: 155/2020/NĐ-CP              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Hà Nội, ngày 31 tháng 12 năm 2020
_ NGHỊ ĐỊNH
Ngày:        12024.| Quy định chi tiết thi hành một số điều của Luật Chứng khoán
Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
"""


def test_a_title_with_a_stroke_read_before_it_is_the_title() -> None:
    out = extract([page_from_text(STAMPED_DECREE)])
    assert out.fields["kind"].value == "Nghị định"
    assert out.fields["subject"].value.startswith("Quy định chi tiết")


def test_a_received_stamps_label_read_before_the_subject_is_left_out_and_flagged() -> None:
    subject = extract([page_from_text(STAMPED_DECREE)]).fields["subject"]
    assert subject.value == "Quy định chi tiết thi hành một số điều của Luật Chứng khoán"
    assert subject.read_as.startswith("Ngày: 12024.| Quy định")
    assert subject.needs_review and "read before the subject left out" in subject.reason


SIGNED_LETTER = (
    LETTER_HEAD
    + """\
Thời gian thực hiện từ ngày ký đến hết ngày 31 tháng 12 năm 2021; định kỳ hằng quý
báo cáo kết quả về Ủy ban nhân dân để theo dõi, chỉ đạo.
Nơi nhận:
- Như trên;
- Sở Tư pháp;
- Lưu: VT.
                                              KT. BỘ TRƯỞNG
                                              THỨ TRƯỞNG
                                              Ngô Huyền Khánh Quyên
"""
)


def _signed(name: str) -> dict:
    return extract([page_from_text(SIGNED_LETTER.replace("Ngô Huyền Khánh Quyên", name))]).fields


def test_a_name_the_signature_tore_is_restored_from_the_lists_of_names_and_flagged() -> None:
    signer = _signed("Plam: Huyềa Trang")["signer"]
    assert signer.value == "Phạm Huyền Trang" and signer.read_as == "Plam: Huyềa Trang"
    assert signer.needs_review and "restored from the list" in signer.reason


def test_a_short_word_is_repaired_only_when_the_stroke_left_a_mark_in_the_name() -> None:
    signer = _signed("Plam: Xgọc Thưởng")["signer"]  # ':' the stroke's mark
    assert signer.value == "Phạm Ngọc Thưởng" and signer.read_as == "Plam: Xgọc Thưởng"
    signer = _signed("Lê Xgọc Thưởng")["signer"]  # four letters, no mark: no evidence of a tear
    assert signer.value == "Lê Xgọc Thưởng"
    assert signer.needs_review and "torn by the signature" in signer.reason


def test_a_torn_name_that_cannot_be_restored_is_written_as_read_and_flagged() -> None:
    signer = _signed("Lê +ần Dũng")["signer"]
    assert signer.value == "Lê +ần Dũng"
    assert signer.needs_review and "'+ần' is no word of a name" in signer.reason
    assert restore_torn("Nơm yên Văn Phúc") == "Nơm yên Văn Phúc"  # nothing one letter away


def test_a_line_without_a_usual_given_name_last_is_no_torn_name() -> None:
    assert (
        "signer"
        not in extract(
            [page_from_text(SIGNED_LETTER.replace("Ngô Huyền Khánh Quyên", "Xs: +ần Ưbc"))]
        ).plain_fields()
    )


def test_a_mark_without_a_letter_before_a_torn_name_is_cut_out() -> None:
    signer = _signed("# Quang Phúc")["signer"]
    assert signer.value == "Quang Phúc" and signer.read_as == "# Quang Phúc"
    assert signer.needs_review


BROKEN_LIST = """\
ỦY BAN NHÂN DÂN           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG NGÃI                 Độc lập - Tự do - Hạnh phúc
Số: 299/UBND-TTHC
Quảng Ngãi, ngày 15 tháng 01 năm 2025
V/v công bố danh mục thủ tục hành chính
Kính gửi: Sở Giao thông vận tải
Sở Giao thông vận tải tham mưu công bố đúng thời hạn các thủ tục hành chính.
                                              TL. CHỦ TỊCH
-
Như
trên;
- PCT UBND tỉnh;
- Lưu: VT.
                                              CHÁNH VĂN PHÒNG
                                              Nguyễn Quốc Việt
"""


def _broken_list() -> PageText:
    """BROKEN_LIST as OCR reads it: "- Như trên;" in three lines at one height (the title's)."""
    page = page_from_text(BROKEN_LIST)
    bullet = next(w for w in page.words if w.text == "-" and w.line == 8)
    right = bullet.left + bullet.width
    moved = {9: right + 20, 10: right + 20 + 4 * 20}
    words = tuple(
        replace(w, top=bullet.top, left=moved[w.line]) if w.line in moved else w for w in page.words
    )
    return replace(page, words=words)


def test_a_list_item_ocr_broke_into_lines_at_one_height_is_one_recipient() -> None:
    recipients = extract([_broken_list()]).fields["recipients"]
    assert recipients.value == "Như trên;\nPCT UBND tỉnh;\nLưu: VT."


def test_lines_of_a_word_not_beside_a_lone_bullet_are_not_joined() -> None:
    page = page_from_text(BROKEN_LIST)  # the pieces under one another: lines of their own
    assert "Như trên" not in extract([page]).fields["recipients"].value


def test_a_rare_family_name_read_with_its_marks_is_kept_a_slip_goes_to_the_common_one() -> None:
    assert fix_surname("Hạ Bá Chân") == "Hạ Bá Chân"  # a family name as read
    assert fix_surname("Hã Thị Lê Vân") == "Hà Thị Lê Vân"  # "Hà" and "Hạ": the common one
    assert fix_surname("Doăn Văn Bình") == "Doăn Văn Bình"  # "Đoàn", "Doãn": both common


def test_a_middle_name_first_is_not_made_a_family_name() -> None:
    value, problem, _ = convert("person", "Đình Tùng")  # "Hồ Đình Tùng", "Hồ" lost
    assert value == "Đình Tùng" and "family name lost" in problem
