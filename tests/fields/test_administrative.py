"""Every Decree 30/2020 kind of administrative document yields its kind and its Decree 30 metadata.

The texts in tests/fields/texts/admin_*.txt were typed for these tests after pages of real papers
(../shared/realscans-dev: Quảng Ngãi công văn 299/UBND-TTHC, tờ trình 09/TTr-UBND, chỉ thị
05/CT-UBND, thông báo 660/TB-UBND, báo cáo 23/BC-UBND; Bộ GD&ĐT quyết định 2750/QĐ-BGDĐT;
nghị định 155/2020/NĐ-CP), cut short, laid out as OCR reads them: the two header columns and
the "Nơi nhận" / signature columns sometimes on one line, separated by a wide gap. The giấy mời
of a department (admin_so_tu_phap) is made up, for an organ printed under its parent.
"""

from __future__ import annotations

import re

import pytest
from fields_helpers import fixture_text, page_from_text, read_field

from ocr.fields import extract
from ocr.fields.kinds import KINDS, kind_of_notation, kind_of_title

EXPECTED: dict[str, dict[str, str]] = {
    "admin_cong_van": {
        "kind": "Công văn",
        "document_number": "299/UBND-TTHC",
        "issue_date": "2025-01-15",
        "place": "Quảng Ngãi",
        "issuing_authority": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "subject": "công bố Danh mục TTHC và xây dựng quy trình nội bộ giải quyết TTHC",
        "signer": "Nguyễn Quốc Việt",
        "signer_position": "TL. CHỦ TỊCH CHÁNH VĂN PHÒNG",
        "recipients": "Như trên;\nPCT UBND tỉnh;\nVPUB: CVP, PCVP;\nCổng TTĐT tỉnh;\nLưu: VT, TTHC(Thu).",
    },
    "admin_to_trinh": {
        "kind": "Tờ trình",
        "document_number": "09/TTr-UBND",
        "issue_date": "2025-01-20",
        "subject": "ban hành Nghị quyết bãi bỏ các Nghị quyết: Số 39/2011/NQ-HĐND ngày 12/12/2011, "
        "số 27/2017/NQ-HĐND ngày 14/7/2017 của Hội đồng nhân dân tỉnh Quảng Ngãi",
        "signer": "Trần Phước Hiền",
        "signer_position": "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
    },
    "admin_chi_thi": {
        "kind": "Chỉ thị",
        "document_number": "05/CT-UBND",
        "issue_date": "2020-04-15",
        "subject": "triển khai thực hiện mở rộng nộp thuế điện tử đối với cá nhân kinh doanh "
        "trên địa bàn tỉnh Quảng Ngãi",
        "signer": "Trần Ngọc Căng",
        "signer_position": "CHỦ TỊCH",
        "recipients": "Tổng cục Thuế (b/cáo);\nThường trực Tỉnh ủy (b/cáo);\nCục Thuế tỉnh;\n"
        "Lưu: VT,KT.bngoc106",
    },
    "admin_thong_bao": {
        "kind": "Thông báo",
        "document_number": "660/TB-UBND",
        "subject": "Kết luận của Chủ tịch UBND tỉnh Nguyễn Hoàng Giang tại buổi làm việc với "
        "Ban Chỉ đạo xoá nhà tạm, nhà dột nát huyện Bình Sơn",
        "signer_position": "TL. CHỦ TỊCH KT. CHÁNH VĂN PHÒNG PHÓ CHÁNH VĂN PHÒNG",
    },
    "admin_bao_cao": {
        "kind": "Báo cáo",
        "subject": "Tình hình, kết quả thực hiện công tác cải cách thủ tục hành chính tháng 01/2025",
        "signer_position": "KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
    },
    "admin_nghi_dinh": {
        "kind": "Nghị định",
        "document_number": "155/2020/NĐ-CP",
        "issue_date": "2020-12-31",
        "place": "Hà Nội",
        "issuing_authority": "CHÍNH PHỦ",
        "signer": "Nguyễn Xuân Phúc",
        "signer_position": "TM. CHÍNH PHỦ THỦ TƯỚNG",
    },
    "admin_so_tu_phap": {
        "kind": "Giấy mời",
        "issuing_authority": "SỞ TƯ PHÁP",
        "parent_authority": "UBND TỈNH NGHỆ AN",
        "place": "Nghệ An",
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_kind_is_an_administrative_document_with_its_decree30_fields(name: str) -> None:
    result = extract([page_from_text(fixture_text(name))])
    assert result.doc_type == "administrative_document"
    got = {k: result.fields[k].value for k in EXPECTED[name] if k in result.fields}
    assert got == EXPECTED[name]
    assert set(result.review_reasons) == LOOKED_AT.get(name, set()), result.review_reasons


# right values a person is asked to look at: "dột" (nhà dột nát) is a rare syllable missing from
# Tesseract's Vietnamese word list (ocr/fields/lexicon.py), which also flags OCR's "buỗi", "triên"
LOOKED_AT = {"admin_thong_bao": {"subject"}}


def test_decision_of_a_ministry_stays_a_decision_with_the_same_fields() -> None:
    result = extract([page_from_text(fixture_text("admin_moet_decision"))])
    assert result.doc_type == "decision"
    assert result.plain_fields() == {
        "kind": "Quyết định",
        "document_number": "2750/QĐ-BGDĐT",
        "issue_date": "2025-10-03",  # printed "tháng10năm": OCR glued the month to its words
        "place": "Hà Nội",
        "issuing_authority": "BỘ GIÁO DỤC VÀ ĐÀO TẠO",
        "subject": "công bố thủ tục hành chính mới ban hành; thủ tục hành chính được thay thế "
        "lĩnh vực giáo dục và đào tạo thuộc hệ thống giáo dục quốc dân thuộc phạm vi, chức năng "
        "quản lý của Bộ Giáo dục và Đào tạo",
        "signer": "Lê Quân",
        "signer_position": "KT. BỘ TRƯỞNG THỨ TRƯỞNG",
        "recipients": "Như Điều 3;\nVăn phòng Chính phủ (Cục KSTTHC);\nLưu: VT, HTQT, VP (KSTTHC).",
    }


def test_official_letter_without_its_title_is_known_by_number_and_vv_line() -> None:
    text = fixture_text("admin_cong_van")
    assert "CÔNG VĂN" not in text.upper()
    result = extract([page_from_text(text)])
    assert (result.doc_type, result.fields["kind"].value) == ("administrative_document", "Công văn")


@pytest.mark.parametrize(("name", "abbreviation"), [k for k in KINDS if k[1]])
def test_every_kind_is_named_by_its_title_and_by_its_notation(name: str, abbreviation: str) -> None:
    assert kind_of_title(name.upper()) == name
    assert kind_of_notation(f"12/{abbreviation}-UBND") == name


def test_titles_are_matched_without_accents_and_through_an_ocr_slip() -> None:
    assert kind_of_title("TO TRINH") == "Tờ trình"
    assert kind_of_title("THÔNG BẢO") == "Thông báo"
    assert kind_of_title("V/v góp ý dự thảo") == "Công văn"


def test_kind_title_without_accents_makes_an_administrative_document() -> None:
    text = fixture_text("admin_chi_thi").replace("CHỈ THỊ", "CHI THI")
    result = extract([page_from_text(text)])
    assert result.fields["kind"].value == "Chỉ thị"


def test_lost_number_of_a_handwritten_field_is_flagged_missing() -> None:
    # the number is often written by hand into "Số:    /CT-UBND" and OCR loses it
    text = fixture_text("admin_chi_thi").replace("Số: 05 /CT-UBND", "Số:    /CT-UBND")
    result = extract([page_from_text(text)])
    assert result.fields["kind"].value == "Chỉ thị"
    number = result.fields["document_number"]
    assert (number.value, number.needs_review) == ("", True)
    assert "not found" in number.reason


def test_letter_whose_number_and_day_were_written_by_hand_keeps_its_header() -> None:
    # typed after the OCR text of Quảng Ngãi công văn 575/UBND-KTTH (realscans-dev): the number
    # and the day are handwritten and OCR read neither; the stamp of the signing centre is on top
    text = "\n".join(
        [
            "TRUNG TÂM CÔNG BÁO",
            "TIN HỌC",
            ":¡_ ttcbth(@)quangngaI.gov.vn",
            "05.02.2025 15:35:18 +07:00",
            "ỦY BAN NHÂN DÂN",
            "TỈNH QUẢNG NGÃI",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số:",
            "/UBND-KTTH",
            "V/v tham gia ý kiến",
            "các dự thảo Nghị định của",
            "Chính phủ",
            "Quảng Ngãi, ngày",
            "tháng 02 năm 2025",
            "Kính gửi: Bộ Tài chính",
            "Ủy ban nhân dân tỉnh Quảng Ngãi có ý kiến về các dự thảo Nghị định như sau.",
            "Nơi nhận:                                   TL. CHỦ TỊCH",
            "- Như trên;                                 CHANH VAN PHONG",
            "- Lưu: VT, KTTH.",
            "                                            Hà Thị Lê Vân",
        ]
    )
    result = extract([page_from_text(text)])
    assert (result.doc_type, result.fields["kind"].value) == ("administrative_document", "Công văn")
    fields = result.fields
    assert fields["issuing_authority"].value == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    assert fields["place"].value == "Quảng Ngãi"
    assert fields["subject"].value == "tham gia ý kiến các dự thảo Nghị định của Chính phủ"
    assert fields["document_number"].needs_review and fields["issue_date"].needs_review
    position = fields["signer_position"]
    assert position.value == "TL. CHỦ TỊCH CHÁNH VĂN PHÒNG"
    assert (position.read_as, position.needs_review) == ("TL. CHỦ TỊCH CHANH VAN PHONG", True)


def test_subject_with_a_word_no_vietnamese_syllable_spells_is_flagged() -> None:
    text = fixture_text("admin_cong_van").replace("giải quyết TTHC", "giải quyêt TTHC")
    subject = extract([page_from_text(text)]).fields["subject"]
    assert subject.needs_review and "quyêt" in subject.reason


def test_number_and_date_cited_in_the_body_are_never_the_papers_own() -> None:
    # typed after the OCR of tờ trình 09/TTr-UBND and nghị định 155/2020/NĐ-CP (realscans-dev):
    # the handwritten number and day were lost, the subject and the body cite other papers
    text = fixture_text("admin_to_trinh").replace("Số: 09 /TTr-UBND", "Số:\n/TTr-UBND")
    text = text.replace("ngày 20 tháng 01 năm 2025", "ngày 3{_ tháng 01 năm 2025")
    result = extract([page_from_text(text)])
    number, date = result.fields["document_number"], result.fields["issue_date"]
    assert (number.value, number.needs_review) == ("", True)
    assert (date.value, date.needs_review) == ("", True)


def test_signer_is_the_papers_own_not_the_attached_drafts() -> None:
    # tờ trình 09/TTr-UBND (realscans-dev) carries the draft resolution it proposes after its
    # own signature: the draft's "CHỦ TỊCH / Bùi Thị Quỳnh Vân" is not who signed the tờ trình
    draft = "\n".join(
        [
            "HỘI ĐỒNG NHÂN DÂN",
            "TỈNH QUẢNG NGÃI",
            "NGHỊ QUYẾT",
            "Bãi bỏ các Nghị quyết của Hội đồng nhân dân tỉnh",
            "Điều 2. Điều khoản thi hành",
            "                                                        CHỦ TỊCH",
            "                                                        Bùi Thị Quỳnh Vân",
        ]
    )
    pages = [page_from_text(fixture_text("admin_to_trinh")), page_from_text(draft)]
    fields = extract(pages).fields
    assert fields["signer"].value == "Trần Phước Hiền"
    assert fields["signer_position"].value == "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH"


def test_recipients_are_found_when_ocr_lost_their_label() -> None:
    # công văn 299/UBND-TTHC (realscans-dev): the bold italic "Nơi nhận:" was not read
    text = fixture_text("admin_cong_van").replace("Nơi nhận:", "         ")
    recipients = read_field(text, "recipients")
    assert recipients.value.split("\n")[-1] == "Lưu: VT, TTHC(Thu)."
    assert recipients.value.startswith("Như trên;")


def test_title_read_above_the_number_is_not_the_organ() -> None:
    # chỉ thị 11/CT-UBND 2021 (realscans-dev): OCR put "CHỈ THỊ" between the organ and "Số:"
    text = fixture_text("admin_chi_thi").replace(
        "TỈNH QUẢNG NGÃI\nSố: 05 /CT-UBND", "TỈNH QUẢNG NGÃI\nCHỈ THỊ\nSố: 05 /CT-UBND"
    )
    authority = extract([page_from_text(text)]).fields.get("issuing_authority")
    assert authority is None or "CHỈ THỊ" not in authority.value


def test_torn_position_and_name_without_family_name_are_flagged() -> None:
    # measured on real papers: "KT. BỘ TRƯỞNG / THỨ TR ỚN" (a signature over the title) and
    # "Phước Hiên" for "Trần Phước Hiền" (the family name under the seal)
    text = fixture_text("admin_bao_cao").replace("PHÓ CHỦ TỊCH", "PHÓ CH TỊC")
    text = text.replace("Trần Phước Hiền", "Phước Hiên")
    fields = extract([page_from_text(text)]).fields
    assert fields["signer_position"].needs_review
    assert fields["signer"].needs_review and "family name" in fields["signer"].reason


def test_untitled_paper_sent_to_someone_is_an_official_letter_flagged() -> None:
    # a phone photo whose header OCR could not read: no title, "V/v" line or notation, but the
    # body's "Kính gửi" line (Decree 30 prints no title on an official letter only)
    text = fixture_text("admin_cong_van")
    lines = [ln for ln in text.split("\n") if not re.search(r"V/v|Số:|/UBND|CÔNG VĂN", ln)]
    assert any(ln.startswith("Kính gửi") for ln in lines)
    kind = extract([page_from_text("\n".join(lines))]).fields["kind"]
    assert (kind.value, kind.needs_review) == ("Công văn", True)
    assert "Kính gửi" in kind.reason


def test_a_titled_paper_sent_to_someone_keeps_its_title() -> None:
    text = fixture_text("admin_to_trinh")
    assert "Kính gửi" in text
    kind = extract([page_from_text(text)]).fields["kind"]
    assert (kind.value, kind.needs_review) == ("Tờ trình", False)
