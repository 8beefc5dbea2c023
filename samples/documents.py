"""One builder per document type: lays out the paper and returns its pages and field truth."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from samples import content as C
from samples import phrases as P
from samples.fonts import FontFamily
from samples.layout import Cell, Flow, Page, Stamp, pt

DOC_TYPES = (
    "decision",
    "birth_certificate",
    "application_form",
    "business_registration",
    "citizen_id_card",
    "land_use_certificate",
    "other",
)
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass(frozen=True)
class Options:
    """What the builder must respect: page budget, seal placement, a shared applicant."""

    max_pages: int = 2
    seal_over_text: bool = False
    black_seal: bool = False  # the seal printed black, its ring across the titles (grey scans)
    applicant: C.Person | None = None
    layout: str = "classic"  # one of LAYOUTS[doc_type]


# the layouts of each type: the first is the one every set made before layouts existed uses,
# the last is never used for tuning ("unseen"; see samples/README.md)
LAYOUTS: dict[str, tuple[str, ...]] = {
    "decision": ("classic", "aligned", "unseen"),
    "birth_certificate": ("classic", "aligned", "extract", "unseen"),
    "application_form": ("classic", "aligned", "unseen"),
    "business_registration": ("classic", "aligned", "unseen"),
    "citizen_id_card": ("classic", "back2021", "back2024", "front2024"),
    "land_use_certificate": ("classic", "aligned", "inner", "unseen"),
    "other": ("classic", "aligned", "unseen"),
    "administrative_document": ("classic", "aligned", "unseen"),
}
# types added after the first sets: only made when asked for (--types), so that the default
# rotation, and every set made before, stays the same
EXTRA_TYPES = ("administrative_document",)
UNSEEN = {t: names[-1] for t, names in LAYOUTS.items()}
LAYOUT_SETS = ("classic", "seen", "unseen", "all")


def is_unseen(truth: dict) -> bool:
    """True for a ground truth whose paper uses its type's unseen layout (report it apart)."""
    return truth.get("layout") == UNSEEN.get(str(truth.get("doc_type")))


def layouts_of(doc_type: str, which: str) -> tuple[str, ...]:
    """The layouts of `doc_type` a set may use: classic (default), seen (no unseen), unseen, all."""
    names = LAYOUTS[doc_type]
    return {"classic": names[:1], "seen": names[:-1], "unseen": names[-1:], "all": names}[which]


def form_style(flow: Flow, layout: str, rng: random.Random) -> None:
    """Set how form fields are laid out: aligned values at a tab stop; unseen: stacked labels."""
    if layout == "aligned":
        flow.form = "aligned"
        flow.tab = rng.uniform(0.36, 0.46) * (flow.right - flow.left)
    elif layout == "unseen":
        flow.form = "stacked"
        flow.left += rng.randint(-60, 40)


@dataclass
class Built:
    pages: list[Page]
    fields: dict[str, str]
    sealed: bool = False
    notes: list[str] = field(default_factory=list)
    doc_type: str = ""  # the type the paper is, when not the one asked for ("other": a notice)


@dataclass(frozen=True)
class Organ:
    lines: tuple[tuple[str, str], ...]  # (text, style) of the header left column
    province: str
    place: str  # place name of the date line
    symbol: str  # "UBND", "STP", ...
    seal_text: str
    council: str  # "ỦY BAN NHÂN DÂN" or "SỞ TƯ PHÁP" (for "TM." lines and body)
    head: str  # "CHỦ TỊCH", "GIÁM ĐỐC", ...
    name: str  # in running text: "Ủy ban nhân dân xã Tân Phú", "Sở Tư pháp"

    @property
    def authority(self) -> str:
        return " ".join(t for t, _ in self.lines)


def organ(rng: random.Random, kind: str = "any") -> Organ:
    province = rng.choice(
        sorted(C.PROVINCES_2025 if rng.random() < 0.5 else C.PROVINCE_CODES.values())
    )
    unit = C.unit_name(province).upper()
    place = "TP. Hồ Chí Minh" if province == "Hồ Chí Minh" else province
    ubnd = rng.choice(["ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN"])
    choice = kind if kind != "any" else rng.choice(["province", "commune", "department"])
    if choice == "province":
        return Organ(
            ((ubnd, "bold"), (unit, "bold")),
            province,
            place,
            "UBND",
            f"ỦY BAN NHÂN DÂN {unit}",
            ubnd,
            "CHỦ TỊCH",
            "Ủy ban nhân dân",
        )
    if choice == "commune":
        commune = rng.choice([c for c in C.COMMUNES if not c.startswith("phường ")])
        name = re.sub(r"^(thị trấn|xã) ", "", commune)  # "thị trấn Mỹ Thọ" is "Mỹ Thọ"
        return Organ(
            (("ỦY BAN NHÂN DÂN", "bold"), (commune.upper(), "bold")),
            province,
            name if not name[0].isdigit() else province,
            "UBND",
            f"ỦY BAN NHÂN DÂN {commune.upper()} * {unit}",
            "ỦY BAN NHÂN DÂN",
            "CHỦ TỊCH",
            f"Ủy ban nhân dân {commune}",
        )
    dept, sym, dname = rng.choice(
        [
            ("SỞ TƯ PHÁP", "STP", "Sở Tư pháp"),
            ("SỞ NỘI VỤ", "SNV", "Sở Nội vụ"),
            ("SỞ TÀI CHÍNH", "STC", "Sở Tài chính"),
            ("SỞ Y TẾ", "SYT", "Sở Y tế"),
            ("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "SNNMT", "Sở Nông nghiệp và Môi trường"),
        ]
    )
    short = "UBND TỈNH" if not unit.startswith("THÀNH PHỐ") else "UBND THÀNH PHỐ"
    return Organ(
        ((f"{short} {province.upper()}", "regular"), (dept, "bold")),
        province,
        place,
        sym,
        f"{dept} * {unit}",
        dept,
        "GIÁM ĐỐC",
        dname,
    )


def authorities(org: Organ) -> dict[str, str]:
    """The organ and, for a department, its parent printed on the first line (Decree 30 keeps
    them apart); a council prints one organ over two lines."""
    if org.symbol not in ("UBND",):
        return {"parent_authority": org.lines[0][0], "issuing_authority": org.lines[1][0]}
    return {"issuing_authority": org.authority}


def header(
    flow: Flow,
    organ_lines: tuple[tuple[str, str], ...],
    under: tuple[str, str] | None = None,
) -> None:
    """The two-column Decree 30 header; `under` = (number, place and date) set under each column."""
    size = pt(12.5)
    left = [C_(t, s, size) for t, s in organ_lines]
    right = [C_(MOTTO[0], "bold", size), C_(MOTTO[1], "bold", pt(13.5))]
    if under is not None:
        left += [C_(None, size=50), C_(under[0], "regular", pt(13))]
        right += [C_(None, size=50), C_(under[1], "italic", pt(13))]
    flow.columns(left, right, rules=(True, True))
    flow.space(70)


def C_(text: str | None, style: str = "regular", size: int = pt(13), align: str = "center") -> Cell:
    return Cell(text, style, size, align)


def motto_centered(flow: Flow) -> None:
    flow.line(MOTTO[0], style="bold", size=pt(13), align="center")
    x0, base, x1 = flow.line(MOTTO[1], style="bold", size=pt(14), align="center")
    flow.page.items.append(_rule((x0 + x1) / 2, base + 24, (x1 - x0) / 2))
    flow.space(60)


def _rule(cx: float, y: float, half: float):  # type: ignore[no-untyped-def]
    from samples.layout import Rule

    return Rule(cx - half, y, cx + half, y, 3)


def number_row(flow: Flow, number: str, place_date: str) -> None:
    flow.columns([C_(number, "regular", pt(13))], [C_(place_date, "italic", pt(13))])
    flow.space(60)


def title(flow: Flow, text: str, sub: str | None = None, size: float = 14) -> None:
    flow.line(text, style="bold", size=pt(size), align="center")
    if sub:
        for ln in balanced(flow, sub, "bold", pt(13), (flow.right - flow.left) * 0.85):
            flow.line(ln, style="bold", size=pt(13), align="center")
        cx = (flow.left + flow.right) / 2
        flow.page.items.append(_rule(cx, flow.y + 12, 150))
    flow.space(50)


def balanced(flow: Flow, text: str, style: str, size: int, width: float) -> list[str]:
    """Wrap a centred title into lines of even length (no lone last word)."""
    lines = flow.wrap(text, style, size, width)
    if len(lines) != 2:
        return lines
    words = text.split()
    best = min(
        range(1, len(words)),
        key=lambda k: max(
            flow.width(" ".join(words[:k]), style, size),
            flow.width(" ".join(words[k:]), style, size),
        ),
    )
    return [" ".join(words[:best]), " ".join(words[best:])]


def signed_with_recipients(
    flow: Flow,
    rng: random.Random,
    recipients: Sequence[str],
    titles: Sequence[str | Cell],
    signer: str,
    org: Organ,
    opt: Options,
) -> bool:
    """The Decree 30 signature block: "Nơi nhận:" and its lines left, the titles, the signature,
    the organ's seal and the name right. True if sealed."""
    left = [C_("Nơi nhận:", "bolditalic", pt(12), "left")]
    left += [C_(r, "regular", pt(11), "left") for r in recipients]
    return signature_block(
        flow,
        rng,
        left,
        titles,
        signer,
        seal=org.seal_text,
        over=opt.seal_over_text,
        black=opt.black_seal,
    )


def signature_block(
    flow: Flow,
    rng: random.Random,
    left: list[Cell],
    titles: Sequence[str | Cell],
    signer: str,
    *,
    seal: str | None,
    over: bool,
    note: str | None = None,
    black: bool = False,
) -> bool:
    """Left list + right titles/space/name; a signature and (with `seal`) a red seal. True if sealed.

    With `black` the seal is printed black (as a grey or black-and-white scan shows it) and sits
    left of the block's middle with its ring across the title lines, as on many real papers."""
    flow.space(30)
    right = [t if isinstance(t, Cell) else C_(t, "bold", pt(13)) for t in titles]
    if note:
        right.append(C_(note, "italic", pt(11.5)))
    right += [C_(None, size=330), C_(signer, "bold", pt(13))]
    _, boxes = flow.columns(left, right, split=0.45)
    name = boxes[-1]
    top_title = boxes[0]
    cx = (name[0] + name[2]) / 2
    gap_mid = (boxes[-2][3] + name[1]) / 2
    flow.stamp(Stamp("signature", cx - 250, gap_mid - 120, 520, 230, rng.randrange(2**31)))
    if seal is None:
        return False
    d = rng.randint(400, 450)
    if black:  # the ring's top between the first title line's top and the last one's middle
        top = rng.uniform(top_title[1] - 0.1 * d, (boxes[-2][1] + boxes[-2][3]) / 2)
        sx, sy = cx - d * rng.uniform(0.25, 0.45), top + d / 2 - d * 0.25
    elif over:
        sx, sy = cx - d * rng.uniform(0.05, 0.25), name[1] - d * rng.uniform(0.15, 0.3)
    else:
        sx = min(top_title[0], name[0]) - d * rng.uniform(0.05, 0.2)
        sy = gap_mid - d * rng.uniform(0.1, 0.25)
    kind = "black_seal" if black else "seal"
    flow.stamp(Stamp(kind, sx - d / 2, sy - d / 2 + d * 0.25, d, d, rng.randrange(2**31), seal))
    return True


def dmy(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def issue_date(rng: random.Random) -> dt.date:
    return C.date_between(rng, dt.date(2019, 1, 2), dt.date(2025, 12, 28))


# ---------------------------------------------------------------- decision


def decision(font: FontFamily, rng: random.Random, opt: Options) -> Built:
    flow = Flow(font)
    org = organ(rng)
    date = issue_date(rng)
    number = f"{rng.randint(12, 3999)}/QĐ-{org.symbol}"
    person = opt.applicant or C.person(rng)
    title_word = "ông" if person.male else "bà"
    subject = rng.choice(P.SUBJECTS).format(
        commune=rng.choice(C.COMMUNES) + ", " + C.unit_name(org.province),
        commune_short=rng.choice(C.COMMUNES).split(" ", 1)[1],
        year=str(date.year),
        title=title_word,
        name=person.name,
    )
    place_date = f"{org.place}, {C.vn_date_words(date)}"
    if opt.layout == "classic":
        header(flow, org.lines)
        number_row(flow, f"Số: {number}", place_date)
    else:
        form_style(flow, opt.layout, rng)
        header(flow, org.lines, (f"Số: {number}", place_date))
    title(flow, "QUYẾT ĐỊNH", f"Về việc {subject}")
    body_size = pt(13.5)
    who = f"{org.head} {org.authority if org.symbol == 'UBND' else org.council}"
    flow.line(who, style="bold", size=pt(13.5), align="center")
    flow.space(30)
    for base in P.pick(rng, P.LEGAL_BASES, rng.randint(2, 4)):
        flow.paragraph(base, style="italic", size=body_size, align="justify")
    flow.paragraph(
        f"Xét đề nghị của Chánh Văn phòng {org.name} tại Tờ trình số "
        f"{rng.randint(10, 900)}/TTr-VP ngày {dmy(date - dt.timedelta(days=rng.randint(3, 30)))}.",
        style="italic",
        size=body_size,
        align="justify",
    )
    flow.space(20)
    flow.line("QUYẾT ĐỊNH:", style="bold", size=pt(14), align="center")
    flow.space(20)
    long = opt.max_pages > 1 and rng.random() < 0.45
    fillers = P.pick(rng, P.FILLERS, 6 if long else rng.randint(1, 2))
    article1 = f"Điều 1. Quyết định {subject}."
    if rng.random() < 0.5:
        article1 += f" Địa chỉ liên hệ: {person.residence}."
    articles = [article1, *(f.format(year=date.year) for f in fillers)]
    articles.append("Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.")
    articles.append(
        f"Điều 3. Chánh Văn phòng {org.name}, Thủ trưởng các cơ quan, đơn vị có "
        f"liên quan và {title_word} {person.name} chịu trách nhiệm thi hành Quyết định này./."
    )
    for para in articles:
        flow.paragraph(para, size=body_size, align="justify")
    signer = C.person_name(rng, rng.random() < 0.7)
    titles = (
        [f"TM. {org.council}", org.head]
        if rng.random() < 0.6
        else [f"KT. {org.head}", f"PHÓ {org.head}"]
    )
    recipients = [
        "- Như Điều 3;",
        *P.pick(rng, P.RECIPIENTS[1:-1], rng.randint(1, 3)),
        "- Lưu: VT.",
    ]
    sealed = signed_with_recipients(flow, rng, recipients, titles, signer, org, opt)
    fields = {
        "document_number": number,
        "issue_date": date.isoformat(),
        **authorities(org),
        "subject": subject,
        "signer": signer,
    }
    return Built(flow.pages, fields, sealed)


# ---------------------------------------------------------------- birth certificate


def birth_certificate(font: FontFamily, rng: random.Random, opt: Options) -> Built:
    flow = Flow(font)
    org = organ(rng, "commune")
    child_birth = C.date_between(rng, dt.date(1990, 1, 1), dt.date(2025, 6, 30))
    male = rng.random() < 0.5
    father_name = C.person_name(rng, True)
    mother_name = C.person_name(rng, False)
    code = rng.choice(sorted(C.PROVINCE_CODES))
    province = C.PROVINCE_CODES[code] if rng.random() < 0.7 else org.province
    if opt.applicant is not None:  # the applicant's own birth certificate
        a = opt.applicant
        child_birth, male, child_name, child_id = a.birth, a.male, a.name, a.id_number
        province = a.province
        father_name = f"{a.name.split()[0]} {father_name.split(' ', 1)[1]}"
    else:
        child_name = f"{father_name.split()[0]} {C.person_name(rng, male).split(' ', 1)[1]}"
        child_id = C.citizen_id(rng, code, child_birth, male)
    reg_date = child_birth + dt.timedelta(days=rng.randint(3, 60))
    number = (
        str(rng.randint(1, 480)) if rng.random() < 0.6 else f"{rng.randint(1, 480)}/{reg_date.year}"
    )
    pob = rng.choice(["Bệnh viện Đa khoa ", "Trạm Y tế ", "Bệnh viện Sản Nhi "])
    pob += C.unit_name(province) if pob.startswith("Bệnh") else C.place(rng, province)
    flow.leaders = rng.random() < 0.65  # a pre-printed form, or one typed in full
    form_style(flow, opt.layout, rng)
    header(flow, org.lines)
    number_row(flow, f"Số: {number}", f"Quyển số: {rng.randint(1, 9):02d}/{reg_date.year}")
    extract = opt.layout == "extract"  # trích lục: a copy issued from the civil register
    title(
        flow,
        "TRÍCH LỤC KHAI SINH" if extract else "GIẤY KHAI SINH",
        "(Bản sao)" if extract else None,
    )
    s = pt(13)
    flow.field("Họ, chữ đệm, tên:", child_name.upper(), value_style="bold", size=s)
    flow.field("Ngày, tháng, năm sinh:", dmy(child_birth), size=s)
    sex_row = [
        ("Giới tính:", "Nam" if male else "Nữ"),
        ("Dân tộc:", rng.choice(C.ETHNIC)),
        ("Quốc tịch:", "Việt Nam"),
    ]
    if opt.layout == "unseen":  # typed with tabs
        flow.fields_row(sex_row, size=s, gap=rng.randint(90, 200))
    elif rng.random() < 0.5:  # the 2020 form puts them on one line
        flow.fields_row(sex_row, size=s)
    else:
        for label, value in sex_row:
            flow.field(label, value, size=s)
    flow.field("Nơi sinh:", pob, size=s)
    flow.field("Quê quán:", C.place(rng, province), size=s)
    flow.field("Số định danh cá nhân:", child_id, size=s)
    flow.space(20)
    for who, name, year in (
        ("mẹ", mother_name, child_birth.year - rng.randint(19, 40)),
        ("cha", father_name, child_birth.year - rng.randint(20, 45)),
    ):
        flow.field(f"Họ, chữ đệm, tên người {who}:", name.upper(), value_style="bold", size=s)
        if opt.layout == "unseen":  # one tab-spaced row, then an address that wraps
            row = [("Năm sinh:", str(year)), ("Dân tộc:", "Kinh"), ("Quốc tịch:", "Việt Nam")]
            flow.fields_row(row, size=s, gap=rng.randint(90, 200))
            flow.form = "inline"
            home = C.address(rng, province, street=True)
            home = home.replace(", ", f", tổ dân phố số {rng.randint(1, 30)}, ", 1)
            narrow = flow.left + 0.8 * (flow.right - flow.left)  # a photo box on the right
            flow.field("Nơi cư trú:", home, size=s, x1=narrow)
            flow.form = "stacked"
        else:
            flow.field("Năm sinh:", str(year), size=s)
            flow.field("Nơi cư trú:", C.address(rng, province), size=s)
        flow.space(10)
    flow.field("Nơi đăng ký khai sinh:", org.name, size=s)
    flow.field("Ngày, tháng, năm đăng ký:", dmy(reg_date), size=s)
    signer = C.person_name(rng, rng.random() < 0.6)
    sealed = signature_block(
        flow,
        rng,
        [
            C_("Người đi đăng ký khai sinh", "bold", pt(12.5)),
            C_(None, size=330),
            C_(father_name if rng.random() < 0.6 else mother_name, "bold", pt(13)),
        ],
        ["TL. CHỦ TỊCH", "CÔNG CHỨC TƯ PHÁP - HỘ TỊCH"] if extract else ["NGƯỜI KÝ GIẤY KHAI SINH"],
        signer,
        seal=org.seal_text,
        over=opt.seal_over_text,
        black=opt.black_seal,
        note="(Ký, ghi rõ họ, chữ đệm, tên và đóng dấu)",
    )
    fields = {
        "full_name": child_name.upper(),
        "date_of_birth": child_birth.isoformat(),
        "gender": "Nam" if male else "Nữ",
        "place_of_birth": pob,
        "father_name": father_name.upper(),
        "mother_name": mother_name.upper(),
        "registration_number": number,
    }
    return Built(flow.pages, fields, sealed)


# ---------------------------------------------------------------- application form


def application_form(font: FontFamily, rng: random.Random, opt: Options) -> Built:
    flow = Flow(font)
    p = opt.applicant or C.person(rng)
    org = organ(rng, "commune")
    procedure = rng.choice(C.PROCEDURES)
    tel = C.phone(rng)
    flow.leaders = rng.random() < 0.65
    form_style(flow, opt.layout, rng)
    motto_centered(flow)
    kind = rng.choice(["ĐƠN ĐỀ NGHỊ", "TỜ KHAI"])
    title(flow, kind, f"Về việc: {procedure}")
    flow.line(f"Kính gửi: {org.name}", size=pt(13.5), align="center")
    flow.space(40)
    s = pt(13)
    flow.field("Họ, chữ đệm và tên:", p.upper, value_style="bold", size=s)
    if opt.layout == "unseen":
        row = [("Ngày, tháng, năm sinh:", dmy(p.birth)), ("Giới tính:", p.gender)]
        flow.fields_row(row, size=s, gap=rng.randint(90, 200))
    else:
        flow.field("Ngày, tháng, năm sinh:", dmy(p.birth), size=s)
        flow.field("Giới tính:", p.gender, size=s)
    flow.field("Số định danh cá nhân:", p.id_number, size=s)
    flow.field("Số điện thoại:", tel, size=s)
    if rng.random() < 0.4:
        user = C.ascii_fold(C.person_name(rng, p.male).split()[-1]).lower()
        flow.field("Email:", f"{user}{rng.randint(10, 99)}@gmail.com", size=s)
    flow.field("Nơi cư trú:", p.residence, size=s)
    flow.field("Thủ tục hành chính đề nghị giải quyết:", procedure, size=s)
    flow.space(20)
    flow.paragraph(
        f"Nội dung đề nghị: Kính đề nghị Ủy ban nhân dân xem xét, giải quyết thủ tục "
        f"{procedure.lower()} cho tôi theo quy định của pháp luật.",
        size=s,
        align="justify",
    )
    flow.paragraph(
        "Tôi xin cam đoan những thông tin kê khai trên là đúng sự thật và chịu trách nhiệm "
        "trước pháp luật về nội dung đã kê khai.",
        size=s,
        align="justify",
    )
    date = issue_date(rng)
    two = opt.max_pages > 1 and rng.random() < 0.45
    if two:
        flow.new_page()
        flow.line("Giấy tờ kèm theo:", style="bold", size=s)
        attachments = [
            "Bản sao Giấy khai sinh;",
            "Bản chụp Căn cước công dân;",
            "Giấy tờ chứng minh chỗ ở hợp pháp;",
            "Sơ đồ vị trí thửa đất;",
            "Văn bản ủy quyền (nếu có);",
            "Tờ khai thông tin cư trú;",
        ]
        for i, a in enumerate(P.pick(rng, attachments, rng.randint(2, 5)), 1):
            flow.line(f"{i}. {a}", size=s, indent=60)
        flow.space(40)
        flow.paragraph("Hình thức nhận kết quả: Nhận trực tiếp tại Bộ phận Một cửa.", size=s)
    sealed = signature_block(
        flow,
        rng,
        [],
        [C_(f"{org.place}, {C.vn_date_words(date)}", "italic"), "NGƯỜI LÀM ĐƠN"],
        p.name,
        seal=None,
        over=False,
        note="(Ký và ghi rõ họ tên)",
    )
    fields = {
        "full_name": p.upper,
        "id_number": p.id_number,
        "date_of_birth": p.birth.isoformat(),
        "address": p.residence,
        "phone": tel,
        "procedure_name": procedure,
    }
    return Built(flow.pages, fields, sealed)


BUILDERS: dict[str, Callable[[FontFamily, random.Random, Options], Built]] = {
    "decision": decision,
    "birth_certificate": birth_certificate,
    "application_form": application_form,
}
