"""Citizen ID card sides as issued: 2021 chip CCCD back, 2024 CĂN CƯỚC front and back, ICAO TD1 MRZ."""

from __future__ import annotations

import datetime as dt
import random

from samples import content as C
from samples.documents import Built, Options, dmy
from samples.fonts import FontFamily
from samples.layout import Box, Page, Stamp, Text, nfc

CARD = (1012, 638)  # 85.6 x 54 mm at 300 dpi
MARGIN = 40
INK = (20, 25, 35)
AUTHORITY_2021 = "CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI"
AUTHORITY_2024 = "BỘ CÔNG AN"


def check_digit(text: str) -> str:
    """ICAO 9303 check digit: weights 7, 3, 1; digits as themselves, A=10 .. Z=35, '<' = 0."""
    total = 0
    for i, ch in enumerate(text):
        if ch.isdigit():
            value = int(ch)
        elif ch.isalpha():
            value = ord(ch.upper()) - 55
        else:
            value = 0
        total += value * (7, 3, 1)[i % 3]
    return str(total % 10)


def mrz_name(full_name: str) -> str:
    """ "Nguyễn Văn An" -> "NGUYEN<<VAN<AN", padded with '<' to 30."""
    words = C.ascii_fold(full_name).upper().split()
    return f"{words[0]}<<{'<'.join(words[1:])}"[:30].ljust(30, "<")


def mrz(id_number: str, birth: dt.date, male: bool, expiry: dt.date | None, name: str) -> list[str]:
    """The three 30-character lines of the card's TD1 machine-readable zone."""
    doc = id_number[3:]
    line1 = f"IDVNM{doc}{check_digit(doc)}{id_number}".ljust(30, "<")
    dob = birth.strftime("%y%m%d")
    exp = expiry.strftime("%y%m%d") if expiry else "<<<<<<"
    head = f"{dob}{check_digit(dob)}{'M' if male else 'F'}{exp}{check_digit(exp)}VNM"
    head = head.ljust(29, "<")
    composite = line1[5:30] + head[0:7] + head[8:15] + head[18:29]
    return [line1, head + check_digit(composite), mrz_name(name)]


def expiry_of(birth: dt.date, issued: dt.date) -> dt.date | None:
    """Cards are renewed at 25, 40 and 60; one issued after 58 never expires (None)."""
    for age in (25, 40, 60):
        due = dt.date(birth.year + age, birth.month, min(birth.day, 28))
        if (due - issued).days > 2 * 365:
            return due
    return None


class Card:
    """A card outline on a page with a little room around it, and a writer of its lines."""

    def __init__(self, font: FontFamily, rng: random.Random, tint: tuple[int, int, int]) -> None:
        self.font = font
        self.page = Page(CARD[0] + 2 * MARGIN, CARD[1] + 2 * MARGIN)
        x0 = y0 = MARGIN
        self.x0, self.y0 = x0, y0
        self.page.items.append(
            Box(x0, y0, x0 + CARD[0], y0 + CARD[1], fill=tint, outline=(150, 160, 150), width=2)
        )
        self.page.items.append(
            Stamp("guilloche", x0 + 4, y0 + 4, CARD[0] - 8, CARD[1] - 8, rng.randrange(2**31))
        )

    def put(self, x: float, y: float, text: str, style: str = "regular", size: int = 24) -> float:
        """Draw at card coordinates (x, baseline y); record the line; return the right edge."""
        text = nfc(text)
        f = self.font.get(style, size)
        while f.getlength(text) > CARD[0] - 14 - x and size > 14:
            size -= 1
            f = self.font.get(style, size)
        self.page.items.append(Text(self.x0 + x, self.y0 + y, text, style, size, INK))
        self.page.lines.append(text)
        return x + f.getlength(text)

    def mrz(self, lines: list[str], y: float) -> None:
        for k, ln in enumerate(lines):
            self.put(60, y + k * 46, ln, "regular", 34)


def _issued(
    rng: random.Random, p: C.Person, start: dt.date, end: dt.date = dt.date(2025, 6, 30)
) -> dt.date:
    """A day the card was issued: from `start` (and the holder's 14th year) to `end`, the days
    its model was issued."""
    first = max(start, dt.date(p.birth.year + 14, p.birth.month, min(p.birth.day, 28)))
    return C.date_between(rng, min(first, end - dt.timedelta(days=29)), end)


def _back_fields(p: C.Person, issued: dt.date, authority: str) -> dict[str, str]:
    return {
        "id_number": p.id_number,
        "date_of_birth": p.birth.isoformat(),
        "gender": p.gender,
        "issue_date": issued.isoformat(),
        "issuing_authority": authority,
    }


def back_2021(font: FontFamily, rng: random.Random, opt: Options) -> Built:
    """Back of the 2021 chip CCCD: features, issue date, the police department, MRZ."""
    p = opt.applicant or C.person(rng, born_before=2010)
    card = Card(font, rng, (232, 238, 240))
    issued = _issued(rng, p, dt.date(2021, 1, 1), dt.date(2024, 6, 30))  # then CĂN CƯỚC
    feature = rng.choice(["Nốt ruồi C:2cm dưới sau đuôi mắt trái", "Sẹo chấm C:1cm trên mày phải"])
    card.put(40, 60, "Đặc điểm nhân dạng / Personal identification:", "regular", 22)
    card.put(40, 96, feature, "regular", 24)
    card.put(40, 150, f"Ngày, tháng, năm / Date, month, year: {dmy(issued)}", "regular", 22)
    words = AUTHORITY_2021.split()
    card.put(40, 196, " ".join(words[:5]), "bold", 22)  # CỤC TRƯỞNG CỤC CẢNH SÁT
    card.put(40, 226, " ".join(words[5:]), "bold", 22)
    signer = C.person_name(rng, True)
    card.put(150, 330, signer, "bold", 24)
    for k, label in enumerate(("Ngón trỏ trái", "Ngón trỏ phải")):
        x = 640 + k * 180
        card.page.items.append(
            Box(card.x0 + x, card.y0 + 60, card.x0 + x + 160, card.y0 + 260, outline=INK, width=2)
        )
        card.put(x + 4, 290, label, "regular", 18)
    expiry = expiry_of(p.birth, issued)
    card.mrz(mrz(p.id_number, p.birth, p.male, expiry, p.name), 440)
    fields = _back_fields(p, issued, AUTHORITY_2021)
    fields["signer"] = signer
    return Built([card.page], fields, False)


def front_2024(font: FontFamily, rng: random.Random, opt: Options) -> Built:
    """Front of the 2024 CĂN CƯỚC card: number, name, birth, sex, nationality (no addresses)."""
    p = opt.applicant or C.person(rng, born_before=2010)
    card = Card(font, rng, (240, 236, 226))
    card.page.items.append(
        Stamp("photo", MARGIN + 40, MARGIN + 200, 230, 300, rng.randrange(2**31))
    )
    card.put(320, 56, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "bold", 28)
    card.put(360, 92, "Độc lập - Tự do - Hạnh phúc", "bold", 26)
    card.put(420, 150, "CĂN CƯỚC", "bold", 44)
    card.put(300, 210, "Số định danh cá nhân / Personal identification number:", "regular", 20)
    card.put(300, 252, p.id_number, "bold", 36)
    card.put(300, 300, "Họ, chữ đệm và tên khai sinh / Full name:", "regular", 20)
    card.put(300, 340, p.upper, "bold", 30)
    card.put(300, 390, f"Ngày sinh / Date of birth: {dmy(p.birth)}", "regular", 22)
    card.put(300, 432, f"Giới tính / Sex: {p.gender}", "regular", 22)
    card.put(300, 474, "Quốc tịch / Nationality: Việt Nam", "regular", 22)
    fields = {
        "id_number": p.id_number,
        "full_name": p.upper,
        "date_of_birth": p.birth.isoformat(),
        "gender": p.gender,
        "nationality": "Việt Nam",
    }
    return Built([card.page], fields, False)


def back_2024(font: FontFamily, rng: random.Random, opt: Options) -> Built:
    """Back of the 2024 CĂN CƯỚC card: residence, place of birth, dates, BỘ CÔNG AN, MRZ."""
    p = opt.applicant or C.person(rng, born_before=2010)
    card = Card(font, rng, (236, 232, 224))
    issued = _issued(rng, p, dt.date(2024, 7, 1))
    expiry = expiry_of(p.birth, issued)
    card.put(40, 50, "Nơi cư trú / Place of residence:", "regular", 20)
    y = 84
    words, row = p.residence.split(), ""
    for w in words:  # wrap the address in two lines at most
        if row and font.get("regular", 24).getlength(f"{row} {w}") > 900 and y < 110:
            card.put(40, y, row, "regular", 24)
            row, y = w, y + 32
        else:
            row = f"{row} {w}".strip()
    card.put(40, y, row, "regular", 24)
    card.put(40, y + 44, "Nơi đăng ký khai sinh / Place of birth:", "regular", 20)
    card.put(40, y + 76, p.origin, "regular", 24)
    card.put(40, y + 120, f"Ngày, tháng, năm cấp / Date of issue: {dmy(issued)}", "regular", 20)
    until = dmy(expiry) if expiry else "Không thời hạn"
    card.put(40, y + 154, f"Ngày, tháng, năm hết hạn / Date of expiry: {until}", "regular", 20)
    card.put(640, y + 150, AUTHORITY_2024, "bold", 26)
    card.mrz(mrz(p.id_number, p.birth, p.male, expiry, p.name), 440)
    fields = _back_fields(p, issued, AUTHORITY_2024)
    fields["place_of_residence"] = p.residence
    fields["place_of_birth"] = p.origin
    if expiry:
        fields["expiry_date"] = expiry.isoformat()
    return Built([card.page], fields, False)


SIDES = {"back2021": back_2021, "front2024": front_2024, "back2024": back_2024}
