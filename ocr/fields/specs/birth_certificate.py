"""Giấy khai sinh (birth certificate, Circular 04/2020/TT-BTP form): the child and the parents."""

from __future__ import annotations

from dataclasses import replace

from ocr.fields.lines import Doc
from ocr.fields.locate import locate
from ocr.fields.model import FieldValue
from ocr.fields.spec import DocSpec, FieldSpec, labels

NAME = labels("Họ, chữ đệm, tên", "Họ, chữ đệm và tên", "Họ và tên", "Họ tên")
PARENT = labels("người", "của", "cha", "mẹ")
SEX = labels("Giới tính")
SEX_ALONE = r"(?i)^\W*(?:nam|nu)\W*$"  # "Nam" on a line of its own: its label lost by OCR


def sex_without_label(doc: Doc, fields: dict[str, FieldValue]) -> dict[str, FieldValue]:
    """The sex, flagged when no "Giới tính" label gives it (on its line, under it or beside it)
    and it was found on a line of its own: the label OCR lost, or another line's "Nam"."""
    sex = fields.get("gender")
    if sex is None or not sex.value or sex.needs_review:
        return fields
    by_label = next(f for f in SPEC.fields if f.key == "gender")
    if locate(doc, SPEC, replace(by_label, scan=None)) is not None:
        return fields
    reason = f"sex {sex.value!r} read on a line of its own, not by its label 'Giới tính'"
    return {**fields, "gender": replace(sex, needs_review=True, reason=reason)}


SPEC = DocSpec(
    doc_type="birth_certificate",
    titles=labels("Giấy khai sinh", "Trích lục khai sinh", "Bản sao giấy khai sinh"),
    cues=labels(
        "Nơi sinh",
        "người mẹ",
        "người cha",
        "Nơi đăng ký khai sinh",
        "Quê quán",
        "Dân tộc",
        "Quyển số",
        "Ngày, tháng, năm sinh",
        "ghi bằng chữ",
    ),
    fields=(
        FieldSpec(
            "registration_number",
            labels("Số"),
            kind="number",
            where="same_line",
            line_start=True,
            pattern=r"^\W*\d",
            not_followed_by=labels("định danh", "giấy", "điện thoại", "CCCD", "căn cước"),
        ),
        FieldSpec("full_name", NAME, kind="person", line_start=True, not_followed_by=PARENT),
        FieldSpec(
            "date_of_birth", labels("Ngày, tháng, năm sinh", "Ngày sinh", "Sinh ngày"), kind="date"
        ),
        FieldSpec("gender", SEX, kind="gender", scan=SEX_ALONE),
        FieldSpec("place_of_birth", labels("Nơi sinh"), wrap="full"),
        FieldSpec(
            "mother_name",
            NAME + labels("Mẹ"),
            kind="person",
            line_start=True,
            followed_by=labels("người mẹ", "mẹ", "của mẹ"),
        ),
        FieldSpec(
            "father_name",
            NAME + labels("Cha"),
            kind="person",
            line_start=True,
            followed_by=labels("người cha", "cha", "của cha"),
        ),
    ),
    required=("full_name", "date_of_birth"),
    check=sex_without_label,
    stops=labels(
        "Dân tộc",
        "Quốc tịch",
        "Quê quán",
        "Số định danh cá nhân",
        "Năm sinh",
        "Nơi cư trú",
        "ghi bằng chữ",
        "Bằng chữ",
        "Quyển số",
        "Nơi đăng ký khai sinh",
        "Ngày, tháng, năm đăng ký",
        "Giấy tờ tùy thân",
    ),
)
