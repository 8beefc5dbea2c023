"""Decree 30/2020 administrative documents other than decisions: công văn, tờ trình, báo cáo, ..."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from samples import content as C
from samples import phrases as P
from samples.documents import (
    C_,
    Built,
    Options,
    Organ,
    authorities,
    balanced,
    dmy,
    form_style,
    header,
    issue_date,
    number_row,
    organ,
    signed_with_recipients,
    title,
)
from samples.fonts import FontFamily
from samples.layout import Flow, Rule, pt

# kind (Vietnamese name, as the `kind` field), symbol in the number, subjects ({year} {quarter})
KINDS: list[tuple[str, str, list[str]]] = [
    (
        "Công văn",
        "",
        [
            "đề nghị cung cấp thông tin hồ sơ đất đai",
            "triển khai dịch vụ công trực tuyến toàn trình năm {year}",
            "góp ý dự thảo quy chế phối hợp giải quyết thủ tục hành chính",
        ],
    ),
    ("Tờ trình", "TTr", ["đề nghị phê duyệt kế hoạch số hóa hồ sơ năm {year}"]),
    ("Báo cáo", "BC", ["kết quả giải quyết thủ tục hành chính quý {quarter} năm {year}"]),
    ("Thông báo", "TB", ["lịch tiếp công dân định kỳ năm {year}"]),
    ("Kế hoạch", "KH", ["tuyên truyền, phổ biến giáo dục pháp luật năm {year}"]),
    ("Giấy mời", "GM", ["dự hội nghị triển khai chuyển đổi số năm {year}"]),
]
ADDRESSEES = ["Sở Tư pháp", "Văn phòng Đăng ký đất đai", "Ủy ban nhân dân các xã, phường"]


def _cong_van_header(flow: Flow, org: Organ, number: str, subject: str, place_date: str) -> None:
    """Công văn: number and the "V/v" lines under the organ, place and date under the motto."""
    size = pt(12.5)
    vv = flow.wrap(f"V/v {subject}", "regular", pt(12), (flow.right - flow.left) * 0.4)
    left = [C_(t, s, size) for t, s in org.lines]
    left += [C_(None, size=40), C_(number, "regular", pt(13))]
    left += [C_(v, "regular", pt(12)) for v in vv]
    right = [C_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "bold", size)]
    right += [C_("Độc lập - Tự do - Hạnh phúc", "bold", pt(13.5))]
    right += [C_(None, size=40), C_(place_date, "italic", pt(13))]
    flow.columns(left, right)
    flow.space(70)


def administrative_document(font: FontFamily, rng: random.Random, opt: Options) -> Built:
    """One Decree 30 paper of a kind other than a decision, with its metadata as ground truth."""
    flow = Flow(font)
    org = organ(rng)
    date = issue_date(rng)
    kind, sym, subjects = rng.choice(KINDS)
    values = {"year": str(date.year), "quarter": str((date.month + 2) // 3)}
    subject = rng.choice(subjects).format(**values)
    number = f"Số: {rng.randint(5, 1900)}/{sym + '-' if sym else ''}{org.symbol}"
    if not sym:
        number += f"-{rng.choice(['VP', 'TP', 'ĐKĐĐ'])}"
    place_date = f"{org.place}, {C.vn_date_words(date)}"
    form_style(flow, opt.layout, rng)
    if kind == "Công văn":
        _cong_van_header(flow, org, number, subject, place_date)
        flow.line(f"Kính gửi: {rng.choice(ADDRESSEES)}", size=pt(13.5), align="center")
        flow.space(30)
    else:
        subject = subject[0].upper() + subject[1:]  # a title starts with a capital
        header(flow, org.lines, (number, place_date))
        flow.line(kind.upper(), style="bold", size=pt(14), align="center")
        for ln in balanced(flow, subject, "bold", pt(13), 1500):
            flow.line(ln, style="bold", size=pt(13), align="center")
        cx = (flow.left + flow.right) / 2
        flow.page.items.append(Rule(cx - 150, flow.y + 12, cx + 150, flow.y + 12, 3))
        flow.space(50)
    for f in P.pick(rng, P.FILLERS, rng.randint(2, 3 if opt.max_pages == 1 else 5)):
        flow.paragraph(f.format(**values), size=pt(13.5), align="justify")
    signer = C.person_name(rng, rng.random() < 0.6)
    titles = rng.choice(
        [[f"TM. {org.council}", org.head], [f"KT. {org.head}", f"PHÓ {org.head}"], [org.head]]
    )
    recipients = ["- Như trên;", *P.pick(rng, P.RECIPIENTS[1:-1], rng.randint(1, 3)), "- Lưu: VT."]
    sealed = signed_with_recipients(flow, rng, recipients, titles, signer, org, opt)
    paper = Paper(kind, number.removeprefix("Số: "), date, org, subject)
    return Built(flow.pages, metadata(paper, signer, titles, recipients), sealed)


@dataclass(frozen=True)
class Paper:
    """What the header and title of a Decree 30 paper say."""

    kind: str  # as the `kind` field: "Thông báo"
    number: str  # "12/TB-UBND"
    date: dt.date
    org: Organ
    subject: str


def metadata(paper: Paper, signer: str, titles: list[str], recipients: list[str]) -> dict[str, str]:
    """The Decree 30 fields of a paper as printed: the ground truth of its metadata."""
    return {
        "kind": paper.kind,
        "document_number": paper.number,
        "issue_date": paper.date.isoformat(),
        "place": paper.org.place,
        **authorities(paper.org),
        "subject": paper.subject,
        "signer": signer,
        "signer_position": " ".join(titles),
        "recipients": "\n".join(r.removeprefix("- ") for r in recipients),  # as printed
    }


def notice(font: FontFamily, rng: random.Random, opt: Options, *, minutes: bool) -> Built:
    """A notice (THÔNG BÁO, GIẤY MỜI, KẾ HOẠCH, BÁO CÁO) or the minutes of a meeting (BIÊN BẢN
    HỌP) under a two-column header, with "Về việc" under the title."""
    flow = Flow(font)
    org = organ(rng)
    date = issue_date(rng)
    form_style(flow, opt.layout, rng)
    header(flow, org.lines)
    values = {"month": str(date.month), "year": str(date.year)}
    values["quarter"] = str((date.month + 2) // 3)
    if minutes:
        head, sym, subject = "BIÊN BẢN HỌP", "BB", "đánh giá công tác cải cách hành chính"
    else:
        head, sym, subject = rng.choice(P.NOTICE_TITLES)
        subject = subject.format(**values)
    number = f"{rng.randint(5, 900)}/{sym}-{org.symbol}"
    number_row(flow, f"Số: {number}", f"{org.place}, {C.vn_date_words(date)}")
    title(flow, head, f"Về việc {subject}")
    if minutes:
        _minutes(flow, rng, org, date)
    else:
        for f in P.pick(rng, P.FILLERS, rng.randint(3, 4 if opt.max_pages == 1 else 7)):
            flow.paragraph(f.format(**values), size=pt(13.5), align="justify")
    signer = C.person_name(rng, rng.random() < 0.6)
    titles = [f"TM. {org.council}", org.head]
    recipients = ["- Như trên;", *P.pick(rng, P.RECIPIENTS[1:-1], 2), "- Lưu: VT."]
    sealed = signed_with_recipients(flow, rng, recipients, titles, signer, org, opt)
    kind = "Biên bản" if minutes else head.capitalize()  # "GIẤY MỜI": "Giấy mời"
    paper = Paper(kind, number, date, org, subject)
    fields = metadata(paper, signer, titles, recipients)
    return Built(flow.pages, fields, sealed, doc_type="administrative_document")


def _minutes(flow: Flow, rng: random.Random, org: Organ, date: dt.date) -> None:
    chair, secretary = C.person(rng), C.person(rng)
    for ln in P.MINUTES_LINES:
        text = ln.format(
            date=dmy(date),
            commune=C.unit_name(org.province),
            name=chair.name,
            title="ông" if chair.male else "bà",
            name2=secretary.name,
            title2="ông" if secretary.male else "bà",
        )
        flow.paragraph(text, size=pt(13.5), align="justify")
