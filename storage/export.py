"""Export for archives: the signed PDF, Decree 30/2020 Annex VI metadata as XML, in a BagIt bag."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from common.errors import NotFound, StorageError

from .archive import read_manifest
from .catalog import Catalog, DocumentRecord
from .fixity import verified
from .objects import ObjectStore

BAGIT_VERSION = "1.0"
METADATA_NS = "urn:sohoa:metadata:nd30-2020:1"
SOFTWARE = "sohoa"

# Annex VI of Decree 30/2020/NĐ-CP: the metadata items that apply to a digitized document,
# (XML element, Vietnamese label, where the value comes from)
ANNEX_VI: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("MaDinhDanh", "Mã định danh văn bản", ("@document_id",)),
    ("SoVaKyHieu", "Số và ký hiệu văn bản", ("@document_number", "document_number", "number")),
    ("NgayThangNam", "Ngày, tháng, năm văn bản", ("@issue_date", "issue_date")),
    ("TenLoai", "Tên loại văn bản", ("kind", "@doc_type")),
    ("TrichYeu", "Trích yếu nội dung", ("subject", "trich_yeu")),
    ("CoQuanChuQuan", "Tên cơ quan, tổ chức chủ quản", ("parent_authority",)),
    ("CoQuanBanHanh", "Tên cơ quan, tổ chức ban hành văn bản", ("issuing_authority", "issuer")),
    ("DiaDanh", "Địa danh", ("place",)),
    ("NguoiKy", "Người ký", ("signer", "signer_name")),
    ("ChucVuNguoiKy", "Chức vụ người ký", ("signer_title", "signer_position")),
    ("NoiNhan", "Nơi nhận", ("recipients",)),
    ("SoTrang", "Số trang", ("@pages",)),
    ("NgonNgu", "Ngôn ngữ", ("@language",)),
    ("HoSo", "Mã hồ sơ", ("@dossier_id",)),
    ("GhiChu", "Ghi chú", ("note",)),
)


def metadata_xml(record: DocumentRecord, metadata: dict[str, Any] | None = None) -> bytes:
    """The document's metadata as XML: Annex VI items, then sohoa's own (owner, sha256, ...)."""
    meta = metadata or {}
    ET.register_namespace("", METADATA_NS)
    root = ET.Element(f"{{{METADATA_NS}}}TaiLieuSo")
    annex = ET.SubElement(
        root, f"{{{METADATA_NS}}}ThongTinVanBan", {"nguon": "ND30/2020 Phu luc VI"}
    )
    for element, label, sources in ANNEX_VI:
        value = _lookup(record, meta, sources)
        if value:
            ET.SubElement(annex, f"{{{METADATA_NS}}}{element}", {"nhan": label}).text = value
    own = ET.SubElement(root, f"{{{METADATA_NS}}}ThongTinSoHoa")
    signature = meta.get("signature") if isinstance(meta.get("signature"), dict) else {}
    extras: list[tuple[str, Any]] = [
        ("ChuSoHuu", record.owner_id),
        ("ThuTucHanhChinh", record.procedure),
        ("NoiTiepNhan", record.receiving_office),
        ("VaiTro", record.role),
        ("TenTep", record.filename),
        ("SHA256BanGoc", record.sha256),
        ("KhoaBanGoc", record.original_key),
        ("PhienBan", record.version),
        ("DoTinCayOCR", f"{record.confidence:.1f}"),
        ("CanKiemTra", "true" if record.needs_review else "false"),
        ("MucChuKy", record.signature_level),
        ("ThoiGianKy", record.signed_at.isoformat() if record.signed_at else None),
        ("NguoiKySo", (signature or {}).get("signer")),
        ("ThoiGianSoHoa", record.created_at.isoformat()),
        ("PhienBanPhanMem", record.pipeline_version),
    ]
    for element, value in extras:
        if value not in (None, ""):
            ET.SubElement(own, f"{{{METADATA_NS}}}{element}").text = str(value)
    if record.fields:
        fields = ET.SubElement(own, f"{{{METADATA_NS}}}TruongThongTin")
        for key, value in sorted(record.fields.items()):
            ET.SubElement(fields, f"{{{METADATA_NS}}}Truong", {"ten": key}).text = value
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _lookup(record: DocumentRecord, meta: dict[str, Any], sources: tuple[str, ...]) -> str:
    for source in sources:
        if source.startswith("@"):
            name = source[1:]
            value = getattr(record, name, None)
            if value is None:
                value = meta.get(name)
        else:
            value = record.fields.get(source)
        if value not in (None, ""):
            return str(value)
    return ""


def export_document(
    store: ObjectStore,
    catalog: Catalog,
    document_id: str,
    out: Path,
    *,
    organization: str = "",
    now: datetime | None = None,
) -> Path:
    """Write OUT/<document_id>/, a BagIt 1.0 bag of the signed PDF, text and metadata XML/JSON.

    Every object is checked against its manifest first: a changed or missing object raises
    FixityError and nothing is written. The bag is built beside its destination and renamed
    into place, so a crash never leaves half a bag under the final name.
    """
    record = catalog.get(document_id)
    manifest = read_manifest(store, record.prefix)
    names = [n for n in ("document.pdf", "text.txt", "metadata.json") if n in manifest["files"]]
    if "document.pdf" not in names:
        raise NotFound(f"{record.prefix}document.pdf is not in the archive")
    objects = verified(store, record.prefix, names)
    metadata: dict[str, Any] = {}
    if "metadata.json" in objects:
        try:
            metadata = json.loads(objects["metadata.json"])
        except ValueError:
            metadata = {}
    payload = {
        f"{document_id}.pdf": objects["document.pdf"],
        f"{document_id}.xml": metadata_xml(record, metadata),
    }
    if "text.txt" in objects:
        payload[f"{document_id}.txt"] = objects["text.txt"]
    if "metadata.json" in objects:
        payload[f"{document_id}.json"] = objects["metadata.json"]
    target = out / document_id
    if target.exists():
        raise StorageError(f"{target} already exists; remove it or export elsewhere")
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{document_id}-", dir=out))
    try:
        write_bag(
            work,
            payload,
            info={
                "Source-Organization": organization or record.receiving_office or "",
                "External-Identifier": document_id,
                "External-Description": f"{record.doc_type} {record.document_number or ''}".strip(),
                "Bagging-Date": (now or datetime.now(UTC)).date().isoformat(),
                "Bag-Software-Agent": SOFTWARE,
            },
        )
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return target


def write_bag(bag: Path, payload: dict[str, bytes], *, info: dict[str, str]) -> None:
    """A BagIt 1.0 bag (RFC 8493) in the empty folder `bag`, with SHA-256 manifests."""
    data = bag / "data"
    data.mkdir(parents=True)
    lines = []
    for name, content in sorted(payload.items()):
        (data / name).write_bytes(content)
        lines.append(f"{hashlib.sha256(content).hexdigest()}  data/{name}\n")
    oxum = f"{sum(len(c) for c in payload.values())}.{len(payload)}"
    tags = {
        "bagit.txt": f"BagIt-Version: {BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n",
        "bag-info.txt": "".join(
            f"{k}: {' '.join(v.split())}\n" for k, v in {**info, "Payload-Oxum": oxum}.items() if v
        ),
        "manifest-sha256.txt": "".join(lines),
    }
    tag_lines = []
    for name, text in tags.items():
        raw = text.encode("utf-8")
        (bag / name).write_bytes(raw)
        tag_lines.append(f"{hashlib.sha256(raw).hexdigest()}  {name}\n")
    (bag / "tagmanifest-sha256.txt").write_text("".join(tag_lines), encoding="utf-8")
