"""Read what a signed PDF says about its signatures: who, when, timestamps, PAdES level."""

from __future__ import annotations

from datetime import datetime

from asn1crypto import cms, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.generic_cms import extract_tst_data_iter
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

from .config import FIELD_PREFIX, VN_TZ


def is_sohoa_signature(sig: EmbeddedPdfSignature) -> bool:
    return str(sig.field_name or "").startswith(FIELD_PREFIX)


def sohoa_signatures(reader: PdfFileReader) -> list[EmbeddedPdfSignature]:
    return [s for s in reader.embedded_regular_signatures if is_sohoa_signature(s)]


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VN_TZ)
    return moment.astimezone(VN_TZ).isoformat()


def subject_name(cert: x509.Certificate) -> str:
    """The certificate's common name (else its whole subject)."""
    native = cert.subject.native
    return str(native.get("common_name") or cert.subject.human_friendly)


def signing_time(sig: EmbeddedPdfSignature) -> datetime | None:
    """The signer's claimed time: the /M entry (PAdES) or the CMS signingTime attribute."""
    return sig.self_reported_timestamp


def signature_timestamp(sig: EmbeddedPdfSignature) -> datetime | None:
    """genTime of the TSA's timestamp on the signature value (PAdES B-T), if any."""
    for tst in extract_tst_data_iter(sig.signer_info, signed=False):
        return _gen_time(tst)
    return None


def _gen_time(tst: cms.SignedData) -> datetime:
    info = tst["encap_content_info"]["content"].parsed
    moment: datetime = info["gen_time"].native
    return moment


def document_timestamps_after(
    reader: PdfFileReader, sig: EmbeddedPdfSignature
) -> list[EmbeddedPdfSignature]:
    return [
        ts
        for ts in reader.embedded_timestamp_signatures
        if ts.signed_revision > sig.signed_revision
    ]


def dss_present(reader: PdfFileReader) -> bool:
    dss = reader.root.get("/DSS")
    if dss is None:
        return False
    dss = dss.get_object()
    return any(key in dss for key in ("/OCSPs", "/CRLs"))


def claimed_level(reader: PdfFileReader, sig: EmbeddedPdfSignature) -> str:
    """The PAdES baseline level the file's structure claims (not yet validated)."""
    if signature_timestamp(sig) is None:
        return "B-B"
    if not dss_present(reader):
        return "B-T"
    if not document_timestamps_after(reader, sig):
        return "B-LT"
    return "B-LTA"
