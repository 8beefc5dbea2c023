"""Builders of the enterprise certificate, the land-use certificate, the ID card and other papers."""

from __future__ import annotations

import datetime as dt
import random

from samples import content as C
from samples import idcard
from samples.admin import notice
from samples.documents import (
    C_,
    Built,
    Options,
    dmy,
    form_style,
    header,
    issue_date,
    organ,
    signature_block,
    title,
)
from samples.fonts import FontFamily
from samples.layout import INK as INK_
from samples.layout import Box, Flow, Page, Rule, Stamp, Text, nfc, pt

CAPITALS = [
    ("500.000.000 đồng", "Năm trăm triệu đồng"),
    ("1.000.000.000 đồng", "Một tỷ đồng"),
    ("2.000.000.000 đồng", "Hai tỷ đồng"),
    ("3.500.000.000 đồng", "Ba tỷ năm trăm triệu đồng"),
    ("10.000.000.000 đồng", "Mười tỷ đồng"),
]


def business_registration(font: FontFamily, rng: random.Random, opt: Options) -> Built:
    flow = Flow(font)
    province = rng.choice(sorted(C.PROVINCE_CODES.values()))
    unit = C.unit_name(province).upper()
    dept = "SỞ KẾ HOẠCH VÀ ĐẦU TƯ" if rng.random() < 0.6 else "SỞ TÀI CHÍNH"
    lines = ((f"{dept} {unit}", "regular"), ("PHÒNG ĐĂNG KÝ KINH DOANH", "bold"))
    form_style(flow, opt.layout, rng)
    header(flow, lines)
    name, kind, foreign = C.enterprise_name(rng)
    code = C.enterprise_code(rng)
    first = C.date_between(rng, dt.date(2005, 1, 1), dt.date(2025, 6, 30))
    title(flow, "GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP", kind)
    s = pt(13)
    flow.line(f"Mã số doanh nghiệp: {code}", style="bold", size=s, align="center")
    flow.line(f"Đăng ký lần đầu: {C.vn_date_words(first)}", size=s, align="center")
    if rng.random() < 0.5:
        later = C.date_between(rng, first + dt.timedelta(days=30), dt.date(2025, 12, 20))
        flow.line(
            f"Đăng ký thay đổi lần thứ {rng.randint(1, 6)}: {C.vn_date_words(later)}",
            size=s,
            align="center",
        )
    flow.space(40)
    flow.line("1. Tên công ty", style="bold", size=s)
    flow.field("Tên công ty viết bằng tiếng Việt:", name, value_style="bold", size=s, dots=False)
    flow.field("Tên công ty viết bằng tiếng nước ngoài:", foreign, size=s, dots=False)
    flow.line("2. Địa chỉ trụ sở chính", style="bold", size=s)
    addr = C.address(rng, province, street=True)
    flow.paragraph(addr, size=s, indent=0, after=0)
    flow.field("Điện thoại:", C.phone(rng), size=s, dots=False)
    flow.line("3. Vốn điều lệ", style="bold", size=s)
    capital, words = rng.choice(CAPITALS)
    flow.field("Vốn điều lệ:", capital, size=s, dots=False)
    flow.field("Bằng chữ:", words, size=s, dots=False)
    flow.line("4. Người đại diện theo pháp luật của công ty", style="bold", size=s)
    rep = opt.applicant or C.person(rng, born_before=2000)
    flow.field("Họ và tên:", rep.upper, value_style="bold", size=s, dots=False)
    flow.field("Giới tính:", rep.gender, size=s, dots=False)
    flow.field(
        "Chức danh:",
        rng.choice(["Giám đốc", "Tổng giám đốc", "Chủ tịch công ty"]),
        size=s,
        dots=False,
    )
    flow.field("Sinh ngày:", dmy(rep.birth), size=s, dots=False)
    flow.field("Số định danh cá nhân:", rep.id_number, size=s, dots=False)
    flow.field("Địa chỉ liên lạc:", rep.residence, size=s, dots=False)
    signer = C.person_name(rng, rng.random() < 0.6)
    titles = ["TRƯỞNG PHÒNG"] if rng.random() < 0.6 else ["KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"]
    sealed = signature_block(
        flow,
        rng,
        [],
        titles,
        signer,
        seal=f"PHÒNG ĐĂNG KÝ KINH DOANH * {unit}",
        over=opt.seal_over_text,
        black=opt.black_seal,
    )
    fields = {
        "enterprise_name": name,
        "enterprise_code": code,
        "address": addr,
        "legal_representative": rep.upper,
        "registration_date": first.isoformat(),
    }
    return Built(flow.pages, fields, sealed)


def land_use_certificate(font: FontFamily, rng: random.Random, opt: Options) -> Built:
    flow = Flow(font)
    org = organ(rng, "province")
    holder = opt.applicant or C.person(rng, born_before=2003)
    form_style(flow, opt.layout, rng)
    inner = opt.layout == "inner"  # an inner page: the parcel, its plan and later changes
    s = pt(13)
    if not inner:
        header(flow, org.lines)
        title(
            flow,
            "GIẤY CHỨNG NHẬN",
            "QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT",
            size=16,
        )
        flow.line("I. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất", style="bold", size=s)
        flow.field("Họ và tên:", f"{holder.upper}", value_style="bold", size=s, dots=False)
        flow.field("Năm sinh:", str(holder.birth.year), size=s, dots=False)
        flow.field("Số định danh cá nhân:", holder.id_number, size=s, dots=False)
        flow.field("Nơi thường trú:", holder.residence, size=s, dots=False)
        flow.space(20)
    flow.line("II. Thửa đất, nhà ở và tài sản khác gắn liền với đất", style="bold", size=s)
    parcel = str(rng.randint(1, 1500))
    sheet = str(rng.randint(1, 120))
    area, area_gt = C.area_text(rng)
    land_province = holder.province if rng.random() < 0.5 else org.province
    addr = C.address(rng, land_province, street=rng.random() < 0.3)
    purpose = rng.choice(C.LAND_PURPOSES)
    flow.field("a) Thửa đất số:", parcel, size=s, dots=False)
    flow.field("b) Tờ bản đồ số:", sheet, size=s, dots=False)
    flow.field("c) Địa chỉ:", addr, size=s, dots=False)
    flow.field("d) Diện tích:", area, size=s, dots=False)
    flow.field(
        "đ) Hình thức sử dụng:", rng.choice(["Sử dụng riêng", "Sử dụng chung"]), size=s, dots=False
    )
    flow.field("e) Mục đích sử dụng:", purpose, size=s, dots=False)
    flow.field(
        "g) Thời hạn sử dụng:",
        "Lâu dài"
        if purpose.startswith("Đất ở")
        else f"Đến ngày {dmy(issue_date(rng) + dt.timedelta(days=365 * 50))}",
        size=s,
        dots=False,
    )
    flow.field(
        "h) Nguồn gốc sử dụng:",
        rng.choice(
            [
                "Nhà nước công nhận quyền sử dụng đất như giao đất không thu tiền sử dụng đất",
                "Nhận chuyển nhượng đất được Công nhận QSDĐ như giao đất có thu tiền sử dụng đất",
                "Nhận thừa kế đất được Nhà nước giao đất có thu tiền sử dụng đất",
            ]
        ),
        size=s,
        dots=False,
    )
    flow.space(30)
    parcel_fields = {
        "parcel_number": parcel,
        "map_sheet_number": sheet,
        "area_m2": area_gt,
        "address": addr,
        "land_use_purpose": purpose,
    }
    if inner:
        _land_plan_and_changes(flow, rng, s)
        return Built(flow.pages, parcel_fields, False)
    date = issue_date(rng)
    signer = C.person_name(rng, rng.random() < 0.7)
    sealed = signature_block(
        flow,
        rng,
        [C_(f"Số vào sổ cấp GCN: CS {rng.randint(1, 99999):05d}", "regular", pt(12), "left")],
        [
            C_(f"{org.place}, {C.vn_date_words(date)}", "italic"),
            f"TM. {org.council}",
            f"KT. {org.head}",
            f"PHÓ {org.head}",
        ],
        signer,
        seal=org.seal_text,
        over=opt.seal_over_text,
        black=opt.black_seal,
    )
    fields = {
        "holder_name": holder.upper,
        "id_number": holder.id_number,
        **parcel_fields,
    }
    return Built(flow.pages, fields, sealed)


def _land_plan_and_changes(flow: Flow, rng: random.Random, s: int) -> None:
    """III. the parcel's plan (a framed drawing, no text) and IV. the changes table's head."""
    flow.line("III. Sơ đồ thửa đất, nhà ở và tài sản khác gắn liền với đất", style="bold", size=s)
    top = flow.y + 10
    flow.page.items.append(Box(flow.left + 200, top, flow.right - 200, top + 700, outline=INK_))
    w = flow.right - flow.left - 400
    pts = [(flow.left + 200 + w * rng.uniform(0.2, 0.8), top + 700 * rng.uniform(0.2, 0.8))]
    for a, b in ((0.25, 0.25), (0.75, 0.3), (0.7, 0.75), (0.3, 0.7)):
        pts.append((flow.left + 200 + w * a, top + 700 * b))
    for (x0, y0), (x1, y1) in zip(pts[1:], pts[2:] + pts[1:2], strict=True):
        flow.page.items.append(Rule(x0, y0, x1, y1, 4))
    flow.space(740)
    flow.line("IV. Những thay đổi sau khi cấp Giấy chứng nhận", style="bold", size=s)
    flow.columns(
        [C_("Nội dung thay đổi và cơ sở pháp lý", "bold", pt(12))],
        [C_("Xác nhận của cơ quan có thẩm quyền", "bold", pt(12))],
        split=0.55,
    )


def other(font: FontFamily, rng: random.Random, opt: Options) -> Built:
    """A paper the counter receives that is none of the known types (the receipt of a dossier),
    or a notice or the minutes of a meeting: kinds of Decree 30, labelled as the administrative
    documents they are."""
    pick = rng.random()
    if pick < 0.4:
        return dossier_receipt(font, rng, opt)
    return notice(font, rng, opt, minutes=pick >= 0.75)


def dossier_receipt(font: FontFamily, rng: random.Random, opt: Options) -> Built:
    """GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ (Circular 01/2018/TT-VPCP, form 01): what the
    one-stop counter hands the applicant; no type of sohoa, so no fields."""
    flow = Flow(font)
    org = organ(rng, "commune")
    person = C.person(rng)
    received = issue_date(rng)
    due = received + dt.timedelta(days=rng.choice([3, 5, 7, 10, 15]))
    form_style(flow, opt.layout, rng)
    header(
        flow, ((f"UBND {org.lines[1][0]}", "regular"), ("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", "bold"))
    )
    title(flow, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    flow.line(f"Mã hồ sơ: {rng.randint(10**9, 10**10 - 1)}", size=pt(13), align="center")
    flow.space(30)
    body = pt(13.5)
    rows = [
        f"Bộ phận tiếp nhận và trả kết quả {org.name} tiếp nhận hồ sơ của: {person.name}",
        f"Địa chỉ: {person.residence}",
        f"Số điện thoại: {C.phone(rng)}",
        f"Nội dung yêu cầu giải quyết: {rng.choice(C.PROCEDURES)}",
        "1. Thành phần hồ sơ nộp gồm: Tờ khai; bản sao giấy tờ tùy thân; giấy tờ kèm theo.",
        f"2. Số lượng hồ sơ: {rng.randint(1, 3):02d} (bộ)",
        f"3. Thời gian nhận hồ sơ: {rng.randint(7, 16):02d} giờ {rng.randint(0, 59):02d} "
        f"phút, {C.vn_date_words(received)}",
        f"4. Thời gian trả kết quả giải quyết hồ sơ: {C.vn_date_words(due)}",
        f"Vào Sổ theo dõi hồ sơ, Quyển số: {rng.randint(1, 9):02d}, "
        f"Số thứ tự: {rng.randint(1, 500)}",
    ]
    for row in rows:
        flow.paragraph(row, size=body, align="justify")
    flow.space(40)
    flow.columns(
        [C_("NGƯỜI NỘP HỒ SƠ", "bold", pt(13)), C_("(Ký và ghi rõ họ tên)", "italic", pt(12))],
        [
            C_("NGƯỜI TIẾP NHẬN HỒ SƠ", "bold", pt(13)),
            C_("(Ký và ghi rõ họ tên)", "italic", pt(12)),
        ],
    )
    return Built(flow.pages, {}, False)


CARD = (1012, 638)  # 85.6 x 54 mm at 300 dpi


def citizen_id_card(font: FontFamily, rng: random.Random, opt: Options) -> Built:
    """Front of the chip citizen ID card (CCCD, 2021 model), scanned on a flatbed; other
    layouts are the other sides and models (samples.idcard)."""
    if opt.layout in idcard.SIDES:
        return idcard.SIDES[opt.layout](font, rng, opt)
    p = opt.applicant or C.person(rng, born_before=2010)
    margin = 40
    w, h = CARD[0] + 2 * margin, CARD[1] + 2 * margin
    page = Page(w, h)
    items = page.items
    x0, y0 = margin, margin
    items.append(
        Box(
            x0,
            y0,
            x0 + CARD[0],
            y0 + CARD[1],
            fill=(236, 242, 236),
            outline=(150, 160, 150),
            width=2,
        )
    )
    items.append(Stamp("guilloche", x0 + 4, y0 + 4, CARD[0] - 8, CARD[1] - 8, rng.randrange(2**31)))
    lines = page.lines
    ink = (20, 25, 35)

    def put(
        x: float,
        y: float,
        text: str,
        style: str,
        size: int,
        record: bool = True,
        color: tuple[int, int, int] = ink,
    ) -> float:
        f = font.get(style, size)
        while f.getlength(nfc(text)) > x0 + CARD[0] - 14 - x and size > 14:
            size -= 1
            f = font.get(style, size)
        items.append(Text(x, y, nfc(text), style, size, color))
        if record:
            lines.append(nfc(text))
        return x + f.getlength(nfc(text))

    def center(
        y: float, text: str, style: str, size: int, cx: float, color: tuple[int, int, int] = ink
    ) -> None:
        f = font.get(style, size)
        put(cx - f.getlength(nfc(text)) / 2, y, text, style, size, color=color)

    cx = x0 + 640
    center(y0 + 62, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "bold", 30, cx)
    center(y0 + 100, "Độc lập - Tự do - Hạnh phúc", "bold", 28, cx)
    center(y0 + 150, "CĂN CƯỚC CÔNG DÂN", "bold", 40, cx, (170, 30, 30))
    items.append(Stamp("photo", x0 + 40, y0 + 190, 230, 300, rng.randrange(2**31)))
    items.append(Stamp("qr", x0 + 60, y0 + 40, 150, 150, rng.randrange(2**31)))
    tx, s = x0 + 300, 24
    y = y0 + 200
    put(tx, y, "Số / No.:", "regular", s, record=False)
    put(tx + 130, y + 6, p.id_number, "bold", 36, record=False)
    lines.append(f"Số / No.: {p.id_number}")
    y += 48
    put(tx, y, "Họ và tên / Full name:", "regular", s)
    y += 38
    put(tx, y, p.upper, "bold", 30)
    y += 42
    end = put(tx, y, "Ngày sinh / Date of birth:", "regular", s, record=False)
    put(end + 10, y, dmy(p.birth), "regular", s + 2, record=False)
    lines.append(f"Ngày sinh / Date of birth: {dmy(p.birth)}")
    y += 38
    end = put(tx, y, "Giới tính / Sex:", "regular", s, record=False)
    end = put(end + 10, y, p.gender, "regular", s + 2, record=False)
    end = put(end + 50, y, "Quốc tịch / Nationality:", "regular", s, record=False)
    put(end + 10, y, "Việt Nam", "regular", s + 2, record=False)
    lines.append(f"Giới tính / Sex: {p.gender} Quốc tịch / Nationality: Việt Nam")
    y += 38
    put(tx, y, "Quê quán / Place of origin:", "regular", s)
    y += 36
    put(tx, y, p.origin, "regular", s + 2)
    y += 38
    put(tx, y, "Nơi thường trú / Place of residence:", "regular", s)
    y += 36
    f = font.get("regular", s + 2)
    words, cur, rows = p.residence.split(), "", []
    for wd in words:
        trial = f"{cur} {wd}".strip()
        if cur and f.getlength(trial) > x0 + CARD[0] - 30 - tx:
            rows.append(cur)
            cur = wd
        else:
            cur = trial
    rows.append(cur)
    for row in rows[:2] if len(rows) <= 2 else [rows[0], " ".join(rows[1:])]:
        put(tx, y, row, "regular", s + 2)
        y += 34
    expiry = dt.date(p.birth.year + 60, p.birth.month, min(p.birth.day, 28))
    put(x0 + 40, y0 + CARD[1] - 40, f"Có giá trị đến: {dmy(expiry)}", "italic", 20)
    fields = {
        "id_number": p.id_number,
        "full_name": p.upper,
        "date_of_birth": p.birth.isoformat(),
        "gender": p.gender,
        "nationality": "Việt Nam",
        "place_of_origin": p.origin,
        "place_of_residence": p.residence,
    }
    return Built([page], fields, False)
