"""A person confirms or corrects fields: new metadata version, catalog row, checks, field boxes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from filed_documents import file_document

from common.errors import InvalidValue, StaleVersion
from ocr.fields.manual import check_value
from pipeline.boxes import field_boxes
from pipeline.context import Context
from pipeline.review import actor, correct_fields, history
from pipeline.settings import load_settings
from storage.archive import check_fixity, object_key
from storage.catalog import ReviewQuery, search_query
from storage.memory import MemoryCatalog, MemoryObjectStore

CLERK = actor(None, cli_user="clerk")


@pytest.fixture
def ctx(sohoa_env: Path) -> Context:
    return Context(
        settings=load_settings(home=sohoa_env), store=MemoryObjectStore(), catalog=MemoryCatalog()
    )


def test_correction_writes_version_2_and_keeps_the_signed_pdf(ctx: Context) -> None:
    v1 = file_document(ctx.store, ctx.catalog, 1)
    pdf = ctx.store.get(v1.prefix + "document.pdf")
    revision = correct_fields(
        ctx,
        v1.document_id,
        version=1,
        fields={"full_name": "Nguyễn Văn An", "id_number": "087190001234"},
        confirm=["date_of_birth"],
        reason="đối chiếu CCCD",
        by=CLERK,
    )
    assert revision.version == 2
    assert revision.prefix == v1.prefix.replace("/v1/", "/v2/")
    current = ctx.catalog.get(v1.document_id)
    assert current.version == 2
    assert current.fields["full_name"] == "Nguyễn Văn An"
    assert current.owner_id == "087190001234"  # the owner was read from the corrected ID
    assert not current.needs_review and current.review_reasons == {}
    assert ctx.store.get(object_key(ctx.store, current.prefix, "document.pdf")) == pdf
    assert not ctx.store.exists(current.prefix + "document.pdf")
    metadata = json.loads(ctx.store.get(current.prefix + "metadata.json"))
    assert metadata["version"] == 2
    assert metadata["field_details"]["full_name"]["read_as"] == "Nguyen Van Aan"
    assert metadata["field_details"]["date_of_birth"]["reviewed"] == "confirmed"
    assert metadata["revision"]["by"] == {"via": "cli", "user": "clerk"}
    old = json.loads(ctx.store.get(v1.prefix + "metadata.json"))
    assert old["fields"]["full_name"] == "Nguyen Van Aan"  # the earlier version is kept
    assert check_fixity(ctx.store, current.prefix) == []
    assert ctx.catalog.search(search_query("nguyen van an")).hits[0].record.version == 2
    assert [r.document_id for r in ctx.catalog.reuse("087190001234")] == [v1.document_id]
    assert ctx.catalog.review_queue(ReviewQuery()).total == 0


def test_history_says_who_when_which_fields_and_why(ctx: Context) -> None:
    v1 = file_document(ctx.store, ctx.catalog, 1)
    correct_fields(
        ctx, v1.document_id, version=1, fields={"full_name": "Nguyễn Văn An"}, reason="sai tên",
        by=CLERK,
    )  # fmt: skip
    versions = history(ctx, v1.document_id)
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["by"]["via"] == "pipeline" and not versions[0]["current"]
    assert versions[1]["current"] and versions[1]["reason"] == "sai tên"
    assert versions[1]["changes"] == [
        {
            "field": "full_name",
            "action": "corrected",
            "old": "Nguyen Van Aan",
            "new": "Nguyễn Văn An",
            "old_reason": "low OCR confidence (41 < 60)",
        }
    ]
    # the other flag stays until a person settles it
    assert ctx.catalog.get(v1.document_id).review_reasons == {
        "id_number": "citizen ID year digits 93 disagree with birth year 1990"
    }


def test_a_stale_version_is_refused_and_nothing_is_written(ctx: Context) -> None:
    v1 = file_document(ctx.store, ctx.catalog, 1)
    correct_fields(ctx, v1.document_id, version=1, confirm=["full_name"], by=CLERK)
    with pytest.raises(StaleVersion) as e:
        correct_fields(ctx, v1.document_id, version=1, fields={"full_name": "X Y"}, by=CLERK)
    assert e.value.http_status == 409
    assert [r.version for r in ctx.catalog.versions(v1.document_id)] == [1, 2]


@pytest.mark.parametrize(
    ("fields", "confirm", "message"),
    [
        ({"date_of_birth": "31/02/1990"}, [], "no such calendar date"),
        ({"id_number": "12345"}, [], "12 digits"),
        ({"owner_id": "999190001234"}, [], "province code 999"),
        ({"phone": "12 34"}, [], "not a Vietnamese phone number"),
        ({"gender": "Nam"}, [], "unknown field"),  # an application form has no gender
        ({"not_a_field": "x"}, [], "unknown field"),
        ({}, [], "nothing to confirm"),
        ({}, ["phone"], "empty value"),  # nothing was read: there is nothing to confirm
    ],
)
def test_a_bad_value_is_refused_with_its_reason(
    ctx: Context, fields: dict[str, str], confirm: list[str], message: str
) -> None:
    v1 = file_document(ctx.store, ctx.catalog, 1)
    with pytest.raises(InvalidValue) as e:
        correct_fields(ctx, v1.document_id, version=1, fields=fields, confirm=confirm, by=CLERK)
    assert message in e.value.message and e.value.http_status == 422
    assert ctx.catalog.get(v1.document_id).version == 1


def test_a_crashed_correction_left_behind_is_passed_over(ctx: Context) -> None:
    v1 = file_document(ctx.store, ctx.catalog, 1)
    orphan = v1.prefix.replace("/v1/", "/v2/")
    ctx.store.put(orphan + "metadata.json", b"{}")
    ctx.store.put(orphan + "manifest.json", b'{"files": {}}')  # written, never recorded
    revision = correct_fields(ctx, v1.document_id, version=1, confirm=["full_name"], by=CLERK)
    assert revision.version == 3
    assert ctx.catalog.get(v1.document_id).version == 3


def test_owner_conflict_is_settled_by_correcting_the_owner(ctx: Context) -> None:
    v1 = file_document(
        ctx.store,
        ctx.catalog,
        1,
        reasons={"owner_conflict": "dossier owner 087190001234 differs from 087093001234"},
    )
    correct_fields(ctx, v1.document_id, version=1, fields={"owner_id": "087190001234"}, by=CLERK)
    current = ctx.catalog.get(v1.document_id)
    assert current.owner_id == "087190001234" and not current.needs_review
    assert current.fields["id_number"] == "087093001234"  # the paper's reading is untouched


def test_clerk_values_are_normalized_like_extraction() -> None:
    assert check_value("application_form", "date_of_birth", "12/05/1990") == ("1990-05-12", "")
    assert check_value("application_form", "date_of_birth", "1990-5-12") == ("1990-05-12", "")
    assert check_value("application_form", "phone", "+84 912 345 678") == ("0912345678", "")
    assert check_value("birth_certificate", "gender", "nu") == ("Nữ", "")
    assert check_value("application_form", "full_name", "  Nguyễn   Văn An ") == (
        "Nguyễn Văn An",
        "",
    )


def test_field_boxes_are_found_from_the_ocr_words(ctx: Context) -> None:
    v1 = file_document(ctx.store, ctx.catalog, 1)
    alto = ctx.store.get(v1.prefix + "alto.xml")
    boxes = field_boxes(
        alto,
        {
            "full_name": ["Nguyễn Văn An", "Nguyen Van Aan"],  # corrected value, then what was read
            "date_of_birth": ["1990-05-12"],  # printed 12/05/1990
            "id_number": ["087093001234"],
            "phone": ["0912345678"],  # not on the paper
        },
    )
    assert set(boxes) == {"full_name", "date_of_birth", "id_number"}
    name = boxes["full_name"]
    # "Nguyen Van Aan" starts after "Họ và tên:" (50 + 36+20 + 36+20 + 72+20 = 254 px of 1000)
    assert name.page == 1 and name.left == pytest.approx(0.254)
    assert name.top == pytest.approx(120 / 800) and name.height == pytest.approx(40 / 800)
    assert boxes["date_of_birth"].top == pytest.approx(240 / 800)


def test_a_corrected_document_exports_its_signed_pdf_and_corrected_fields(
    ctx: Context, tmp_path: Path
) -> None:
    from storage.export import export_document

    v1 = file_document(ctx.store, ctx.catalog, 1)
    correct_fields(ctx, v1.document_id, version=1, fields={"full_name": "Nguyễn Văn An"}, by=CLERK)
    bag = export_document(ctx.store, ctx.catalog, v1.document_id, tmp_path / "out")
    data = bag / "data"
    assert (data / f"{v1.document_id}.pdf").read_bytes() == ctx.store.get(
        v1.prefix + "document.pdf"
    )
    assert "Nguyễn Văn An" in (data / f"{v1.document_id}.json").read_text(encoding="utf-8")


def test_fixity_audit_of_a_corrected_document_checks_the_kept_pdf(ctx: Context) -> None:
    from storage.fixity import audit

    v1 = file_document(ctx.store, ctx.catalog, 1)
    correct_fields(ctx, v1.document_id, version=1, fields={"full_name": "Nguyễn Văn An"}, by=CLERK)
    v2 = ctx.catalog.get(v1.document_id)
    assert set(v2.object_sha256) >= {"document.pdf", "metadata.json", "manifest.json"}
    clean = audit(ctx.store, ctx.catalog)
    assert clean.checked_versions == 2 and clean.problems == []
    assert isinstance(ctx.store, MemoryObjectStore)
    ctx.store.tamper(v1.prefix + "document.pdf", b"%PDF-1.7 forged")
    damaged = audit(ctx.store, ctx.catalog)
    assert {p.key for p in damaged.problems} == {v1.prefix + "document.pdf"}
