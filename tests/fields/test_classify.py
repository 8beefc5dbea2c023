"""The classifier names each kind of paper from its title and labels, and never forces a wrong type."""

from __future__ import annotations

import pytest
from fields_helpers import Paper, page_from_text

from ocr.fields import classify, extract

KNOWN = [
    "decision",
    "birth_certificate",
    "application_form",
    "business_registration",
    "citizen_id_card",
    "land_use_certificate",
]


@pytest.mark.parametrize("doc_type", KNOWN)
def test_each_known_paper_is_classified_by_its_kind(paper: type[Paper], doc_type: str) -> None:
    kind, confidence = classify([paper.page(doc_type)])
    assert kind == doc_type
    assert 0.5 <= confidence <= 1.0


def test_paper_of_unknown_kind_is_other_with_no_fields(paper: type[Paper]) -> None:
    result = extract([paper.page("other_letter")])
    assert result.doc_type == "other"
    assert result.fields == {}
    assert result.plain_fields() == {}
    assert result.owner_id is None


def test_notice_is_an_administrative_document_of_its_kind(paper: type[Paper]) -> None:
    result = extract([paper.page("other_notice")])
    assert result.doc_type == "administrative_document"
    assert result.fields["kind"].value == "Thông báo"
    assert result.fields["document_number"].value == "45/TB-UBND"


def test_report_with_number_and_signature_is_not_a_decision() -> None:
    text = """ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN
Số: 88/BC-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Nghệ An, ngày 01 tháng 4 năm 2025
BÁO CÁO
Về việc kết quả giải quyết thủ tục hành chính quý I năm 2025
Căn cứ Kế hoạch số 12/KH-UBND ngày 05 tháng 01 năm 2025;
Ủy ban nhân dân tỉnh báo cáo kết quả như sau.
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Hồ Văn Nam"""
    assert classify([page_from_text(text)])[0] == "administrative_document"


def test_decision_about_land_is_still_a_decision(paper: type[Paper]) -> None:
    text = (
        paper.text("decision").replace(
            "Về việc phê duyệt danh sách hộ nghèo, hộ cận nghèo trên địa bàn",
            "Về việc cấp Giấy chứng nhận quyền sử dụng đất cho hộ gia đình",
        )
        + "\nThửa đất số 12, tờ bản đồ số 3, diện tích 120 m², mục đích sử dụng: đất ở."
    )
    assert classify([page_from_text(text)])[0] == "decision"


def test_title_without_diacritics_is_still_recognized(paper: type[Paper]) -> None:
    text = paper.text("birth_certificate").replace("GIẤY KHAI SINH", "GIAY KHAI SINH")
    assert classify([page_from_text(text)])[0] == "birth_certificate"


def test_empty_page_is_other() -> None:
    result = extract([page_from_text("")])
    assert (result.doc_type, result.fields) == ("other", {})


def test_declared_type_is_used_when_given(paper: type[Paper]) -> None:
    text = paper.text("application_form").replace("ĐƠN ĐỀ NGHỊ", "")
    result = extract([page_from_text(text)], declared_type="application_form")
    assert result.doc_type == "application_form"
    assert result.fields["full_name"].value == "Phạm Quốc Bảo"


def test_minutes_with_every_phrase_of_a_decision_but_its_own_title_are_minutes() -> None:
    # measured: a "BIÊN BẢN HỌP" OCRed with Số, Về việc, Nơi nhận, TM. and Chủ tịch was a decision
    text = "\n".join(
        [
            "ỦY BAN NHÂN DÂN",
            "THỊ TRẤN LAI VUNG",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 758/BB-UBND",
            "Lai Vung, ngày 24 tháng 6 năm 2019",
            "BIÊN BẢN HỌP",
            "Về việc đánh giá công tác cải cách hành chính",
            "Căn cứ Kế hoạch số 12/KH-UBND; thực hiện Quyết định: số 5/QĐ-UBND,",
            "Điều 1 và Điều 2 của quy chế làm việc, chịu trách nhiệm thi hành,",
            "Nơi nhận:",
            "- Lưu: VT.",
            "TM. ỦY BAN NHÂN DÂN",
            "CHỦ TỊCH",
            "Lương Quỳnh Dung",
        ]
    )
    result = extract([page_from_text(text)])
    assert result.doc_type == "administrative_document"
    assert result.fields["kind"].value == "Biên bản"
