"""Fields do not depend on one layout: labels numbered, without accents, with words up to their
colon, on the line before their value; values wrapped over lines until the next label.

tests/fields/texts/layout_*.txt were typed for these tests: the application form and the ID card
of texts/ laid out another way (the way other forms and the card's own print put them).
"""

from __future__ import annotations

from fields_helpers import fixture_text, page_from_text

from ocr.fields import extract


def test_application_form_laid_out_another_way_reads_the_same_fields() -> None:
    result = extract([page_from_text(fixture_text("layout_application_form"))])
    assert result.doc_type == "application_form"
    assert result.plain_fields() == {
        "full_name": "Phạm Quốc Bảo",  # "1. Ho va ten nguoi de nghi" then the name below
        "id_number": "087085001234",  # "Số định danh cá nhân / CCCD" then the number below
        "date_of_birth": "1985-09-03",
        "address": "số 12 kiệt 45 đường Nguyễn Văn Linh, tổ 7, phường Hòa Cường, "
        "thành phố Đà Nẵng",  # wrapped after a comma on a short line
        "phone": "0912345678",
        "procedure_name": "Cấp bản sao trích lục hộ tịch",  # label words run to the colon
    }


def test_id_card_with_every_value_under_its_label_reads_the_same_fields() -> None:
    result = extract([page_from_text(fixture_text("layout_citizen_id_card"))])
    assert result.doc_type == "citizen_id_card"
    assert result.plain_fields() == {
        "id_number": "079203004567",
        "full_name": "HUỲNH MINH KHOA",
        "date_of_birth": "2003-11-21",
        "gender": "Nam",
        "nationality": "Việt Nam",
        "place_of_origin": "xã Mỹ An, huyện Tháp Mười, tỉnh Đồng Tháp",
        "place_of_residence": "Số 7 đường Lê Lợi, phường Bến Thành, Quận 1, thành phố Hồ Chí Minh",
        "expiry_date": "2028-11-21",
    }
    assert not result.needs_review, result.review_reasons
