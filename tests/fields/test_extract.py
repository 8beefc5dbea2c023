"""Each paper type yields its fixed field keys, with values as printed (dates ISO, area decimal)."""

from __future__ import annotations

import pytest
from fields_helpers import Paper, page_from_text

from ocr.fields import extract

EXPECTED: dict[str, dict[str, str]] = {
    "decision": {
        "kind": "Quyết định",
        "document_number": "1234/QĐ-UBND",
        "issue_date": "2025-07-05",
        "issuing_authority": "ỦY BAN NHÂN DÂN HUYỆN ĐÔNG ANH",
        "subject": "phê duyệt danh sách hộ nghèo, hộ cận nghèo trên địa bàn huyện Đông Anh năm 2025",
        "signer": "Nguyễn Văn Thành",
        "place": "Đông Anh",
        "signer_position": "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH",
        "recipients": "Như Điều 3;\nLưu: VT.",
    },
    "birth_certificate": {
        "registration_number": "125",
        "full_name": "TRẦN THỊ MAI ANH",
        "date_of_birth": "2019-02-14",
        "gender": "Nữ",
        "place_of_birth": "Bệnh viện Phụ sản Trung ương, phường Tràng Tiền, quận Hoàn Kiếm, "
        "thành phố Hà Nội",
        "mother_name": "Lê Thị Hồng",
        "father_name": "Trần Văn Hùng",
    },
    "application_form": {
        "full_name": "Phạm Quốc Bảo",
        "id_number": "087085001234",
        "date_of_birth": "1985-09-03",
        "address": "ấp Tân Thuận, xã Tân Phú, huyện Châu Thành, tỉnh Đồng Tháp",
        "phone": "0912345678",
        "procedure_name": "Cấp bản sao trích lục hộ tịch",
    },
    "business_registration": {
        "enterprise_name": "CÔNG TY TNHH THƯƠNG MẠI DỊCH VỤ MINH PHÁT",
        "enterprise_code": "0312345678",
        "address": "Số 45 đường Nguyễn Huệ, phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh, Việt Nam",
        "legal_representative": "NGUYỄN THỊ LAN",
        "registration_date": "2018-01-15",
    },
    "citizen_id_card": {
        "id_number": "079203004567",
        "full_name": "HUỲNH MINH KHOA",
        "date_of_birth": "2003-11-21",
        "gender": "Nam",
        "nationality": "Việt Nam",
        "place_of_origin": "xã Mỹ An, huyện Tháp Mười, tỉnh Đồng Tháp",
        "place_of_residence": "Số 7 đường Lê Lợi, phường Bến Thành, Quận 1, thành phố Hồ Chí Minh",
        "expiry_date": "2028-11-21",
    },
    "land_use_certificate": {
        "holder_name": "VÕ VĂN LỰC",
        "id_number": "083075009876",
        "parcel_number": "215",
        "map_sheet_number": "17",
        "area_m2": "1250.5",
        "address": "ấp 3, xã Long Hưng, huyện Mỏ Cày Nam, tỉnh Bến Tre",
        "land_use_purpose": "Đất ở tại nông thôn",
    },
}


@pytest.mark.parametrize("doc_type", sorted(EXPECTED))
def test_each_type_yields_its_fields_as_printed(paper: type[Paper], doc_type: str) -> None:
    result = extract([paper.page(doc_type)])
    assert result.doc_type == doc_type
    assert result.plain_fields() == EXPECTED[doc_type]
    assert not result.needs_review, result.review_reasons


def test_owner_number_and_date_are_exposed_for_the_catalog(paper: type[Paper]) -> None:
    decision = extract([paper.page("decision")])
    assert decision.document_number == "1234/QĐ-UBND"
    assert decision.issue_date == "2025-07-05"
    assert decision.owner_id is None
    company = extract([paper.page("business_registration")])
    assert company.owner_id == "0312345678"
    assert company.issue_date == "2018-01-15"
    card = extract([paper.page("citizen_id_card")])
    assert card.owner_id == "079203004567"


def test_labels_read_with_ocr_slips_are_still_found(paper: type[Paper]) -> None:
    text = (
        paper.text("application_form")
        .replace("Họ và tên:", "Ho va tèn:")
        .replace("Ngày sinh:", "Ngay sình:")
        .replace("Số định danh cá nhân:", "S6 đinh danh cá nhàn:")
        .replace("Số điện thoại:", "Sô điên thoai")
    )
    fields = extract([page_from_text(text)]).plain_fields()
    assert fields["full_name"] == "Phạm Quốc Bảo"
    assert fields["date_of_birth"] == "1985-09-03"
    assert fields["id_number"] == "087085001234"
    assert fields["phone"] == "0912345678"


def test_decision_number_with_d_for_dj_is_restored(paper: type[Paper]) -> None:
    text = paper.text("decision").replace("Số: 1234/QĐ-UBND", "S6: 1234 / QD-UBND")
    assert extract([page_from_text(text)]).document_number == "1234/QĐ-UBND"


def test_value_on_the_line_after_its_label_is_read(paper: type[Paper]) -> None:
    result = extract([paper.page("citizen_id_card")])
    assert result.fields["full_name"].value == "HUỲNH MINH KHOA"  # printed under its label


def test_wrapped_value_lines_are_joined_with_one_space(paper: type[Paper]) -> None:
    result = extract([paper.page("birth_certificate")])
    assert result.fields["place_of_birth"].value.endswith("thành phố Hà Nội")


def test_short_line_ends_a_value_instead_of_joining_the_next(paper: type[Paper]) -> None:
    text = paper.text("land_use_certificate").replace(
        "b) Địa chỉ: ấp 3, xã Long Hưng, huyện Mỏ Cày Nam, tỉnh Bến Tre",
        "b) Địa chỉ: ấp 3, xã Long Hưng\nGhi chú không thuộc địa chỉ",
    )
    assert extract([page_from_text(text)]).fields["address"].value == "ấp 3, xã Long Hưng"


def test_several_labels_on_one_line_each_get_their_value(paper: type[Paper]) -> None:
    fields = extract([paper.page("birth_certificate")]).plain_fields()
    assert fields["gender"] == "Nữ"  # "Giới tính: Nữ Dân tộc: Kinh Quốc tịch: Việt Nam"


def test_low_ocr_confidence_sets_needs_review_per_field(paper: type[Paper]) -> None:
    page = paper.page("citizen_id_card", low={"HUỲNH": 35.0})
    result = extract([page], review_confidence=60.0)
    name = result.fields["full_name"]
    assert name.needs_review and "low OCR confidence" in name.reason
    assert name.confidence < 95.0
    assert not result.fields["date_of_birth"].needs_review
    assert result.review_reasons == {"full_name": name.reason}


def test_review_threshold_is_the_callers(paper: type[Paper]) -> None:
    page = paper.page("citizen_id_card", low={"HUỲNH": 35.0})
    assert not extract([page], review_confidence=30.0).needs_review


def test_fields_on_a_second_page_are_found(paper: type[Paper]) -> None:
    text = paper.text("business_registration")
    first, second = text.split("4. Người đại diện")
    pages = [page_from_text(first), page_from_text("4. Người đại diện" + second)]
    assert extract(pages).fields["legal_representative"].value == "NGUYỄN THỊ LAN"


def test_a_name_starting_like_an_excluded_word_after_the_colon_is_still_the_value(
    paper: type[Paper],
) -> None:
    # "Võ" folds to "vo", the word that marks "Họ và tên vợ" as another person's name
    text = paper.text("application_form").replace("Phạm Quốc Bảo", "VÕ QUANG LONG")
    assert extract([page_from_text(text)]).fields["full_name"].value == "VÕ QUANG LONG"
