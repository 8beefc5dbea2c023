"""Căn cước công dân / Căn cước (citizen ID card), front side, bilingual labels."""

from __future__ import annotations

from ocr.fields import mrz
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
        # the back of the card: dates and places under bilingual labels, and the
        # machine-readable zone, read when the front's labels are not on the paper
        FieldSpec(
            "issue_date",
            labels("Ngày, tháng, năm cấp", "Ngày, tháng, năm", "Date of issue"),
            kind="date",
            english=labels("Date of issue", "Date, month, year"),
            not_followed_by=labels("sinh", "hết hạn", "đăng ký"),
        ),
        FieldSpec(
            "expiry_date",
            labels("Ngày, tháng, năm hết hạn", "Có giá trị đến", "Date of expiry"),
            kind="date",
            english=labels("Date of expiry"),
        ),
        FieldSpec(
            "place_of_birth",
            labels("Nơi đăng ký khai sinh", "Place of birth"),
            wrap="full",
            english=labels("Place of birth"),
        ),
        FieldSpec("issuing_authority", kind="text", locate=mrz.authority),
        FieldSpec("id_number", kind="citizen_id", locate=mrz.id_number),
        FieldSpec("date_of_birth", kind="mrz_birth", locate=mrz.birth),
        FieldSpec("gender", kind="mrz_sex", locate=mrz.sex),
        FieldSpec("expiry_date", kind="mrz_expiry", locate=mrz.expiry),
    ),
    recognize=mrz.recognize,
    required=("id_number", "date_of_birth"),
    stops=labels("Có giá trị đến", "Date of expiry", "Nơi đăng ký khai sinh", "Place of birth"),
)
