"""Decree 30 papers other than decisions: the metadata the fields agent reads, as printed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from samples.generate import generate

DECREE30 = {
    "kind",
    "document_number",
    "issue_date",
    "place",
    "issuing_authority",
    "subject",
    "signer",
    "signer_position",
    "recipients",
}


def test_administrative_documents_carry_their_decree_30_metadata_as_printed(
    tmp_path: Path,
) -> None:
    made = generate(
        tmp_path, count=8, seed=160, types=["administrative_document"], formats=["pdf-text"]
    )
    kinds = set()
    for s in made:
        f = s.truth["fields"]
        assert isinstance(f, dict) and s.truth["doc_type"] == "administrative_document"
        assert DECREE30 <= set(f) <= DECREE30 | {"parent_authority"}
        kinds.add(f["kind"])
        text = str(s.truth["pages"][0])  # type: ignore[index]
        lines = text.split("\n")
        assert f"Số: {f['document_number']}" in lines
        dt.date.fromisoformat(f["issue_date"])
        assert any(ln.startswith(f"{f['place']}, ngày ") for ln in lines)
        assert f["signer"] in lines and f["signer_position"].split()[-1] in text
        assert f["recipients"].startswith("Như trên;\n") and "Nơi nhận:" in lines
        assert f["recipients"].endswith("\nLưu: VT.")
        if f["kind"] == "Công văn":
            assert any(ln.startswith("V/v ") for ln in lines)
            assert " ".join(text.split()).count(f["subject"]) == 1
        else:
            assert f["kind"].upper() in lines
        if "parent_authority" in f:
            assert lines[:2] == [f["parent_authority"], f["issuing_authority"]]
    assert len(kinds) >= 3


def test_notices_and_minutes_are_labelled_administrative_documents_with_their_kind(
    tmp_path: Path,
) -> None:
    made = generate(tmp_path, count=8, seed=161, types=["other"], formats=["pdf-text"])
    kinds = {str(s.truth["doc_type"]) for s in made}
    assert kinds == {"other", "administrative_document"}
    for s in made:
        f = s.truth["fields"]
        lines = str(s.truth["pages"][0]).split("\n")  # type: ignore[index]
        assert s.path.name.endswith(f"{str(s.truth['doc_type']).replace('_', '-')}.pdf")
        if s.truth["doc_type"] == "other":  # a paper of no type: no fields to read
            assert f == {} and "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in lines
            continue
        assert isinstance(f, dict) and DECREE30 <= set(f) <= DECREE30 | {"parent_authority"}
        assert any(ln.startswith(f["kind"].upper()) for ln in lines)
        assert f"Số: {f['document_number']}" in " ".join(lines)
        assert f"Về việc {f['subject']}" in " ".join(lines)


def test_a_commune_organ_dates_its_papers_with_the_commune_name_without_its_unit() -> None:
    import random

    from samples.documents import organ

    seen = set()
    for seed in range(400):
        org = organ(random.Random(seed), "commune")
        commune = org.name.removeprefix("Ủy ban nhân dân ")
        seen.add(commune.split(" ")[0])
        assert not org.place.startswith(("trấn ", "thị trấn ", "xã ")), org.place
        assert org.place in commune or org.place == org.province
    assert {"thị", "xã"} <= seen  # both kinds of commune were drawn
