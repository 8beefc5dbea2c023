"""Which of Tesseract's words are text: noise dropped, numbers and well-placed syllables kept."""

from __future__ import annotations

import pytest

from common.vietnamese import is_syllable
from ocr.recognize.tesseract import keep_text, parse_tsv, without_weak_lines
from ocr.types import Word


def word(
    text: str, conf: float, *, line: int = 1, left: int = 0, top: int = 100, h: int = 30
) -> Word:
    return Word(text, left, top, 20 * len(text), h, conf, line)


@pytest.mark.parametrize("text", ["TRỌNG", "nghiêng", "Nguyễn", "khuỷu", "Đắk", "xã", "quyết"])
def test_vietnamese_syllables_are_recognized(text: str) -> None:
    assert is_syllable(text)


@pytest.mark.parametrize("text", ["ueI©", "nệH", "Buet1", "UBND", "ex", "qu", "ááa"])
def test_seal_and_photo_garbage_is_not_a_syllable(text: str) -> None:
    assert not is_syllable(text)


def test_a_long_number_scored_near_zero_is_kept() -> None:
    # measured on an ID card: the 12-digit number read right with confidence 6.5
    words = [word("Số/No:", 65, left=0), word("008159231257", 6.5, left=150)]
    assert [w.text for w in keep_text(words)] == ["Số/No:", "008159231257"]


def test_a_syllable_scored_as_noise_in_a_well_read_line_is_kept_without_its_stray_dash() -> None:
    words = [word("VŨ", 96, left=0), word("-TRỌNG", 0.0, left=60), word("THIỆN", 96, left=200)]
    assert [w.text for w in keep_text(words)] == ["VŨ", "TRỌNG", "THIỆN"]


def test_standard_initials_scored_as_noise_in_a_well_read_line_are_kept_other_capitals_not() -> (
    None
):
    # measured (generated seed 5099, a clean page): "- Lưu: VT." read "VT," at confidence 0,
    # the Vietnamese model scoring any run of capitals that is no syllable as nothing
    words = [word("-", 93, left=0), word("Lưu:", 93, left=40), word("VT,", 0.0, left=160)]
    assert [w.text for w in keep_text(words)] == ["-", "Lưu:", "VT,"]
    seal = [word("-", 93, left=0), word("Lưu:", 93, left=40), word("XQT", 0.0, left=160)]
    assert [w.text for w in keep_text(seal)] == ["-", "Lưu:"]


def test_a_syllable_scored_as_noise_with_a_speck_read_as_a_question_mark_is_kept_without_it() -> (
    None
):
    # measured on a generated ID card: "KHUÊ?" at confidence 2 after "MAI THÙY"
    words = [word("MAI", 93, left=0), word("THÙY", 91, left=60), word("KHUÊ?", 2.1, left=160)]
    assert [w.text for w in keep_text(words)] == ["MAI", "THÙY", "KHUÊ"]


def test_garbage_and_badly_read_lines_stay_dropped() -> None:
    words = [
        word("CHỦ", 95, line=1, left=0),
        word("ueI©", 3.0, line=1, left=100),  # not a syllable
        word("Buổi", 40, line=2, left=0),
        word("nam", 5.0, line=2, left=100),  # a syllable, but its line is read badly
    ]
    assert [w.text for w in keep_text(words)] == ["CHỦ", "Buổi"]


def test_lines_of_seal_marks_are_dropped_short_printed_lines_kept() -> None:
    # measured on a real decree's last page: a grey seal over the signature block read as lines
    # of one or two low-scored marks; punctuation scored 61-70 does not make a line read
    words = [
        word("Ta", 37, line=1, left=0),
        word("⁄“", 70, line=1, left=40),
        word("Ấ7", 31, line=1, left=80),
        word("`,", 61, line=2, left=0),
        word("Số:", 87, line=3, left=0),  # a short printed line: one word read well is enough
        word("Như", 97, line=4, left=0),
        word("z", 19, line=4, left=90),
        word("0011852", 8, line=5, left=0),  # a long number, whatever its score
    ]
    kept = [w.text for w in without_weak_lines(words)]
    assert kept == ["Số:", "Như", "z", "0011852"]


def test_a_page_read_badly_all_over_keeps_its_lines() -> None:
    # review: a dim photo whose every word scores 40-59 would otherwise lose its whole text
    words = [word(t, 45, line=i, left=0) for i, t in enumerate(["Kính", "gửi", "Ủy", "ban"])]
    assert [w.text for w in without_weak_lines(words)] == ["Kính", "gửi", "Ủy", "ban"]


def test_tall_mark_without_letters_is_dropped_so_it_cannot_join_two_lines() -> None:
    words = [
        word("Họ", 93, line=1, left=342, top=272, h=20),
        word("tên", 93, line=1, left=400, top=271, h=20),
        word("“.", 70, line=1, left=143, top=250, h=64),  # a photo's edge beside two lines
        word("ĐINH", 96, line=2, left=341, top=306, h=21),
        word("-", 90, line=2, left=420, top=316, h=3),  # a dash is short: kept
    ]
    assert [w.text for w in keep_text(words)] == ["Họ", "tên", "ĐINH", "-"]


def test_vertical_rules_are_noise() -> None:
    words = [word("huyện", 95, left=0), word("|", 90, line=2), word("|_", 90, line=3)]
    assert [w.text for w in keep_text(words)] == ["huyện"]


def test_tall_scribble_read_with_little_confidence_is_dropped() -> None:
    words = [
        word("Hồ", 95, left=0),
        word("Toàn", 96, left=100),
        word("@(G(0", 27.0, line=2, top=300, h=165),  # a signature read as text
        word("QUYẾT", 96, line=3, top=600, h=69),  # a big title read well stays
    ]
    assert [w.text for w in keep_text(words)] == ["Hồ", "Toàn", "QUYẾT"]


def test_eth_and_a_doubled_dj_read_by_tesseract_become_one_dj() -> None:
    header = "level page_num block_num par_num line_num word_num left top width height conf text"
    header = header.replace(" ", "\t")
    row = "\t".join(["5", "1", "1", "1", "1", "1", "10", "10", "200", "40", "66", "2854/QĐÐ-SNNMT"])
    words = parse_tsv(f"{header}\n{row}\n", scale=1.0, width=1000, height=1000)
    assert [w.text for w in words] == ["2854/QĐ-SNNMT"]


def test_a_card_machine_readable_line_read_unsure_is_kept() -> None:
    # measured on a 72-dpi photo of a card's back: its first MRZ line read right at 29, the
    # only word of its line (22 digits of 30 characters: not "mostly digits")
    words = [
        word("I[DVNM1967670576019196767057<<<", 29, line=1, left=0),
        word("Ta", 37, line=2, left=0),  # a seal's marks: still dropped
        word("Số:", 87, line=3, left=0),
    ]
    assert [w.text for w in without_weak_lines(words)] == [
        "I[DVNM1967670576019196767057<<<",
        "Số:",
    ]


def test_lines_of_a_card_machine_readable_zone_are_kept_however_unsure() -> None:
    # measured on photos of card backs: line 2 read at 41, the name line at 0 (right but for
    # one mark), each the only word of its line; a seal's marks never read as '<' runs
    words = [
        word("9203011F3203019VNM<<<<<<<<<<<2", 41, line=1, left=0),
        word("AU<<KHANH<QUÚE<<<<<<<<<<<<<<<<<", 0.0, line=2, left=0),
        word("CỘNG<<", 5.0, line=3, left=0),  # not a whole line of the zone
    ]
    kept = [w.text for w in without_weak_lines(keep_text(words))]
    assert kept == ["9203011F3203019VNM<<<<<<<<<<<2", "AU<<KHANH<QUÚE<<<<<<<<<<<<<<<<<"]


def test_a_word_box_far_wider_than_its_text_hides_nothing_from_the_second_look() -> None:
    # measured (seed 2468): "." read at 0 with a box over the whole "- Lưu: VT." line; its box
    # erased the line's ink, so the missed-line search could not find it
    from ocr.recognize.tesseract import _overwide

    assert _overwide(Word(".", 235, 2092, 202, 34, 0.0, line=1))
    assert not _overwide(Word("Lưu:", 266, 2092, 99, 35, 91.0, line=1))
