"""Turn located spans into field values: normalize by kind, validate, attach OCR confidence."""

from __future__ import annotations

import re
from itertools import pairwise
from statistics import mean

from rapidfuzz.distance import Levenshtein

from common.vietnamese import fold, fold_label, impossible_tone
from ocr.fields import normalize as norm
from ocr.fields.kinds import (
    OFFICIAL_LETTER,
    is_addressee_line,
    is_kind_abbreviation,
    kind_abbreviation,
    kind_of_title,
)
from ocr.fields.lexicon import unknown_words
from ocr.fields.lines import Doc, goes_on
from ocr.fields.model import FieldValue
from ocr.fields.names import (
    fix_given_tones,
    fix_position,
    fix_surname,
    known_surname,
    lost_tone,
    middle_name_first,
    position_doubt,
    restore_initial,
    restore_torn,
    torn_word,
    unusual_given,
)
from ocr.fields.organs import restored_organ
from ocr.fields.places import NAMES as PLACE_NAMES
from ocr.fields.places import (
    cut_province,
    fix_address_units,
    fix_country,
    fix_places,
    place_ending,
)
from ocr.fields.positions import restored_block
from ocr.fields.spec import FieldSpec, Span
from ocr.fields.validate import (
    citizen_id_problem,
    date_problem,
    enterprise_code_problem,
    phone_digits,
    phone_problem,
)

_ENTERPRISE = re.compile(r"(?<!\d)(\d{10})(?:\s*[-–]\s*(\d{3}))?(?!\d)")
_PHONE = re.compile(r"(?:\+84|0)[\d .\-]{8,14}\d")
_NUMBER = re.compile(r"[0-9][0-9A-Za-zĐđ/.\-]*")
_DOC_NUMBER = re.compile(
    r"(\d{1,6})\s*/\s*(?:(\d{4})\s*/\s*)?([A-ZĐÐa-z][A-ZĐÐa-z0-9]*(?:\s*-\s*[A-ZĐÐa-z0-9]+)*)"
)
# a cited number's notation read with a space after its hyphen ("24/2013/NQ- HĐND")
_NOTATION_BREAK = re.compile(r"(\d{1,6}/(?:\d{4}/)?[A-ZĐ][A-Za-zĐ]{0,5}-) ([A-ZĐ][A-ZĐa-z]{1,9}\b)")
# words that never end a phrase (a preposition, a conjunction, a plural marker): a value that ends
# with one lost what came after it ("cấp Giấy chứng nhận ... cho" without its next line)
# fmt: off
DANGLING = frozenset({
    "cho", "của", "về", "và", "với", "tại", "trên", "đối", "các", "những", "để", "trong", "từ",
    "hoặc", "thuộc", "nhằm", "giữa", "bởi",
})
# fmt: on
# well-known notations that carry a Đ, which OCR often reads as D
_NOTATION_FIXES = {"QD": "QĐ", "HDND": "HĐND", "NQ-HDND": "NQ-HĐND", "ND": "NĐ", "HD": "HĐ"}


def span_text(doc: Doc, spans: list[Span], sep: str = " ") -> str:
    return sep.join(doc.lines[li].text[s:e].strip() for li, s, e in spans)


def listed(text: str) -> str:
    """One item per line as printed, without its bullet ("- Sở Tư pháp;" -> "Sở Tư pháp;")."""
    items = (re.sub(r"^[-–+•*\s]+", "", ln).strip() for ln in text.split("\n"))
    return "\n".join(i for i in items if i)


def span_confidences(doc: Doc, spans: list[Span]) -> list[float]:
    out: list[float] = []
    for li, s, e in spans:
        out.extend(doc.lines[li].confidences(s, e))
    return out


SIDEWAYS = 1.5  # a word this many times taller than wide is text running down the page


def read_sideways(doc: Doc, spans: list[Span]) -> bool:
    """Whether most words of the value (of two letters or more) stand taller than wide by
    SIDEWAYS: a page whose lines run down it was read as it lay, and the order of its words
    along a "line" is then not their reading order."""
    tall = wide = 0
    for li, s, e in spans:
        line = doc.lines[li]
        for w in line.words:
            if w.end <= s or w.start >= e or w.end - w.start < 2 or w.bottom <= w.top:
                continue
            if w.bottom - w.top > SIDEWAYS * (w.right - w.left):
                tall += 1
            else:
                wide += 1
    return tall >= 2 and tall > wide


def changed(read: str, value: str, what: str) -> tuple[str, str, str]:
    """(value, problem, read_as): a value OCR did not print as such is kept with what was read."""
    if value == read:
        return value, "", ""
    return value, f"{what}; read as {read!r}", read


def convert(kind: str, raw: str, signed: bool = False) -> tuple[str, str, str]:
    """(normalized value, problem or "", what OCR read when the value was changed after OCR);
    `signed`: a person's name printed under a signature and a seal (FieldSpec.signed)."""
    text = norm.spaces(raw)
    if kind == "name":
        return norm.name(raw), "", ""
    if kind == "country":
        read = norm.name(raw)
        return changed(read, fix_country(read), "country name corrected to the closest country")
    if kind == "person":
        return person(raw, signed)
    if kind == "doc_kind":
        return document_kind(text)
    if kind == "lines":
        return listed(raw), "", ""
    if kind == "recipients":
        return recipients(raw)
    if kind == "position":
        fixed = restored_block(text) or fix_position(text)
        value, problem, read_as = changed(
            text, fixed, "signer's position restored from the usual titles"
        )
        if position_doubt(value):
            problem = problem or f"position read without some of its marks: {value!r}"
        last = raw.strip().split("\n")[-1].strip()
        if last.split(" ")[0] in ON_BEHALF:  # "KT. BỘ TRƯỞNG" goes on with the signer's title
            problem = problem or f"the signer's own title under {last!r} was not read"
        return value, problem, read_as
    if kind == "place":
        return place(text)
    if kind == "organ":
        return organ(convert("text", raw))
    if kind == "text":
        joined = _NOTATION_BREAK.sub(r"\1\2", text)  # "24/2013/NQ- HĐND": one word OCR split
        value, problem, read_as = changed(
            joined, fix_places(joined), "place name restored from the list of provinces"
        )
        if not problem:  # "tố 12" of an address: "tổ 12"
            what = "a word before a number restored to the address unit it is by its tone"
            value, problem, read_as = changed(joined, fix_address_units(joined), what)
        if joined != text:
            problem = problem or f"a space read inside a cited number cut out; read as {text!r}"
            read_as = text
        return value, problem or dangling_problem(value) or cut_province(value), read_as
    if kind == "document_number":
        value, problem = document_number(text)
        return value, problem, text if problem and value != text else ""
    value, problem = convert_checked(kind, text, raw)
    return value, problem, ""


def person(raw: str, signed: bool = False) -> tuple[str, str, str]:
    """A person's name with a family name or a tone OCR misread restored from the lists of names
    (a signer's words the signature tore too), flagged when some word of it is not sure (torn,
    unusual, a family name lost or not known)."""
    read = norm.name(raw)
    restored = read
    if signed:  # the seal's edge and the signature's strokes cut a signer's name, not others
        restored = restore_torn(restore_initial(read))
    # "Đình Tùng": a middle name first, its family name lost, not the family name "Đinh"
    if not middle_name_first(restored):
        restored = fix_surname(restored)
    value, problem, read_as = changed(
        read, fix_given_tones(restored), "name restored from the list of Vietnamese names"
    )
    return value, problem or name_problem(value, signed), read_as


def dangling_problem(value: str) -> str:
    """Why a text value looks cut short (it ends with a word of DANGLING), or ""."""
    words = value.rstrip(" ,;:-").split()
    last = words[-1] if words else ""
    if len(words) < 2 or last.lower() not in DANGLING:
        return ""
    return f"ends with {last!r}, which needs words after it: a line not read?"


def name_problem(value: str, signed: bool = False) -> str:
    """Why a person should check a name read without a change, or ""."""
    if not value:
        return ""
    if len(value.split()) == 1:  # a full name has a family name and a given name at least
        return f"only one word of the name was read ({value!r}): the rest lost? check it"
    torn = torn_word(value, signed)
    if torn is not None:
        why = "torn by the signature or the seal?" if signed else "a mark read into it?"
        return f"{torn!r} is no word of a name: {why} check it"
    first = value.split()[0]
    if middle_name_first(value):
        usual = "more often a middle name than a family name"
        return f"{value!r} begins with {first!r}, {usual}: the family name lost?"
    if not known_surname(value):
        return f"{first!r} is not a Vietnamese family name: part of the name lost?"
    unusual = unusual_given(value)
    if unusual:
        return f"{unusual[0]!r} is no usual name, {unusual[1]!r} is: a mark misread?"
    return ""


def tone_doubt(doc: Doc, spans: list[Span], value: str, review_confidence: float) -> str:
    """Why a name should be checked when a word of it was read, with a low confidence, without
    the tone of a stacked vowel and stock names spelt so with a tone exist ("Hiên": Hiền, Hiển),
    or "": without that evidence a name such as "Phương" or "Yên" is as sure as any other."""
    toneless = lost_tone(value)
    if toneless is None:
        return ""
    word, others = toneless
    confs = [
        w.confidence
        for li, s, e in spans
        for w in doc.lines[li].words
        if w.start < e and w.end > s and doc.lines[li].text[w.start : w.end].strip(".,;:") == word
    ]
    if not confs or min(confs) >= review_confidence:
        return ""
    low = f"read with a low OCR confidence ({min(confs):.0f})"
    return f"{word!r} {low} without a tone mark ({', '.join(others)} are names too): check it"


def place(text: str) -> tuple[str, str, str]:
    """A place name: a province spelt as the list has it; one word alone restored to the one
    province it ends ("Nội": "Hà Nội", its first word lost), else flagged."""
    value, problem, read_as = changed(
        text, fix_places(text), "place name restored from the list of provinces"
    )
    if len(value.split()) == 1 and value not in PLACE_NAMES:  # "Nội" of "!là Nội"
        whole = place_ending(value)
        if whole is not None and not problem:
            lost = f"place read as {value!r}, its first words lost (a stain, a seal?)"
            return whole, f"{lost}: restored to the one province it ends; check it", value
        problem = problem or f"place read as one word {value!r}: part of it lost?"
    return value, problem, read_as


def organ(read: tuple[str, str, str]) -> tuple[str, str, str]:
    """The name of a state body (read as text) spelt as its list has it (ocr.fields.organs)."""
    value, problem, read_as = read
    restored = restored_organ(value) if value.upper() == value else None
    if restored is None:
        return value, problem, read_as
    reason = "name of the state body restored from the list of state bodies"
    if not problem:  # an earlier change says what was read already
        return restored, f"{reason}; read as {value!r}", value
    return restored, f"{problem}; {reason}", read_as or value


def convert_checked(kind: str, text: str, raw: str) -> tuple[str, str]:
    """(value, problem) of the kinds that are parsed and checked (dates, numbers, codes)."""
    if kind == "date":
        iso = norm.parse_date(raw)
        if iso:
            return iso, date_problem(iso) or ""
        cand = norm.date_candidate(raw)
        if cand:
            return cand, date_problem(cand) or f"not a real date: {text!r}"
        return text, f"cannot read a date in {text!r}"
    if kind == "citizen_id":
        return citizen_id(text, raw)
    if kind == "enterprise_code":
        m = _ENTERPRISE.search(norm.fix_digits(raw))
        if m:
            code = m.group(1) + (f"-{m.group(2)}" if m.group(2) else "")
            return code, enterprise_code_problem(code) or ""
        return text, f"enterprise code must be 10 or 13 digits, got {text!r}"
    if kind == "phone":
        m = _PHONE.search(norm.fix_digits(raw))
        value = phone_digits(m.group(0)) if m else text
        return value, phone_problem(value) or ""
    if kind == "area":
        area = norm.parse_area(raw)
        return (area, "") if area else (text, f"cannot read an area in {text!r}")
    if kind == "gender":
        g = norm.gender(raw)
        return (g, "") if g else (text, f"gender must be Nam or Nữ, got {text!r}")
    if kind == "number":
        m = _NUMBER.search(norm.fix_digits(text))
        return (m.group(0).rstrip(".-/"), "") if m else (text, f"no number in {text!r}")
    return text, ""


def citizen_id(text: str, raw: str) -> tuple[str, str]:
    digits = norm.digits_run(raw, 12)
    if digits:
        return digits, citizen_id_problem(digits) or ""
    short = norm.digits_run(raw, 11)
    if short and not citizen_id_problem("0" + short):
        # every province code starts with 0, and OCR often loses a leading 0
        return "0" + short, "citizen ID read with 11 digits; its leading 0 was restored"
    compact = re.sub(r"\s", "", norm.fix_digits(text))
    return compact, f"citizen ID must be 12 digits, got {compact!r}"


def recipients(raw: str) -> tuple[str, str, str]:
    """The "Nơi nhận" lines; the file copy ("Lưu: VT") is always the last one printed, so a list
    that does not end with it lost lines (a stain, a seal, a line OCR broke)."""
    read = listed(_wrapped_joined(raw))
    items = read.split("\n")
    # each line but the last ends with ";": one ending with ":" is that ";" misread
    fixed = [
        i[:-1] + ";" if _misread_semicolon(i, items[n + 1 :]) else i for n, i in enumerate(items)
    ]
    fixed = [_STRAY_START.sub("", i) for i in fixed]  # "ˆ Lưu: VT.": a speck after the bullet
    reasons = ["';' at the end of a line read as ':' or ',', or a mark before a line"] * (
        fixed != items
    )
    if _TRAILING_MARKS.search(fixed[-1]) and _TRAILING_MARKS.sub("", fixed[-1]):
        marks = _TRAILING_MARKS.search(fixed[-1]).group().strip()  # type: ignore[union-attr]
        fixed[-1] = _TRAILING_MARKS.sub("", fixed[-1])
        reasons.append(f"{marks!r} after the last line left out (a number written by hand?)")
    if file_copy(fixed[-1]) != fixed[-1]:
        fixed[-1] = file_copy(fixed[-1])
        reasons.append(f"the file copy line restored to Decree 30's {FILE_COPY!r}")
    value, problem, read_as = changed(read, "\n".join(fixed), ", ".join(reasons))
    last = value.split("\n")[-1]
    cut_short = _cut_short(value.split("\n"))
    if not fold(last).startswith("luu"):
        problem = f"the list does not end with 'Lưu: ...' (ends with {last!r}): lines lost?"
    elif not re.sub(r"^\W*\w+\W*", "", last):  # "Lưu:" and nothing: who keeps the copy lost
        problem = problem or f"nothing read after {last!r} (who keeps the file copy): check it"
    if cut_short and not problem:
        problem = f"{cut_short!r} does not end with ';': the end of the line lost? check it"
    return value, problem, read_as


_BULLETED = re.compile(r"^\s*[-–+•*]")


def _wrapped_joined(raw: str) -> str:
    """The recipient lines with a line that goes on with the one above (`lines.goes_on`, no
    bullet) joined to it."""
    out: list[str] = []
    for line in raw.split("\n"):
        if out and not _BULLETED.match(line) and goes_on(out[-1], line):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
    return "\n".join(out)


def _cut_short(items: list[str]) -> str:
    """The first recipient but the last that ends with a letter, the next one beginning with a
    capital: its end was lost ("... thành phố trực thuộc trung" without "ương;"), or ""."""
    for item, after in pairwise(items):
        if item[-1:].isalpha() and after[:1].isupper():
            return item
    return ""


def _misread_semicolon(item: str, after: list[str]) -> bool:
    """True when a recipient line ends with ":" or "," where Decree 30 prints ";": a line that is
    not the last, followed ("," only) by a line that begins a new recipient, with a capital (a
    line that wraps goes on in small letters: "Cổng TTĐT," / "các Vụ, Cục")."""
    if not after:
        return False
    if item.endswith(":"):
        return True
    return item.endswith(",") and after[0].lstrip("-–+• ")[:1].isupper()


# words of marks alone at the end of the list, at least one no punctuation the list is written
# with ("¿§"): a number or initials written by hand after "Lưu: VT, ĐMDN (2b).KN", read as marks
_TRAILING_MARKS = re.compile(r"(?:\s+[^\w\s]*[^\w\s.,;:()/\-–][^\w\s]*)+\s*$")
# marks without case ("ˆ", "`", "~") before the first word of a line: specks, no recipient's
# (or glued to the word, a bullet misread: "~Lưu", "“Lưu")
_STRAY_START = re.compile(r"^(?:[ˆ`'\"~^¬|]+\s+|[ˆ`~^¬|“”‘]+(?=\w))")
# "Lưu: VT." alone, as OCR reads it: the T and its full stop taken for "L", "I", "LE", "E", "T",
# "I:" (the stop lost); "VT" (văn thư, the records office) is the one word Decree 30 prescribes there
_FILE_COPY = re.compile(r"^([a-z]{2,4})\s*[:;.]?\s*v[tli17yf|e][.,:;e]?$")
FILE_COPY = "Lưu: VT."


def file_copy(line: str) -> str:
    """The file copy line of the recipients as Decree 30 prints it when only the records office
    keeps a copy ("Lưu: VT."), from an OCR reading of it; any other line as it came."""
    m = _FILE_COPY.match(fold(line).lower())
    if m and line != FILE_COPY and Levenshtein.distance(m.group(1), "luu") <= 2:
        return FILE_COPY  # "rau: VI": "Lưu" with two slips, before the records office's "VT"
    return line


def document_kind(text: str) -> tuple[str, str, str]:
    """The Decree 30 name of a kind of document from its printed title ("TỜ TRÌNH" -> "Tờ trình")."""
    name = kind_of_title(text)
    if name is None and is_addressee_line(fold_label(text)):
        # Decree 30's one kind printed without a title is the official letter; a titled kind
        # sent to someone (a submission, a report) whose title OCR lost reads the same
        return (
            OFFICIAL_LETTER,
            (
                "no title, 'V/v' line or number notation was read; the paper is addressed "
                "'Kính gửi', as an official letter (công văn) is: check its kind"
            ),
            "",
        )
    if name is None:
        return text, f"not a known kind of document: {text!r}", ""
    return name, "", ""


def document_number(text: str) -> tuple[str, str]:
    """ "1234/QĐ-UBND" from an OCR reading of a number and notation, with Đ restored."""
    m = _DOC_NUMBER.search(norm.fix_digits(text))
    if not m:
        return text, f"not a document number and notation: {text!r}"
    before = text[: m.start()].strip(" :")
    if before:  # "Số: 45% /2020/NĐ-CP": a number written by hand into the blank, not read
        # what follows the marks is the end of the number at best ("2020/NĐ-CP" of
        # "155/2020/NĐ-CP"): a piece of a number would pass for another paper's, so none is kept
        rest, _ = document_number(text[m.start() :])
        return "", f"the number could not be read (written by hand?): {before!r} before {rest!r}"
    number, year, notation = m.groups()
    notation = re.sub(r"\s+", "", notation).replace("Ð", "Đ")
    # as printed ("TTr", "QyĐ" have small letters), an all-small part read by OCR in capitals
    parts = [p if p[:1].isupper() else p.upper() for p in notation.split("-")]
    parts = [_NOTATION_FIXES.get(p, p) for p in parts]
    problem = ""
    doubled = next((p for p in parts if "ĐĐ" in p), None)
    if doubled is not None:
        # OCR reads a bold Đ twice ("QĐĐ"), and a unit's abbreviation may print two ("ĐKĐĐ")
        one = doubled.replace("ĐĐ", "Đ")
        if doubled == parts[0] and is_kind_abbreviation(one) and not is_kind_abbreviation(doubled):
            parts[0] = one
            problem = f"{doubled!r} read with a Đ twice: the kind's abbreviation {one!r} taken"
        else:
            problem = f"{doubled!r} has two Đ, which OCR also reads for one: check it"
    printed = kind_abbreviation(parts[0])
    if printed is not None and printed != parts[0] and not problem:
        # "93/TTR-SNNMT": the small letter of "TTr" read as a capital
        problem = f"{parts[0]!r} read for the kind's abbreviation {printed!r}: check the case"
        parts[0] = printed
    value = f"{number}/{year + '/' if year else ''}{'-'.join(parts)}"
    return value, problem


def read_field(
    doc: Doc, field: FieldSpec, spans: list[Span], review_confidence: float
) -> FieldValue:
    """The value of one located field with its confidence and review flag."""
    sep = "\n" if field.kind in ("lines", "position", "recipients") else " "
    spans, cut_read, cut_reason = cut(doc, field, spans, sep)
    raw = span_text(doc, spans, sep)
    value, problem, read_as = convert(field.kind, raw, field.signed)
    if cut_reason:  # what was read, before the marks were cut out of it
        read_as = cut_read
        problem = "; ".join(p for p in (f"{cut_reason}; read as {cut_read!r}", problem) if p)
    if not read_as and field.kind in ("citizen_id", "date", "number", "document_number"):
        read_as = digits_repaired(raw, value)
        problem = problem or (f"letters read as digits; read as {read_as!r}" if read_as else "")
    if not problem and field.kind in _WORDS_CHECKED:
        problem = word_problem(value)
    if not problem and field.kind == "person":
        problem = tone_doubt(doc, spans, value, review_confidence)
    confs = span_confidences(doc, spans)
    confidence = mean(confs) if confs else doc.mean_confidence
    if not problem and confs and min(confs) < review_confidence:
        problem = f"low OCR confidence ({min(confs):.0f} < {review_confidence:.0f})"
    if not problem and value and read_sideways(doc, spans):
        problem = "read from text running down the page (the page may lie sideways): check it"
    if not value:
        problem = problem or "empty value"
    return FieldValue(value, round(confidence, 1), bool(problem), problem, read_as)


def cut(doc: Doc, field: FieldSpec, spans: list[Span], sep: str) -> tuple[list[Span], str, str]:
    """(the spans of the value, what was read, why marks were cut): the spans are the located
    ones, with what the field's cutter takes out of them (a stain, a seal's edge) cut out."""
    if field.cut is None:
        return spans, "", ""
    kept, reason = field.cut(doc, spans)
    pieces = (" ".join(doc.lines[li].text[s:e].split()) for li, s, e in spans)
    read = sep.join(p for p in pieces if p)
    if span_text(doc, kept, sep).split() == read.split():
        return spans, "", ""  # nothing but spaces cut
    return kept, read, reason


ON_BEHALF = ("KT.", "TM.", "TL.", "TUQ.")  # signed for another: the signer's title follows
_WORDS_CHECKED = ("text", "organ", "place", "person", "position", "name", "recipients")


def word_problem(value: str) -> str:
    """Why a person should check the words of a value (a lost mark, a letter no Vietnamese word
    has, a syllable no one writes), or ""."""
    bad = lost_marks(value)
    if bad:
        return f"{bad[0]!r} is not a Vietnamese word: a mark was lost in reading"
    odd = [c for c in value if c.isalpha() and not fold(c).isascii()]
    if odd:
        return f"{odd[0]!r} is not a Vietnamese letter: a stain or mark read as text?"
    unknown = unknown_words(value)
    if unknown:
        return f"{unknown[0]!r} is not a known Vietnamese word: a mark misread? check it"
    return ""


def lost_marks(text: str) -> list[str]:
    """The words of a value no Vietnamese syllable spells ("quyêt": its tone mark lost)."""
    words = (w.strip(".,;:()\"'“”-") for w in text.split())
    return [w for w in words if w.isalpha() and impossible_tone(w)]


def digits_repaired(raw: str, value: str) -> str:
    """What was read, when letters that went into the value were taken for digits (O for 0)."""
    text = norm.spaces(raw)
    if norm.fix_date_digits(text) != norm.fix_digits(text):
        return text  # "ngày |] tháng 9": the day read from lookalikes only
    for token in text.split():
        fixed = norm.fix_digits(token)
        runs = re.findall(r"\d+", fixed)
        if fixed != token and runs and all(run.lstrip("0") in value for run in runs):
            return text
    return ""
