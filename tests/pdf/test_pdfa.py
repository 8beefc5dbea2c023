"""PDF/A-2b structure: XMP and Info agree, sRGB intent, fonts embedded, nothing forbidden, signable."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pikepdf
import pikepdf.pdfa
import pytest
from pdf_helpers import RenderedPage, run
from support import need_tool

from ocr.pdf.assemble import PRODUCER, PdfInfo, PdfPage, assemble_pdf
from ocr.pdf.xmp import SOHOA_NS

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"


@pytest.fixture(scope="module")
def custom_pdf(grey_page: RenderedPage) -> bytes:
    """A two-page document (one bitonal page) with the pipeline's custom metadata."""
    info = PdfInfo(
        title="Giấy xác nhận cư trú",
        author="UBND xã Mỹ An",
        subject="xac_nhan_cu_tru",
        keywords=["xac_nhan_cu_tru", "087190001234"],
        creator="sohoa 0.1.0",
        created=datetime(2024, 3, 15, 9, 30, 5, tzinfo=UTC) + timedelta(hours=0),
        custom={
            "doc_type": "xac_nhan_cu_tru",
            "owner_id": "087190001234",
            "field_document_number": "123/GXN-UBND",
        },
    )
    pages = [
        PdfPage(grey_page.image, 300, grey_page.text),
        PdfPage(grey_page.image, 300, grey_page.text, bitonal=True),
    ]
    return assemble_pdf(pages, info)


def beyond_the_validator(findings: Sequence[pikepdf.pdfa.Finding]) -> list[str]:
    """Findings other than the constructs pikepdf's allowlist validator does not support.

    It knows no PDF/A extension schemas (our sohoa: properties and their description) and
    no interactive forms (the signature field pyHanko adds). pyHanko rewrites the XMP and
    serializes our namespace with a generated prefix (ns0).
    """
    extension = re.compile(
        r"6\.6\.2\.3\.1.*(pdfa(Extension|Schema|Property)|sohoa|urn:sohoa|property ns\d+:)"
    )
    return [str(f) for f in findings if not extension.search(str(f)) and "/AcroForm" not in str(f)]


def xmp_of(data: bytes) -> ET.Element:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return ET.fromstring(pdf.Root.Metadata.read_bytes())


def test_xmp_declares_pdfa_2b(two_page_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(two_page_pdf)) as pdf, pdf.open_metadata() as meta:
        assert meta["pdfaid:part"] == "2"
        assert meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"] == "Giấy xác nhận"
        assert meta["dc:creator"] == ["UBND xã Mỹ An"]
        assert meta["dc:description"] == "xac_nhan"
        assert meta["pdf:Producer"] == PRODUCER
        for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
            assert meta[key] == "2024-03-15T09:30:05+07:00"


def test_info_dictionary_matches_the_xmp(two_page_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(two_page_pdf)) as pdf, pdf.open_metadata() as meta:
        info = pdf.docinfo
        assert str(info.Title) == meta["dc:title"]
        assert [str(info.Author)] == meta["dc:creator"]
        assert str(info.Subject) == meta["dc:description"]
        assert str(info.Keywords) == meta["pdf:Keywords"]
        assert str(info.Creator) == meta["xmp:CreatorTool"]
        assert str(info.Producer) == meta["pdf:Producer"]
        assert str(info.CreationDate) == "D:20240315093005+07'00'"
        assert str(info.ModDate) == str(info.CreationDate)
        assert str(pdf.Root.Lang) == "vi-VN"


def test_pikepdf_pdfa_validator_approves_the_document(two_page_pdf: bytes) -> None:
    report = pikepdf.pdfa.validate_written(io.BytesIO(two_page_pdf), "2b")
    assert report.verdict == "pass", [str(f) for f in report.findings]


def test_custom_metadata_lives_in_the_sohoa_namespace_with_its_extension_schema(
    custom_pdf: bytes,
) -> None:
    root = xmp_of(custom_pdf)
    assert root.findtext(f".//{{{SOHOA_NS}}}owner_id") == "087190001234"
    assert root.findtext(f".//{{{SOHOA_NS}}}doc_type") == "xac_nhan_cu_tru"
    assert root.findtext(f".//{{{SOHOA_NS}}}field_document_number") == "123/GXN-UBND"
    # PDF/A 6.6.2.3: every property outside the predefined schemas is described
    schema = root.find(".//{http://www.aiim.org/pdfa/ns/extension/}schemas")
    assert schema is not None
    prop = "{http://www.aiim.org/pdfa/ns/property#}"
    described = {
        li.findtext(f"{prop}name"): li.findtext(f"{prop}valueType")
        for li in schema.iter(f"{RDF}li")
        if li.find(f"{prop}name") is not None
    }
    assert described == {
        "doc_type": "Text",
        "owner_id": "Text",
        "field_document_number": "Text",
    }
    assert schema.findtext(".//{http://www.aiim.org/pdfa/ns/schema#}namespaceURI") == SOHOA_NS


def test_validator_only_objects_to_the_extension_schema_it_does_not_support(
    custom_pdf: bytes,
) -> None:
    """pikepdf's allowlist validator knows no extension schemas; nothing else may fail."""
    report = pikepdf.pdfa.validate_written(io.BytesIO(custom_pdf), "2b")
    assert beyond_the_validator(report.findings) == []


def test_srgb_output_intent_is_embedded(two_page_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(two_page_pdf)) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFA1
        profile = intent.DestOutputProfile
        assert int(profile.N) == 3
        icc = profile.read_bytes()
        assert icc[12:20] == b"mntrRGB " and icc[36:40] == b"acsp"
        assert int.from_bytes(icc[:4], "big") == len(icc)


def test_every_font_is_embedded(two_page_pdf: bytes, write_pdf: Callable[..., Path]) -> None:
    need_tool("pdffonts")
    rows = run("pdffonts", str(write_pdf(two_page_pdf))).stdout.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows)  # the "emb" column
    with pikepdf.open(io.BytesIO(two_page_pdf)) as pdf:
        descriptors = [
            o
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == pikepdf.Name.FontDescriptor
        ]
        assert descriptors and all("/FontFile2" in d for d in descriptors)


def test_no_encryption_and_no_javascript(custom_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(custom_pdf)) as pdf:
        assert not pdf.is_encrypted and "/Encrypt" not in pdf.trailer
        assert "/OpenAction" not in pdf.Root and "/Names" not in pdf.Root
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                assert not {"/JS", "/JavaScript", "/AA"} & set(obj.keys())
    assert b"JavaScript" not in custom_pdf


def test_trailer_has_a_document_id_and_output_is_deterministic(
    custom_pdf: bytes, grey_page: RenderedPage
) -> None:
    with pikepdf.open(io.BytesIO(custom_pdf)) as pdf:
        first, second = pdf.trailer.ID
        assert len(bytes(first)) == 16 and bytes(first) == bytes(second)
    info = PdfInfo("t", "a", "s", ["k"], "c", datetime(2024, 1, 1, tzinfo=UTC))
    page = PdfPage(grey_page.image, 300, grey_page.text)
    assert assemble_pdf([page], info) == assemble_pdf([page], info)


def test_qpdf_check_is_clean(custom_pdf: bytes, write_pdf: Callable[..., Path]) -> None:
    need_tool("qpdf")
    proc = run("qpdf", "--check", str(write_pdf(custom_pdf)))
    assert "No syntax or stream encoding errors" in proc.stdout


def test_pyhanko_signs_it_by_incremental_update(custom_pdf: bytes, tmp_path: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    # RSA: an ECDSA key makes pyHanko declare PDF 2.0 (ISO 32002), which PDF/A-2 forbids
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "UBND xã Mỹ An (test)")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = tmp_path / "key.pem", tmp_path / "cert.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    signer = signers.SimpleSigner.load(str(key_file), str(cert_file))
    assert signer is not None
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(custom_pdf)),
        signers.PdfSignatureMetadata(field_name="Signature1"),
        signer=signer,
    )
    signed = out.getvalue()
    assert signed.startswith(custom_pdf)  # incremental: the archive copy is untouched
    (embedded,) = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    trust = ValidationContext(trust_roots=[signer.signing_cert])
    status = validate_pdf_signature(embedded, signer_validation_context=trust)
    assert status.intact and status.valid and status.trusted
    assert status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    # still PDF/A-2b as far as the validator can tell (PDF 1.7: an RSA key)
    report = pikepdf.pdfa.validate_written(io.BytesIO(signed), "2b")
    assert beyond_the_validator(report.findings) == []
