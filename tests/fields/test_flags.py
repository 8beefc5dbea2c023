"""Never silently wrong: each check and each review reason, on hand-written pages.

Pages are made by tests/fields/fields_helpers.page_from_text from the texts in
tests/fields/texts (typed for these tests), changed here the way OCR slips.
"""

from __future__ import annotations

from pathlib import Path

from fields_helpers import fixture_text, page_from_text

from ocr.fields import extract
from ocr.fields.lines import build_doc
from ocr.fields.model import Extraction, FieldValue
from ocr.pdf.image import EncodedImage
from pipeline.metadata import field_details, page_confidence
from pipeline.model import Component, PageOutcome
from pipeline.steps import owner_of, with_owner

CARD = fixture_text("citizen_id_card")


def card(text: str = CARD, **kw: object) -> Extraction:
    return extract([page_from_text(text, **kw)])  # type: ignore[arg-type]


def test_clean_card_has_no_flag() -> None:
    assert not card().needs_review


def test_value_read_with_low_confidence_is_flagged() -> None:
    result = card(low={"HUỲNH": 35.0})
    name = result.fields["full_name"]
    assert name.needs_review and "low OCR confidence" in name.reason


def test_citizen_id_of_wrong_length_is_flagged() -> None:
    result = card(CARD.replace("079203004567", "07920300456"[:-1] + "X"))
    assert result.fields["id_number"].needs_review


def test_impossible_date_is_flagged() -> None:
    result = card(CARD.replace("21/11/2003", "31/02/2003"))
    birth = result.fields["date_of_birth"]
    assert birth.needs_review and "date" in birth.reason


def test_citizen_id_disagreeing_with_date_of_birth_is_flagged() -> None:
    # 079 2 03 ...: a man born in 2003; the card says 1993, which the ID's digits contradict
    result = card(CARD.replace("21/11/2003", "21/11/1993"))
    cid = result.fields["id_number"]
    assert cid.needs_review and cid.reason


def test_citizen_id_disagreeing_with_gender_is_flagged() -> None:
    result = card(CARD.replace("Giới tính / Sex: Nam", "Giới tính / Sex: Nữ"))
    assert result.fields["id_number"].needs_review


def test_surname_restored_keeps_what_was_read_and_is_flagged() -> None:
    result = card(CARD.replace("HUỲNH MINH KHOA", "HUỸNH MINH KHOA"))
    name = result.fields["full_name"]
    assert name.value == "HUỲNH MINH KHOA"
    assert (name.read_as, name.needs_review) == ("HUỸNH MINH KHOA", True)


def test_province_snapped_keeps_what_was_read_and_is_flagged() -> None:
    result = card(CARD.replace("tỉnh Đồng Tháp", "tỉnh Đông Tháp"))
    origin = result.fields["place_of_origin"]
    assert origin.value.endswith("tỉnh Đồng Tháp")
    assert origin.needs_review and origin.read_as.endswith("Đông Tháp")


def test_letters_read_as_digits_keep_what_was_read_and_are_flagged() -> None:
    result = card(CARD.replace("21/11/2003", "21/1l/2O03"))
    birth = result.fields["date_of_birth"]
    assert birth.value == "2003-11-21"
    assert birth.needs_review and birth.read_as == "21/1l/2O03"


def test_citizen_id_repaired_by_one_slip_keeps_what_was_read() -> None:
    result = card(CARD.replace("079203004567", "079208004567"))  # 8 for 3: century digit wrong
    cid = result.fields["id_number"]
    assert cid.needs_review
    if cid.value == "079203004567":  # repaired: what was read is kept
        assert cid.read_as == "079208004567"


def test_missing_required_field_is_flagged() -> None:
    text = fixture_text("decision").replace("Nguyễn Văn Thành", "")
    result = extract([page_from_text(text)])
    signer = result.fields["signer"]
    assert (signer.value, signer.needs_review) == ("", True)
    assert "not found" in signer.reason
    assert "signer" not in result.plain_fields()


def test_paper_with_few_words_is_flagged() -> None:
    result = extract([page_from_text("CĂN CƯỚC CÔNG DÂN\nSố: 079203004567")])
    assert "few_words" in result.flags
    assert result.needs_review and "few_words" in result.review_reasons


def test_page_read_with_no_words_has_no_confidence() -> None:
    empty = page_from_text("")
    assert build_doc([empty]).mean_confidence == 0.0
    image = EncodedImage(b"", 1, 1, "DCTDecode", "DeviceGray", 8, {})
    page = PageOutcome(index=0, archive=image, dpi=300.0, text=empty)
    assert page_confidence([page]) == 0.0
    assert "few_words" in extract([empty]).flags


def test_blank_page_of_a_longer_paper_is_flagged() -> None:
    result = extract([page_from_text(fixture_text("decision")), page_from_text("")])
    assert "page 2" in result.flags["blank_page"]


def test_paper_typed_other_that_names_a_known_kind_is_flagged() -> None:
    text = "Ảnh chụp mờ\nbản sao Giấy khai sinh của con\nkhông đọc được các dòng khác"
    result = extract([page_from_text(text)])
    assert result.doc_type == "other"
    assert "Giấy khai sinh" in result.flags["unrecognized_type"]


def test_paper_typed_other_with_no_known_kind_is_not_flagged_for_its_type() -> None:
    result = extract([page_from_text(fixture_text("other_letter"))])
    assert result.doc_type == "other"
    assert "unrecognized_type" not in result.flags


def test_id_of_another_citizen_is_flagged_and_the_paper_stays_with_the_dossier_owner() -> None:
    printed = card()
    component = Component(path=Path("card.png"), owner_id="001085012345")
    flagged = with_owner(printed, component)
    assert "owner_conflict" in flagged.flags
    assert "079203004567" in flagged.flags["owner_conflict"]
    assert owner_of(flagged, component) == "001085012345"
    assert flagged.owner_id == "079203004567"  # the printed ID is kept for the record


def test_paper_of_the_dossier_owner_or_without_a_dossier_owner_is_not_flagged() -> None:
    printed = card()
    same = Component(path=Path("card.png"), owner_id="079203004567")
    assert "owner_conflict" not in with_owner(printed, same).flags
    alone = Component(path=Path("card.png"))
    assert "owner_conflict" not in with_owner(printed, alone).flags
    assert owner_of(printed, alone) == "079203004567"


def test_field_details_keep_what_was_read() -> None:
    value = FieldValue("HUỲNH MINH KHOA", 90.0, True, "name restored", "HUYNH MINH KHOA")
    details = field_details(Extraction("citizen_id_card", 1.0, {"full_name": value}))
    assert details["full_name"]["read_as"] == "HUYNH MINH KHOA"
    assert details["full_name"]["needs_review"] is True


def test_value_with_a_letter_vietnamese_does_not_use_is_flagged() -> None:
    # measured on the held-out set: a seal's stain read as "ø)" after the land use purpose
    result = card(CARD.replace("tỉnh Đồng Tháp", "tỉnh Đồng Tháp ø)"))
    origin = result.fields["place_of_origin"]
    assert origin.needs_review and "'ø'" in origin.reason


def test_value_with_a_syllable_no_vietnamese_word_spells_is_flagged() -> None:
    result = card(CARD.replace("xã Mỹ An", "xã Mỹ Anh Bac"))
    origin = result.fields["place_of_origin"]
    assert origin.needs_review and "'Bac'" in origin.reason


def test_a_name_read_as_one_word_is_flagged() -> None:
    # OCR lost the middle and given names of the mother: "NGÔ" alone is only her family name
    text = fixture_text("birth_certificate").replace("người mẹ: Lê Thị Hồng", "người mẹ: LÊ")
    mother = extract([page_from_text(text)]).fields["mother_name"]
    assert (mother.value, mother.needs_review) == ("LÊ", True)
    assert "one word" in mother.reason


def test_an_address_ending_with_the_start_of_a_province_is_flagged() -> None:
    # the line's last word lost: "tỉnh Tuyên" of "tỉnh Tuyên Quang"
    text = fixture_text("citizen_id_card_back_2024").replace("tỉnh Đồng Tháp", "tỉnh Đồng")
    birth = extract([page_from_text(text)]).fields["place_of_birth"]
    assert (birth.value, birth.needs_review) == ("xã Long Hòa, tỉnh Đồng", True)
    assert "Đồng Tháp" in birth.reason and "Đồng Nai" in birth.reason


def test_a_whole_province_at_the_end_is_not_flagged() -> None:
    birth = extract([page_from_text(fixture_text("citizen_id_card_back_2024"))]).fields
    assert not birth["place_of_birth"].needs_review


def test_a_can_cuoc_card_issued_before_the_law_took_effect_is_flagged() -> None:
    # a digit of the year misread: the CĂN CƯỚC card (BỘ CÔNG AN) is issued from 2024-07-01
    text = fixture_text("citizen_id_card_back_2024").replace("15/09/2024", "15/09/2023")
    issued = extract([page_from_text(text)]).fields["issue_date"]
    assert (issued.value, issued.needs_review) == ("2023-09-15", True)
    assert "2024-07-01" in issued.reason


def test_paper_typed_other_one_label_short_of_a_known_type_is_flagged_with_its_labels() -> None:
    # a card front whose title and ID number were lost: four of its labels, one too few
    text = "Full name:\nLÊ THỊ MAI\nDate of birth: 09/06/2001\nSex: Nữ\nNationality: Việt Nam"
    result = extract([page_from_text(text)])
    assert result.doc_type == "other"
    reason = result.flags["unrecognized_type"]
    assert "citizen id card" in reason and "date of birth" in reason


APPLICATION = fixture_text("application_form")


def test_a_mark_read_into_a_name_is_flagged() -> None:
    name = card(CARD.replace("HUỲNH MINH KHOA", "HUỲNH M|NH KHOA")).fields["full_name"]
    assert name.value == "HUỲNH M|NH KHOA"  # not guessed at
    assert name.needs_review and "'M|NH' is no word of a name: a mark read into it?" in name.reason


def test_a_given_name_read_low_without_its_tone_is_flagged() -> None:
    # "Hiên": the tone stacked on the hat is the mark OCR most often loses; Hiền, Hiển are names
    text = APPLICATION.replace("Họ và tên: Phạm Quốc Bảo", "Họ và tên: Phạm Minh Hiên")
    low = extract([page_from_text(text, low={"Hiên": 60.0})]).fields["full_name"]
    assert low.value == "Phạm Minh Hiên" and low.needs_review
    assert "without a tone mark" in low.reason and "Hiền" in low.reason
    sure = extract([page_from_text(text)]).fields["full_name"]
    assert not sure.needs_review  # read sure, "Hiên" is a name as good as any


def test_a_given_name_that_spells_a_usual_one_but_for_a_mark_is_flagged() -> None:
    text = APPLICATION.replace("Họ và tên: Phạm Quốc Bảo", "Họ và tên: Phạm Văn Khác")
    name = extract([page_from_text(text)]).fields["full_name"]
    assert name.value == "Phạm Văn Khác"  # a vowel mark is never restored
    assert name.needs_review and "'Khắc' is: a mark misread?" in name.reason


def test_a_value_ending_with_a_word_that_needs_more_is_flagged() -> None:
    text = APPLICATION.replace("trích lục hộ tịch", "trích lục hộ tịch cho")
    procedure = extract([page_from_text(text)]).fields["procedure_name"]
    assert procedure.needs_review and "ends with 'cho', which needs words" in procedure.reason


def test_a_value_with_nothing_read_is_flagged_empty() -> None:
    from ocr.fields.read import read_field
    from ocr.fields.spec import FieldSpec

    doc = build_doc([page_from_text("Ghi chú: -")])
    note = read_field(doc, FieldSpec("note", ("ghi chu",), kind="lines"), [(0, 9, 10)], 85.0)
    assert (note.value, note.needs_review, note.reason) == ("", True, "empty value")


def test_an_address_naming_no_province_is_flagged_as_cut() -> None:
    # measured (generated seed 5099): "Nơi cư trú: Số 5", the line's rest lost, the address
    # written "Số 5" without a flag
    form = fixture_text("application_form")
    address = extract([page_from_text(form)]).fields["address"]
    assert address.value and not address.needs_review
    cut = form.replace(address.value, "Số 5")
    reason = extract([page_from_text(cut)]).fields["address"].reason
    assert "no province or city named in 'Số 5'" in reason
