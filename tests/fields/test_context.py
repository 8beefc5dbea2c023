"""Words OCR misread by one slip, repaired in a Decree 30 subject and recipients from the words
beside them (ocr/fields/context.py), and the recipients' and subject's lines as the real scans
print them (a list torn under its label, a line that wraps, a subject over several lines)."""

from __future__ import annotations

from fields_helpers import page_from_text, read_field
from test_decree30_rules import LAST_PAGE

from ocr.fields import extract
from ocr.fields.context import repaired, repaired_field
from ocr.fields.model import FieldValue


def fixed(text: str) -> str:
    return repaired(text)[0]


def test_a_tone_mark_read_on_a_plain_vowel_is_removed_when_the_word_beside_wants_it() -> None:
    assert (
        fixed("Quy định chỉ tiết thi hành một số điều") == "Quy định chi tiết thi hành một số điều"
    )


def test_a_tone_lost_on_a_hat_is_restored_from_the_phrasing_of_state_papers() -> None:
    assert fixed("Cục Thông kê tỉnh; VNPT") == "Cục Thống kê tỉnh; VNPT"
    assert fixed("Sở Nội vụ (để biêt);") == "Sở Nội vụ (để biết);"


def test_a_bar_read_on_d_or_lost_from_đ_is_repaired() -> None:
    assert fixed("xoá nhà tạm, nhà đột nát huyện") == "xoá nhà tạm, nhà dột nát huyện"
    assert fixed("Viện kiểm sát nhân đân tối cao;") == "Viện kiểm sát nhân dân tối cao;"


def test_the_second_letter_of_an_onset_lost_is_restored() -> None:
    assert fixed("Thường tực HĐND tỉnh;") == "Thường trực HĐND tỉnh;"


def test_a_look_alike_letter_in_an_abbreviation_is_repaired() -> None:
    assert fixed("Sở Tài chính (để f/h);") == "Sở Tài chính (để t/h);"


def test_a_mark_between_the_syllables_of_one_word_is_left_out_a_dash_is_not() -> None:
    assert fixed("Các tập ‹ đoàn kinh tế") == "Các tập đoàn kinh tế"
    assert fixed("Sở Lao động — Thương binh và Xã hội") == "Sở Lao động — Thương binh và Xã hội"


def test_words_right_as_printed_are_left_as_they_are() -> None:
    for text in (
        "quy định tại khoản 2 Điều 3",  # "tài khoản" is a word, "tại khoản" a phrase
        "công tác phòng, chống dịch",  # "tác" is taken by "công tác": no "tác phong"
        "bảo vệ quyền lợi hợp pháp của nhà đầu tư",  # a grammatical word stands alone
        "cấp Giấy chứng nhận quyền sử dụng đất cho hộ gia đình",
        "kết luận của Chủ tịch UBND tỉnh Trương Minh Khải tại huyện Bình Sơn",
        "Lưu: VT, TTHC.",
    ):
        assert repaired(text) == (text, []), text


def test_two_spellings_that_both_fit_leave_the_word_as_read() -> None:
    # "chỉ" one slip from "chi" (chi tiêu) and from "chí" is not taken: only a mark removed
    # or added on a plain vowel; "tực" may be "trực" or "thực": only one makes a phrase here
    assert fixed("Thường tực") == "Thường trực"
    assert fixed("tực hiện") == "thực hiện"


def test_a_repaired_value_is_flagged_with_the_words_changed_and_keeps_what_was_read() -> None:
    read = "Thường tực HĐND tỉnh;\nCục Thuê tỉnh;\nLưu: VT."
    field = repaired_field(FieldValue(read, 95.0, False, ""))
    assert field.value == "Thường trực HĐND tỉnh;\nCục Thuế tỉnh;\nLưu: VT."
    assert field.needs_review and field.read_as == read
    assert "'tực' -> 'trực' ('Thường trực')" in field.reason
    assert "'Thuê' -> 'Thuế' ('Cục Thuế')" in field.reason


def test_an_earlier_doubt_about_the_repaired_word_is_dropped() -> None:
    doubt = "'chỉ tiết' may be 'chi tiết': check the tone mark"
    field = repaired_field(FieldValue("Quy định chỉ tiết", 95.0, True, doubt))
    assert field.value == "Quy định chi tiết" and "may be" not in field.reason


def test_a_recipient_is_repaired_in_extraction() -> None:
    text = LAST_PAGE.replace("- Ban Bí thư", "- Viện kiểm sát nhân đân tối cao;\n- Ban Bí thư")
    recipients = read_field(text, "recipients")
    assert recipients.value.split("\n")[0] == "Viện kiểm sát nhân dân tối cao;"
    assert recipients.needs_review and "nhân đân" in recipients.read_as


def test_lines_torn_under_the_label_before_the_first_bullet_are_left_out_flagged() -> None:
    text = LAST_PAGE.replace(
        "- Ban Bí thư Trung ương Đảng;", "°\ntrên,\n- Ban Bí thư Trung ương Đảng;"
    )
    recipients = read_field(text, "recipients")
    assert recipients.value.split("\n")[0] == "Ban Bí thư Trung ương Đảng;"
    assert recipients.needs_review and "'trên,'" in recipients.reason
    assert recipients.read_as.startswith("°\ntrên,")


def test_a_readable_recipient_whose_bullet_was_lost_is_kept() -> None:
    text = LAST_PAGE.replace(
        "- Ban Bí thư Trung ương Đảng;", "Ban Bí thư Trung ương Đảng;\n- Văn phòng Quốc hội;"
    )
    recipients = read_field(text, "recipients")
    assert recipients.value.split("\n")[:2] == [
        "Ban Bí thư Trung ương Đảng;",
        "Văn phòng Quốc hội;",
    ]
    assert "left out" not in recipients.reason


def test_a_recipient_line_that_wraps_in_small_letters_is_one_recipient() -> None:
    text = LAST_PAGE.replace(
        "- Lưu: VT",
        "- VPCP: BTCN, các PCN, Trợ lý TTg, TGĐ Cổng TTĐT,\n  các Vụ, Cục, Công báo;\n- Lưu: VT",
    )
    recipients = read_field(text, "recipients")
    lines = recipients.value.split("\n")
    assert lines[-2] == "VPCP: BTCN, các PCN, Trợ lý TTg, TGĐ Cổng TTĐT, các Vụ, Cục, Công báo;"
    assert lines[-1] == "Lưu: VT, ĐMDN (2b).KN"


def test_a_recipient_line_whose_end_was_lost_is_flagged() -> None:
    text = LAST_PAGE.replace("Thủ tướng Chính phủ;", "Thủ tướng Chính")
    recipients = read_field(text, "recipients")
    assert recipients.needs_review and "does not end with ';'" in recipients.reason


# a directive whose two-line subject is set in from the margin, its second line further and
# running to the right margin (as the body's first lines do), in small letters
INDENTED_SUBJECT = """\
ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG NGÃI               Độc lập - Tự do - Hạnh phúc
Số: 08/CT-UBND
Quảng Ngãi, ngày 03 tháng 4 năm 2018
CHỈ THỊ
  Về việc tăng cường công tác quản lý nhà nước để hỗ trợ nhà đầu tư
     thực hiện dự án sử dụng vốn ngoài ngân sách nhà nước tại tỉnh Quảng Ngãi
Thời gian qua, công tác quản lý nhà nước về cải cách thủ tục hành chính, thu
hút đầu tư đối với các dự án bằng nguồn vốn ngoài ngân sách Nhà nước, tạo sự
chuyển biến tích cực trong việc cải thiện môi trường đầu tư kinh doanh, tác
động lan tỏa mạnh mẽ đến cộng đồng doanh nghiệp trong và ngoài tỉnh, từng bước
khẳng định được năng lực cạnh tranh trong lĩnh vực đầu tư của tỉnh, từ đó góp
"""


def test_an_indented_line_that_begins_with_a_small_letter_goes_on_with_the_subject() -> None:
    subject = extract([page_from_text(INDENTED_SUBJECT)]).fields["subject"]
    assert subject.value == (
        "tăng cường công tác quản lý nhà nước để hỗ trợ nhà đầu tư thực hiện dự án sử dụng "
        "vốn ngoài ngân sách nhà nước tại tỉnh Quảng Ngãi"
    )
    body = INDENTED_SUBJECT.replace("     thực hiện", "     Thực hiện")  # a paragraph begins
    assert extract([page_from_text(body)]).fields["subject"].value.endswith("nhà đầu tư")


# a decision whose subject is centred over two lines, the second one a little off the middle of
# the text block (its middle ten pixels right of the first's)
CENTRED_SUBJECT = (
    "SỞ NỘI VỤ                         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Số: 12/QĐ-SNV                          Độc lập - Tự do - Hạnh phúc\n"
    "Tây Ninh, ngày 05 tháng 3 năm 2022\n"
    + " " * 36
    + "QUYẾT ĐỊNH\n"
    + " " * 24
    + "Về việc thành lập Tổ công tác về số hóa hồ\n"
    + " " * 25
    + "sơ, kết quả giải quyết thủ tục hành chính\n"
    + " " * 32
    + "GIÁM ĐỐC SỞ NỘI VỤ\n"
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác\n"
    "văn thư; Căn cứ Quyết định số 12/2021/QĐ-UBND ngày 10 tháng 5 năm 2021 của Ủy ban\n"
    "nhân dân tỉnh quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Nội vụ;\n"
)


def test_a_subject_line_centred_under_the_one_above_goes_on_with_it() -> None:
    subject = extract([page_from_text(CENTRED_SUBJECT)], declared_type="decision")
    assert subject.fields["subject"].value == (
        "thành lập Tổ công tác về số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"
    )


def test_a_speck_left_out_between_two_syllables_is_flagged_with_what_was_read() -> None:
    field = repaired_field(FieldValue("Các tập ‹ đoàn kinh tế nhà nước;", 95.0))
    assert field.value == "Các tập đoàn kinh tế nhà nước;"
    assert field.needs_review and field.read_as == "Các tập ‹ đoàn kinh tế nhà nước;"
    assert "'‹' read between the syllables of one word left out" in field.reason


def test_a_standard_abbreviation_misread_in_the_recipients_is_restored_and_flagged() -> None:
    text = LAST_PAGE.replace("Văn phòng Trung ương", "Văn phòng DBND Trung ương")
    recipients = read_field(text, "recipients")
    assert "Văn phòng UBND Trung ương và các Ban của Đảng;" in recipients.value.split("\n")
    assert recipients.needs_review and "DBND" in recipients.read_as
    assert "standard abbreviation misread by OCR restored ('DBND' -> 'UBND')" in recipients.reason
