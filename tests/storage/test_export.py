"""Export for archives: a valid BagIt bag with the PDF and Decree 30/2020 metadata as XML."""

from __future__ import annotations

import hashlib
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import bagit
import pikepdf
import pytest
from storage_helpers import flip_a_byte, record, tamper

from common.errors import FixityError, StorageError
from storage.archive import write_document
from storage.catalog import Catalog
from storage.export import METADATA_NS, export_document, metadata_xml
from storage.objects import ObjectStore
from storage.reuse import find_reusable

NS = {"m": METADATA_NS}


def _pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.fixture
def filed(store: ObjectStore, catalog: Catalog) -> tuple[ObjectStore, Catalog, bytes]:
    pdf = _pdf()
    rec = record(
        7,
        doc_type="decision",
        document_number="45/QĐ-UBND",
        issue_date="2024-12-20",
        owner_id="079090001234",
        dossier_id="HS-0007",
        receiving_office="UBND phường Bến Nghé",
        fields={
            "subject": "Về việc cấp giấy phép xây dựng",
            "issuing_authority": "ỦY BAN NHÂN DÂN QUẬN 1",
            "signer": "Nguyễn Văn Bình",
        },
        text="QUYẾT ĐỊNH",
    )
    metadata = {"language": "vi", "signature": {"signer": "UBND phường Bến Nghé (DEV)"}}
    write_document(
        store,
        rec.prefix,
        {
            "document.pdf": pdf,
            "text.txt": "QUYẾT ĐỊNH".encode(),
            "alto.xml": b"<alto/>",
            "metadata.json": json.dumps(metadata).encode(),
        },
    )
    catalog.add(rec)
    return store, catalog, pdf


def test_an_export_is_a_valid_bagit_bag_with_the_pdf(
    filed: tuple[ObjectStore, Catalog, bytes], tmp_path: Path
) -> None:
    store, catalog, pdf = filed
    out = export_document(store, catalog, "doc00007", tmp_path / "out")
    assert out == tmp_path / "out" / "doc00007"
    bag = bagit.Bag(str(out))
    bag.validate()  # an independent BagIt implementation checks every checksum
    assert "sha256" in bag.algorithms
    assert (out / "data" / "doc00007.pdf").read_bytes() == pdf
    manifest = (out / "manifest-sha256.txt").read_text()
    assert f"{hashlib.sha256(pdf).hexdigest()}  data/doc00007.pdf" in manifest
    assert bag.info["External-Identifier"] == "doc00007"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["doc00007"]


def test_the_metadata_xml_carries_the_annex_vi_fields(
    filed: tuple[ObjectStore, Catalog, bytes], tmp_path: Path
) -> None:
    store, catalog, _ = filed
    out = export_document(store, catalog, "doc00007", tmp_path)
    root = ET.parse(out / "data" / "doc00007.xml").getroot()
    annex = root.find("m:ThongTinVanBan", NS)
    assert annex is not None
    values = {el.tag.split("}")[1]: el.text for el in annex}
    assert values["SoVaKyHieu"] == "45/QĐ-UBND"
    assert values["NgayThangNam"] == "2024-12-20"
    assert values["TenLoai"] == "decision"
    assert values["TrichYeu"] == "Về việc cấp giấy phép xây dựng"
    assert values["CoQuanBanHanh"] == "ỦY BAN NHÂN DÂN QUẬN 1"
    assert values["NguoiKy"] == "Nguyễn Văn Bình"
    assert values["SoTrang"] == "1"
    assert values["NgonNgu"] == "vi"
    assert values["HoSo"] == "HS-0007"
    own = root.find("m:ThongTinSoHoa", NS)
    assert own is not None
    assert own.findtext("m:ChuSoHuu", namespaces=NS) == "079090001234"
    assert own.findtext("m:SHA256BanGoc", namespaces=NS) == f"{7:064x}"


def test_a_changed_pdf_is_not_exported(
    filed: tuple[ObjectStore, Catalog, bytes], tmp_path: Path
) -> None:
    store, catalog, pdf = filed
    tamper(store, catalog.get("doc00007").prefix + "document.pdf", flip_a_byte(pdf, 20))
    with pytest.raises(FixityError):
        export_document(store, catalog, "doc00007", tmp_path / "out")
    assert not (tmp_path / "out" / "doc00007").exists()


def test_an_export_never_overwrites_a_bag(
    filed: tuple[ObjectStore, Catalog, bytes], tmp_path: Path
) -> None:
    store, catalog, _ = filed
    export_document(store, catalog, "doc00007", tmp_path)
    with pytest.raises(StorageError):
        export_document(store, catalog, "doc00007", tmp_path)


def test_a_component_is_linked_to_the_same_bytes_or_the_same_paper(catalog: Catalog) -> None:
    catalog.add(
        record(1, owner_id="079090001234", doc_type="decision", document_number="45/QĐ-UBND")
    )
    by_bytes = find_reusable(catalog, sha256=f"{1:064x}")
    assert by_bytes is not None and by_bytes.reason == "same_bytes"
    assert by_bytes.record.document_id == "doc00001"
    rescanned = find_reusable(
        catalog,
        sha256="f" * 64,
        owner_id="079090001234",
        doc_type="decision",
        document_number="45/qđ-ubnd",
    )
    assert rescanned is not None and rescanned.reason == "same_document"
    assert "already digitized as doc00001" in rescanned.message
    assert find_reusable(catalog, sha256="f" * 64, owner_id="079090001234") is None


def test_annex_vi_names_the_kind_and_the_decree30_fields_of_an_administrative_document() -> None:
    rec = record(
        8,
        doc_type="administrative_document",
        document_number="299/UBND-TTHC",
        issue_date="2025-01-15",
        fields={
            "kind": "Công văn",
            "subject": "công bố Danh mục TTHC",
            "issuing_authority": "SỞ TƯ PHÁP",
            "parent_authority": "UBND TỈNH QUẢNG NGÃI",
            "place": "Quảng Ngãi",
            "signer_position": "TL. CHỦ TỊCH CHÁNH VĂN PHÒNG",
            "recipients": "Như trên; Lưu: VT",
        },
    )
    root = ET.fromstring(metadata_xml(rec))
    annex = root.find("m:ThongTinVanBan", NS)
    assert annex is not None
    values = {el.tag.split("}")[1]: el.text for el in annex}
    assert values["TenLoai"] == "Công văn"
    assert values["CoQuanChuQuan"] == "UBND TỈNH QUẢNG NGÃI"
    assert values["CoQuanBanHanh"] == "SỞ TƯ PHÁP"
    assert values["DiaDanh"] == "Quảng Ngãi"
    assert values["ChucVuNguoiKy"] == "TL. CHỦ TỊCH CHÁNH VĂN PHÒNG"
    assert values["NoiNhan"] == "Như trên; Lưu: VT"
