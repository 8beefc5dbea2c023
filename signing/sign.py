"""Sign a PDF (PAdES B-B to B-LTA) as an incremental update that keeps it PDF/A-2b."""

from __future__ import annotations

import logging
from datetime import datetime
from io import BytesIO
from typing import Any

from asn1crypto import x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.signers.pdf_cms import Signer
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

from common.errors import InputError, SignerUnavailable, SigningError, TimestampUnavailable

from . import appearance
from .config import FIELD_PREFIX, TIMESTAMP_FIELD_PREFIX, SignerConfig, SignOptions
from .inspect import claimed_level, iso, signing_time, sohoa_signatures, subject_name
from .keys import open_signer
from .trust import load_certs

log = logging.getLogger("sohoa.signing")
FIELD_NAME = FIELD_PREFIX + "1"
TIMESTAMP_FIELD_NAME = TIMESTAMP_FIELD_PREFIX + "1"


class _ClockedPdfSigner(signers.PdfSigner):
    """pyHanko's PdfSigner with the signing time given, not read from the system clock."""

    def __init__(self, *args: Any, moment: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._moment = moment

    def init_signing_session(
        self, pdf_out: Any, existing_fields_only: bool = False
    ) -> PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._moment
        return session


def sign(pdf_bytes: bytes, signer: SignerConfig, options: SignOptions) -> bytes:
    """Sign pdf_bytes with the configured key at the configured PAdES level.

    Raises SigningError for a file already signed by sohoa (never signed twice),
    SignerUnavailable when the key cannot be used, TimestampUnavailable when the TSA or a
    revocation service does not answer.
    """
    writer = _open(pdf_bytes)
    if sohoa_signatures(writer.prev):
        raise SigningError("the document already carries a sohoa signature; not signing twice")
    moment = options.now()
    with open_signer(signer) as key:
        pdf_signer = _pdf_signer(writer, key, options, moment)
        try:
            out = pdf_signer.sign_pdf(
                writer,
                appearance_text_params=appearance.text_params(
                    options.copy_form, options.agency_name
                ),
            )
        except TimestampRequestError as e:
            raise TimestampUnavailable(
                f"the timestamp authority {options.tsa_url} did not answer: {e}"
            ) from e
        except (PathBuildingError, PathValidationError) as e:
            raise SigningError(
                f"cannot build a trusted chain for the signer's certificate: {e}"
            ) from e
        except PyHankoSigningError as e:
            raise _signing_failure(e, options) from e
    signed: bytes = out.getvalue()
    log.info("signed a %d-byte PDF at PAdES %s", len(signed), options.level)
    return signed


def _open(pdf_bytes: bytes) -> IncrementalPdfFileWriter:
    try:
        return IncrementalPdfFileWriter(BytesIO(pdf_bytes), strict=False)
    except (PdfError, ValueError, KeyError) as e:
        raise InputError(f"cannot read the PDF to sign: {e}") from e


def _add_band(writer: IncrementalPdfFileWriter, band: float) -> None:
    """Grow page 1 upwards by `band` points of white paper; the scan keeps its size and place."""
    page_ref, _resources = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    x1, y1, x2, y2 = appearance.page_box(writer.prev)
    grown = generic.ArrayObject(generic.FloatObject(v) for v in (x1, y1, x2, y2 + band))
    page[generic.pdf_name("/MediaBox")] = grown
    if "/CropBox" in page:
        page[generic.pdf_name("/CropBox")] = grown
    writer.update_container(page)


def _pdf_signer(
    writer: IncrementalPdfFileWriter, key: Signer, options: SignOptions, moment: datetime
) -> signers.PdfSigner:
    reader = writer.prev
    level = options.level
    timestamper = _timestamper(options) if level != "B-B" else None
    long_term = level in ("B-LT", "B-LTA")
    cert = key.signing_cert
    if cert is None:
        raise SignerUnavailable("the signing key has no certificate")
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=options.reason,
        location=options.location,
        name=subject_name(cert),
        embed_validation_info=long_term,
        use_pades_lta=level == "B-LTA",
        timestamp_field_name=TIMESTAMP_FIELD_NAME if level == "B-LTA" else None,
        validation_context=_validation_context(key, options) if long_term else None,
    )
    if options.visible:
        placement = appearance.stamp_placement(
            reader, options.copy_form, options.agency_name, options.occupied
        )
        if placement.band:
            _add_band(writer, placement.band)
        spec = appearance.field_spec(FIELD_NAME, placement)
    else:
        spec = fields.SigFieldSpec(sig_field_name=FIELD_NAME)
    return _ClockedPdfSigner(
        meta,
        signer=key,
        timestamper=timestamper,
        stamp_style=appearance.stamp_style(options.copy_form, options.agency_name),
        new_field_spec=spec,
        moment=moment,
    )


def _timestamper(options: SignOptions) -> TimeStamper:
    if not options.tsa_url:
        raise SigningError(f"PAdES {options.level} needs a timestamp authority (SOHOA_TSA_URL)")
    return HTTPTimeStamper(options.tsa_url, timeout=options.tsa_timeout_s)


def _validation_context(key: Signer, options: SignOptions) -> ValidationContext:
    """Trust the configured roots, else the self-signed certificates shipped with the key."""
    roots: list[x509.Certificate] = list(load_certs(options.trust_roots))
    others = list(key.cert_registry) if key.cert_registry is not None else []
    if not roots:
        roots = [c for c in others if c.self_signed == "maybe" or c.self_signed == "yes"]
    return ValidationContext(trust_roots=roots, other_certs=others, allow_fetching=True)


def _signing_failure(e: PyHankoSigningError, options: SignOptions) -> SigningError:
    text = str(e)
    lowered = text.lower()
    if any(word in lowered for word in ("fetch", "ocsp", "crl", "revocation", "connect")):
        return TimestampUnavailable(f"revocation information could not be fetched: {text}")
    return SigningError(f"pyHanko could not sign: {text}")


def signature_summary(pdf_bytes: bytes) -> dict[str, Any]:
    """A small dict for metadata: level, signer, signing_time (ISO 8601, +07:00), field."""
    try:
        reader = PdfFileReader(BytesIO(pdf_bytes), strict=False)
        sigs = sohoa_signatures(reader)
    except (PdfError, ValueError, KeyError):
        return {}
    if not sigs:
        return {}
    sig = sigs[-1]
    return {
        "level": claimed_level(reader, sig),
        "signer": subject_name(sig.signer_cert),
        "signing_time": iso(signing_time(sig)),
        "field": sig.field_name,
    }
