"""Reading order on word boxes laid out like Vietnamese administrative papers (no OCR needed)."""

from __future__ import annotations

from ocr.layout import reading_order
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
