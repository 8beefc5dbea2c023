"""Giấy khai sinh (birth certificate, Circular 04/2020/TT-BTP form): the child and the parents."""

from __future__ import annotations

from ocr.fields.spec import DocSpec, FieldSpec, labels

NAME = labels("Họ, chữ đệm, tên", "Họ, chữ đệm và tên", "Họ và tên", "Họ tên")
PARENT = labels("người", "của", "cha", "mẹ")

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
        FieldSpec("gender", labels("Giới tính"), kind="gender"),
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
