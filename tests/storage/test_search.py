"""Search: any word with or without diacritics, ranked, filtered, with snippets and pages.

Runs unchanged on SQLite (FTS5), PostgreSQL (full text + trigram) and memory.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from storage_helpers import record

from storage.catalog import Catalog, SearchQuery
from storage.text import fold, snippet, terms

DONG_THAP = "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP\nQUYẾT ĐỊNH về việc cấp giấy phép xây dựng"
UPPER_ASCII = "CONG HOA XA HOI CHU NGHIA VIET NAM. UBND TINH DONG THAP. GIAY CHUNG NHAN"
LONG_AN = "Ủy ban nhân dân tỉnh Long An. Giấy khai sinh của ông Trần Văn Bình, sinh tại Đồng Nai."


def ids(catalog: Catalog, **query: object) -> list[str]:
    return [h.record.document_id for h in catalog.search(SearchQuery(**query)).hits]  # type: ignore[arg-type]


@pytest.fixture
def filed(catalog: Catalog) -> Catalog:
    catalog.add(record(1, text=DONG_THAP, doc_type="quyet_dinh", document_number="123/QĐ-UBND"))
    catalog.add(record(2, text=UPPER_ASCII, doc_type="giay_chung_nhan"))
    catalog.add(record(3, text=LONG_AN, owner_id="080095001122", issue_date="2024-06-15"))
    return catalog


def test_words_without_diacritics_find_words_with_them(filed: Catalog) -> None:
    assert set(ids(filed, text="dong thap")) == {"doc00001", "doc00002"}
    assert ids(filed, text="quyet dinh") == ["doc00001"]


def test_words_with_diacritics_find_words_without_them(filed: Catalog) -> None:
    assert set(ids(filed, text="Đồng Tháp")) == {"doc00001", "doc00002"}
    assert ids(filed, text="GIẤY CHỨNG NHẬN") == ["doc00002"]


def test_d_with_stroke_folds_to_d(filed: Catalog) -> None:
    assert fold("Đ đ") == "d d"
    assert ids(filed, text="đồng nai") == ["doc00003"]
    assert ids(filed, text="DONG NAI") == ["doc00003"]


def test_every_word_must_match(filed: Catalog) -> None:
    assert ids(filed, text="dong thap long an") == []
    assert ids(filed, text="binh") == ["doc00003"]


def test_a_document_is_found_by_owner_id_and_number(filed: Catalog) -> None:
    assert ids(filed, text="080095001122") == ["doc00003"]
    assert ids(filed, text="123/QĐ-UBND") == ["doc00001"]


def test_more_occurrences_rank_higher(catalog: Catalog) -> None:
    catalog.add(record(1, text="Biên bản họp tổ dân phố. " + "Nội dung khác. " * 20 + "hộ tịch"))
    catalog.add(record(2, text="Hộ tịch: trích lục hộ tịch, sổ hộ tịch, đăng ký hộ tịch."))
    catalog.add(record(3, text="Không liên quan."))
    page = catalog.search(SearchQuery(text="ho tich"))
    assert [h.record.document_id for h in page.hits] == ["doc00002", "doc00001"]
    assert page.hits[0].score > page.hits[1].score


def test_snippets_mark_the_matched_words_in_the_original_spelling(filed: Catalog) -> None:
    hit = filed.search(SearchQuery(text="dong thap", doc_type="quyet_dinh")).hits[0]
    assert "«ĐỒNG» «THÁP»" in hit.snippet
    assert hit.record.text == ""  # the hit carries no full text


def test_a_snippet_is_a_window_around_the_first_match() -> None:
    text = "mở đầu " * 100 + "Phường Bến Nghé, Quận 1" + " kết thúc" * 100
    cut = snippet(text, terms("ben nghe"), width=80)
    assert "«Bến» «Nghé»" in cut
    assert cut.startswith("…") and cut.endswith("…")
    assert len(cut) < 120


def test_filters_narrow_the_results(filed: Catalog) -> None:
    assert ids(filed, text="dong", doc_type="quyet_dinh") == ["doc00001"]
    assert ids(filed, owner_id="080095001122") == ["doc00003"]
    assert ids(filed, document_number="123/qd") == ["doc00001"]
    assert ids(filed, document_number="QĐ-UBND") == ["doc00001"]
    assert ids(filed, date_from="2024-06-01", date_to="2024-06-30") == ["doc00003"]
    assert ids(filed, date_from="2024-06-16") == []
    assert ids(filed, text="dong thap", owner_id="080095001122") == []


def test_procedure_and_office_filters(catalog: Catalog) -> None:
    catalog.add(record(1, text="tờ khai", procedure="1.001234", receiving_office="UBND Quận 1"))
    catalog.add(record(2, text="tờ khai", procedure="1.009999", receiving_office="UBND Quận 3"))
    assert ids(catalog, text="to khai", procedure="1.001234") == ["doc00001"]
    assert ids(catalog, text="to khai", receiving_office="UBND Quận 3") == ["doc00002"]


def test_results_come_in_pages(catalog: Catalog) -> None:
    for n in range(1, 26):
        catalog.add(
            record(n, text=f"Sổ hộ khẩu số {n}", created_at=datetime(2025, 1, n, tzinfo=UTC))
        )
    first = catalog.search(SearchQuery(text="so ho khau", per_page=10))
    third = catalog.search(SearchQuery(text="so ho khau", per_page=10, page=3))
    assert first.total == third.total == 25 and first.total_exact
    assert len(first.hits) == 10 and len(third.hits) == 5
    everything = [
        h.record.document_id
        for p in (1, 2, 3)
        for h in catalog.search(SearchQuery(text="so ho khau", per_page=10, page=p)).hits
    ]
    assert sorted(everything) == [f"doc{n:05d}" for n in range(1, 26)]
    assert catalog.search(SearchQuery(text="so ho khau", per_page=10, page=4)).hits == []


def test_without_words_the_newest_come_first(catalog: Catalog) -> None:
    for n in (1, 2, 3):
        catalog.add(record(n, created_at=datetime(2025, 1, n, tzinfo=UTC)))
    assert ids(catalog) == ["doc00003", "doc00002", "doc00001"]


def test_punctuation_and_quotes_in_a_query_are_harmless(filed: Catalog) -> None:
    for text in ['"dong" OR thap*', "dong & !thap", "'; DROP TABLE documents; --", "NEAR(x y)"]:
        filed.search(SearchQuery(text=text))
    assert filed.count() == 3


def test_fields_are_searchable(catalog: Catalog) -> None:
    catalog.add(record(1, text="", fields={"ho_ten": "Lê Thị Hồng Nhung"}))
    assert ids(catalog, text="hong nhung") == ["doc00001"]


def test_folding_rules() -> None:
    assert fold("Đồng Tháp") == "dong thap"
    assert fold("ĐỒNG THÁP") == "dong thap"
    assert (
        fold("Nghệ An, Thừa Thiên Huế, Bà Rịa – Vũng Tàu")
        == "nghe an, thua thien hue, ba ria – vung tau"
    )
    assert fold("Ủy ban nhân dân") == fold("Uỷ ban nhân dân") == "uy ban nhan dan"
    decomposed = "Đo\u0302\u0300ng"  # NFD input folds the same
    assert fold(decomposed) == "dong"
    assert terms("  Đồng  Tháp, đồng ") == ["dong", "thap"]


def test_filters_give_the_same_hits_whichever_index_leads(
    filed: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storage import postgres

    queries = [
        SearchQuery(text="dong thap", doc_type="quyet_dinh"),
        SearchQuery(text="binh", date_from="2024-01-01"),
        SearchQuery(text="ubnd", document_number="123"),
    ]
    narrow_first = [ids(filed, **vars(q)) for q in queries]
    monkeypatch.setattr(postgres, "NARROW", 0)  # PostgreSQL: the word index leads
    assert [ids(filed, **vars(q)) for q in queries] == narrow_first
    assert narrow_first == [["doc00001"], ["doc00003"], ["doc00001"]]


def test_date_ranges_of_any_length_filter_exactly(catalog: Catalog) -> None:
    for n, issued in enumerate(["2019-12-31", "2020-01-01", "2021-06-30", "2024-02-29"], 1):
        catalog.add(record(n, text="giấy xác nhận", doc_type="xac_nhan", issue_date=issued))

    def found(date_from: str, date_to: str) -> list[str]:
        return sorted(
            ids(
                catalog,
                text="giay xac nhan",
                doc_type="xac_nhan",
                date_from=date_from,
                date_to=date_to,
            )
        )

    assert found("2020-01-01", "2020-12-31") == ["doc00002"]
    assert found("2019-06-01", "2020-06-01") == ["doc00001", "doc00002"]
    assert found("2020-01-01", "2021-06-29") == ["doc00002"]
    assert found("2010-01-01", "2030-12-31") == ["doc00001", "doc00002", "doc00003", "doc00004"]


def test_a_snippet_marks_whole_words_only() -> None:
    cut = snippet("SỞ KẾ HOẠCH VÀ ĐẦU TƯ. CỘNG HÒA XÃ HỘI", terms("cong hoa"))
    assert cut == "SỞ KẾ HOẠCH VÀ ĐẦU TƯ. «CỘNG» «HÒA» XÃ HỘI"


@pytest.mark.parametrize(
    ("doc_type", "issue_date", "procedure"),
    [("citizen_id_card", "2024-06-15", "1.001234"), ("Quyết_định", None, None), ("x", "1999", "")],
)
def test_filter_tags_agree_between_python_and_postgresql(
    pg_url: str, doc_type: str, issue_date: str | None, procedure: str | None
) -> None:
    import psycopg

    from storage.catalog import filter_tags
    from storage.postgres import tags_sql

    with psycopg.connect(pg_url) as conn:
        row = conn.execute(
            f"SELECT tsvector_to_array({tags_sql('%s::text', '%s::text', '%s::text')})",
            (doc_type, issue_date, procedure),
        ).fetchone()
    assert row is not None
    rec = record(1, doc_type=doc_type, issue_date=issue_date, procedure=procedure)
    assert sorted(row[0]) == sorted(filter_tags(rec))
