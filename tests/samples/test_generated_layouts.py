"""Layouts: a second one per type, one kept out of tuning; ID card sides with a valid TD1 MRZ."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest

from samples import idcard
from samples.documents import DOC_TYPES, LAYOUTS, UNSEEN, Options, layouts_of
from samples.fonts import family
from samples.generate import ALL_BUILDERS, generate, make_one


def test_check_digits_match_the_icao_9303_td1_example() -> None:
    # ICAO Doc 9303 part 5, the TD1 specimen (Utopia): document D23145890, born 740812, expiry 120415
    line1 = "I<UTOD231458907<<<<<<<<<<<<<<<"
    line2 = "7408122F1204159UTO<<<<<<<<<<<6"
    assert idcard.check_digit("D23145890") == "7"
    assert idcard.check_digit("740812") == "2" and idcard.check_digit("120415") == "9"
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    assert idcard.check_digit(composite) == "6"


def validate_mrz(lines: list[str], id_number: str, birth: str, gender: str) -> None:
    l1, l2, l3 = lines
    assert all(len(ln) == 30 for ln in lines)
    assert l1.startswith("IDVNM") and l1[5:14] == id_number[3:]
    assert idcard.check_digit(l1[5:14]) == l1[14]
    assert l1[15:27] == id_number
    dob = dt.date.fromisoformat(birth).strftime("%y%m%d")
    assert l2[0:6] == dob and idcard.check_digit(dob) == l2[6]
    assert l2[7] == ("M" if gender == "Nam" else "F")
    assert idcard.check_digit(l2[8:14]) == l2[14] and l2[15:18] == "VNM"
    assert idcard.check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]) == l2[29]
    assert re.fullmatch(r"[A-Z]+<<[A-Z<]+", l3)


def test_mrz_of_random_citizens_validates_id_and_birth_date() -> None:
    rng = random.Random(140)
    from samples import content

    for _ in range(300):
        p = content.person(rng, born_before=2010)
        issued = dt.date(2024, 8, 1)
        lines = idcard.mrz(p.id_number, p.birth, p.male, idcard.expiry_of(p.birth, issued), p.name)
        validate_mrz(lines, p.id_number, p.birth.isoformat(), p.gender)


def build(doc_type: str, layout: str, seed: int) -> tuple[dict[str, str], list[str]]:
    """Lay out one paper (no pixels): its fields and its first page's lines."""
    built = ALL_BUILDERS[doc_type](family("Noto Sans"), random.Random(seed), Options(layout=layout))
    return built.fields, built.pages[0].lines


@pytest.mark.parametrize("side", ["back2021", "back2024"])
def test_card_backs_print_the_authority_dates_and_a_valid_mrz(side: str) -> None:
    for seed in range(141, 161):
        f, lines = build("citizen_id_card", side, seed)
        validate_mrz(lines[-3:], f["id_number"], f["date_of_birth"], f["gender"])
        dt.date.fromisoformat(f["issue_date"])
        text = " ".join(lines)
        if side == "back2021":
            assert f["issuing_authority"] == idcard.AUTHORITY_2021 and idcard.AUTHORITY_2021 in text
        else:
            assert f["issuing_authority"] == "BỘ CÔNG AN" and "BỘ CÔNG AN" in lines


def test_every_type_has_a_second_layout_and_one_unseen() -> None:
    for t in DOC_TYPES:
        assert len(LAYOUTS[t]) >= 3
        assert UNSEEN[t] not in layouts_of(t, "seen") and UNSEEN[t] not in layouts_of(t, "classic")
        assert layouts_of(t, "unseen") == (UNSEEN[t],)
        assert len(layouts_of(t, "seen")) >= 2


def test_tuning_options_never_produce_unseen_layouts(tmp_path: Path) -> None:
    seen = generate(tmp_path / "seen", count=10, seed=142, formats=["pdf-text"], layouts="seen")
    layouts = {(s.truth["doc_type"], s.truth["layout"]) for s in seen}
    assert all(layout != UNSEEN[t] for t, layout in layouts)  # type: ignore[index]
    assert any(layout != "classic" for _, layout in layouts)
    default = generate(tmp_path / "default", count=3, seed=142, formats=["pdf-text"])
    assert all("layout" not in s.truth for s in default)  # classic: the sets made before


def test_unseen_layout_has_tab_rows_and_values_wrapping_and_under_labels(tmp_path: Path) -> None:
    s = make_one(
        tmp_path, 0, seed=143, types=["birth_certificate"], formats=["pdf-text"], layouts="unseen"
    )
    assert s.truth["layout"] == UNSEEN["birth_certificate"]
    lines = str(s.truth["pages"][0]).split("\n")  # type: ignore[index]
    assert any(
        re.fullmatch(r"Năm sinh: \d{4} Dân tộc: \S+ Quốc tịch: Việt Nam", ln) for ln in lines
    )
    k = next(i for i, ln in enumerate(lines) if ln.startswith("Nơi cư trú: Số"))
    assert ":" not in lines[k + 1]  # the address runs on to the next line
    assert "Họ, chữ đệm, tên:" in lines  # a label alone, its value on the next line


def test_security_print_covers_the_page_behind_birth_and_land_certificates(tmp_path: Path) -> None:
    import numpy as np
    from PIL import Image

    plain, printed = (
        make_one(
            tmp_path / d,
            0,
            seed=170,
            types=["birth_certificate"],
            formats=["png"],
            degradations=deg,
        )
        for d, deg in (("plain", ["clean"]), ("printed", ["guilloche"]))
    )
    assert printed.truth["degradations"] == ["guilloche"]
    assert printed.truth["pages"] == plain.truth["pages"]  # not text
    with Image.open(plain.path) as a, Image.open(printed.path) as b:
        x, y = np.asarray(a.convert("RGB"), float), np.asarray(b.convert("RGB"), float)

    def marked(a: np.ndarray) -> float:  # share of the top margin that is not bare paper
        top = a[:150].reshape(-1, 3)
        return float((np.abs(top - np.median(top, axis=0)).max(axis=1) > 8).mean())

    assert marked(x) < 0.02 and marked(y) > 0.1  # lines where the plain page's margin is blank


def test_birth_extract_and_land_inner_page_are_seen_layouts() -> None:
    assert "extract" in layouts_of("birth_certificate", "seen")
    assert "inner" in layouts_of("land_use_certificate", "seen")
    f, lines = build("birth_certificate", "extract", 171)
    assert "TRÍCH LỤC KHAI SINH" in lines and f"Số: {f['registration_number']}" in lines
    f, lines = build("land_use_certificate", "inner", 171)
    assert "III. Sơ đồ thửa đất, nhà ở và tài sản khác gắn liền với đất" in lines
    assert set(f) == {"parcel_number", "map_sheet_number", "area_m2", "address", "land_use_purpose"}
    assert f"a) Thửa đất số: {f['parcel_number']}" in lines
