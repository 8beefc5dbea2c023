"""`sohoa digitize` end to end on the embedded default: real Tesseract, real PDF tools, real signature."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageDraw, ImageFont

BIN = Path(sys.executable).parent
FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
LINES = [
    "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP",
    "QUYẾT ĐỊNH",
    "Về việc cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Xét đề nghị của Phòng Kinh tế và Hạ tầng huyện Cao Lãnh.",
]


def render_page(path: Path, lines: list[str] = LINES, dpi: int = 300) -> None:
    """A clean A4 page of Vietnamese text, as a scanner at `dpi` would give it."""
    scale = dpi / 300
    image = Image.new("L", (int(2480 * scale), int(3508 * scale)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), int(44 * scale))
    for n, line in enumerate(lines):
        draw.text((int(250 * scale), int((300 + n * 110) * scale)), line, font=font, fill=0)
    image.save(path, dpi=(dpi, dpi))


def run(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "sohoa"), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=600
    )


@pytest.fixture
def env(sohoa_env: Path) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    e["SOHOA_HOME"] = str(sohoa_env)
    return e


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    folder = tmp_path / "dossier-7"
    folder.mkdir()
    render_page(folder / "quyet-dinh.png")
    render_page(
        folder / "to-khai.tif",
        [*LINES[:1], "Đơn đề nghị cấp bản sao", "Họ và tên: Nguyễn Thị Ánh Tuyết"],
    )
    (folder / "notes.json").write_text("{}", encoding="utf-8")  # a sidecar, not a paper
    return folder


def object_count(home: Path) -> int:
    return sum(1 for p in (home / "archive").rglob("*") if p.is_file())


def catalog_rows(home: Path) -> int:
    import sqlite3

    with sqlite3.connect(home / "catalog.db") as db:
        return int(db.execute("select count(*) from documents").fetchone()[0])


def test_a_dossier_folder_becomes_signed_searchable_pdfa(
    env: dict[str, str], dossier: Path, sohoa_env: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    proc = run(
        "digitize",
        str(dossier),
        "--export",
        str(out),
        "--procedure",
        "1.001234",
        env=env,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "quyet-dinh.json",
        "quyet-dinh.pdf",
        "quyet-dinh.txt",
        "to-khai.json",
        "to-khai.pdf",
        "to-khai.txt",
    ]
    meta = json.loads((out / "quyet-dinh.json").read_text(encoding="utf-8"))
    for key in (
        "document_id",
        "sha256",
        "pages",
        "doc_type",
        "fields",
        "confidence",
        "needs_review",
        "signature",
    ):
        assert key in meta
    assert meta["pages"] == 1
    assert meta["dossier_id"] == "dossier-7"
    assert meta["procedure"] == "1.001234"

    text = (out / "quyet-dinh.txt").read_text(encoding="utf-8")
    assert "QUYẾT ĐỊNH" in text
    assert "Đồng Tháp".upper() in text.upper()

    pdf_path = out / "quyet-dinh.pdf"
    with pikepdf.open(pdf_path) as pdf:
        assert len(pdf.pages) == 1
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfaid:part") == "2"
        width_in = float(pdf.pages[0].mediabox[2]) / 72
        assert abs(width_in - 2480 / 300) < 0.05  # true physical size from the scan's dpi
    layer = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "QUYẾT ĐỊNH" in layer

    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    ca_files = list((sohoa_env / "keys").glob("*ca*.pem"))
    assert ca_files, "the DEV CA certificate is kept under $SOHOA_HOME/keys"
    _, _, der = pem.unarmor(ca_files[0].read_bytes())
    vc = ValidationContext(trust_roots=[x509.Certificate.load(der)])
    with pdf_path.open("rb") as f:
        reader = PdfFileReader(f)
        assert len(reader.embedded_signatures) == 1
        status = validate_pdf_signature(reader.embedded_signatures[0], vc)
    assert status.intact and status.valid and status.trusted

    found = run("search", "dong thap", env=env, cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    assert meta["document_id"] in found.stdout


def test_digitizing_twice_files_nothing_twice(
    env: dict[str, str], dossier: Path, sohoa_env: Path, tmp_path: Path
) -> None:
    first = run("digitize", str(dossier), "--json", env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    objects, rows = object_count(sohoa_env), catalog_rows(sohoa_env)
    assert rows == 2
    second = run("digitize", str(dossier), "--json", env=env, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    statuses = [json.loads(line)["status"] for line in second.stdout.splitlines()]
    assert statuses == ["reused", "reused"]
    assert (object_count(sohoa_env), catalog_rows(sohoa_env)) == (objects, rows)


def test_a_bad_file_fails_alone_with_its_reason(
    env: dict[str, str], tmp_path: Path, sohoa_env: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    render_page(folder / "good.png", LINES[:2])
    (folder / "bad.docx").write_bytes(b"PK\x03\x04 not a scan")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\n")
    proc = run("digitize", str(folder), env=env, cwd=tmp_path)
    assert proc.returncode != 0
    failed = [line for line in proc.stderr.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 3
    assert any("bad.docx" in line and "not a PDF, PNG, JPEG or TIFF" in line for line in failed)
    assert any("empty.pdf" in line and "empty" in line for line in failed)
    assert "Traceback" not in proc.stderr
    assert catalog_rows(sohoa_env) == 1  # the good one is filed


def test_a_missing_path_is_a_clear_error(env: dict[str, str], tmp_path: Path) -> None:
    proc = run("digitize", str(tmp_path / "nope"), env=env, cwd=tmp_path)
    assert proc.returncode != 0
    assert "no such file or folder" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_help_explains_the_command(env: dict[str, str], tmp_path: Path) -> None:
    proc = run("digitize", "--help", env=env, cwd=tmp_path)
    assert proc.returncode == 0
    assert "each FOLDER is one dossier" in " ".join(proc.stdout.split())


def test_another_scan_of_a_filed_paper_is_linked_not_filed_again(
    env: dict[str, str], tmp_path: Path, sohoa_env: Path
) -> None:
    """Same owner, type and document number: the new scan is linked to the existing document."""
    decisions = sorted((Path(__file__).parents[2] / "samples" / "demo").glob("*decision*.jpg"))
    assert decisions, "the committed demo set has a decision as JPEG"
    first = tmp_path / "first"
    first.mkdir()
    (first / "qd.jpg").write_bytes(decisions[0].read_bytes())
    second = tmp_path / "second"
    second.mkdir()
    Image.open(decisions[0]).save(
        second / "qd-rescan.png", dpi=(300, 300)
    )  # other bytes, same paper
    owner = "087190001234"
    one = run("digitize", str(first), "--owner", owner, "--json", env=env, cwd=tmp_path)
    assert one.returncode == 0, one.stderr
    filed = json.loads(one.stdout.splitlines()[0])
    assert filed["doc_type"] == "decision" and filed["fields"].get("document_number")
    two = run("digitize", str(second), "--owner", owner, "--json", env=env, cwd=tmp_path)
    assert two.returncode == 0, two.stderr
    linked = json.loads(two.stdout.splitlines()[0])
    assert linked["status"] == "reused"
    assert linked["document_id"] == filed["document_id"]
    assert catalog_rows(sohoa_env) == 1
