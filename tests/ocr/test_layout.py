"""Reading order on word boxes laid out like Vietnamese administrative papers (no OCR needed)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ocr.recognize.layout import reading_order
from ocr.types import Word

WIDTH, HEIGHT = 2480, 3508
CHAR, LINE = 22, 48  # pixels per character and line height at 300 dpi


def line(text: str, left: int, top: int, *, line_id: int, block: int = 1) -> list[Word]:
    """Word boxes of one Tesseract line starting at `left`."""
    words, x = [], left
    for token in text.split():
        words.append(Word(token, x, top, CHAR * len(token), LINE, 90.0, line_id, block))
        x += CHAR * (len(token) + 1)
    return words


def centred(text: str, mid: int, top: int, *, line_id: int, block: int = 1) -> list[Word]:
    return line(text, mid - CHAR * len(text) // 2, top, line_id=line_id, block=block)


def test_two_column_header_is_read_left_column_first() -> None:
    # Tesseract ran each header row across both columns as one line
    words = (
        line("ỦY BAN NHÂN DÂN", 450, 240, line_id=1)
        + line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1100, 240, line_id=1)
        + line("SỞ TƯ PHÁP", 520, 330, line_id=2)
        + line("Độc lập - Tự do - Hạnh phúc", 1260, 332, line_id=2)
        + line(
            "Căn cứ Luật Tổ chức chính quyền địa phương năm 2015 và các văn bản",
            350,
            600,
            line_id=3,
        )
    )
    _, text = reading_order(words, page_width=WIDTH, page_height=HEIGHT)
    assert text.splitlines() == [
        "ỦY BAN NHÂN DÂN",
        "SỞ TƯ PHÁP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Căn cứ Luật Tổ chức chính quyền địa phương năm 2015 và các văn bản",
    ]


def test_number_and_date_row_after_the_header_gap_is_read_after_the_header() -> None:
    words = (
        centred("ỦY BAN NHÂN DÂN", 700, 240, line_id=1, block=1)
        + centred("XÃ PHÚ LỘC", 700, 320, line_id=2, block=1)
        + centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1600, 240, line_id=3, block=2)
        + centred("Độc lập - Tự do - Hạnh phúc", 1600, 320, line_id=4, block=2)
        + centred("Số: 37/QĐ-UBND", 700, 480, line_id=5, block=3)
        + centred("Phú Lộc, ngày 9 tháng 4 năm 2025", 1600, 480, line_id=6, block=4)
    )
    _, text = reading_order(words, page_width=WIDTH, page_height=HEIGHT)
    assert text.splitlines() == [
        "ỦY BAN NHÂN DÂN",
        "XÃ PHÚ LỘC",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 37/QĐ-UBND",
        "Phú Lộc, ngày 9 tháng 4 năm 2025",
    ]


def test_signature_block_reads_recipients_then_signer_across_the_signature_gap() -> None:
    words = (
        line(
            "Điều 3. Chánh Văn phòng và các đơn vị có liên quan chịu trách nhiệm thi hành.",
            350,
            1000,
            line_id=1,
        )
        + line("Nơi nhận:", 350, 1150, line_id=2, block=2)
        + centred("TM. ỦY BAN NHÂN DÂN", 1650, 1150, line_id=3, block=3)
        + line("- Như Điều 3;", 350, 1220, line_id=4, block=2)
        + centred("CHỦ TỊCH", 1650, 1222, line_id=5, block=3)
        + line("- Lưu: VT.", 350, 1290, line_id=6, block=2)
        + centred("Đặng Đình Phước", 1650, 1600, line_id=7, block=4)  # below the signature
    )
    ordered, text = reading_order(words, page_width=WIDTH, page_height=HEIGHT)
    assert text.splitlines() == [
        "Điều 3. Chánh Văn phòng và các đơn vị có liên quan chịu trách nhiệm thi hành.",
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Đặng Đình Phước",
    ]
    assert [w.line for w in ordered] == sorted(w.line for w in ordered)
    assert ordered[-1].line == 6
    assert ordered[-1].block > ordered[1].block


def test_body_line_with_a_wide_justified_gap_keeps_its_place() -> None:
    first = line("Trong quá trình thực hiện, nếu có khó khăn,", 350, 600, line_id=1)
    first += line("vướng mắc, các cơ", 1420, 600, line_id=1)  # a justified gap of ~2.5 lines
    words = first + line("quan kịp thời phản ánh.", 350, 680, line_id=2)
    _, text = reading_order(words, page_width=WIDTH, page_height=HEIGHT)
    assert text.splitlines() == [
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ",
        "quan kịp thời phản ánh.",
    ]


def test_empty_page_has_no_text() -> None:
    assert reading_order([], page_width=WIDTH, page_height=HEIGHT) == ([], "")


@pytest.mark.parametrize(
    "organ",
    [
        "SỞ TÀI CHÍNH THÀNH PHỐ ĐÀ NẴNG",
        "SỞ TÀI CHÍNH TỈNH ĐỒNG NAI:",  # a speck read as a colon does not make it a form line
    ],
)
def test_long_issuing_organ_touching_the_motto_is_cut_where_the_next_row_parts(
    organ: str,
) -> None:
    # measured on a scan: only a word space between "ĐÀ NẴNG" and "CỘNG HÒA"
    motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    first = line(f"{organ} {motto}", 240, 240, line_id=1)
    words = (
        first
        + centred("PHÒNG ĐĂNG KÝ KINH DOANH", 240 + CHAR * len(organ) // 2, 320, line_id=2)
        + centred(
            "Độc lập - Tự do - Hạnh phúc",
            240 + CHAR * (len(organ) + 1) + CHAR * len(motto) // 2,
            320,
            line_id=2,
        )
    )
    _, text = reading_order(words, page_width=WIDTH, page_height=HEIGHT)
    assert text.splitlines() == [
        organ,
        "PHÒNG ĐĂNG KÝ KINH DOANH",
        motto,
        "Độc lập - Tự do - Hạnh phúc",
    ]


def test_left_aligned_label_rows_with_a_gap_at_one_place_are_not_cut_into_columns() -> None:
    # an ID card: one row has two label-value pairs, the row above only one, both left-aligned
    words = line("Ngày sinh / Date of birth: 24/04/1959", 300, 240, line_id=1) + (
        line("Giới tính / Sex: Nam", 300, 290, line_id=2)
        + line("Quốc tịch / Nationality: Việt Nam", 300 + CHAR * 24, 290, line_id=2)
    )
    _, text = reading_order(words, page_width=1092, page_height=718)
    assert text.splitlines() == [
        "Ngày sinh / Date of birth: 24/04/1959",
        "Giới tính / Sex: Nam Quốc tịch / Nationality: Việt Nam",
    ]


def test_header_rows_whose_gutters_barely_overlap_are_one_column_band() -> None:
    # centred columns of different widths: the rows' gaps share only a narrow strip
    words = (
        centred("UBND TỈNH AN GIANG", 700, 240, line_id=1)
        + centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1420, 240, line_id=1)
        + centred("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", 700, 310, line_id=2)
        + centred("Độc lập - Tự do - Hạnh phúc", 1420, 310, line_id=2)
    )
    _, text = reading_order(words, page_width=WIDTH, page_height=HEIGHT)
    assert text.splitlines() == [
        "UBND TỈNH AN GIANG",
        "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]


def test_number_and_date_row_reaching_under_the_motto_starts_its_own_pair_of_columns() -> None:
    # the date starts left of where the motto column starts: its gutter is not the header's
    words = (
        line("UỶ BAN NHÂN DÂN", 405, 240, line_id=1)
        + line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1182, 240, line_id=1)
        + line("TỈNH TUYÊN QUANG", 383, 305, line_id=2)
        + line("Độc lập - Tự do - Hạnh phúc", 1304, 305, line_id=2)
        + line("Số: 372/QĐ-UBND", 446, 461, line_id=3)
        + line("Tuyên Quang, ngày 06 tháng 01 năm 2022", 1000, 461, line_id=3)
    )
    _, text = reading_order(words, page_width=WIDTH, page_height=HEIGHT)
    assert text.splitlines() == [
        "UỶ BAN NHÂN DÂN",
        "TỈNH TUYÊN QUANG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 372/QĐ-UBND",
        "Tuyên Quang, ngày 06 tháng 01 năm 2022",
    ]


def test_one_word_boxed_with_a_speck_does_not_pull_its_line_into_the_one_above() -> None:
    above = line("b) Tờ bản đồ số: 74", 358, 1370, line_id=1)
    below = line("c) Địa chỉ: Số 8 đường Võ Văn Kiệt, thành phố", 357, 1446, line_id=2)
    tall = replace(below[-1], top=1395, height=107)  # measured: "phố" boxed 107 px high
    _, text = reading_order([*above, *below[:-1], tall], page_width=WIDTH, page_height=HEIGHT)
    assert text.splitlines() == [
        "b) Tờ bản đồ số: 74",
        "c) Địa chỉ: Số 8 đường Võ Văn Kiệt, thành phố",
    ]


def row(*pieces: tuple[str, int], top: int, line_id: int) -> list[Word]:
    """One printed row made of pieces starting at the given x (tab-aligned form rows)."""
    return [w for text, left in pieces for w in line(text, left, top, line_id=line_id)]


def test_tab_spaced_label_rows_stay_one_line_each_and_a_wrapped_value_follows_its_line() -> None:
    # an application form laid out unlike samples/: several "label: value" pairs per row,
    # Tesseract giving each piece its own line id
    words = (
        row(("Họ và tên: NGUYỄN VĂN AN", 250), top=600, line_id=1)
        + row(("Giới tính: Nam", 1500), top=600, line_id=2)
        + row(("Năm sinh: 1993", 250), top=700, line_id=3)
        + row(("Dân tộc: Kinh", 950), top=700, line_id=4)
        + row(("Quốc tịch: Việt Nam", 1500), top=700, line_id=5)
        + line("Nơi cư trú: Số 12 đường Lê Lợi, phường Mỹ Phú, thành phố", 250, 800, line_id=6)
        + line("Cao Lãnh, tỉnh Đồng Tháp", 250, 880, line_id=7)
        + row(("Số điện thoại: 0912345678", 250), top=980, line_id=8)
        + row(("Email: an@example.vn", 1500), top=980, line_id=9)
    )
    _, text = reading_order(words, page_width=WIDTH, page_height=HEIGHT)
    assert text.splitlines() == [
        "Họ và tên: NGUYỄN VĂN AN Giới tính: Nam",
        "Năm sinh: 1993 Dân tộc: Kinh Quốc tịch: Việt Nam",
        "Nơi cư trú: Số 12 đường Lê Lợi, phường Mỹ Phú, thành phố",
        "Cao Lãnh, tỉnh Đồng Tháp",
        "Số điện thoại: 0912345678 Email: an@example.vn",
    ]


def test_a_gap_through_one_row_only_does_not_make_columns() -> None:
    words = (
        line(
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            250,
            600,
            line_id=1,
        )
        + row(("Điều 1.", 250), ("Phê duyệt danh sách", 1300), top=700, line_id=2)
        + line("các hộ gia đình được hỗ trợ trong năm 2025 theo quy định.", 250, 780, line_id=3)
    )
    _, text = reading_order(words, page_width=WIDTH, page_height=HEIGHT)
    assert text.splitlines()[1:] == [
        "Điều 1.",
        "Phê duyệt danh sách",
        "các hộ gia đình được hỗ trợ trong năm 2025 theo quy định.",
    ]


def test_label_rows_whose_gaps_line_up_are_still_read_row_by_row() -> None:
    words = (
        row(("Họ, chữ đệm và tên: TRẦN THỊ BÌNH", 250), ("Giới tính: Nữ", 1400), top=600, line_id=1)
        + row(("Ngày sinh: 02/03/1990", 250), ("Dân tộc: Kinh", 1400), top=690, line_id=2)
        + row(
            ("Số định danh: 087190001234", 250), ("Quốc tịch: Việt Nam", 1400), top=780, line_id=3
        )
    )
    _, text = reading_order(words, page_width=WIDTH, page_height=HEIGHT)
    assert text.splitlines() == [
        "Họ, chữ đệm và tên: TRẦN THỊ BÌNH Giới tính: Nữ",
        "Ngày sinh: 02/03/1990 Dân tộc: Kinh",
        "Số định danh: 087190001234 Quốc tịch: Việt Nam",
    ]


def read_lines(words: list[Word]) -> list[str]:
    """The lines of the page text in reading order."""
    return reading_order(words, page_width=WIDTH, page_height=HEIGHT)[1].splitlines()


def _birth_register_rows(middle_pair: str) -> list[Word]:
    """A parent's rows of a birth register laid out unlike samples/ (measured on a scan: the
    pairs of the first row sit at tab stops; the address below runs full width, a word space
    between "79" and "đường" lying under the gap after "1979")."""
    return (
        row(
            ("Năm sinh: 1979", 366),
            (middle_pair, 843),
            ("Quốc tịch: Việt Nam", 1263),
            top=1496,
            line_id=1,
        )
        + line("Nơi cư trú: Số 79", 366, 1572, line_id=2)
        + line("đường Nguyễn Đình Chiểu, tổ dân phố số 1,", 794, 1572, line_id=2)
        + line("phường Trường Thi, tỉnh Cao Bằng", 366, 1645, line_id=3)
        + line("Họ, chữ đệm, tên người cha: LƯƠNG ĐÌNH THỊNH", 366, 1731, line_id=4)
    )


def _assert_birth_register_rows_kept(words: list[Word], middle_pair: str) -> None:
    assert read_lines(words) == [
        f"Năm sinh: 1979 {middle_pair} Quốc tịch: Việt Nam",
        "Nơi cư trú: Số 79 đường Nguyễn Đình Chiểu, tổ dân phố số 1,",
        "phường Trường Thi, tỉnh Cao Bằng",
        "Họ, chữ đệm, tên người cha: LƯƠNG ĐÌNH THỊNH",
    ]


def test_full_width_address_under_a_tab_spaced_row_is_not_cut_at_that_rows_gaps() -> None:
    _assert_birth_register_rows_kept(_birth_register_rows("Dân tộc: Kinh"), "Dân tộc: Kinh")


def test_label_with_its_value_glued_to_the_colon_still_makes_a_form_row() -> None:
    # OCR often drops the space after a colon: "tộc:Kinh" is still a label and its value
    _assert_birth_register_rows_kept(_birth_register_rows("Dân tộc:Kinh"), "Dân tộc:Kinh")


def test_address_under_a_row_that_lost_its_colons_is_not_cut_at_that_rows_gaps() -> None:
    # "Dân tộc Kinh" read without its colon: the row above may part at its wide tab gap, but
    # the address below stays whole and in its place
    lines = read_lines(_birth_register_rows("Dân tộc Kinh"))
    assert " ".join(lines[:-3]) == "Năm sinh: 1979 Dân tộc Kinh Quốc tịch: Việt Nam"
    assert lines[-3:] == [
        "Nơi cư trú: Số 79 đường Nguyễn Đình Chiểu, tổ dân phố số 1,",
        "phường Trường Thi, tỉnh Cao Bằng",
        "Họ, chữ đệm, tên người cha: LƯƠNG ĐÌNH THỊNH",
    ]


def test_labels_with_values_at_a_tab_stop_are_read_row_by_row() -> None:
    # labels on the left, values lined up at one tab stop, a long value wrapped under itself:
    # a gutter runs through every row, yet it parts labels from values, not two columns
    words = (
        line("4. Người đại diện theo pháp luật của công ty", 355, 600, line_id=1)
        + row(("Họ và tên:", 355), ("THÁI THANH DUNG", 1225), top=680, line_id=2)
        + row(("Giới tính:", 355), ("Nữ", 1225), top=760, line_id=3)
        + row(("Sinh ngày:", 355), ("26/03/1975", 1225), top=840, line_id=4)
        + row(
            ("Địa chỉ liên lạc:", 355),
            ("Số 140 đường Phạm Văn Đồng, phường", 1225),
            top=920,
            line_id=5,
        )
        + line("Đống Đa, huyện Đức Hòa, tỉnh Bắc Ninh", 1225, 1000, line_id=6)
    )
    assert read_lines(words) == [
        "4. Người đại diện theo pháp luật của công ty",
        "Họ và tên: THÁI THANH DUNG",
        "Giới tính: Nữ",
        "Sinh ngày: 26/03/1975",
        "Địa chỉ liên lạc: Số 140 đường Phạm Văn Đồng, phường",
        "Đống Đa, huyện Đức Hòa, tỉnh Bắc Ninh",
    ]


def test_heading_over_a_label_value_row_is_not_cut_at_the_gap_after_the_label() -> None:
    # measured on a scan: a word space of "nhà ở" lies under the gap of "số:      94"
    words = (
        line("II. Thửa đất, nhà", 278, 1213, line_id=1)
        + line("ở và tài sản khác gắn liền với đất", 709, 1213, line_id=1)
        + row(("a) Thửa đất số:", 277), ("94", 1145), top=1289, line_id=2)
        + row(("b) Tờ bản đồ số:", 277), ("28", 1145), top=1364, line_id=3)
    )
    assert read_lines(words) == [
        "II. Thửa đất, nhà ở và tài sản khác gắn liền với đất",
        "a) Thửa đất số: 94",
        "b) Tờ bản đồ số: 28",
    ]


def test_body_line_under_a_tab_spaced_article_row_is_not_cut_at_the_tab() -> None:
    # a word space of the next line lies under the tab after "Điều 1."; both sides even look
    # centred over the row above, but a body line is not an organ's name in capitals
    words = (
        line(
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            250,
            600,
            line_id=1,
        )
        + row(
            ("Điều 1.", 250),
            ("Phê duyệt danh sách các hộ gia đình được hỗ trợ kinh phí", 600),
            top=680,
            line_id=2,
        )
        + line(
            "xây dựng nhà ở năm 2025 theo quy định của Ủy ban nhân dân tỉnh về hỗ trợ.",
            250,
            760,
            line_id=3,
        )
        + line("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", 250, 840, line_id=4)
    )
    assert read_lines(words)[2:] == [
        "Phê duyệt danh sách các hộ gia đình được hỗ trợ kinh phí",
        "xây dựng nhà ở năm 2025 theo quy định của Ủy ban nhân dân tỉnh về hỗ trợ.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
    ]
