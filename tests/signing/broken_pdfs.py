"""Signed PDFs of every verification failure class, made here with the DEV key and pyHanko.

Nothing comes from elsewhere: each file starts from `make_pdfa()` signed by sohoa (or by
pyHanko directly with the same DEV key), then is extended, edited or damaged the way the
EU DSS PAdES corpus showed vendors' files to be (later signatures, archive timestamps, a DSS
whose stream is not valid zlib, a SHA-1 digest, an adbe.pkcs7.sha1 signature, an unsupported or
mis-declared signature algorithm, an empty /Contents, bytes after %%EOF, metadata edits).
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import Callable
from datetime import UTC, datetime
from io import BytesIO

from asn1crypto import cms
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers import SimpleSigner
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from signing.config import SignerConfig, SignOptions
from signing.keys import load_p12
from signing.sign import sign

CLOCK = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)


def key(signer: SignerConfig) -> SimpleSigner:
    loaded = load_p12(signer)
    assert isinstance(loaded, SimpleSigner)
    return loaded


def dummy_tsa(signer: SignerConfig) -> DummyTimeStamper:
    """A timestamp authority in-process (pyHanko's dummy client) using the DEV key."""
    k = key(signer)
    assert k.signing_cert is not None
    return DummyTimeStamper(tsa_cert=k.signing_cert, tsa_key=k.signing_key, fixed_dt=CLOCK)


def sohoa_signed(pdfa: bytes, signer: SignerConfig) -> bytes:
    return sign(pdfa, signer, SignOptions(agency_name="UBND phường Bến Nghé", clock=lambda: CLOCK))


def pyhanko_signed(
    pdf: bytes, signer: SignerConfig, field: str, *, md: str = "sha256", tsa: bool = False
) -> bytes:
    """One more signature by pyHanko (optionally with a signature timestamp: B-T)."""
    meta = signers.PdfSignatureMetadata(
        field_name=field, md_algorithm=md, subfilter=fields.SigSeedSubFilter.PADES
    )
    pdf_signer = signers.PdfSigner(
        meta, signer=key(signer), timestamper=dummy_tsa(signer) if tsa else None
    )
    out = pdf_signer.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf), strict=False))
    return bytes(out.getvalue())


def archive_timestamped(pdf: bytes, signer: SignerConfig) -> bytes:
    """A document timestamp (the kind a B-LTA archive adds) after the signature."""
    stamper = signers.PdfTimeStamper(dummy_tsa(signer), field_name="ArchiveTimeStamp")
    out = stamper.timestamp_pdf(IncrementalPdfFileWriter(BytesIO(pdf)), md_algorithm="sha256")
    return bytes(out.getvalue())


def _update(
    pdf: bytes, change: Callable[[IncrementalPdfFileWriter], None], *, keep_xmp: bool = False
) -> bytes:
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    if keep_xmp:  # write the XMP stream as changed, not re-serialized by pyHanko's writer
        writer._update_meta = lambda: None  # type: ignore[method-assign]
    change(writer)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def info_changed(pdf: bytes) -> bytes:
    """The Info dictionary's /Title rewritten in an incremental update."""

    def change(writer: IncrementalPdfFileWriter) -> None:
        info = writer.trailer["/Info"].get_object()
        info[pdf_name("/Title")] = generic.TextStringObject("GIẤY CHỨNG NHẬN GIẢ")
        writer.update_container(info)

    return _update(pdf, change)


def xmp_changed(pdf: bytes, old: bytes, new: bytes) -> bytes:
    """The XMP metadata stream with `old` replaced by `new` (e.g. the holder's name).

    The stream object is replaced by a well-formed XMP packet, an update pyHanko's difference
    analysis accepts (signing software rewrites XMP): only sohoa's metadata comparison sees it.
    """

    def change(writer: IncrementalPdfFileWriter) -> None:
        ref = writer.root.raw_get("/Metadata")
        stream = ref.get_object()
        assert old in stream.data, "the text to change is not in the XMP"
        replacement = generic.StreamObject(
            {k: v for k, v in stream.items() if k not in ("/Length", "/Filter")},
            stream_data=stream.data.replace(old, new),
        )
        writer.mark_update(ref)
        writer.objects[(ref.generation, ref.idnum)] = replacement

    return _update(pdf, change, keep_xmp=True)


def page_painted(pdf: bytes) -> bytes:
    """A red square painted over page 1 after signing."""

    def change(writer: IncrementalPdfFileWriter) -> None:
        stream = generic.StreamObject(stream_data=b"q 1 0 0 rg 100 100 200 200 re f Q")
        writer.add_stream_to_page(0, writer.add_object(stream))

    return _update(pdf, change)


def broken_dss(pdf: bytes) -> bytes:
    """A DSS whose OCSP stream says FlateDecode but holds bytes zlib cannot inflate."""

    def change(writer: IncrementalPdfFileWriter) -> None:
        bad = generic.StreamObject(
            {pdf_name("/Filter"): pdf_name("/FlateDecode")}, encoded_data=b"not zlib data at all"
        )
        dss = generic.DictionaryObject(
            {pdf_name("/OCSPs"): generic.ArrayObject([writer.add_object(bad)])}
        )
        writer.root[pdf_name("/DSS")] = writer.add_object(dss)
        writer.update_root()

    return _update(pdf, change)


def _contents_span(pdf: bytes) -> tuple[int, int]:
    """Start and end of the hex digits of the last signature's /Contents <...>."""
    match = list(re.finditer(rb"/Contents\s*<([0-9a-fA-F]*)>", pdf))[-1]
    return match.start(1), match.end(1)


def cms_of(pdf: bytes) -> cms.ContentInfo:
    start, end = _contents_span(pdf)
    # the value is zero-padded: parse the DER and ignore the padding after it (stripping the
    # zeros broke on a signature whose last byte ends in a 0 nibble)
    return cms.ContentInfo.load(bytes.fromhex(pdf[start:end].decode()), strict=False)


def with_cms(pdf: bytes, content: bytes) -> bytes:
    """The same file with another signature value in /Contents (outside the signed bytes)."""
    start, end = _contents_span(pdf)
    hex_value = content.hex().encode()
    assert len(hex_value) <= end - start
    return pdf[:start] + hex_value.ljust(end - start, b"0") + pdf[end:]


def with_signature_algorithm(pdf: bytes, algorithm: str) -> bytes:
    """The signer's signature algorithm re-declared as `algorithm` (a name or a dotted OID)."""
    info = cms_of(pdf)
    signer_info = info["content"]["signer_infos"][0]
    signer_info["signature_algorithm"] = {"algorithm": algorithm}
    return with_cms(pdf, info.dump(force=True))


def sha1_subfilter_signed(pdf: bytes, signer: SignerConfig) -> bytes:
    """An adbe.pkcs7.sha1 signature: the CMS carries the SHA-1 digest of the byte range."""
    return _hand_signed(pdf, signer, "/adbe.pkcs7.sha1", contents=True)


def empty_contents(pdf: bytes, signer: SignerConfig) -> bytes:
    """A signature field whose /Contents was reserved but never filled."""
    return _hand_signed(pdf, signer, "/adbe.pkcs7.detached", contents=False)


def _hand_signed(pdf: bytes, signer: SignerConfig, subfilter: str, *, contents: bool) -> bytes:
    reserved = 8192
    placeholder = b"/ByteRange [0 0000000000 0000000000 0000000000]"
    name_placeholder = "/" + "B" * (len(placeholder) - len(b"/ByteRange /"))
    sig_dict = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Sig"),
            pdf_name("/Filter"): pdf_name("/Adobe.PPKLite"),
            pdf_name("/SubFilter"): pdf_name(subfilter),
            pdf_name("/Contents"): generic.ByteStringObject(b"\0" * reserved),
            pdf_name("/ByteRange"): generic.NameObject(name_placeholder),
        }
    )

    def change(writer: IncrementalPdfFileWriter) -> None:
        fields.append_signature_field(
            writer, fields.SigFieldSpec(sig_field_name="HandMade", on_page=0)
        )
        sig_ref = writer.add_object(sig_dict)
        for name, _value, field in fields.enumerate_sig_fields(writer, filled_status=False):
            if name == "HandMade":
                field_obj = field.get_object()
                field_obj[pdf_name("/V")] = sig_ref
                writer.update_container(field_obj)

    out = _update(pdf, change).replace(b"/ByteRange " + name_placeholder.encode(), placeholder)
    start = out.rindex(b"/Contents <") + len(b"/Contents ")
    end = out.index(b">", start) + 1
    ranges = f"/ByteRange [0 {start:010d} {end:010d} {len(out) - end:010d}]".encode()
    out = out.replace(placeholder, ranges)
    if not contents:
        return out
    digest = hashlib.sha1(out[:start] + out[end:]).digest()
    assert signer.p12_path is not None
    simple = SimpleSigner.load_pkcs12(signer.p12_path, passphrase=signer.p12_password)
    assert simple is not None
    signed = asyncio.run(simple.async_sign_general_data(digest, "sha1", detached=False))
    return with_cms(out, signed.dump())


def signature_removed(pdf: bytes) -> bytes:
    """A later revision that drops the form, and the signature with it, from the catalog."""

    def change(writer: IncrementalPdfFileWriter) -> None:
        del writer.root["/AcroForm"]
        writer.update_root()

    return _update(pdf, change)


def form_not_a_dictionary(pdf: bytes) -> bytes:
    """A later revision whose /AcroForm is a number (pyHanko's field listing: TypeError)."""

    def change(writer: IncrementalPdfFileWriter) -> None:
        writer.root[pdf_name("/AcroForm")] = generic.NumberObject(3)
        writer.update_root()

    return _update(pdf, change)


def signature_value_not_a_dictionary(pdf: bytes) -> bytes:
    """A later revision whose signature field's /V is a number (pyHanko: AttributeError)."""

    def change(writer: IncrementalPdfFileWriter) -> None:
        field = writer.root["/AcroForm"]["/Fields"][0]
        field[pdf_name("/V")] = generic.NumberObject(5)
        writer.update_container(field)

    return _update(pdf, change)
