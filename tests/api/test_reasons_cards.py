"""The web page shows the citizen card's review reasons in Vietnamese."""

from __future__ import annotations

from api.reasons import in_vietnamese


def test_mrz_disagreement_is_shown_in_vietnamese_with_both_values() -> None:
    reason = (
        "the ID number printed (079301004331) does not match the machine-readable zone "
        "(079301004321)"
    )
    assert in_vietnamese(reason) == (
        "số định danh in trên thẻ (079301004331) không khớp vùng MRZ (079301004321)"
    )


def test_mrz_repair_and_fill_are_shown_in_vietnamese() -> None:
    repaired = "date of birth read as '2001-06-08'; repaired from the machine-readable zone"
    assert in_vietnamese(repaired) == "ngày sinh đọc được là '2001-06-08'; đã sửa theo vùng MRZ"
    filled = "date of expiry not read where it is printed; taken from the machine-readable zone"
    assert in_vietnamese(filled) == "không đọc được ngày hết hạn in trên thẻ; đã lấy từ vùng MRZ"
