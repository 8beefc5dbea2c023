"""Fields do not depend on one layout: labels numbered, without accents, with words up to their
colon, on the line before their value; values wrapped over lines until the next label.

tests/fields/texts/layout_*.txt were typed for these tests: the application form and the ID card
of texts/ laid out another way (the way other forms and the card's own print put them).
"""

from __future__ import annotations

import re

from fields_helpers import fixture_text, page_from_text

from ocr.fields import extract
from ocr.fields.lines import build_doc
from ocr.fields.locate import starts_with_label
from ocr.fields.spec import labels
from ocr.types import PageText, Word


def test_application_form_laid_out_another_way_reads_the_same_fields() -> None:
    result = extract([page_from_text(fixture_text("layout_application_form"))])
    assert result.doc_type == "application_form"
    assert result.plain_fields() == {
        "full_name": "Phạm Quốc Bảo",  # "1. Ho va ten nguoi de nghi" then the name below
        "id_number": "087085001234",  # "Số định danh cá nhân / CCCD" then the number below
        "date_of_birth": "1985-09-03",
        "address": "số 12 kiệt 45 đường Nguyễn Văn Linh, tổ 7, phường Hòa Cường, "
        "thành phố Đà Nẵng",  # wrapped after a comma on a short line
        "phone": "0912345678",
        "procedure_name": "Cấp bản sao trích lục hộ tịch",  # label words run to the colon
    }


def test_id_card_with_every_value_under_its_label_reads_the_same_fields() -> None:
    result = extract([page_from_text(fixture_text("layout_citizen_id_card"))])
    assert result.doc_type == "citizen_id_card"
    assert result.plain_fields() == {
        "id_number": "079203004567",
        "full_name": "HUỲNH MINH KHOA",
        "date_of_birth": "2003-11-21",
        "gender": "Nam",
        "nationality": "Việt Nam",
        "place_of_origin": "xã Mỹ An, huyện Tháp Mười, tỉnh Đồng Tháp",
        "place_of_residence": "Số 7 đường Lê Lợi, phường Bến Thành, Quận 1, thành phố Hồ Chí Minh",
        "expiry_date": "2028-11-21",
    }
    assert not result.needs_review, result.review_reasons


# a form whose values sit at a tab stop, as OCR reads it: the column of labels, then the column
# of values, each value on the row of its label (the last one wrapped onto a second row)
TAB_STOP_ROWS = [
    ("ĐƠN ĐỀ NGHỊ", ""),
    ("Về việc: Đăng ký thường trú", ""),
    ("Kính gửi: Ủy ban nhân dân xã An Nhơn", ""),
    ("Họ, chữ đệm và tên:", "TRẦN KHẮC TÀI"),
    ("Ngày, tháng, năm sinh:", "29/10/1998"),
    ("Số định danh cá nhân:", "014098635017"),
    ("Số điện thoại:", "0850254120"),
    ("Nơi cư trú:", "Số 282 đường Trần Phú, phường An Hòa,"),
    ("", "tỉnh Sơn La"),
    ("Thủ tục hành chính đề nghị giải quyết: Đăng ký thường trú", ""),
]


def tab_stop_page(rows: list[tuple[str, str]] = TAB_STOP_ROWS) -> PageText:
    """The page of `rows` read column by column: labels at the left, values at x=1000."""
    placed = [(t, 200, r) for r, (t, _) in enumerate(rows[:-1]) if t]
    placed += [(v, 1000, r) for r, (_, v) in enumerate(rows) if v]
    placed.append((rows[-1][0], 200, len(rows) - 1))
    words = [
        Word(m.group(0), left + m.start() * 20, 200 + row * 60, len(m.group(0)) * 20, 40, 95.0, n)
        for n, (text, left, row) in enumerate(placed)
        for m in re.finditer(r"\S+", text)
    ]
    text = "\n".join(t for t, _, _ in placed)
    return PageText(2480, 3508, 300.0, tuple(words), text, 95.0)


def test_values_at_a_tab_stop_read_as_a_column_are_found_on_their_labels_row() -> None:
    result = extract([tab_stop_page()])
    assert result.doc_type == "application_form"
    fields = result.plain_fields()
    assert fields["full_name"] == "TRẦN KHẮC TÀI"
    assert fields["date_of_birth"] == "1998-10-29"
    assert fields["id_number"] == "014098635017"
    assert fields["phone"] == "0850254120"
    assert fields["address"] == "Số 282 đường Trần Phú, phường An Hòa, tỉnh Sơn La"


def test_a_wrapped_value_does_not_run_into_the_value_of_the_next_labels_row() -> None:
    rows = [*TAB_STOP_ROWS[:8], ("Email:", "tai98@gmail.com"), TAB_STOP_ROWS[-1]]
    fields = extract([tab_stop_page(rows)]).plain_fields()  # the address ends with a comma
    assert fields["address"] == "Số 282 đường Trần Phú, phường An Hòa"


def test_a_name_wrapped_under_its_own_start_at_a_tab_stop_goes_on() -> None:
    text = (
        "GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP\n"
        "Mã số doanh nghiệp: 0312345678\n"
        "1. Tên công ty\n"
        "Tên công ty viết bằng tiếng Việt: CÔNG TY TNHH SẢN XUẤT VÀ\n"
        "                                  THƯƠNG MẠI TÂN THÀNH ĐẠT\n"
        "Tên công ty viết bằng tiếng nước ngoài: TAN THANH DAT CO., LTD\n"
        "2. Địa chỉ trụ sở chính\n"
        "Số 30 đường Phan Chu Trinh, Hải Phòng\n"
        "Đăng ký lần đầu: ngày 25 tháng 9 năm 2021\n"
    )
    fields = extract([page_from_text(text)]).plain_fields()
    assert fields["enterprise_name"] == "CÔNG TY TNHH SẢN XUẤT VÀ THƯƠNG MẠI TÂN THÀNH ĐẠT"


def test_a_label_after_the_mark_of_its_item_still_ends_the_value_above() -> None:
    # measured (held-out set): a certificate's values at a tab stop, "4.560,8 m2" of
    # "d) Diện tích:" was taken as the rest of the address above it
    lines = build_doc([page_from_text("d) Diện tích:\nII. Thửa đất số:\nd) thôn Phú Xuân")]).lines
    assert starts_with_label(lines[0], labels("Diện tích"))
    assert starts_with_label(lines[1], labels("Thửa đất số"))
    assert not starts_with_label(lines[2], labels("Diện tích", "Thửa đất số"))


LAND_BELOW = """\
GIẤY CHỨNG NHẬN
QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT
I. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất
Họ và tên:
LÊ MINH BẢO HOÀNG
Năm sinh: 1961
II. Thửa đất, nhà ở và tài sản khác gắn liền với đất
a) Thửa đất số: 1270
b) Tờ bản đồ số: 47
e) Mục đích sử dụng:
Đất trồng cây hằng năm khác khác khác khác khác khác khác khác khác khác khác khác
ø) Thời hạn sử dụng: Đến ngày 22/08/2073
"""


def test_a_label_ending_its_line_with_a_colon_has_its_value_on_the_next_line() -> None:
    # measured (unseen layout, seed 2468): the holder's name under "Họ và tên:", a field read
    # on its label's line only, was missing on 4 of 6 land-use certificates
    fields = extract([page_from_text(LAND_BELOW)]).plain_fields()
    assert fields["holder_name"] == "LÊ MINH BẢO HOÀNG"


def test_a_wrapped_value_stops_before_a_label_whose_item_mark_ocr_misread() -> None:
    # "g) Thời hạn sử dụng" read "ø) ...": the value above ran on and took "ø)"
    fields = extract([page_from_text(LAND_BELOW)]).plain_fields()
    assert fields["land_use_purpose"].endswith("khác khác")
    assert "ø" not in fields["land_use_purpose"]


def test_the_right_margin_is_where_several_lines_end_not_one_wide_heading() -> None:
    from ocr.fields.lines import right_margin

    # a justified body ending at 2267-2271 under a national motto reaching 2321
    body = [2267, 2271, 2266, 2267, 2271, 2100, 1900]
    assert right_margin([2321, *body], 2480) == 2271
    assert right_margin([900, 2321], 2480) == 2321  # too few lines: the rightmost edge
    ragged = [1760, 1300, 1280, 1290, 1100, 1500, 1640, 980, 1400, 1200, 1320, 1450, 900]
    assert right_margin(ragged, 2480) == 1760  # a form's ragged lines: no body ends together
    assert right_margin([], 2480) is None


def test_a_sex_whose_label_ocr_lost_is_read_from_its_own_line_and_flagged() -> None:
    # measured (seed 2468): "Giới tính:" not read at all on a rotated scan, "Nam" alone at its
    # tab stop between the date of birth and "Dân tộc"
    text = fixture_text("birth_certificate").replace(
        "Giới tính: Nữ Dân tộc: Kinh Quốc tịch: Việt Nam", "Nữ\nDân tộc: Kinh Quốc tịch: Việt Nam"
    )
    sex = extract([page_from_text(text)]).fields["gender"]
    assert sex.value == "Nữ" and sex.needs_review and "not by its label" in sex.reason
    # read by its label, the same value is not flagged
    sex = extract([page_from_text(fixture_text("birth_certificate"))]).fields["gender"]
    assert (sex.value, sex.needs_review) == ("Nữ", False)


def test_the_english_half_of_a_label_read_as_garbage_is_not_the_value() -> None:
    # measured on 96-dpi screenshots of cards (seed 2468): "Place of residence:" read
    # "P%sce cế", the address on the next line; "Nationality:" read "Na#onalsy:"
    back = fixture_text("citizen_id_card_back_2024").replace(
        "Nơi cư trú / Place of residence:", "Nơi cư trú / P%sce cế"
    )
    fields = extract([page_from_text(back)]).plain_fields()
    assert fields["place_of_residence"].startswith("Số 12 đường Hoa Sữa")
    front = fixture_text("citizen_id_card_front_2024").replace("Nationality", "Na#onalsy")
    assert extract([page_from_text(front)]).plain_fields()["nationality"] == "Việt Nam"


def test_a_garbled_english_half_followed_by_the_date_keeps_the_date() -> None:
    back = fixture_text("citizen_id_card_back_2024").replace(
        "Ngày, tháng, năm cấp / Date of issue: 15/09/2024",
        "Ngày, tháng, năm cấp / Dane ơ 15/09/2024",
    )
    # measured (seed 2468, a 150-dpi card): "Date of issue:" garbled with the date after it
    assert extract([page_from_text(back)]).plain_fields()["issue_date"] == "2024-09-15"


def test_a_speck_read_after_a_labels_colon_leaves_its_value_at_the_tab_stop() -> None:
    # measured (generated seed 3033, a photocopy): "a) Thửa đất số: -", its value 707 at the
    # tab stop, read in the column of values, was lost to the "-" a speck made
    rows = [
        *TAB_STOP_ROWS[:3],
        ("Họ, chữ đệm và tên: -", "TRẦN KHẮC TÀI"),
        *TAB_STOP_ROWS[4:],
    ]
    assert extract([tab_stop_page(rows)]).plain_fields()["full_name"] == "TRẦN KHẮC TÀI"
