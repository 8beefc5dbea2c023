"""Căn cước công dân / Căn cước (citizen ID card), front side, bilingual labels."""

from __future__ import annotations

from ocr.fields.spec import DocSpec, FieldSpec, labels

# the card's number: 12 digits, OCR may add or drop one ("Số 12 đường ..." of an address is not it)
ID_DIGITS = r"\d(?:[ .]?\d){8}"
ID_ALONE = r"(?<![\d/.])\d{11,13}(?![\d/.])"  # the number read with its label lost

SPEC = DocSpec(
    doc_type="citizen_id_card",
    titles=labels("Căn cước công dân", "Citizen Identity Card", "Căn cước", "Identity Card"),
    cues=labels(
        "Full name",
        "Date of birth",
        "Place of origin",
        "Place of residence",
        "Nationality",
        "Quê quán",
        "Nơi thường trú",
        "Có giá trị đến",
        "Date of expiry",
        "Personal identification number",
        "Sex",
    ),
    fields=(
        FieldSpec(
            "id_number",
            labels("Số định danh cá nhân", "Số", "No"),
            kind="citizen_id",
            english=labels("No.", "No", "Personal identification number"),
            pattern=ID_DIGITS,
            scan=ID_ALONE,
        ),
        FieldSpec(
            "full_name",
            labels("Họ và tên", "Họ, chữ đệm và tên", "Họ tên", "Full name"),
            kind="person",
            english=labels("Full name"),
        ),
        FieldSpec(
            "date_of_birth",
            labels("Ngày sinh", "Ngày, tháng, năm sinh", "Date of birth"),
            kind="date",
            english=labels("Date of birth"),
        ),
        FieldSpec("gender", labels("Giới tính", "Sex"), kind="gender", english=labels("Sex")),
        FieldSpec(
            "nationality",
            labels("Quốc tịch", "Nationality"),
            kind="country",
            english=labels("Nationality"),
        ),
        FieldSpec(
            "place_of_origin",
            labels("Quê quán", "Place of origin"),
            wrap="full",
            english=labels("Place of origin"),
        ),
        FieldSpec(
            "place_of_residence",
            labels("Nơi thường trú", "Nơi cư trú", "Place of residence"),
            wrap="full",
            english=labels("Place of residence"),
        ),
    ),
    required=("id_number", "full_name", "date_of_birth"),
    stops=labels("Có giá trị đến", "Date of expiry", "Nơi đăng ký khai sinh", "Place of birth"),
)
