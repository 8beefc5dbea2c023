"""Check a citizen ID card's printed values against its machine-readable zone and its fixed wording.

A value the MRZ check digits confirm is sure; a printed value that passes its own checks but
disagrees with a confirmed MRZ value is flagged; a printed value that failed its checks (or was
not read where it is printed) is repaired or filled from a confirmed MRZ value, flagged, with what
was read kept. On a side that prints them only in the MRZ (a card's back), the MRZ is the reading.
"""

from __future__ import annotations

import re
from dataclasses import replace
from statistics import mean

from rapidfuzz.distance import Levenshtein

from common.vietnamese import fold
from ocr.fields.lines import Doc
from ocr.fields.model import FieldValue
from ocr.fields.mrz import Mrz, find_mrz
from ocr.fields.spec import labels
from ocr.fields.text import find_label
from ocr.fields.validate import citizen_id_problem, date_problem

WHAT = {
    "id_number": "ID number",
    "date_of_birth": "date of birth",
    "gender": "sex",
    "expiry_date": "date of expiry",
}
# the labels a side prints each MRZ value under (absent: the side gives it in the MRZ only)
PRINTED = {
    "id_number": labels("Số định danh cá nhân", "Personal identification number", "Số / No"),
    "date_of_birth": labels("Ngày sinh", "Date of birth"),
    "gender": labels("Giới tính", "Sex"),
    "expiry_date": labels("Date of expiry", "Có giá trị đến", "Ngày, tháng, năm hết hạn"),
}
FRONT = labels("Họ và tên", "Họ, chữ đệm và tên", "Full name")
AUTHORITIES = (
    "CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",  # 2021 chip CCCD
    "BỘ CÔNG AN",  # 2024 CĂN CƯỚC
)


def prints(doc: Doc, key: str) -> bool:
    """True when the paper shows the label a value is printed under."""
    return any(find_label(ln.folded, lab) is not None for ln in doc.lines for lab in PRINTED[key])


def mrz_values(mrz: Mrz) -> dict[str, tuple[str, bool]]:
    """key -> (value from the MRZ, confirmed by its check digits)."""
    sex = mrz.sex
    sex_ok = mrz.id_confirmed and bool(sex) and citizen_id_problem(mrz.id_number, gender=sex) is None
    birth = mrz.birth_date()
    return {
        "id_number": (mrz.id_number, mrz.id_confirmed),
        "date_of_birth": (birth, mrz.birth_ok and mrz.id_confirmed and not date_problem(birth)),
        "gender": (sex, sex_ok),
        "expiry_date": (mrz.expiry_date(), mrz.expiry_ok),
    }


def _from_mrz(
    key: str, value: str, sure: bool, printed: FieldValue | None, mrz: Mrz, conf: float, shown: bool
) -> FieldValue:
    """The MRZ value where the printed one is missing (read_as keeps what was read, if any)."""
    what = WHAT[key]
    read = printed.value if printed else ""
    if shown:
        reason = f"{what} not read where it is printed; taken from the machine-readable zone"
        return FieldValue(value, conf, True, reason, read)
    if not sure:
        reason = f"the {what} in the machine-readable zone fails its check digit: check it"
        return FieldValue(value, conf, True, reason)
    if mrz.letters_read_as_digits:
        reason = f"machine-readable zone read with letters for digits ({' / '.join(mrz.read[:2])})"
        return FieldValue(value, conf, True, reason, " / ".join(mrz.read[:2]))
    return FieldValue(value, conf)


def _against_mrz(key: str, value: str, printed: FieldValue) -> FieldValue:
    """A printed value checked against a confirmed MRZ value."""
    what = WHAT[key]
    if printed.value == value:
        if printed.read_as or not printed.needs_review:
            return printed
        return replace(printed, needs_review=False, reason="")  # two readings agree
    if printed.needs_review:
        reason = f"{what} read as {printed.value!r}; repaired from the machine-readable zone"
        return replace(printed, value=value, reason=reason, read_as=printed.read_as or printed.value)
    reason = (
        f"the {what} printed ({printed.value}) does not match the machine-readable zone ({value})"
    )
    return replace(printed, needs_review=True, reason=reason)


def with_mrz(doc: Doc, fields: dict[str, FieldValue], mrz: Mrz) -> dict[str, FieldValue]:
    """The fields once each MRZ-given value is confirmed, repaired, filled or flagged."""
    out = dict(fields)
    confs = [w.confidence for i in mrz.at for w in doc.lines[i].words]
    conf = round(mean(confs), 1) if confs else doc.mean_confidence
    for key, (value, sure) in mrz_values(mrz).items():
        printed = out.get(key)
        if not value:
            continue
        if printed is None or not printed.value:
            out[key] = _from_mrz(key, value, sure, printed, mrz, conf, prints(doc, key))
        elif sure:
            out[key] = _against_mrz(key, value, printed)
    name = out.get("full_name")
    if name and name.value and not name.needs_review and mrz.name and not same_name(name, mrz):
        reason = f"the name printed does not match the machine-readable zone ({mrz.name})"
        out["full_name"] = replace(name, needs_review=True, reason=reason)
    return out


def same_name(name: FieldValue, mrz: Mrz) -> bool:
    """The printed name and the MRZ's agree, letter for letter (diacritics and 'K'/'<' aside;
    a name longer than the MRZ line is cut there)."""
    printed = re.sub(r"[^A-Z]|K", "", fold(name.value).upper())
    written = re.sub(r"[^A-Z]|K", "", mrz.name)
    cut = len(mrz.lines[2].rstrip("<")) >= 29
    return printed == written or (cut and printed.startswith(written))


def authority(field: FieldValue) -> FieldValue:
    """The issuing authority as every card prints it; a reading a few slips away is restored."""
    read = re.sub(r"\s+", " ", field.value).strip()
    best = min(AUTHORITIES, key=lambda a: Levenshtein.distance(fold(a), fold(read)))
    slips = Levenshtein.distance(fold(best), fold(read))
    if read == best:
        return field
    if slips <= max(1, len(best) // 6):
        reason = f"issuing authority restored from the wording every card prints; read as {read!r}"
        return replace(field, value=best, needs_review=True, reason=reason, read_as=read)
    reason = f"{read!r} is not an authority that issues citizen ID cards"
    return replace(field, needs_review=True, reason=reason)


def issue_problem(fields: dict[str, FieldValue]) -> str:
    """Why the issue date cannot be right next to the dates of birth and expiry, or ''."""
    issued = fields["issue_date"].value
    birth = fields.get("date_of_birth")
    expiry = fields.get("expiry_date")
    if birth and birth.value and not date_problem(birth.value) and issued <= birth.value:
        return f"issue date {issued} is not after the date of birth {birth.value}"
    if expiry and expiry.value and not date_problem(expiry.value) and issued >= expiry.value:
        return f"issue date {issued} is not before the date of expiry {expiry.value}"
    return ""


def check_card(doc: Doc, fields: dict[str, FieldValue]) -> dict[str, FieldValue]:
    """The card's fields checked against its MRZ, its fixed wording and each other."""
    mrz = find_mrz([ln.text for ln in doc.lines])
    out = with_mrz(doc, fields, mrz) if mrz is not None else dict(fields)
    if "issuing_authority" in out and out["issuing_authority"].value:
        out["issuing_authority"] = authority(out["issuing_authority"])
    issued = out.get("issue_date")
    if issued and issued.value and not issued.needs_review:
        problem = issue_problem(out)
        if problem:
            out["issue_date"] = replace(issued, needs_review=True, reason=problem)
    shows_front = any(find_label(ln.folded, lab) is not None for ln in doc.lines for lab in FRONT)
    if shows_front and not (out.get("full_name") and out["full_name"].value):
        out["full_name"] = FieldValue("", 0.0, True, "full name not found on the card's front")
    return out
