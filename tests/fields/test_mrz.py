"""The back of a citizen ID card: known by its machine-readable zone (ICAO 9303 TD1), whose
number, birth date, sex and expiry date are read when their check digits agree."""

from __future__ import annotations

from fields_helpers import page_from_text

from ocr.fields import extract
from ocr.fields.mrz import check_digit

# the 2024 card's back as OCR read it: labels, the authority and the zone (made for this test;
# the check digits computed by the ICAO rule)
BACK = """\
Nơi cư trú / Place of residence:
Số 190 đường Âu Cơ, phường Đống Đa, tỉnh Thanh Hóa
Nơi đăng ký khai sinh / Place of birth:
phường 3, huyện Tĩnh Gia, tỉnh Thanh Hóa
Ngày, tháng, năm cấp / Date of issue: 24/07/2024
Ngày, tháng, năm hết hạn / Date of expiry: 12/11/2037
BỘ CÔNG AN
IDVNM1974148839036197414883<<<
9711127F3711125VNM<<<<<<<<<<<6
DANG<<THI<VAN<<<<<<<<<<<<<<<<<
"""


def test_the_icao_check_digit() -> None:
    assert check_digit("971112") == "7"
    assert check_digit("197414883") == "9"


def test_the_back_of_a_card_is_known_by_its_zone_and_read() -> None:
    out = extract([page_from_text(BACK)])
    assert out.doc_type == "citizen_id_card"
    assert out.plain_fields() == {
        "id_number": "036197414883",
        "date_of_birth": "1997-11-12",
        "gender": "Nữ",
        "issue_date": "2024-07-24",
        "expiry_date": "2037-11-12",
        "place_of_birth": "phường 3, huyện Tĩnh Gia, tỉnh Thanh Hóa",
        "place_of_residence": "Số 190 đường Âu Cơ, phường Đống Đa, tỉnh Thanh Hóa",
        "issuing_authority": "BỘ CÔNG AN",
    }
    assert not out.fields["date_of_birth"].needs_review


def test_a_zone_date_whose_check_digit_disagrees_is_flagged() -> None:
    out = extract([page_from_text(BACK.replace("9711127F", "9711177F"))])
    birth = out.fields["date_of_birth"]
    assert birth.value == "1997-11-17"
    assert birth.needs_review and "check digit" in birth.reason


def test_a_value_made_of_label_words_from_a_jumbled_line_is_flagged() -> None:
    jumbled = BACK.replace(
        "Số 190 đường Âu Cơ, phường Đống Đa, tỉnh Thanh Hóa",
        "Ngày, tháng, cấp 24/07/2024 / năm",  # OCR read the card's rows out of order
    )
    residence = extract([page_from_text(jumbled)]).fields["place_of_residence"]
    assert residence.needs_review and "labels" in residence.reason
    fine = extract([page_from_text(BACK)]).fields["place_of_residence"]
    assert not fine.needs_review


def test_the_authority_of_a_2021_back_runs_over_its_lines_in_capitals() -> None:
    back = BACK.replace(
        "BỘ CÔNG AN\n",
        "CỤC TRƯỞNG CỤC CẢNH SÁT\nQUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI\nNgón trỏ trái\n",
    )
    authority = extract([page_from_text(back)]).fields["issuing_authority"]
    assert authority.value == "CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI"


def test_a_card_front_has_no_authority_read_from_its_title() -> None:
    front = "CĂN CƯỚC CÔNG DÂN\nBỘ CÔNG AN\nSố / No.: 036197414883\nHọ và tên / Full name: ĐẶNG THỊ VÂN\n"
    assert "issuing_authority" not in extract([page_from_text(front)]).fields
