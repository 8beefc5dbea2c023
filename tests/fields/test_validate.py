"""Validation catches OCR slips in IDs, codes, dates and phones, and says why, per field."""

from __future__ import annotations

from fields_helpers import Paper, page_from_text

from ocr.fields import extract
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
    assert result.owner_id is None


def test_bad_enterprise_code_is_flagged(paper: type[Paper]) -> None:
    text = paper.text("business_registration").replace("0312345678", "031234567")
    result = extract([page_from_text(text)])
    assert result.review_reasons["enterprise_code"].startswith("enterprise code")
    assert result.owner_id is None


def test_bad_phone_is_flagged(paper: type[Paper]) -> None:
    text = paper.text("application_form").replace("0912 345 678", "0112 345 678")
    result = extract([page_from_text(text)])
    assert "phone" in result.review_reasons["phone"]


def test_id_read_without_its_leading_zero_is_restored_and_flagged(paper: type[Paper]) -> None:
    text = paper.text("citizen_id_card").replace("079203004567", "79203004567")
    field = extract([page_from_text(text)]).fields["id_number"]
    assert field.value == "079203004567"
    assert field.needs_review and "leading 0" in field.reason
