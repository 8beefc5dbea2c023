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
from ocr.fields.mrz import RENEWAL_AGES, Mrz, find_mrz
from ocr.fields.normalize import parse_date
from ocr.fields.places import address_problem
from ocr.fields.spec import labels
from ocr.fields.text import find_label
from ocr.fields.validate import century_sex_digit, citizen_id_problem, date_problem

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


def mrz_values(mrz: Mrz) -> dict[str, tuple[str, str]]:
    """key -> (value from the MRZ, why its check digits do not confirm it or '' when they do)."""
    unsure_id = "" if mrz.id_confirmed else "the ID number in the machine-readable zone fails its "
    unsure_id += "check digits" if unsure_id else ""
    if mrz.line2_lost and mrz.id_number[3:] == mrz.document_number:
        unsure_id = (
            "the ID number's first three digits are not checked: the second line of the "
            "machine-readable zone was not read"
        )
    birth, sex = mrz.birth_date(), mrz.sex
    if mrz.line1_lost:  # lines 2 and 3 only: the birth date has its check digit, the sex none
        unchecked = "the first line of the machine-readable zone was not read"
        return {
            "date_of_birth": (birth, date_problem(birth) or "" if birth else ""),
            "gender": (sex, f"the sex is covered by no check digit: {unchecked}"),
            "expiry_date": (mrz.expiry_date(), ""),
        }
    if not mrz.birth_ok:
        birth_problem = "the date of birth in the machine-readable zone fails its check digit"
    elif unsure_id:
        birth_problem = f"the century of the birth year is not sure: {unsure_id}"
    elif mrz.id_number[4:6] != mrz.lines[1][0:2]:
        birth_problem = f"the birth year in the machine-readable zone ({birth[:4]}) disagrees "
        birth_problem += f"with the ID number's year digits {mrz.id_number[4:6]}"
    else:
        birth_problem = date_problem(birth) or ""
    sex_problem = unsure_id and f"the sex cannot be checked: {unsure_id}"
    if not sex_problem and citizen_id_problem(mrz.id_number, gender=sex):
        digit = mrz.id_number[3]
        sex_problem = f"the sex in the machine-readable zone ({sex}) disagrees with the ID "
        sex_problem += f"number's sex digit {digit}"
    expiry_problem = "" if mrz.expiry_ok else "the date of expiry in the machine-readable zone "
    expiry_problem += "fails its check digit" if expiry_problem else ""
    return {
        "id_number": (mrz.id_number, unsure_id),
        "date_of_birth": (birth, birth_problem),
        "gender": (sex, sex_problem),
        "expiry_date": (mrz.expiry_date(), expiry_problem),
    }


def _from_mrz(
    key: str,
    value: str,
    problem: str,
    printed: FieldValue | None,
    mrz: Mrz,
    conf: float,
    shown: bool,
) -> FieldValue:
    """The MRZ value where the printed one is missing (read_as keeps what was read, if any)."""
    what = WHAT[key]
    read = printed.value if printed else ""
    if shown:
        reason = f"{what} not read where it is printed; taken from the machine-readable zone"
        return FieldValue(value, conf, True, problem or reason, read)
    if problem:
        return FieldValue(value, conf, True, problem)
    if mrz.letters_read_as_digits or mrz.rebuilt:
        read = " / ".join(mrz.read[:2])
        slip = (
            "letters for digits or a stray mark" if mrz.letters_read_as_digits else "a wrong length"
        )
        reason = f"machine-readable zone read with {slip} ({read}): check it"
        return FieldValue(value, conf, True, reason, read)
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
        return replace(
            printed, value=value, reason=reason, read_as=printed.read_as or printed.value
        )
    reason = (
        f"the {what} printed ({printed.value}) does not match the machine-readable zone ({value})"
    )
    return replace(printed, needs_review=True, reason=reason)


def with_mrz(doc: Doc, fields: dict[str, FieldValue], mrz: Mrz) -> dict[str, FieldValue]:
    """The fields once each MRZ-given value is confirmed, repaired, filled or flagged."""
    out = dict(fields)
    confs = [w.confidence for i in mrz.at for w in doc.lines[i].words]
    conf = round(mean(confs), 1) if confs else doc.mean_confidence
    values = mrz_values(mrz)
    fixed = mrz.id_from_its_checked_copy()
    if fixed is not None:  # one slip in the ID's second copy, the first confirmed by its check
        values = mrz_values(fixed)
        reason = (
            f"the ID number in the machine-readable zone read as {mrz.id_number}, its two copies "
            f"disagree; repaired from the copy its check digits confirm"
        )
        values["id_number"] = (fixed.id_number, reason)
    for key, (value, problem) in values.items():
        printed = out.get(key)
        if not value:
            continue
        if printed is None or not printed.value:
            out[key] = _from_mrz(key, value, problem, printed, mrz, conf, prints(doc, key))
        elif not problem:
            out[key] = _against_mrz(key, value, printed)
    cid = out.get("id_number")
    if fixed is not None and cid is not None and cid.reason == values["id_number"][1]:
        out["id_number"] = replace(cid, read_as=mrz.id_number)  # what was read, kept
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


def expiry_problem(fields: dict[str, FieldValue]) -> str:
    """Why the date of expiry cannot be a renewal birthday of the holder, or ''."""
    expiry = fields["expiry_date"].value
    birth = fields.get("date_of_birth")
    if not birth or not birth.value or date_problem(birth.value) or date_problem(expiry):
        return ""
    age = int(expiry[:4]) - int(birth.value[:4])
    if age in RENEWAL_AGES and expiry[5:7] == birth.value[5:7]:
        return ""
    return (
        f"date of expiry {expiry} is not the holder's 25th, 40th or 60th birthday "
        f"(born {birth.value})"
    )


# the Law on Identification took effect on 2024-07-01: from that day the Ministry issues the
# CĂN CƯỚC card, until the day before the police department the chip CCCD
NEW_CARD_FROM = "2024-07-01"


def issue_problem(fields: dict[str, FieldValue]) -> str:
    """Why the issue date cannot be right next to the dates of birth and expiry and the card's
    model (told by its authority), or ''."""
    issued = fields["issue_date"].value
    birth = fields.get("date_of_birth")
    expiry = fields.get("expiry_date")
    if birth and birth.value and not date_problem(birth.value) and issued <= birth.value:
        return f"issue date {issued} is not after the date of birth {birth.value}"
    if expiry and expiry.value and not date_problem(expiry.value) and issued >= expiry.value:
        return f"issue date {issued} is not before the date of expiry {expiry.value}"
    by = fields.get("issuing_authority")
    model = by.value if by is not None and by.value in AUTHORITIES else ""
    if model == AUTHORITIES[1] and not date_problem(issued) and issued < NEW_CARD_FROM:
        return (
            f"issue date {issued} is before {NEW_CARD_FROM}, when the CĂN CƯỚC card signed "
            f"by {model} began to be issued"
        )
    if model == AUTHORITIES[0] and not date_problem(issued) and issued >= NEW_CARD_FROM:
        return f"issue date {issued} is after the chip CCCD signed by {model} stopped being issued"
    return ""


# dates a card prints under their own label, never the holder's birth
OTHER_DATES = PRINTED["expiry_date"] + labels("Ngày, tháng, năm cấp", "Date of issue")


def birth_by_id(doc: Doc, fields: dict[str, FieldValue]) -> FieldValue | None:
    """A date of birth whose label was not read ("sinh / «f tirth: 27/05/1992"): the one date on
    the card in the birth year its valid ID number gives (century digit and year digits), other
    than a date printed under the expiry or issue label; flagged, its label lost. None when the
    date was read, the ID is not valid, or no date or several fit."""
    birth, cid = fields.get("date_of_birth"), fields.get("id_number")
    if birth is not None and (birth.value or birth.read_as):
        return None
    if cid is None or not cid.value or citizen_id_problem(cid.value):
        return None
    found: dict[str, list[float]] = {}
    for line in doc.lines:
        if any(find_label(line.folded, lab) is not None for lab in OTHER_DATES):
            continue
        day = parse_date(line.text)
        if day is None or date_problem(day):
            continue
        year = int(day[:4])
        if cid.value[3] in century_sex_digit(year, None) and cid.value[4:6] == day[2:4]:
            found[day] = [w.confidence for w in line.words]
    if len(found) != 1:
        return None
    day, confs = next(iter(found.items()))
    reason = (
        f"the date of birth's label was not read: {day} is the one date on the card in the "
        f"birth year the ID number gives; check it"
    )
    return FieldValue(day, round(mean(confs), 1) if confs else doc.mean_confidence, True, reason)


PLACES = ("place_of_origin", "place_of_residence", "place_of_birth")


def wording_problems(fields: dict[str, FieldValue]) -> dict[str, str]:
    """Why the nationality or a place, read with no problem, cannot be what a card prints."""
    out: dict[str, str] = {}
    nationality = fields.get("nationality")
    if nationality and nationality.value and nationality.value != "Việt Nam":
        out["nationality"] = (
            f"a citizen ID card is issued to Vietnamese citizens only: nationality read as "
            f"{nationality.value!r}"
        )
    for key in PLACES:
        place = fields.get(key)
        if place and address_problem(place.value):
            out[key] = address_problem(place.value)
    return out


def check_card(doc: Doc, fields: dict[str, FieldValue]) -> dict[str, FieldValue]:
    """The card's fields checked against its MRZ, its fixed wording and each other."""
    mrz = find_mrz([ln.text for ln in doc.lines])
    out = with_mrz(doc, fields, mrz) if mrz is not None else dict(fields)
    birth = birth_by_id(doc, out)
    if birth is not None:
        out["date_of_birth"] = birth
    if "issuing_authority" in out and out["issuing_authority"].value:
        out["issuing_authority"] = authority(out["issuing_authority"])
    for key, check in (("issue_date", issue_problem), ("expiry_date", expiry_problem)):
        field = out.get(key)
        problem = check(out) if field and field.value and not field.needs_review else ""
        if field and problem:
            out[key] = replace(field, needs_review=True, reason=problem)
    for key, problem in wording_problems(out).items():
        if not out[key].needs_review:
            out[key] = replace(out[key], needs_review=True, reason=problem)
    shows_front = any(find_label(ln.folded, lab) is not None for ln in doc.lines for lab in FRONT)
    if shows_front and not (out.get("full_name") and out["full_name"].value):
        out["full_name"] = FieldValue("", 0.0, True, "full name not found on the card's front")
    for key in back_prints(out, mrz):
        if not (out.get(key) and (out[key].value or out[key].read_as)):
            what = key.replace("_", " ")
            out[key] = FieldValue("", 0.0, True, f"{what} not found on the card's back")
    return out


def back_prints(fields: dict[str, FieldValue], mrz: Mrz | None) -> tuple[str, ...]:
    """The fields the back a card shows prints: every back (told by its machine-readable zone)
    its date of issue; the 2024 card's back (told by its authority, the Ministry) the holder's
    place of residence and place of birth registration too."""
    if mrz is None:
        return ()
    by = fields.get("issuing_authority")
    if by is not None and by.value == AUTHORITIES[1]:
        return ("issue_date", "place_of_residence", "place_of_birth")
    return ("issue_date",)
