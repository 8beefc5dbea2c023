"""`sohoa eval` tells right values from wrong-but-flagged, silently wrong and missing ones."""

from __future__ import annotations

from pathlib import Path

from pipeline.evaluate import DocScore, EvalReport, field_outcome, format_report


def test_each_value_gets_one_outcome() -> None:
    assert field_outcome("12/QĐ-UBND", "12/QĐ-UBND", flagged=True) == "right"
    assert field_outcome("12/QD-UBND", "12/QĐ-UBND", flagged=True) == "wrong_flagged"
    assert field_outcome("12/QD-UBND", "12/QĐ-UBND", flagged=False) == "wrong_unflagged"
    assert field_outcome("", "12/QĐ-UBND", flagged=True) == "missing"


def test_report_prints_the_outcomes_per_field() -> None:
    doc = DocScore(
        name=Path("a.pdf").name,
        degradations=[],
        pages=1,
        cer=None,
        type_ok=True,
        fields_ok={"signer": False, "subject": True},
        invented=0,
        outcomes={"signer": "wrong_unflagged", "subject": "right"},
    )
    summary = EvalReport(docs=[doc], seconds=1.0).summary()
    assert summary["per_field"]["signer"]["wrong_unflagged"] == 1
    assert summary["wrong_unflagged"] == 1
    text = format_report(summary)
    assert "wrong-unflagged" in text and "missing" in text
    assert "wrong without a review flag: 1 values" in text
