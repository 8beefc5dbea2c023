"""The machine-readable zone (ICAO 9303 TD1, three lines of 30) on the back of a citizen ID card:
found in OCR text despite its slips, its check digits verified, its fields decoded.

Vietnamese cards (2021 chip CCCD and 2024 CĂN CƯỚC) write:

    IDVNM<9 last digits of the ID><check><the 12-digit ID><<<
    <YYMMDD birth><check><M|F><YYMMDD expiry or <<<<<<><check>VNM<<<<<<<<<<<<composite check>
    SURNAME<<GIVEN<NAMES<<<<<<<<<<

A check digit (weights 7, 3, 1, modulo 10) catches any one wrong digit, so a value whose check
digits agree is known to be read right; the ID's last 9 digits are printed twice on line 1.
OCR reads the filler '<' as 'K', 'C', '«' (two of them) and digits as look-alike letters (O for 0):
each position is cleaned by what it may hold, and a digit read from a letter is recorded. The zone
prints only A-Z, 0-9 and '<': a letter read with a Vietnamese mark ('VNÑM') is its bare letter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from common.vietnamese import DIGIT_CONFUSIONS, fold

WIDTH = 30
_WEIGHTS = (7, 3, 1)
_ANGLES = str.maketrans({"«": "<<", "»": "<<", "‹": "<", "›": "<", "≤": "<"})
_LINE1 = re.compile(r"[I1l|]?[D0O]?V[NM][MN]")
_NATION = re.compile(r"V[NM][MN]")
_LETTERS = re.compile(r"[A-Z]{2}")
_SEX = str.maketrans({"H": "M", "N": "M", "P": "F", "E": "F"})
RENEWAL_AGES = (25, 40, 60)  # a card is valid until the holder's 25th, 40th or 60th birthday
HEAD = 15  # line 2 before "VNM": birth date + check, sex, expiry + check


def check_digit(text: str) -> str:
    """ICAO 9303 check digit of `text`: digits as themselves, A=10 .. Z=35, '<' = 0."""
    total = 0
    for i, ch in enumerate(text):
        if ch.isdigit():
            value = int(ch)
        elif "A" <= ch <= "Z":
            value = ord(ch) - 55
        else:
            value = 0
        total += value * _WEIGHTS[i % 3]
    return str(total % 10)


def _compact(text: str) -> str:
    """The line without spaces, its angle quotes as fillers, its letters bare capitals."""
    return fold(re.sub(r"\s+", "", text).translate(_ANGLES)).upper()


def _digits(text: str) -> tuple[str, bool]:
    """`text` with look-alike letters read as digits, and whether any was (a slip repaired)."""
    fixed = text.translate(DIGIT_CONFUSIONS).upper().translate(DIGIT_CONFUSIONS)
    return fixed, fixed != text


def _filler_or_digits(text: str) -> tuple[str, bool]:
    """A zone printed as digits or all '<' (the expiry of a card that never expires)."""
    if sum(not c.isdigit() for c in text) * 2 >= len(text):
        return "<" * len(text), False
    return _digits(text)


@dataclass(frozen=True)
class Mrz:
    """The three lines of a card's machine-readable zone, cleaned, and where they were read."""

    lines: tuple[str, str, str]
    read: tuple[str, ...]  # the lines as OCR read them
    at: tuple[int, ...]  # their indexes in the paper's lines
    letters_read_as_digits: bool  # a digit was read from a look-alike letter (O for 0)
    rebuilt: bool = False  # line 1 read with the wrong length, rebuilt from the ID's 12-digit copy

    @property
    def line2_lost(self) -> bool:
        return not self.lines[1]

    @property
    def line1_lost(self) -> bool:
        """Only lines 2 and 3 were read: no ID number, and no composite check digit."""
        return not self.lines[0]

    @property
    def document_number(self) -> str:
        return self.lines[0][5:14]

    @property
    def id_number(self) -> str:
        """The 12-digit ID (line 1, optional data), '' when not 12 digits."""
        value = self.lines[0][15:27]
        return value if value.isdigit() else ""

    @property
    def id_confirmed(self) -> bool:
        """The ID agrees with its copy and the check digits that cover it (number, composite)."""
        line1 = self.lines[0]
        return (
            bool(self.id_number)
            and self.id_number[3:] == self.document_number
            and check_digit(self.document_number) == line1[14]
            and self.composite_ok
        )

    def id_from_its_checked_copy(self) -> Mrz | None:
        """Line 1 prints the ID's last 9 digits twice; when the copies disagree and the 9-digit
        one passes its check digit, the zone with the 12-digit copy made to agree, if the
        composite check digit then agrees too (one slip in the copy), else None."""
        line1 = self.lines[0]
        number = self.document_number
        if (
            self.line1_lost
            or self.id_confirmed
            or check_digit(number) != line1[14]
            or self.id_number[3:] == number
        ):
            return None
        if not self.id_number:
            return None
        fixed = replace(self, lines=(line1[:18] + number + line1[27:], *self.lines[1:]))
        return fixed if fixed.id_confirmed else None

    @property
    def composite_ok(self) -> bool:
        line1, line2 = self.lines[0], self.lines[1]
        covered = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
        return len(line2) == WIDTH and check_digit(covered) == line2[29]

    @property
    def birth_ok(self) -> bool:
        return (
            self.lines[1][0:6].isdigit() and check_digit(self.lines[1][0:6]) == self.lines[1][6:7]
        )

    @property
    def expiry_ok(self) -> bool:
        zone = self.lines[1][8:14]
        return (zone.isdigit() or zone == "<" * 6) and check_digit(zone) == self.lines[1][14:15]

    def birth_date(self) -> str:
        """The date of birth as YYYY-MM-DD, the century from the ID's century digit, or without
        the ID (line 1 lost) from the date of expiry ('' if unknown)."""
        yymmdd = self.lines[1][0:6]
        if not yymmdd.isdigit():
            return ""
        if self.id_number:
            century = 19 + int(self.id_number[3]) // 2
        else:
            century = self.century_from_expiry() or 0
        return f"{century}{yymmdd[:2]}-{yymmdd[2:4]}-{yymmdd[4:6]}" if century else ""

    def century_from_expiry(self) -> int | None:
        """The birth year's century when the date of expiry decides it: a card expires on the
        holder's 25th, 40th or 60th birthday, and never once issued after the 60th."""
        line2 = self.lines[1]
        if not self.expiry_ok:
            return None
        if line2[8:14] == "<" * 6:
            return 19  # valid for life: 60 or older when issued, so born in the 1900s
        expires = 2000 + int(line2[8:10])
        fits = [c for c in (19, 20) if expires - (c * 100 + int(line2[0:2])) in RENEWAL_AGES]
        return fits[0] if len(fits) == 1 else None

    def expiry_date(self) -> str:
        """The date of expiry as YYYY-MM-DD; '' for a card that never expires."""
        yymmdd = self.lines[1][8:14]
        return f"20{yymmdd[:2]}-{yymmdd[2:4]}-{yymmdd[4:6]}" if yymmdd.isdigit() else ""

    @property
    def sex(self) -> str:
        return {"M": "Nam", "F": "Nữ"}.get(self.lines[1][7:8], "")

    @property
    def name(self) -> str:
        """The holder's name without diacritics, surname first ("NGUYEN VAN AN")."""
        return " ".join(w for w in self.lines[2].split("<") if w)


def clean_line1(text: str) -> tuple[str, bool, bool]:
    """(IDVNM + 22 digits + filler, a digit read from a letter, rebuilt); '' when the line does
    not start as line 1 does. Read with a digit too many or too few, the line is rebuilt from its
    end: the check digit and the 12-digit copy of the ID, just before the filler."""
    m = _LINE1.search(text[:8])  # "[DVNM": a stray mark for the I
    if m is None or m.start() > 2:
        return "", False, False
    body, fixed = _digits(re.split(r"<{2,}|K{2,}", text[m.end() :])[0])
    rebuilt = len(body) != 22 and len(body) >= 13 and body[-13:].isdigit()
    if rebuilt:
        cid = body[-12:]
        body = f"{cid[3:]}{body[-13]}{cid}"
    return f"IDVNM{body[:22]}".ljust(WIDTH, "<")[:WIDTH], fixed, rebuilt


def clean_line2(text: str) -> tuple[str, bool]:
    """birth + check, sex, expiry + check, VNM, filler, composite check (the last digit)."""
    nation = _NATION.search(text, 12)
    if nation is None or len(text) < 19:
        return "", False
    head = text[: nation.start()]
    cut = _one_too_many(head) if len(head) == HEAD + 1 else None
    head = cut or head  # a mark read into it ("7FE36"): the one cut its checks confirm
    birth, f1 = _digits(head[:7])
    sex = head[7:8].translate(_SEX)
    expiry, f2 = _filler_or_digits(head[8:14])
    check, f3 = _digits(head[14:15] or "<")
    tail = re.findall(r"\d", text[nation.end() :])  # "<<<09Q": a mark after the last digit
    last, f4 = (tail[-1], False) if tail else _digits(text[-1])
    line = f"{birth}{sex}{expiry}{check}VNM".ljust(WIDTH - 1, "<") + last
    return line[:WIDTH], bool(f1 or f2 or f3 or f4 or cut)


def _one_too_many(head: str) -> str | None:
    """Line 2's head read with one character too many, with the character whose removal makes
    both its check digits (birth date, expiry) agree cut out; None when no or several cuts do."""
    found = set()
    for i in range(len(head)):
        cut = head[:i] + head[i + 1 :]
        birth, _ = _digits(cut[:7])
        expiry, _ = _filler_or_digits(cut[8:14])
        check, _ = _digits(cut[14:15])
        sex = cut[7:8].translate(_SEX)
        if sex not in ("M", "F") or not birth.isdigit():
            continue
        if check_digit(birth[:6]) == birth[6] and check_digit(expiry) == check:
            found.add(f"{birth}{sex}{expiry}{check}")
    return found.pop() if len(found) == 1 else None


def clean_line3(text: str) -> str:
    """The name: letters and '<'; a 'K' no Vietnamese syllable starts that way is a '<'."""
    text = re.sub(r"[^A-Z<]", "<", text.lstrip("\"'`.,:;|"))
    text = re.sub(r"K(?![HIEY])", "<", text)
    return text.ljust(WIDTH, "<")[:WIDTH]


# a whole line of the zone inside a longer OCR line: 25 or more of its characters, no space
_ZONE_LINE = re.compile(r"[A-Z0-9<«»‹›≤]{25,}")


def _zone_order(piece: str) -> int:
    """0 for line 1 of the zone, 1 for line 2, 2 for the name line (or anything else)."""
    compact = _compact(piece)
    return 0 if clean_line1(compact)[0] else 1 if clean_line2(compact)[0] else 2


def unjoined(lines: Sequence[str]) -> tuple[list[str], list[int]]:
    """The lines with a line that holds two or more lines of the zone (OCR read the zone as one
    line, in any order, with the card's text around it) split into those lines in the zone's
    order; and for each line of the result, the index of the line it comes from."""
    out: list[str] = []
    origin: list[int] = []
    for i, text in enumerate(lines):
        pieces = _ZONE_LINE.findall(text)
        pieces = sorted(pieces, key=_zone_order) if len(pieces) > 1 else [text]
        out += pieces
        origin += [i] * len(pieces)
    return out, origin


def find_mrz(lines: Sequence[str]) -> Mrz | None:
    """The machine-readable zone among a paper's lines: line 1, then line 2 (lost: '') and the
    name line among the three lines after it (the lines of a zone OCR joined taken apart)."""
    split, origin = unjoined(lines)
    found = _find_mrz(split)
    if found is None or len(split) == len(lines):
        return found
    return replace(found, at=tuple(dict.fromkeys(origin[j] for j in found.at)))


def _find_mrz(lines: Sequence[str]) -> Mrz | None:
    compact = [_compact(t) for t in lines]
    for i, text in enumerate(compact):
        line1, fixed1, rebuilt = clean_line1(text)
        if not line1:
            continue
        rest = [j for j in range(i + 1, min(len(compact), i + 4)) if compact[j]]
        line2, fixed2 = clean_line2(compact[rest[0]]) if rest else ("", False)
        at = [i, rest[0]] if line2 else [i]
        names = [
            j for j in rest[len(at) - 1 :] if "<" in compact[j] and _LETTERS.search(compact[j])
        ]
        if not line2:  # the zone read bottom up (lines 3, 2, 1): lines 2 and 3 above line 1
            above = [j for j in range(i - 1, max(-1, i - 3), -1) if compact[j]]
            for j in above:
                line2, fixed2 = clean_line2(compact[j])
                if line2:
                    at = [i, j]
                    names = names or [
                        k
                        for k in above
                        if k != j and "<" in compact[k] and _LETTERS.search(compact[k])
                    ]
                    break
        line3 = clean_line3(compact[names[0]]) if names else "<" * WIDTH
        at += names[:1]
        read = tuple(lines[j] for j in at)
        return Mrz((line1, line2, line3), read, tuple(at), fixed1 or fixed2, rebuilt)
    return _without_line1(lines, compact)


def _without_line1(lines: Sequence[str], compact: list[str]) -> Mrz | None:
    """The zone when line 1 was not read: a line 2 whose two check digits (birth date and
    expiry) agree, and the name line among the two after it."""
    for i, text in enumerate(compact):
        line2, fixed = clean_line2(text)
        if not line2 or line2[0:6] == "<" * 6:
            continue
        zone = Mrz(("", line2, ""), (), (i,), fixed)
        if not (zone.birth_ok and zone.expiry_ok):
            continue
        rest = [j for j in range(i + 1, min(len(compact), i + 3)) if compact[j]]
        names = [j for j in rest if "<" in compact[j] and _LETTERS.search(compact[j])]
        line3 = clean_line3(compact[names[0]]) if names else "<" * WIDTH
        at = (i, *names[:1])
        return Mrz(("", line2, line3), tuple(lines[j] for j in at), at, fixed, zone.rebuilt)
    return None
