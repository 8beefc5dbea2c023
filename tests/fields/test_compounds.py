"""Tone marks OCR misread on a hat or a horn, restored from the compound words of Vietnamese
(ocr/fields/compounds.py): a repair only where exactly one tone makes a known word."""

from __future__ import annotations

from fields_helpers import TEXTS, page_from_text

from ocr.fields import extract
from ocr.fields.compounds import restore_tones, restored_field, tone_slips
from ocr.fields.model import FieldValue
from ocr.recognize.tones import restore_page_tones


def test_a_tone_lost_or_changed_on_a_hat_is_restored_from_the_compound_word() -> None:
    assert restore_tones("hướng dẫn tô chức công tác phát triên Đảng") == (
        "hướng dẫn tổ chức công tác phát triển Đảng"
    )
    assert restore_tones("hoạt động kiêm định chât lượng giáo dục") == (
        "hoạt động kiểm định chất lượng giáo dục"
    )
    assert restore_tones("trung học phố thông") == "trung học phổ thông"


def test_capitals_keep_their_case() -> None:
    assert restore_tones("KT. BỘ TRƯỞNG\nTHỨ TRƯỜNG") == "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG"
    assert restore_tones("Tô chức hội nghị") == "Tổ chức hội nghị"


def test_a_syllable_no_one_writes_takes_the_one_tone_in_use() -> None:
    # "quôc" cannot be (a syllable ending in c takes sắc or nặng), "buỗi" is no word
    assert restore_tones("hệ thông giáo dục quôc dân") == "hệ thống giáo dục quốc dân"
    assert restore_tones("tại buỗi làm việc") == "tại buổi làm việc"


def test_punctuation_and_numbers_part_words() -> None:
    assert restore_tones("tô, chức") == "tô, chức"
    assert restore_tones("tô 12 chức") == "tô 12 chức"


def test_two_tones_that_both_make_a_word_leave_it_as_read() -> None:
    # "đơn từ" (a petition) and "đơn tử" are both words: which one was printed is not known
    assert tone_slips("đơn tư") == []
    assert tone_slips("đơn tư khiếu nại") == []


def test_correct_text_is_left_unchanged() -> None:
    for path in sorted(TEXTS.glob("admin_*.txt")):
        text = path.read_text(encoding="utf-8")
        assert tone_slips(text) == [], path.name


def test_names_of_persons_and_provinces_are_not_compound_words() -> None:
    # "Nguyên văn" (verbatim) is a word; "Nguyễn Văn Phúc" is a name
    assert restore_tones("Nguyễn Văn Phúc") == "Nguyễn Văn Phúc"
    assert (
        restore_tones("UBND TỈNH THÁI NGUYÊN\nSỞ TÀI CHÍNH")
        == "UBND TỈNH THÁI NGUYÊN\nSỞ TÀI CHÍNH"
    )


def test_text_without_diacritics_is_not_touched() -> None:
    assert restore_tones("to chuc hoi nghi") == "to chuc hoi nghi"


def test_a_repaired_field_keeps_what_was_read_and_is_flagged() -> None:
    read = FieldValue("hướng dẫn tô chức", 95.0)
    fixed = restored_field(read)
    assert fixed.value == "hướng dẫn tổ chức"
    assert fixed.read_as == "hướng dẫn tô chức"
    assert fixed.needs_review
    assert "'tô' -> 'tổ'" in fixed.reason and "read as 'hướng dẫn tô chức'" in fixed.reason


def test_an_earlier_reason_about_the_repaired_word_is_replaced() -> None:
    read = FieldValue("phát triên Đảng", 95.0, True, "'triên' is not a known Vietnamese word")
    fixed = restored_field(read)
    assert fixed.value == "phát triển Đảng"
    assert "not a known" not in fixed.reason
    other = FieldValue("phát triên", 60.0, True, "low OCR confidence (60 < 85)")
    assert "low OCR confidence" in restored_field(other).reason


def test_an_unchanged_field_is_returned_as_it_is() -> None:
    field = FieldValue("tổ chức hội nghị", 95.0)
    assert restored_field(field) is field


DECISION = """\
BỘ GIÁO DỤC VÀ ĐÀO TẠO          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                Độc lập - Tự do - Hạnh phúc
Số: 1234/QĐ-BGDĐT               Hà Nội, ngày 15 tháng 9 năm 2025
QUYẾT ĐỊNH
Về việc phê duyệt Tài liệu hướng dẫn tô chức công tác phát triên Đảng
Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020;
QUYẾT ĐỊNH:
Điều 1. Phê duyệt Tài liệu.
Nơi nhận:                                  KT. BỘ TRƯỞNG
- Như Điều 3;                              THỨ TRƯỜNG
- Lưu: VT.
                                           Nguyễn Văn Phúc
"""


def test_a_decision_read_with_tone_slips_is_repaired_and_flagged() -> None:
    out = extract([page_from_text(DECISION)])
    subject = out.fields["subject"]
    assert subject.value == "phê duyệt Tài liệu hướng dẫn tổ chức công tác phát triển Đảng"
    assert subject.read_as == "phê duyệt Tài liệu hướng dẫn tô chức công tác phát triên Đảng"
    assert subject.needs_review and "dictionary of Vietnamese words" in subject.reason
    position = out.fields["signer_position"]
    assert position.value == "KT. BỘ TRƯỞNG THỨ TRƯỞNG"
    assert position.read_as == "KT. BỘ TRƯỞNG THỨ TRƯỜNG" and position.needs_review
    assert "without some of its marks" not in position.reason  # that was about "TRƯỜNG"
    assert out.fields["signer"].value == "Nguyễn Văn Phúc"  # a name is never a compound word


def test_fields_are_read_from_the_page_as_ocr_read_it() -> None:
    """The page text restored after OCR (ocr.recognize.tones) changes no field: extraction reads
    what OCR read and flags its own repairs with what was read."""
    page = page_from_text(DECISION)
    restored = restore_page_tones(page)
    assert "tổ chức" in restored.text and restored.as_read() == page
    assert extract([restored]) == extract([page])
    assert (
        extract([restored]).fields["subject"].read_as.endswith("tô chức công tác phát triên Đảng")
    )


def test_a_vowel_read_without_its_horn_is_shown_not_repaired() -> None:
    # measured (seed 2468): "CÔNG TY TNHH THỤC PHẨM" read for "THỰC PHẨM", unflagged: both
    # are syllables, only the compound word tells
    from ocr.fields.compounds import shape_slips

    assert shape_slips("CÔNG TY TNHH THỤC PHẨM HỒNG HÀ") == [("THỤC", "THỰC")]
    assert shape_slips("tổ chức thục hiện") == [("thục", "thực")]
    assert shape_slips("CÔNG TY TNHH THỰC PHẨM HỒNG HÀ") == []  # as printed: nothing
    assert shape_slips("Số 12 đường Hoa Sữa, phường Tân Định") == []
    text = (
        "GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP\nMã số doanh nghiệp: 0312345678\n"
        "Tên công ty viết bằng tiếng Việt: CÔNG TY TNHH THỤC PHẨM HỒNG HÀ\n"
    )
    name = extract([page_from_text(text)]).fields["enterprise_name"]
    assert name.value == "CÔNG TY TNHH THỤC PHẨM HỒNG HÀ"  # kept as read
    assert name.needs_review and "'THỰC' would" in name.reason


def test_a_tone_mark_on_a_plain_vowel_making_no_word_is_shown_not_changed() -> None:
    # measured (issue 13): "Hỗ trợ chỉ phí mai táng" read for "chi phí", neither repaired
    # (no hat or horn under the mark) nor flagged (both are syllables in use)
    from ocr.fields.compounds import tone_doubts

    assert tone_doubts("Hỗ trợ chỉ phí mai táng") == [("chỉ phí", "chi phí")]
    assert tone_doubts("HỖ TRỢ CHỈ PHÍ KHÁM BỆNH") == [("CHỈ PHÍ", "CHI PHÍ")]
    assert tone_doubts("Hỗ trợ chi phí mai táng") == []  # as printed: nothing
    assert tone_doubts("tăng cường chỉ đạo các đơn vị") == []  # "chỉ đạo" is a word
    # a mark changed, not lost nor added: "tại khoản" is right far more often than a slip
    assert tone_doubts("quy định tại khoản 2 Điều 157") == []
    # capitalized words are names and terms, not compound words
    assert tone_doubts("xã Long Hưng, huyện Long Thành") == []
    assert tone_doubts("tổ chức Kỳ thi tốt nghiệp") == []
    text = (TEXTS / "application_form.txt").read_text(encoding="utf-8")
    text = text.replace("Cấp bản sao trích lục hộ tịch", "Hỗ trợ chỉ phí mai táng")
    procedure = extract([page_from_text(text)]).fields["procedure_name"]
    assert procedure.value == "Hỗ trợ chỉ phí mai táng"  # kept as read
    assert procedure.needs_review
    assert procedure.reason == "'chỉ phí' may be 'chi phí': check the tone mark"
    right = extract([page_from_text(text.replace("chỉ phí", "chi phí"))])
    assert not right.fields["procedure_name"].needs_review


def test_a_value_flagged_for_low_confidence_is_told_the_tone_doubt() -> None:
    # measured (seed 31337): the value was flagged "low OCR confidence (72 < 85)", which word?
    from ocr.fields.extract import shape_slips_flagged

    low = FieldValue("Hỗ trợ chỉ phí mai táng", 72.0, True, "low OCR confidence (72 < 85)")
    assert shape_slips_flagged(low).reason == (
        "low OCR confidence (72 < 85); 'chỉ phí' may be 'chi phí': check the tone mark"
    )
    right = FieldValue("Hỗ trợ chi phí mai táng", 72.0, True, "low OCR confidence (72 < 85)")
    assert shape_slips_flagged(right) == right
