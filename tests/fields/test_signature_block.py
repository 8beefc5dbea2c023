"""The signature block of a Decree 30 paper as OCR reads real scans (benchmarks/real): titles
torn by the signature, the name joined to a recipient line, a letter hidden by the seal."""

from __future__ import annotations

from dataclasses import replace

from fields_helpers import page_from_text

from common.vietnamese import look_alike_distance
from ocr.fields import extract
from ocr.fields.positions import blocks, is_title_line, nearest_block, restored_block
from ocr.fields.read import convert
from ocr.types import PageText

ENDING = """\
Điều 3. Chánh Văn phòng chịu trách nhiệm thi hành Quyết định này./.
Nơi nhận:                                                 {first}
- Như Điều 3;                                             {second}
- Lưu: VT, VP.

                                                          {name}
"""


def ending(first: str, second: str, name: str = "Lê Tấn Dũng") -> PageText:
    return page_from_text(ENDING.format(first=first, second=second, name=name))


def test_a_title_block_torn_by_the_signature_is_restored_flagged_with_what_was_read() -> None:
    out = extract([ending("KT,BỘ TRƯỞNG", 'THỨ" 7RƯỜNG THƯỜNG TRỤC')], declared_type="decision")
    position = out.fields["signer_position"]
    assert position.value == "KT. BỘ TRƯỞNG THỨ TRƯỞNG THƯỜNG TRỰC"
    assert position.needs_review and "usual titles" in position.reason
    assert position.read_as == 'KT,BỘ TRƯỞNG THỨ" 7RƯỜNG THƯỜNG TRỤC'


def test_a_title_line_read_as_marks_and_capitals_is_part_of_the_block() -> None:
    page = ending("KT. BỘ TRƯỞNG", "TIHỨ 'TRƯỞN G", name="Nơm yên Văn Phúc")
    position = extract([page], declared_type="decision").fields["signer_position"]
    assert position.value == "KT. BỘ TRƯỞNG THỨ TRƯỞNG"
    assert position.read_as == "KT. BỘ TRƯỞNG TIHỨ 'TRƯỞN G"


def test_a_block_read_right_is_not_changed() -> None:
    position = extract([ending("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")]).fields["signer_position"]
    assert position.value == "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH"
    assert not position.read_as


def test_a_reading_as_near_to_two_blocks_is_left_as_read() -> None:
    # "KT. BỘ TRƯỞNG / THỨ TRƯỞNG" and "TL. BỘ TRƯỞNG / VỤ TRƯỞNG" are three edits away each
    assert nearest_block("K,BỌ TRƯỞNG DU TRƯỜNG") is None


def test_of_two_blocks_as_many_edits_away_the_one_a_look_alike_letter_explains_is_taken() -> None:
    # three edits from both, but "Kf" is "KT" with its T read as the look-alike "f"
    assert look_alike_distance("kf", "kt") == 0.5
    assert nearest_block("Kf.,BỌ TRƯỞNG DU TRƯỜNG") == "KT. BỘ TRƯỞNG THỨ TRƯỞNG"


def test_titles_spelled_alike_without_marks_are_told_apart_by_the_marks_read() -> None:
    assert nearest_block("THƯ TRƯỜNG") == "THỨ TRƯỞNG"  # its tone lost, not "THỦ"
    assert nearest_block("TM. UỶ BAN NHÂN DÂN CHỦ TỊCH") == "TM. UỶ BAN NHÂN DÂN CHỦ TỊCH"


def test_a_reading_made_of_title_words_as_printed_is_kept() -> None:
    assert nearest_block("PHÓ GIÁM ĐỐC SỞ") == "PHÓ GIÁM ĐỐC"  # near enough, but
    assert restored_block("PHÓ GIÁM ĐỐC SỞ") is None  # every word is a title word as printed
    assert restored_block("KT. BỘ TRƯỞNG THỨ TRƯỜNG") == "KT. BỘ TRƯỞNG THỨ TRƯỞNG"


def test_a_title_far_from_every_usual_block_is_not_snapped() -> None:
    assert nearest_block("GIÁM ĐỐC SỞ") is None
    assert nearest_block("TM. SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG") is None
    assert not is_title_line("Nguyễn Văn Phúc")


def test_a_deputy_signs_for_the_head_not_by_its_order() -> None:
    allowed = blocks()
    assert "KT. BỘ TRƯỞNG THỨ TRƯỞNG" in allowed and "TL. CHỦ TỊCH CHÁNH VĂN PHÒNG" in allowed
    assert "TL. BỘ TRƯỞNG THỨ TRƯỞNG" not in allowed
    assert "TL. CHỦ TỊCH PHÓ CHỦ TỊCH" not in allowed


JOINED = """\
Yêu cầu các cấp, các ngành nghiêm túc triển khai, thực hiện./.
Nơi nhận:                                                    CHỦ TỊCH
- Thường trực Tỉnh ủy (b/cáo);
- CT, PCT UBND tỉnh;
- Ủy ban MTTQVN Tỉnh:                                        Trần Ngọc Căng
- Các sở, ban ngành, đơn vị trực thuộc UBND tỉnh;
- Lưu: VT, P.Th.
"""


def test_a_name_the_reading_order_joined_to_a_recipient_line_is_the_signer() -> None:
    out = extract([page_from_text(JOINED)])
    assert out.fields["signer"].value == "Trần Ngọc Căng"
    assert "Trần Ngọc Căng" not in out.fields["recipients"].value


def test_a_family_name_whose_first_letter_the_seal_hid_is_restored_and_flagged() -> None:
    text = JOINED.replace("Trần Ngọc Căng", "hạm Trường Thọ")
    signer = extract([page_from_text(text)]).fields["signer"]
    assert signer.value == "Phạm Trường Thọ"
    assert signer.needs_review and signer.read_as == "hạm Trường Thọ"


def test_a_small_first_word_that_ends_no_single_family_name_is_not_a_signer() -> None:
    text = JOINED.replace("Trần Ngọc Căng", "an Thị Bình")  # Lan? Phan? Doan?
    assert "signer" not in extract([page_from_text(text)]).plain_fields()


LEVEL = """\
của Chính phủ./.
Nơi nhận:
- Ban Bí thư Trung ương Đảng;
- Thủ tướng, các Phó Thủ tướng Chính phủ;
- Văn phòng Quốc hội;
- Lưu: VT, ĐMDN (2b).KN
                                                            TM. CHÍNH PHỦ
                                                            THỦ TƯỚNG
"""


def moved(page: PageText, line: int, to: int) -> PageText:
    """The page with the words of `line` set at the height of line `to`."""
    top = next(w.top for w in page.words if w.line == to)
    return replace(
        page, words=tuple(replace(w, top=top) if w.line == line else w for w in page.words)
    )


def test_the_block_read_after_the_recipients_is_found_at_the_height_it_is_printed() -> None:
    filler = "\n".join(
        f"                                                            {c}"
        for c in "~`'.,;:_~`'.,;:_~`'.,;:_~`'.,"
    )
    text = (
        LEVEL
        + filler
        + "\n                                                            Nguyễn Xuân Phúc\n"
    )
    page = page_from_text(text)
    lines = text.strip("\n").split("\n")
    page = moved(moved(moved(page, 6, 1), 7, 2), len(lines) - 1, 5)
    out = extract([page])
    assert out.fields["signer"].value == "Nguyễn Xuân Phúc"
    assert out.fields["signer_position"].value == "TM. CHÍNH PHỦ THỦ TƯỚNG"


def test_a_long_family_name_one_letter_off_is_restored_and_flagged() -> None:
    signer = extract([ending("CHỦ TỊCH", "", name="Nguyễa Văn Phúc")]).fields["signer"]
    assert signer.value == "Nguyễn Văn Phúc"
    assert signer.needs_review and signer.read_as == "Nguyễa Văn Phúc"
    near_several = extract([ending("CHỦ TỊCH", "", name="Xương Văn Phúc")]).fields["signer"]
    assert near_several.value == "Xương Văn Phúc"  # Dương, Lương, Vương: no telling
    assert near_several.needs_review  # not a family name
    assert "'Xương' is not a Vietnamese family name" in near_several.reason


def test_a_family_name_torn_to_one_marked_letter_is_restored_a_bare_letter_is_not() -> None:
    # measured (generated seed 4077, unseen layout): "Vũ Đình Thắng" read "ũ Đình Thắng"
    signer = extract([page_from_text(JOINED.replace("Trần Ngọc Căng", "ũ Đình Thắng"))]).fields[
        "signer"
    ]
    assert signer.value == "Vũ Đình Thắng" and signer.read_as == "ũ Đình Thắng"
    assert signer.needs_review
    assert convert("person", "a Đình Thắng", signed=True)[0] == "a Đình Thắng"
