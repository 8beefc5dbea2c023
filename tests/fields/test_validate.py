"""Validation catches OCR slips in IDs, codes, dates and phones, and says why, per field."""

from __future__ import annotations

from fields_helpers import Paper, page_from_text

from ocr.fields import extract
from ocr.fields.read import convert
from ocr.fields.validate import (
    citizen_id_problem,
    date_problem,
    enterprise_code_problem,
    phone_problem,
)


def test_valid_citizen_id_passes_with_matching_birth_and_gender() -> None:
    assert citizen_id_problem("079203004567", birth_date="2003-11-21", gender="Nam") is None
    assert citizen_id_problem("001190012345", birth_date="1990-01-01", gender="Nữ") is None


def test_citizen_id_of_wrong_length_fails() -> None:
    assert "12 digits" in (citizen_id_problem("07920300456") or "")


def test_citizen_id_with_unknown_province_fails() -> None:
    assert "province code 003" in (citizen_id_problem("003203004567") or "")


def test_citizen_id_century_digit_must_match_birth_year() -> None:
    problem = citizen_id_problem("079003004567", birth_date="2003-11-21")
    assert problem and "century" in problem


def test_citizen_id_sex_digit_must_match_gender() -> None:
    problem = citizen_id_problem("079303004567", birth_date="2003-11-21", gender="Nam")
    assert problem and "sex digit" in problem
    assert citizen_id_problem("079303004567", gender="Nam")  # without a birth date too


def test_citizen_id_year_digits_must_match_birth_year() -> None:
    problem = citizen_id_problem("079204004567", birth_date="2003-11-21")
    assert problem and "year digits" in problem


def test_enterprise_code_must_be_10_or_13_digits() -> None:
    assert enterprise_code_problem("0312345678") is None
    assert enterprise_code_problem("0312345678-001") is None
    assert enterprise_code_problem("031234567")
    assert enterprise_code_problem("0312345678-000")


def test_date_must_exist_in_the_calendar() -> None:
    assert date_problem("2024-02-29") is None
    assert "no such calendar date" in (date_problem("2023-02-29") or "")
    assert date_problem("1850-01-01")


def test_phone_must_be_a_vietnamese_number() -> None:
    assert phone_problem("0912345678") is None
    assert phone_problem("02838234567") is None
    assert phone_problem("0112345678")
    assert phone_problem("091234567")


def test_unreal_date_on_the_paper_is_flagged(paper: type[Paper]) -> None:
    text = paper.text("citizen_id_card").replace("21/11/2003", "31/11/2003")
    field = extract([page_from_text(text)]).fields["date_of_birth"]
    assert field.value == "2003-11-31"
    assert field.needs_review and "calendar" in field.reason


def test_id_disagreeing_with_the_date_of_birth_is_flagged(paper: type[Paper]) -> None:
    text = paper.text("citizen_id_card").replace("21/11/2003", "21/11/2004")
    result = extract([page_from_text(text)])
    assert result.fields["id_number"].needs_review
    assert "birth year" in result.review_reasons["id_number"]


def test_id_with_a_digit_lost_is_flagged_and_not_an_owner(paper: type[Paper]) -> None:
    text = paper.text("citizen_id_card").replace("079203004567", "07920300467")
    result = extract([page_from_text(text)])
    assert result.fields["id_number"].needs_review
    assert "citizen ID must be 12 digits" in result.fields["id_number"].reason
    assert result.owner_id is None


def test_bad_enterprise_code_is_flagged(paper: type[Paper]) -> None:
    text = paper.text("business_registration").replace("0312345678", "031234567")
    result = extract([page_from_text(text)])
    assert result.review_reasons["enterprise_code"].startswith("enterprise code")
    assert result.owner_id is None


def test_bad_phone_is_flagged(paper: type[Paper]) -> None:
    text = paper.text("application_form").replace("0912 345 678", "0112 345 678")
    result = extract([page_from_text(text)])
    assert "not a Vietnamese phone number" in result.review_reasons["phone"]


def test_id_read_without_its_leading_zero_is_restored_and_flagged(paper: type[Paper]) -> None:
    text = paper.text("citizen_id_card").replace("079203004567", "79203004567")
    field = extract([page_from_text(text)]).fields["id_number"]
    assert field.value == "079203004567"
    assert field.needs_review and "leading 0" in field.reason


def test_each_check_says_why_in_words_a_clerk_reads() -> None:
    assert date_problem("1850-01-01") == "implausible year 1850"
    assert date_problem("11/9/2024") == "not a date: '11/9/2024'"  # an ISO date is expected
    assert "10 digits or 10-3 digits" in (enterprise_code_problem("031234567") or "")
    assert enterprise_code_problem("0312345678-000") == "branch suffix 000 does not exist"
    assert "non-digits" in (phone_problem("0912 ABC DEF") or "")
    assert "not a Vietnamese phone number" in (phone_problem("091234567") or "")


def test_birth_year_out_of_range_on_the_paper_is_flagged(paper: type[Paper]) -> None:
    text = paper.text("citizen_id_card").replace("21/11/2003", "21/11/1850")
    field = extract([page_from_text(text)]).fields["date_of_birth"]
    assert field.value == "1850-11-21"
    assert field.needs_review and field.reason == "implausible year 1850"


def test_date_without_its_year_is_flagged(paper: type[Paper]) -> None:
    text = paper.text("citizen_id_card").replace("21/11/2003", "21/11")
    field = extract([page_from_text(text)]).fields["date_of_birth"]
    assert field.needs_review and "cannot read a date in '21/11'" in field.reason


def test_branch_code_000_is_flagged(paper: type[Paper]) -> None:
    text = paper.text("business_registration").replace("0312345678", "0312345678-000")
    code = extract([page_from_text(text)]).fields["enterprise_code"]
    assert code.value == "0312345678-000"
    assert code.needs_review and code.reason == "branch suffix 000 does not exist"


def test_phone_read_with_letters_is_flagged(paper: type[Paper]) -> None:
    text = paper.text("application_form").replace("0912 345 678", "0912 ABC DEF")
    phone = extract([page_from_text(text)]).fields["phone"]
    assert phone.needs_review and "phone number has non-digits" in phone.reason


def test_gender_other_than_nam_or_nu_is_flagged(paper: type[Paper]) -> None:
    text = paper.text("citizen_id_card").replace("Sex: Nam", "Sex: Nan")
    gender = extract([page_from_text(text)]).fields["gender"]
    assert gender.needs_review and "gender must be Nam or Nữ" in gender.reason


def test_nationality_read_with_a_slip_is_corrected_and_flagged(paper: type[Paper]) -> None:
    text = paper.text("citizen_id_card").replace("Nationality: Việt Nam", "Nationality: Việt Nar")
    nationality = extract([page_from_text(text)]).fields["nationality"]
    assert (nationality.value, nationality.read_as) == ("Việt Nam", "Việt Nar")
    assert nationality.needs_review and "corrected to the closest country" in nationality.reason


def test_area_and_number_that_cannot_be_read_say_so() -> None:
    # the land use certificate locates them only with a digit in them: the checks of the kinds
    assert convert("area", "không rõ") == ("không rõ", "cannot read an area in 'không rõ'", "")
    assert convert("number", "không") == ("không", "no number in 'không'", "")


def test_id_with_a_province_code_that_does_not_exist_is_flagged(paper: type[Paper]) -> None:
    # 999: no province has it, and no single slip of a digit makes one the paper names
    text = paper.text("citizen_id_card").replace("079203004567", "999203004567")
    cid = extract([page_from_text(text)]).fields["id_number"]
    assert cid.value == "999203004567"
    assert cid.needs_review and cid.reason == "citizen ID province code 999 does not exist"
