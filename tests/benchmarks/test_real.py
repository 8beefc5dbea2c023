"""The real-papers benchmark: its labels are complete and well-formed, and its scoring is fair.

The label files are benchmarks/real/labels (typed from the scans of ../shared/realscans-dev); the
scans are not needed here.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from benchmarks.real import (
    FIELDS,
    LABELS,
    matches,
    read_fields,
    same,
    score_field,
    sohoa_page,
    word_error,
)

LABEL_FILES = sorted(LABELS.glob("*.json"))


def test_every_scanned_file_has_metadata_and_twelve_pages_have_full_text() -> None:
    assert len(LABEL_FILES) == 32
    texts = list(LABELS.glob("*.p*.txt"))
    assert len(texts) >= 12
    kinds = {json.loads(f.read_text(encoding="utf-8"))["file"].split("/")[0] for f in LABEL_FILES}
    assert kinds == {"quangngai_vbhc", "moet_bgddt", "vbpl_nghidinh", "photos_misc"}


@pytest.mark.parametrize("label", LABEL_FILES, ids=lambda p: p.stem)
def test_label_is_well_formed(label: Path) -> None:
    truth = json.loads(label.read_text(encoding="utf-8"))
    fields = truth["fields"]
    assert set(fields) <= set(FIELDS)
    assert set(FIELDS) - {"recipients"} <= set(fields)  # only recipients may be unlabelled
    assert fields["doc_type"] == (
        "decision" if fields["kind"] == "Quyết định" else "administrative_document"
    )
    if fields["issue_date"] is not None:
        dt.date.fromisoformat(fields["issue_date"])
    for n in truth["text_pages"]:
        assert 1 <= n <= truth["pages"]
        assert (LABELS / f"{label.stem}.p{n}.txt").read_text(encoding="utf-8").strip()


def test_tone_placement_case_and_subject_prefix_do_not_count_as_errors() -> None:
    assert same(
        "issuing_authority", "UỶ BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "Ủy ban nhân dân tỉnh Quảng Ngãi"
    )
    assert same("subject", "V/v tham gia ý kiến", "tham gia ý kiến")
    assert same("subject", "Về việc tăng cường.", "tăng cường")
    assert same("document_number", "575 /UBND-KTTH", "575/UBND-KTTH")
    assert not same("signer", "Trần Ngọc Cảng", "Trần Ngọc Căng")
    assert not same("document_number", "57/UBND-KTTH", "575/UBND-KTTH")


def test_recipients_compare_line_by_line_whatever_the_dashes() -> None:
    truth = ["Như trên;", "Lưu: VT."]
    assert same("recipients", "- Như trên;\n- Lưu: VT.", truth)
    assert not same("recipients", "- Như trên;", truth)


def test_a_value_is_right_wrong_flagged_wrong_unflagged_or_missing() -> None:
    assert score_field("signer", "Lê Quân", "Lê Quân", flagged=False) == "right"
    assert score_field("signer", "Lê Quân", "Lê Quang", flagged=True) == "wrong_flagged"
    assert score_field("signer", "Lê Quân", "Lê Quang", flagged=False) == "wrong_unflagged"
    assert score_field("signer", "Lê Quân", None, flagged=False) == "missing"
    # a value the paper does not show is scored apart: left empty, or invented
    assert score_field("parent_authority", None, "", flagged=False) == "not_shown"
    assert score_field("parent_authority", None, "SỞ Y TẾ", flagged=False) == "invented_unflagged"
    assert score_field("parent_authority", None, "SỞ Y TẾ", flagged=True) == "invented_flagged"


def test_a_decision_without_a_kind_field_is_of_kind_quyet_dinh() -> None:
    fields, flagged = read_fields({"doc_type": "decision", "fields": {}, "review_reasons": {}})
    assert fields["kind"] == "Quyết định"
    assert not any(flagged.values())


def test_word_error_ignores_reading_order_but_not_missing_words() -> None:
    truth = "ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI"
    assert word_error("CỘNG HÒA XÃ HỘI ỦY BAN NHÂN DÂN", truth) == 0.0
    assert word_error("CỘNG HÒA XÃ HỘI", truth) == 0.5


def test_pages_of_sohoa_text_are_split_on_form_feeds() -> None:
    assert sohoa_page("one\ftwo\n", 2) == "two\n"
    assert sohoa_page("one", 3) == ""


def test_file_patterns_are_globs_or_substrings_comma_separated() -> None:
    assert matches("qn_05", "qn_05-CT-UBND_2020", "quangngai_vbhc/qn_05-CT-UBND_2020.pdf")
    assert matches("moet*,photos_misc/*", "x", "photos_misc/x.png")
    assert not matches("moet*", "qn_05-CT-UBND_2020", "quangngai_vbhc/qn_05-CT-UBND_2020.pdf")
