"""A value made mostly of the words of the paper's labels was read from a line OCR jumbled
(a card's rows read out of order): it is flagged, never given as sure."""

from __future__ import annotations

from fields_helpers import fixture_text, page_from_text

from ocr.fields import extract
from ocr.fields.extract import label_words_flagged
from ocr.fields.model import FieldValue
from ocr.fields.specs import SPECS

# the 2024 card's back as OCR read it (made for this test; check digits by the ICAO rule)
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


def test_a_value_made_of_label_words_from_a_jumbled_line_is_flagged() -> None:
    jumbled = BACK.replace(
        "Số 190 đường Âu Cơ, phường Đống Đa, tỉnh Thanh Hóa",
        "Ngày, tháng, cấp 24/07/2024 / năm",  # OCR read the card's rows out of order
    )
    residence = extract([page_from_text(jumbled)]).fields["place_of_residence"]
    assert residence.needs_review and "labels" in residence.reason
    fine = extract([page_from_text(BACK)]).fields["place_of_residence"]
    assert not fine.needs_review


def test_a_name_of_the_lists_names_is_no_label_words_a_name_of_label_words_is() -> None:
    # found in the audit of issue 13: without their marks "Hồ Quốc Dũng", "Tô Thị Thu" spell
    # the form's "Họ", "Quốc tịch", "thủ tục"; with their marks they are a family and given names
    form = fixture_text("application_form")
    for name in ("Hồ Quốc Dũng", "Tô Thị Thu", "Lê Quốc Hiển"):
        read = extract([page_from_text(form.replace("Phạm Quốc Bảo", name))]).fields["full_name"]
        assert read.value == name and "labels" not in read.reason
    spec = SPECS["application_form"]
    jumbled = label_words_flagged(FieldValue("Họ tên Quốc tịch", 95.0), spec, "person")
    assert "labels" in jumbled.reason
