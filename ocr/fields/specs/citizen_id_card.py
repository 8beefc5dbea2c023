"""Căn cước công dân / Căn cước (citizen ID card): the 2021 chip CCCD and the 2024 CĂN CƯỚC, front
and back, bilingual labels; the back's machine-readable zone checks the values (card_check)."""

from __future__ import annotations

import re

from ocr.fields.card_check import check_card
from ocr.fields.lines import Doc
from ocr.fields.mrz import find_mrz
from ocr.fields.spec import DocSpec, FieldSpec, Span, labels
from ocr.fields.specs.common import looks_like_name
from ocr.fields.text import find_label
from ocr.fields.validate import citizen_id_problem

# the card's number: 12 digits, OCR may add or drop one ("Số 12 đường ..." of an address is not it)
ID_DIGITS = r"\d(?:[ .]?\d){8}"
# the number read with its label lost; a speck read as a full stop after it ("019060078808.")
# is no decimal, a dot between digits is
ID_ALONE = r"(?<![\d/])(?<!\d\.)\d{11,13}(?![\d/]|\.\d)"

POLICE_2021 = labels("Cục trưởng Cục Cảnh sát")[0]  # the 2021 back's authority, first line
POLICE_2021_TAIL = labels("Quản lý hành chính về trật tự xã hội")[0]
MINISTRY = labels("Bộ Công an")[0]  # the 2024 back's authority
DATE = r"\d{4}"  # a date's year ("Không thời hạn": a card that never expires has no date)


def _authority_2021(doc: Doc) -> list[Span] | None:
    for line in doc.lines:
        hit = find_label(line.folded, POLICE_2021)
        if hit is None:
            continue
        spans = [(line.index, hit.start, len(line.text))]
        nxt = doc.lines[line.index + 1] if line.index + 1 < len(doc.lines) else None
        if nxt is not None and find_label(nxt.folded, POLICE_2021_TAIL) is not None:
            spans.append((nxt.index, 0, len(nxt.text)))
        return spans
    return None


def issuing_authority(doc: Doc, spec: DocSpec) -> list[Span] | None:
    """The authority printed without a label over the signature: 2021 police department (two
    lines), 2024 ministry."""
    spans = _authority_2021(doc)
    if spans is not None:
        return spans
    for line in doc.lines:
        hit = find_label(line.folded, MINISTRY)
        if hit is not None and (line.is_caps or line.text[hit.start : hit.end].isupper()):
            return [(line.index, hit.start, hit.end)]
    return None


def signer(doc: Doc, spec: DocSpec) -> list[Span] | None:
    """The 2021 back's signer: the name-shaped line under the police department."""
    spans = _authority_2021(doc)
    if spans is None:
        return None
    last = spans[-1][0]
    for line in doc.lines[last + 1 : last + 5]:
        text = line.text.strip()
        if not line.is_caps and looks_like_name(text):
            start = line.text.index(text)
            return [(line.index, start, start + len(text))]
    return None


def _place(key: str, *printed: str) -> FieldSpec:
    """An address wrapped to the margin under bilingual labels (the English one last)."""
    return FieldSpec(key, labels(*printed), wrap="full", english=labels(printed[-1]))


def card_back(doc: Doc) -> int | None:
    """The line that shows a card's back: its machine-readable zone, else the 2021 police
    department's title, else the 2024 ministry over the place-of-birth label (a heading "BỘ CÔNG
    AN" alone is any paper of the ministry)."""
    mrz = find_mrz([line.text for line in doc.lines])
    if mrz is not None:
        return mrz.at[0]
    spans = _authority_2021(doc)
    if spans is not None:
        return spans[0][0]
    ministry = issuing_authority(doc, SPEC)
    birth = any(find_label(line.folded, BIRTH_PLACE) is not None for line in doc.lines)
    return ministry[0][0] if ministry is not None and birth else None


BIRTH_PLACE = labels("Nơi đăng ký khai sinh")[0]
# the English half of the labels only a card prints bilingual
ENGLISH = labels(
    "Full name",
    "Date of birth",
    "Sex",
    "Nationality",
    "Place of origin",
    "Place of residence",
    "Date of expiry",
    "Personal identification number",
)
MIN_ENGLISH = 3


def card_front(doc: Doc) -> int | None:
    """The line of a front's ID number when its title was not read ("CAN / CƯỢC"): a valid
    citizen ID alone on its line, on a paper with at least three of the card's English labels."""
    english = sum(1 for lab in ENGLISH if any(find_label(ln.folded, lab) for ln in doc.lines))
    if english < MIN_ENGLISH:
        return None
    for line in doc.lines:
        number = re.fullmatch(r"\W*(\d{12})\W*", line.text.strip())
        if number is not None and citizen_id_problem(number.group(1)) is None:
            return line.index
    return None


def card_side(doc: Doc) -> int | None:
    """A card's back (its machine-readable zone or authority) or its front (ID and labels)."""
    back = card_back(doc)
    return back if back is not None else card_front(doc)


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
        "Đặc điểm nhân dạng",
        "Ngón trỏ trái",
        "Ngón trỏ phải",
        "Date of issue",
        "Nơi đăng ký khai sinh",
        "Date, month, year",
        "Quản lý hành chính về trật tự xã hội",
        "Ngày, tháng, năm cấp",
        "Place of birth",
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
        _place("place_of_origin", "Quê quán", "Place of origin"),
        _place("place_of_residence", "Nơi thường trú", "Nơi cư trú", "Place of residence"),
        _place("place_of_birth", "Nơi đăng ký khai sinh", "Place of birth"),
        FieldSpec(
            "issue_date",
            labels("Ngày, tháng, năm cấp", "Date of issue", "Ngày, tháng, năm"),
            kind="date",
            english=labels("Date of issue", "Date, month, year"),
            pattern=DATE,
            where="same_line",
            not_followed_by=labels("sinh", "hết hạn", "hạn"),
        ),
        FieldSpec(
            "expiry_date",
            labels("Ngày, tháng, năm hết hạn", "Date of expiry", "Có giá trị đến"),
            kind="date",
            english=labels("Date of expiry"),
            pattern=DATE,
            where="same_line",
        ),
        FieldSpec("issuing_authority", kind="text", locate=issuing_authority),
        FieldSpec("signer", kind="person", signed=True, locate=signer),
    ),
    # every side gives these (a back in its machine-readable zone); a front's own: card_check
    required=("id_number", "date_of_birth"),
    recognize=card_side,
    check=check_card,
)
