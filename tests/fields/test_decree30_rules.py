"""Rules of the Decree 30 header read on real scans (benchmarks/real): a first page whose title
OCR lost, a chapter heading under the preamble, a number written by hand into the blank."""

from __future__ import annotations

from dataclasses import replace

from fields_helpers import DIRECTIVE, fixture_text, page_from_text, read_field

from ocr.fields import extract
from ocr.fields.lexicon import unknown_words
from ocr.types import PageText

# after the first page of nghị định 155/2020/NĐ-CP as OCR read it: the top of the header cut off,
# the title lost under a received stamp, the number and the day written by hand
DECREE_PAGE = """\
TƯỢC 14D ~ 1U UV -
Số:45% /2020/NĐ-CP
Hà Nội, ngày 3{ tháng 12 năm 2020
Quy định chi tiết thi hành một số điều của Luật Chứng khoán
Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; Luật sửa
đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính
quyền địa phương ngày 22 tháng 11 năm 2019;
Căn cứ Luật Chứng khoán ngày 26 tháng 11 năm 2019;
Theo đề nghị của Bộ trưởng Bộ Tài chính;
Chính phủ ban hành Nghị định quy định chi tiết thi hành một số điều của
Luật Chứng khoán.
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Điều 2. Đối tượng áp dụng
"""


def test_a_chapter_heading_under_the_preamble_is_not_the_title() -> None:
    out = extract([page_from_text(DECREE_PAGE)])
    assert out.doc_type == "administrative_document"
    assert out.fields["kind"].value == "Nghị định"  # from the notation, not "QUY ĐỊNH CHUNG"


def test_a_date_cited_in_the_preamble_is_not_the_issue_date() -> None:
    out = extract([page_from_text(DECREE_PAGE)])
    date = out.fields["issue_date"]
    assert date.value != "2019-11-22"
    assert date.needs_review


def test_marks_of_a_cut_page_edge_above_the_number_are_not_an_organ() -> None:
    assert "issuing_authority" not in extract([page_from_text(DECREE_PAGE)]).plain_fields()


def test_a_number_with_unreadable_marks_before_it_is_left_empty_flagged_with_what_was_read():
    number = extract([page_from_text(DECREE_PAGE)]).fields["document_number"]
    assert number.value == ""  # "2020/NĐ-CP" is the end of "155/2020/NĐ-CP", not a number
    assert number.needs_review and "written by hand" in number.reason
    assert number.read_as == "45% /2020/NĐ-CP"


def spaced_after(page: PageText, line: int, pixels: int) -> PageText:
    """The page with the lines after `line` moved `pixels` down (a blank under the subject)."""
    words = tuple(replace(w, top=w.top + pixels) if w.line > line else w for w in page.words)
    return replace(page, words=words)


def test_a_blank_under_the_subject_ends_it_before_the_body() -> None:
    subject = (
        "tăng cường các biện pháp đảm bảo an toàn công trình cầu giao thông trong mùa mưa, "
        "bão năm 2024 trên địa bàn tỉnh Quảng Ngãi"
    )
    close = extract([page_from_text(DIRECTIVE)]).fields["subject"].value
    assert close.startswith(subject) and close != subject  # lines set close: one block
    spaced = extract([spaced_after(page_from_text(DIRECTIVE), 6, 60)])
    assert spaced.fields["subject"].value == subject


# the end of a decision as OCR read a 150 dpi scan: the recipients between the two title lines,
# the signer's name under the signature unreadable
SIGNED_UNREADABLE = """\
Điều 2. Quyết định này có hiệu lực từ ngày ký.
Điều 3. Chánh Văn phòng chịu trách nhiệm thi hành Quyết định này./.
Nơi nhận:                                                 KT. BỘ TRƯỞNG
- Như Điều 3;
- Lưu: VT, VP.
                                                          THỨ TRƯƠNG
                                                          Lê +ần Dũng
"""


def test_the_position_is_read_from_the_title_lines_when_the_name_is_unreadable() -> None:
    out = extract([page_from_text(SIGNED_UNREADABLE)], declared_type="decision")
    position = out.fields["signer_position"]
    assert position.value == "KT. BỘ TRƯỞNG THỨ TRƯỞNG"
    assert position.read_as == "KT. BỘ TRƯỞNG THỨ TRƯƠNG" and position.needs_review
    assert out.fields["signer"].needs_review


def test_a_position_signed_for_another_without_the_signers_title_is_flagged() -> None:
    torn = SIGNED_UNREADABLE.replace("THỨ TRƯƠNG", "7 , ")
    position = extract([page_from_text(torn)], declared_type="decision").fields["signer_position"]
    assert position.value == "KT. BỘ TRƯỞNG"
    assert position.needs_review and "own title" in position.reason


def test_stray_marks_of_the_seal_around_the_name_are_not_part_of_it() -> None:
    text = SIGNED_UNREADABLE.replace("Lê +ần Dũng", ": Nguyễn Hoàng Giang")
    signer = extract([page_from_text(text)], declared_type="decision").fields["signer"]
    assert signer.value == "Nguyễn Hoàng Giang"


# the last page of a decree: the end of the body, the recipients, the signer (no header, no title)
LAST_PAGE = """\
2. Bãi bỏ các quy định tại khoản 8 Điều 4 Nghị định số 151/2013/NĐ-CP ngày 01 tháng 11 năm 2013
của Chính phủ./.
Nơi nhận:                                                   TM. CHÍNH PHỦ
- Ban Bí thư Trung ương Đảng;                               THỦ TƯỚNG
- Thủ tướng, các Phó Thủ tướng Chính phủ;
¬ - Văn phòng Trung ương và các Ban của Đảng;
- Lưu: VT, ĐMDN (2b).KN
                                                            Nguyễn Xuân Phúc
"""


def test_a_last_page_with_the_recipients_list_is_an_administrative_document() -> None:
    out = extract([page_from_text(LAST_PAGE)])
    assert out.doc_type == "administrative_document"
    assert out.fields["kind"].needs_review  # its kind is printed on another page
    assert out.fields["signer"].value == "Nguyễn Xuân Phúc"
    assert "issue_date" not in out.plain_fields()  # a date cited in a sentence is not it


def test_a_stray_mark_before_a_bullet_does_not_end_the_recipients() -> None:
    recipients = extract([page_from_text(LAST_PAGE)]).fields["recipients"]
    assert recipients.value.split("\n") == [
        "Ban Bí thư Trung ương Đảng;",
        "Thủ tướng, các Phó Thủ tướng Chính phủ;",
        "Văn phòng Trung ương và các Ban của Đảng;",
        "Lưu: VT, ĐMDN (2b).KN",
    ]
    assert not recipients.needs_review


def test_recipients_that_do_not_end_with_the_file_copy_are_flagged() -> None:
    cut = LAST_PAGE.replace("- Lưu: VT, ĐMDN (2b).KN", "Lưu")
    recipients = extract([page_from_text(cut)]).fields["recipients"]
    assert recipients.value.endswith("Văn phòng Trung ương và các Ban của Đảng;")
    assert recipients.needs_review and "Lưu" in recipients.reason


def test_a_word_no_one_writes_is_flagged_as_a_misread_mark() -> None:
    assert unknown_words("phát triên Đảng tại buỗi làm việc") == ["triên", "buỗi"]
    assert unknown_words("phát triển Đảng, SỞ Y TẾ, HU, TTr: HĐND; hoà hòa") == []
    text = DIRECTIVE.replace("giao thông", "giao thồng")
    subject = extract([page_from_text(text)]).fields["subject"]
    assert subject.needs_review and "thồng" in subject.reason


MINISTRY_DECISION = """\
BỘ GIÁO DỤC VÀ ĐÀO TẠO ˆ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Só2627 /QĐ-BGDĐT
Hà Nội, ngàyl7 tháng 09 năm 202]
QUYẾT ĐỊNH
Ban hành Chuẩn chương trình đào tạo kỹ sư, thạc sĩ tài năng
thuộc các lĩnh vực STEM
BỘ TRƯỞNG BỘ GIÁO DỤC VÀ ĐÀO TẠO
Căn cứ Luật Giáo dục đại học số 08/2012/QH13;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Chuẩn chương trình đào tạo.
"""


def test_a_decision_subject_printed_without_ve_viec_is_the_line_under_the_title() -> None:
    out = extract([page_from_text(MINISTRY_DECISION)])
    assert out.doc_type == "decision"
    assert out.fields["subject"].value == (
        "Ban hành Chuẩn chương trình đào tạo kỹ sư, thạc sĩ tài năng thuộc các lĩnh vực STEM"
    )


def test_a_number_label_glued_to_its_number_is_read() -> None:
    out = extract([page_from_text(MINISTRY_DECISION)])
    assert out.fields["document_number"].value == "2627/QĐ-BGDĐT"


def test_a_mark_without_case_after_the_organ_is_not_part_of_it() -> None:
    out = extract([page_from_text(MINISTRY_DECISION)])
    assert out.fields["issuing_authority"].value == "BỘ GIÁO DỤC VÀ ĐÀO TẠO"


def test_marks_cut_from_the_organ_are_flagged_and_what_was_read_is_kept() -> None:
    organ = extract([page_from_text(MINISTRY_DECISION)]).fields["issuing_authority"]
    assert organ.read_as == "BỘ GIÁO DỤC VÀ ĐÀO TẠO ˆ"
    assert organ.needs_review and "cut out" in organ.reason


def test_an_organ_read_without_stray_marks_is_not_flagged() -> None:
    text = MINISTRY_DECISION.replace("ĐÀO TẠO ˆ", "ĐÀO TẠO  ")
    organ = extract([page_from_text(text)]).fields["issuing_authority"]
    assert organ.value == "BỘ GIÁO DỤC VÀ ĐÀO TẠO"
    assert not organ.needs_review and organ.read_as == ""


def test_digits_read_as_letters_in_the_date_are_restored_and_flagged() -> None:
    date = extract([page_from_text(MINISTRY_DECISION)]).fields["issue_date"]
    assert date.value == "2021-09-17"  # "ngàyl7", "202]"
    assert date.needs_review and date.read_as


def test_a_place_read_as_one_word_is_restored_to_the_province_it_ends_and_flagged() -> None:
    text = MINISTRY_DECISION.replace("Hà Nội, ngày", "!là Nội, ngày")
    place = extract([page_from_text(text)]).fields["place"]
    assert place.value == "Hà Nội" and place.read_as == "Nội"
    assert place.needs_review and "first words lost" in place.reason


def test_the_place_is_read_when_the_handwritten_day_is_glued_to_ngay() -> None:
    text = DIRECTIVE.replace("Quảng Ngãi, ngày 11 tháng", "Quảng Ngãi, ngày4} tháng")
    out = extract([page_from_text(text)])
    assert out.fields["place"].value == "Quảng Ngãi"
    assert not out.fields["place"].needs_review


def test_specks_between_the_subject_lines_are_not_part_of_it() -> None:
    page = page_from_text(DIRECTIVE.replace("Về việc tăng cường", "Về việc\n.ˆ\ntăng cường"))
    speck = next(w for w in page.words if w.text == ".ˆ")
    small = replace(speck, height=10)
    page = replace(page, words=tuple(small if w is speck else w for w in page.words))
    page = spaced_after(spaced_after(page, 6, -60), 8, 120)  # the speck takes no line's room
    subject = extract([page]).fields["subject"]
    assert subject.value.startswith("tăng cường các biện pháp")
    assert subject.value.endswith("trên địa bàn tỉnh Quảng Ngãi")
    assert subject.read_as.startswith(".ˆ tăng cường")  # what was read, specks and all
    assert subject.needs_review and "cut out" in subject.reason


# a Quảng Ngãi header whose "Số:" and handwritten number OCR could not read, and a body that
# cites another paper's number on a wrapped line ("số 15/2020/TT-BGDĐT")
UNREAD_NUMBER = """\
Thời gian ký: 11/05/2021 11:26:39
ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI
SôztT /CT-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Quảng Ngãi, ngày 11 tháng 5 năm 2021
CHỈ THỊ
Về tăng cường chỉ đạo Kỳ thi tốt nghiệp trung học phổ thông năm 2021
Thực hiện Chỉ thị số 11/CT-TTg ngày 16 tháng 4 năm 2021 của Thủ tướng Chính phủ; Thông tư
số 15/2020/TT-BGDĐT ngày 26 tháng 5 năm 2020 của Bộ Giáo dục và Đào tạo.
"""


def test_the_organ_is_read_above_a_notation_whose_number_is_unreadable() -> None:
    out = extract([page_from_text(UNREAD_NUMBER)])
    assert out.fields["issuing_authority"].value == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    assert out.fields["document_number"].needs_review  # not read: a person fills it in
    assert out.fields["document_number"].value != "15/2020/TT-BGDĐT"


def test_a_day_read_as_lookalike_marks_is_read_and_flagged() -> None:
    text = MINISTRY_DECISION.replace("ngàyl7 tháng 09 năm 202]", "ngày |] tháng 9 năm 2025")
    date = extract([page_from_text(text)]).fields["issue_date"]
    assert date.value == "2025-09-11"
    assert date.needs_review and date.read_as == "ngày |] tháng 9 năm 2025"


def test_a_speck_inside_a_subject_line_is_cut_out_but_a_dash_is_kept() -> None:
    text = DIRECTIVE.replace("công trình cầu", "công trình ) cầu - cống")
    page = page_from_text(text)
    small = {"-": 5, ")": 12}  # printed dash (small by nature), a stain read as ")"
    page = replace(
        page, words=tuple(replace(w, height=small.get(w.text, w.height)) for w in page.words)
    )
    subject = extract([spaced_after(page, 6, 60)]).fields["subject"]
    assert "công trình cầu - cống giao thông" in subject.value
    assert "công trình ) cầu - cống" in subject.read_as
    assert subject.needs_review and "cut out" in subject.reason


def test_a_subject_with_nothing_cut_out_keeps_no_read_as() -> None:
    page = spaced_after(page_from_text(DIRECTIVE), 6, 60)
    subject = extract([page]).fields["subject"]
    assert subject.value.endswith("trên địa bàn tỉnh Quảng Ngãi") and subject.read_as == ""


def test_a_recipient_line_ending_with_a_colon_is_a_misread_semicolon() -> None:
    text = LAST_PAGE.replace("Chính phủ;\n", "Chính phủ:\n")
    recipients = read_field(text, "recipients")
    assert recipients.value.split("\n")[1] == "Thủ tướng, các Phó Thủ tướng Chính phủ;"
    assert recipients.needs_review and "Chính phủ:" in recipients.read_as


def test_a_subject_wrapped_before_a_small_so_goes_on_and_a_capital_label_ends_it() -> None:
    text = DIRECTIVE.replace(
        "Về việc tăng cường các biện pháp đảm bảo an toàn công trình cầu\n"
        "giao thông trong mùa mưa, bão năm 2024 trên địa bàn tỉnh Quảng Ngãi",
        "Về việc đề nghị phê duyệt kế hoạch\nsố hóa hồ sơ năm 2024\nSố: 12/KH-UBND",
    )
    subject = extract([page_from_text(text)]).fields["subject"]
    assert subject.value == "đề nghị phê duyệt kế hoạch số hóa hồ sơ năm 2024"


def test_a_centred_subject_ends_where_the_body_begins_at_the_margin() -> None:
    body = "Tổ công tác tự giải thể sau khi hoàn thành nhiệm vụ; các thành"
    rule = "viên làm việc theo chế độ kiêm nhiệm, báo cáo kết quả về Ủy ban tỉnh."
    width = len(rule)  # the body runs from margin to margin; its first line is indented
    text = "\n".join(
        [
            "ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "TỈNH QUẢNG NGÃI               Độc lập - Tự do - Hạnh phúc",
            "Số: 540/TTr-UBND          Quảng Ngãi, ngày 18 tháng 12 năm 2024",
            "TỜ TRÌNH".center(width).rstrip(),
            "Đề nghị phê duyệt kế hoạch".center(width).rstrip(),
            "số hóa hồ sơ năm 2024".center(width).rstrip(),
            "    " + body,
            rule,
        ]
    )
    subject = extract([page_from_text(text)]).fields["subject"]
    assert subject.value == "Đề nghị phê duyệt kế hoạch số hóa hồ sơ năm 2024"


def test_a_position_word_read_with_its_marks_is_kept_as_read() -> None:
    from ocr.fields.names import fix_position

    assert fix_position("TM. SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG") == "TM. SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
    assert fix_position("TM. UỶ BAN NHÂN DÂN") == "TM. UỶ BAN NHÂN DÂN"  # a way to print ỦY
    assert fix_position("PHO CHU TICH") == "PHÓ CHỦ TỊCH"  # every mark lost: put back


def test_a_mark_before_a_recipient_line_is_cut_flagged_and_kept_in_read_as() -> None:
    text = LAST_PAGE.replace("- Lưu: VT", "- ˆ Lưu: VT")
    recipients = read_field(text, "recipients")
    assert recipients.value.split("\n")[-1].startswith("Lưu: VT")
    assert recipients.needs_review and "ˆ Lưu: VT" in recipients.read_as


def test_the_signers_title_read_between_the_label_and_the_recipients_is_skipped() -> None:
    # measured (held-out set): OCR read "CHỦ TỊCH" of the signature block, printed beside
    # "Nơi nhận:", as the line after the label, and the list was lost
    text = LAST_PAGE.replace(
        "Nơi nhận:                                                   TM. CHÍNH PHỦ\n",
        "Nơi nhận:\n                                                            TM. CHÍNH PHỦ\n",
    )
    recipients = read_field(text, "recipients")
    assert recipients.value.split("\n")[0] == "Ban Bí thư Trung ương Đảng;"
    assert recipients.value.endswith("Lưu: VT, ĐMDN (2b).KN")


def test_the_tail_of_the_organ_read_onto_the_subject_line_is_left_out() -> None:
    # a real directive: OCR read the end of "TỈNH QUẢNG NGÃI" onto the line of "Về việc"
    text = DIRECTIVE.replace("Về việc tăng cường", "NGÃI Về việc tăng cường")
    subject = extract([page_from_text(text)]).fields["subject"].value
    assert subject.startswith("tăng cường các biện pháp")
    # "Vềviệc" read without its space is still the marker
    glued = DIRECTIVE.replace("Về việc tăng cường", ",Vềviệc tăng cường")  # and a speck
    assert extract([page_from_text(glued)]).fields["subject"].value.startswith("tăng cường")
    # a subject that merely contains the words is not cut there
    plain = DIRECTIVE.replace("Về việc tăng cường", "Về việc rà soát Về việc tăng cường")
    assert extract([page_from_text(plain)]).fields["subject"].value.startswith("rà soát")


def test_words_left_out_before_the_subject_are_flagged_with_what_was_read() -> None:
    text = DIRECTIVE.replace("Về việc tăng cường", "NGÃI Về việc tăng cường")
    subject = extract([page_from_text(text)]).fields["subject"]
    assert subject.needs_review and "'NGÃI' read before 'Về việc' left out" in subject.reason
    assert subject.read_as.startswith("NGÃI Về việc tăng cường")
    clean = extract([page_from_text(DIRECTIVE)]).fields["subject"]
    assert not clean.read_as and "left out" not in clean.reason  # the label alone is no change


HEADER = """\
ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG NGÃI               Độc lập - Tự do - Hạnh phúc
Số: 11/CT-UBND          Quảng Ngãi, ngày 11 tháng 9 năm 2024
"""
WIDE_SUBJECT = "giao thông trong mùa mưa, bão năm 2024 trên địa bàn tỉnh Quảng Ngãi"
# the body runs from margin to margin (as wide as the subject's second line); its first line
# is indented
BODY = (
    "    Cơn bão số 3 và mưa lũ sau bão vừa qua đã gây thiệt hại rất lớn\n"
    "người, tài sản của Nhân dân và Nhà nước tại khu vực các tỉnh phía"
)


def test_a_subject_line_run_from_margin_to_margin_goes_on_until_an_indented_paragraph() -> None:
    first, second = BODY.split("\n")
    assert len(WIDE_SUBJECT) == len(first) and len(second) <= len(first)
    text = (
        HEADER
        + "CHỈ THỊ\n"
        + "   Về việc tăng cường các biện pháp đảm bảo an toàn công trình cầu\n"
        + f"{WIDE_SUBJECT}\n{BODY}\n"
    )
    subject = extract([page_from_text(text)]).fields["subject"]
    assert subject.value == (
        "tăng cường các biện pháp đảm bảo an toàn công trình cầu " + WIDE_SUBJECT
    )


def test_a_centred_subject_goes_on_with_a_wider_centred_line() -> None:
    rule = "người, tài sản của Nhân dân và Nhà nước tại khu vực các tỉnh phía Bắc nước ta"
    wider = "cải cách thủ tục hành chính tháng 01/2025 của tỉnh Quảng Ngãi năm"
    width = len(rule)  # the second line has under a tenth of the width clear on each side
    assert 0.05 < (width - len(wider)) / 2 / width < 0.1
    text = "\n".join(
        [
            HEADER.rstrip("\n").replace("CT-UBND", "BC-UBND"),
            "BÁO CÁO".center(width).rstrip(),
            "Tình hình, kết quả thực hiện công tác".center(width).rstrip(),
            wider.center(width).rstrip(),
            "Kính gửi: Văn phòng Chính phủ.".center(width).rstrip(),
            rule,
        ]
    )
    subject = extract([page_from_text(text)]).fields["subject"]
    assert subject.value == "Tình hình, kết quả thực hiện công tác " + wider


def test_a_stamp_in_the_margin_read_onto_the_body_line_does_not_go_on_the_subject() -> None:
    stamp = "ĐẾN Ngày Chuyển:   "  # a received stamp left of the text block, read onto the line
    block = " " * len(stamp)
    line = BODY.split("\n")[1] + " và"
    head = "".join(block + row + "\n" for row in HEADER.splitlines())
    text = (
        head
        + f"{block}CHỈ THỊ\n"
        + f"{block}Về việc tăng cường công tác thi hành án hành chính và dân sự\n"
        + f"{block}trên địa bàn tỉnh Quảng Ngãi\n"
        + f"{stamp}{line}\n{block}{line}\n{block}{line}\n"
    )
    subject = extract([page_from_text(text)]).fields["subject"]
    assert subject.value == (
        "tăng cường công tác thi hành án hành chính và dân sự trên địa bàn tỉnh Quảng Ngãi"
    )


def test_a_cited_number_split_after_its_hyphen_is_joined_and_flagged() -> None:
    text = DIRECTIVE.replace(
        "Về việc tăng cường các biện pháp đảm bảo an toàn công trình cầu",
        "Về việc bãi bỏ Nghị quyết số 24/2013/NQ- HĐND của HĐND tỉnh",
    )
    subject = extract([page_from_text(text)]).fields["subject"]
    assert subject.value.startswith("bãi bỏ Nghị quyết số 24/2013/NQ-HĐND của HĐND tỉnh")
    assert subject.needs_review and "NQ- HĐND" in subject.read_as
    spaced = DIRECTIVE.replace("Quảng Ngãi\nCơn", "Quảng Ngãi - Kon Tum\nCơn")
    assert " - Kon Tum" in extract([page_from_text(spaced)]).fields["subject"].value


def test_marks_above_a_subject_line_and_a_line_of_marks_are_cut_out_and_flagged() -> None:
    text = DIRECTIVE.replace("công trình cầu\n", "công trình cầu ^ .^A\n").replace(
        "Quảng Ngãi\nCơn", "Quảng Ngãi\nˆ Ẩ\nCơn"
    )  # the tone marks of the line read apart, above its letters, and a line of marks
    page = page_from_text(text)
    marks = {"^", ".^A"}
    page = replace(
        page,
        words=tuple(
            replace(w, top=w.top - 12, height=22) if w.text in marks else w for w in page.words
        ),
    )
    subject = extract([spaced_after(page, 7, 60)]).fields["subject"]
    assert subject.value == (
        "tăng cường các biện pháp đảm bảo an toàn công trình cầu giao thông trong mùa mưa, "
        "bão năm 2024 trên địa bàn tỉnh Quảng Ngãi"
    )
    assert subject.needs_review and "cầu ^ .^A giao" in subject.read_as
    assert "marks under half the text's height cut out" in subject.reason


# a decree's last page as OCR read it: no header, a sentence of its body cites an older decree
CITING_LAST_PAGE = """\
2. Bãi bỏ các quy định tại khoản 8 Điều 4, điểm a khoản 4 Điều 14,
Điều 23, Điều 28 Nghị định số 151/2013/NĐ-CP ngày 01 tháng 11 năm 2013
của Chính phủ./.
Nơi nhận:
- Ban Bí thư Trung ương Đảng;
- Thủ tướng, các Phó Thủ tướng Chính phủ;
- Lưu: VT, ĐMDN (2b).KN
TM. CHÍNH PHỦ
THỦ TƯỚNG
Nguyễn Xuân Phúc
"""


def test_a_date_cited_after_a_comma_in_a_sentence_is_not_the_issue_date() -> None:
    # measured on a real last page: "Điều 23, Điều 28 ... ngày 01 tháng 11 năm 2013" was taken
    # for "Place, ngày ..." because a comma stood somewhere before the date
    assert "issue_date" not in extract([page_from_text(CITING_LAST_PAGE)]).plain_fields()


def test_the_place_before_the_date_may_be_a_commune_written_in_lower_case() -> None:
    page = page_from_text("UBND HUYỆN LAI VUNG\nxã Tân Hòa, ngày 05 tháng 3 năm 2021\nTHÔNG BÁO\n")
    date = extract([page]).fields["issue_date"]
    assert date.value == "2021-03-05"


def test_a_place_named_in_two_parts_joined_by_a_dash_is_read_whole() -> None:
    # measured (generated seed 3033, unseen layout): "Bà Rịa - Vũng Tàu, ngày ..." read as
    # "Vũng Tàu" without a flag; a dash before the name (a bullet, a merged piece) stays out
    text = DIRECTIVE.replace("Quảng Ngãi, ngày 11 tháng", "Bà Rịa - Vũng Tàu, ngày 11 tháng")
    assert extract([page_from_text(text)]).fields["place"].value == "Bà Rịa - Vũng Tàu"
    text = DIRECTIVE.replace("Quảng Ngãi, ngày 11 tháng", "- Quảng Ngãi, ngày 11 tháng")
    assert extract([page_from_text(text)]).fields["place"].value == "Quảng Ngãi"


def test_a_kinds_abbreviation_read_with_a_d_twice_is_taken_with_one_and_flagged() -> None:
    text = fixture_text("decision").replace("1234/QĐ-UBND", "1234/QĐĐ-UBND")
    number = extract([page_from_text(text)]).fields["document_number"]
    assert (number.value, number.read_as) == ("1234/QĐ-UBND", "1234/QĐĐ-UBND")
    assert number.needs_review and "'QĐĐ' read with a Đ twice" in number.reason


def test_a_units_abbreviation_with_two_d_is_kept_and_flagged() -> None:
    text = DIRECTIVE.replace("11/CT-UBND", "11/CT-ĐKĐĐ")
    number = extract([page_from_text(text)]).fields["document_number"]
    assert number.value == "11/CT-ĐKĐĐ"  # a unit may print two: not changed
    assert number.needs_review and "'ĐKĐĐ' has two Đ" in number.reason


def test_text_that_is_no_number_and_notation_says_so() -> None:
    from ocr.fields.read import document_number

    assert document_number("Số: không rõ") == (
        "Số: không rõ",
        "not a document number and notation: 'Số: không rõ'",
    )


def test_a_title_that_names_no_kind_of_document_says_so() -> None:
    from ocr.fields.read import document_kind

    assert document_kind("LỜI CẢM ƠN") == (
        "LỜI CẢM ƠN",
        "not a known kind of document: 'LỜI CẢM ƠN'",
        "",
    )


def test_marks_after_the_last_recipient_are_left_out_and_flagged() -> None:
    text = LAST_PAGE.replace("- Lưu: VT, ĐMDN (2b).KN", "- Lưu: VT, ĐMDN (2b).KN ¿§")
    recipients = extract([page_from_text(text)]).fields["recipients"]
    assert recipients.value.split("\n")[-1] == "Lưu: VT, ĐMDN (2b).KN"
    assert recipients.needs_review and recipients.read_as.endswith("(2b).KN ¿§")
    assert "'¿§' after the last line left out" in recipients.reason


def test_a_file_copy_line_with_no_keeper_read_is_flagged() -> None:
    text = LAST_PAGE.replace("- Lưu: VT, ĐMDN (2b).KN", "- Lưu:")
    recipients = extract([page_from_text(text)]).fields["recipients"]
    assert recipients.value.split("\n")[-1] == "Lưu:"
    assert recipients.needs_review and "nothing read after 'Lưu:'" in recipients.reason


def test_a_position_with_a_word_no_title_has_is_flagged() -> None:
    from ocr.fields.read import convert

    value, problem, read_as = convert("position", "PHÓ CHỦ TỊCH XZQ")
    assert (value, read_as) == ("PHÓ CHỦ TỊCH XZQ", "")  # nothing to restore it to
    assert problem == "position read without some of its marks: 'PHÓ CHỦ TỊCH XZQ'"


def test_a_label_read_onto_the_date_line_is_no_part_of_the_place() -> None:
    # measured (generated seed 4077, unseen layout): the number lost, "Số:" read on the date
    # line gave the place "Số: Phú Thọ" without a flag
    text = DIRECTIVE.replace("Quảng Ngãi, ngày 11 tháng", "Số: Quảng Ngãi, ngày 11 tháng")
    assert extract([page_from_text(text)]).fields["place"].value == "Quảng Ngãi"
