"""Rules of the Decree 30 fields found on layouts kept out of tuning (issue 13): the file copy line
of the recipients as OCR misreads it or loses its bullet, marks of the other column read between
the recipients, a subject wrapped before its year, a subject of one line set apart from the body,
"V/v" read without its small v, a speck read before "Số:".

The texts were typed for these tests in the shape OCR gave the generated papers of
`benchmarks.fields_quality --unseen` (seed 4242); names and numbers are made up.
"""

from __future__ import annotations

from dataclasses import replace

from fields_helpers import page_from_text, read_field

from ocr.fields import extract
from ocr.fields.read import file_copy
from ocr.types import PageText

LETTER = """\
ỦY BAN NHÂN DÂN           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ HÒA BÌNH                     Độc lập - Tự do - Hạnh phúc
Số: 301/UBND-TP
Hòa Bình, ngày 11 tháng 9 năm 2021
V/v triển khai dịch vụ công
trực tuyến toàn trình năm
2021
Kính gửi: Văn phòng Đăng ký đất đai
Thời gian thực hiện từ ngày ký đến hết ngày 31 tháng 12 năm 2021; định kỳ hằng quý
báo cáo kết quả về Ủy ban nhân dân để theo dõi, chỉ đạo.
Nơi nhận:
- Như trên;
- Sở Tư pháp;
- Lưu: VL
                                              TM. ỦY BAN NHÂN DÂN
                                              CHỦ TỊCH
                                              Ngô Huyền Khánh Quyên
"""


def test_the_file_copy_line_misread_is_restored_to_its_decree30_form_and_flagged() -> None:
    recipients = extract([page_from_text(LETTER)]).fields["recipients"]
    assert recipients.value == "Như trên;\nSở Tư pháp;\nLưu: VT."
    assert recipients.needs_review and "file copy" in recipients.reason
    assert recipients.read_as == "Như trên;\nSở Tư pháp;\nLưu: VL"


def test_only_a_file_copy_line_kept_by_the_records_office_alone_is_restored() -> None:
    assert [file_copy(t) for t in ("Lưu: VLE", "Lưu: VI.", "Lưu: VT", "rau: VI")] == [
        "Lưu: VT."
    ] * 4
    kept = ("Lưu: VT, VP.", "Lưu VT, TCKT", "Lưu: VT,KT.bngoc106", "Lưu: HS", "Sở: VT")
    assert [file_copy(t) for t in kept] == list(kept)


def test_the_file_copy_line_whose_bullet_was_lost_ends_the_recipients() -> None:
    text = LETTER.replace("- Lưu: VL", "Lưu: VT.")
    recipients = read_field(text, "recipients")
    assert recipients.value == "Như trên;\nSở Tư pháp;\nLưu: VT."


def test_marks_of_the_other_column_between_the_recipients_are_passed_over() -> None:
    text = LETTER.replace("- Lưu: VL", "- Lưu: VT.").replace(
        "- Sở Tư pháp;\n", "- Sở Tư pháp;\n                            TA\n- Sở Tài chính;\n"
    )
    recipients = read_field(text, "recipients")
    assert recipients.value == "Như trên;\nSở Tư pháp;\nSở Tài chính;\nLưu: VT."


def test_marks_under_half_the_height_of_the_recipients_are_passed_over() -> None:
    text = LETTER.replace("- Lưu: VL", "- Lưu: VT.")
    text = text.replace("- Sở Tư pháp;\n", "- Sở Tư pháp;\nim\n- Sở Tài chính;\n")
    page = page_from_text(text)
    speck = next(i for i, ln in enumerate(text.split("\n")) if ln == "im")
    words = tuple(replace(w, height=15) if w.line == speck else w for w in page.words)
    recipients = extract([replace(page, words=words)]).fields["recipients"]
    assert recipients.value == "Như trên;\nSở Tư pháp;\nSở Tài chính;\nLưu: VT."


def test_a_subject_wrapped_before_its_year_goes_on_over_the_year() -> None:
    subject = extract([page_from_text(LETTER)]).fields["subject"]
    assert subject.value == "triển khai dịch vụ công trực tuyến toàn trình năm 2021"


def test_v_v_read_without_its_small_v_still_marks_an_official_letter() -> None:
    out = extract([page_from_text(LETTER.replace("V/v triển", "V/ triển"))])
    assert out.doc_type == "administrative_document"
    assert out.fields["kind"].value == "Công văn"
    assert out.fields["subject"].value.startswith("triển khai dịch vụ công")


def test_a_speck_before_the_number_label_does_not_hide_the_number() -> None:
    number = extract([page_from_text(LETTER.replace("Số: 301", "_ Số: 301"))]).fields[
        "document_number"
    ]
    assert number.value == "301/UBND-TP"


NOTICE = """\
ỦY BAN NHÂN DÂN           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ TIÊN PHONG                   Độc lập - Tự do - Hạnh phúc
Số: 375/TB-UBND
Tiên Phong, ngày 13 tháng 12 năm 2023
THÔNG BÁO
Về việc lịch tiếp công dân định kỳ tháng 12 năm 2023
Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ
quan, đơn vị kịp thời phản ánh về Sở Nội vụ để tổng hợp, báo cáo.
"""


def set_apart(page: PageText, line: int, pixels: int, tall: str) -> PageText:
    """The page with the lines after `line` moved `pixels` down and the word `tall` of `line`
    reaching lower (a hook or descender): the blank between the lines looks narrow."""
    words = tuple(
        replace(w, top=w.top + pixels)
        if w.line > line
        else replace(w, height=w.height + pixels + 20)
        if w.text == tall and w.line == line
        else w
        for w in page.words
    )
    return replace(page, words=words)


def test_a_subject_of_one_line_set_apart_from_the_body_does_not_run_into_it() -> None:
    close = extract([page_from_text(NOTICE)]).fields["subject"].value
    assert close != "lịch tiếp công dân định kỳ tháng 12 năm 2023"  # set close: one block
    apart = extract([set_apart(page_from_text(NOTICE), 5, 40, "kỳ")])
    assert apart.fields["subject"].value == "lịch tiếp công dân định kỳ tháng 12 năm 2023"


def test_a_mark_of_the_seal_read_before_the_signers_name_is_cut_out_and_flagged() -> None:
    text = LETTER.replace("Ngô Huyền Khánh Quyên", "đi Lạc Xuân Dũng")
    signer = extract([page_from_text(text, low={"đi": 21.0})]).fields["signer"]
    assert signer.value == "Lạc Xuân Dũng"
    assert signer.needs_review and "seal" in signer.reason
    assert signer.read_as == "đi Lạc Xuân Dũng"


def test_a_name_whose_family_name_the_seal_garbled_is_flagged_not_missing() -> None:
    text = LETTER.replace("Ngô Huyền Khánh Quyên", "_rfần Quốc Quân")
    signer = extract([page_from_text(text, low={"_rfần": 52.0})]).fields["signer"]
    assert signer.value == "Quốc Quân"
    assert signer.needs_review and signer.read_as == "rfần Quốc Quân"  # "_": a stray mark


def test_a_small_word_read_sure_before_a_name_is_not_taken_for_a_mark() -> None:
    text = LETTER.replace("Ngô Huyền Khánh Quyên", "đi Lạc Xuân Dũng")
    assert "signer" not in extract([page_from_text(text)]).plain_fields()


def test_a_file_copy_line_with_nothing_after_lu_u_is_flagged() -> None:
    # measured (seed 2468): "- Lưu: VT." read "- Lưu:" (its "VT." lost in noise) passed unflagged
    from ocr.fields.read import recipients

    value, problem, _ = recipients("- Như trên;\n- Sở Nội vụ;\n- Lưu:")
    assert value.endswith("Lưu:") and "nothing read after 'Lưu:'" in problem
    assert recipients("- Như trên;\n- Lưu: VT, P.KT.")[1] == ""


def test_the_file_copy_line_whose_bullet_was_read_as_a_glued_mark_ends_the_recipients() -> None:
    # measured (seed 2468): "- Lưu: VT." read "“Lưu: VT." (unseen layout) and "~Lưu: VT."
    for read_as in ("“Lưu: VT.", "~Lưu: VT."):
        text = LETTER.replace("- Lưu: VL", read_as)
        recipients = read_field(text, "recipients")
        assert recipients.value.split("\n")[-1] == "Lưu: VT."
        assert recipients.needs_review and "a mark before a line" in recipients.reason
        assert recipients.read_as.endswith(read_as)
