"""Verify every signature of a PDF: integrity, later changes, trust, timestamps, revocation, level.

Every signature gets a verdict whatever pyHanko raises on it: a failure is named in the
signature's problems, never a traceback; only a fault of sohoa itself ends in `Report.error`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.generic_cms import validate_sig_integrity
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

from common.errors import InputError

from .changes import Changes, after_signing, appended_bytes
from .embedded import (
    SHA1_SUBFILTER,
    VALIDATED_SUBFILTERS,
    FormUnreadable,
    Found,
    find_signatures,
    signed_earlier,
)
from .failures import describe
from .inspect import (
    claimed_level,
    document_timestamps_after,
    iso,
    signature_timestamp,
    signing_time,
    subject_name,
)
from .integrity import algorithm_refused, integrity_problems, unsupported_mechanism
from .trust import load_certs
from .validate import Checked, Inputs, validate

log = logging.getLogger("sohoa.signing")


@dataclass(frozen=True)
class SignatureReport:
    """What one signature of the file is worth."""

    field_name: str
    intact: bool
    modified_after_signing: bool
    signer: str
    signing_time: str | None
    timestamp: str | None
    level: str
    trusted: bool
    revocation: str  # "good" / "revoked" / "unknown" / "not checked"
    problems: list[str] = field(default_factory=list)
    extensions: list[str] = field(default_factory=list)  # allowed additions after signing
    checked: bool = True  # False: the cryptographic check could not be made (see problems)

    @property
    def ok(self) -> bool:
        return (
            self.intact
            and not self.modified_after_signing
            and self.trusted
            and self.revocation != "revoked"
            and not self.problems
        )


@dataclass(frozen=True)
class Report:
    """The verdict on one file: ok only when it has signatures and every one is ok.

    `error` is set when sohoa itself failed while checking (an internal error, not a verdict
    on the file).
    """

    ok: bool
    signatures: list[SignatureReport]
    problems: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "problems": list(self.problems),
            "signatures": [asdict(s) | {"ok": s.ok} for s in self.signatures],
            "error": self.error,
        }


def verify(
    pdf_bytes: bytes,
    *,
    trust_roots: Sequence[Path] = (),
    allow_fetching: bool = False,
    moment: datetime | None = None,
) -> Report:
    """Check every signature in pdf_bytes against trust_roots, at `moment` (default now).

    B-LT and B-LTA signatures are validated from the data embedded in the file (AdES LTA
    validation, offline unless allow_fetching), so they verify after the signer's certificate
    has expired; B-B and B-T are validated at `moment`, revocation checked only when fetching.
    Raises InputError only when the bytes cannot be read as a PDF at all.
    """
    reader = _open(pdf_bytes)
    inputs = Inputs(list(load_certs(trust_roots)), allow_fetching, moment)
    try:
        return _verify(reader, pdf_bytes, inputs)
    except Exception as e:  # a fault of sohoa: reported for this file, the run goes on
        log.exception("internal error while verifying a PDF")
        return Report(ok=False, signatures=[], error=f"internal error: {type(e).__name__}: {e}")


def _open(pdf_bytes: bytes) -> PdfFileReader:
    try:
        reader = PdfFileReader(BytesIO(pdf_bytes), strict=False)
        _ = reader.root
    except Exception as e:  # pyHanko raises many types on a damaged file
        raise InputError(f"cannot read the PDF ({describe(e)})") from e
    return reader


def _verify(reader: PdfFileReader, pdf_bytes: bytes, inputs: Inputs) -> Report:
    problems = appended_bytes(pdf_bytes)
    try:
        found = find_signatures(reader)
    except FormUnreadable as e:
        return Report(ok=False, signatures=[], problems=[str(e), *problems])
    regular = [f for f in found if f.kind != "/DocTimeStamp"]
    if not regular:
        return Report(ok=False, signatures=[], problems=[*_unsigned(reader), *problems])
    reports = [_guarded(reader, f, found, inputs) for f in regular]
    ok = all(r.ok for r in reports) and not problems
    return Report(ok=ok, signatures=reports, problems=problems)


def _unsigned(reader: PdfFileReader) -> list[str]:
    if signed_earlier(reader):
        return ["a signature of an earlier revision was removed from the file"]
    return ["the file has no signature"]


def _guarded(
    reader: PdfFileReader, f: Found, found: list[Found], inputs: Inputs
) -> SignatureReport:
    if f.signature is None:
        return _broken(f, f.problem or "the signature cannot be read")
    try:
        if f.subfilter == SHA1_SUBFILTER:
            return _check_sha1(reader, f.signature, found)
        if f.subfilter not in VALIDATED_SUBFILTERS:
            return _broken(
                f, f"unsupported signature format (SubFilter {f.subfilter or 'missing'})"
            )
        return _check(reader, f.signature, found, inputs)
    except Exception as e:  # pyHanko failed on this signature: a verdict with the reason
        log.debug("signature %s cannot be validated", f.name, exc_info=True)
        return _broken(f, f"the signature cannot be validated ({describe(e)})")


def _check(
    reader: PdfFileReader, sig: EmbeddedPdfSignature, found: list[Found], inputs: Inputs
) -> SignatureReport:
    claimed = claimed_level(reader, sig)
    checked = validate(reader, sig, claimed, inputs)
    status = checked.status
    changes = after_signing(reader, sig, found)
    problems = [*integrity_problems(status, sig.signer_info), *checked.problems]
    intact = bool(status.intact and status.valid)
    problems += changes.problems
    problems += _trust_problems(checked, intact)
    ts = status.timestamp_validity
    reached = checked.reached or claimed
    if ts is not None and not (ts.intact and ts.valid and ts.trusted):
        problems.append("the signature timestamp does not verify or is not trusted")
        reached = "B-B"
    if not intact or changes.modified:
        reached = "none"
    return _report(
        sig,
        intact,
        changes,
        timestamp=iso(ts.timestamp if ts is not None else signature_timestamp(sig)),
        level=reached,
        trusted=bool(status.trusted),
        revocation="revoked" if status.revoked else checked.revocation,
        problems=problems,
        checked=unsupported_mechanism(sig.signer_info) is None,
    )


def _report(
    sig: EmbeddedPdfSignature,
    intact: bool,
    changes: Changes,
    *,
    timestamp: str | None,
    level: str,
    trusted: bool,
    revocation: str,
    problems: list[str],
    checked: bool = True,
) -> SignatureReport:
    """The report of a signature that could be read: what it states, then the verdict."""
    return SignatureReport(
        field_name=str(sig.field_name),
        intact=intact,
        modified_after_signing=changes.modified,
        signer=subject_name(sig.signer_cert),
        signing_time=iso(signing_time(sig)),
        timestamp=timestamp,
        level=level,
        trusted=trusted,
        revocation=revocation,
        problems=problems,
        extensions=changes.extensions,
        checked=checked,
    )


def _trust_problems(checked: Checked, intact: bool) -> list[str]:
    status = checked.status
    if status.revoked:
        return ["the signer's certificate is revoked"]
    if status.trusted or not intact or algorithm_refused(status):
        return []
    return ["the signer's certificate does not chain to a trusted root"]


def _check_sha1(
    reader: PdfFileReader, sig: EmbeddedPdfSignature, found: list[Found]
) -> SignatureReport:
    """adbe.pkcs7.sha1: the CMS signs a SHA-1 digest of the byte range, carried inside it."""
    problems = [
        "weak digest: adbe.pkcs7.sha1 signs a SHA-1 digest of the document, "
        "which is no longer accepted"
    ]
    carried = bytes(sig.signed_data["encap_content_info"]["content"].native or b"")
    matches = carried == sig.compute_digest("sha1")
    md = hashlib.new(sig.md_algorithm.replace("_", ""), carried).digest()
    attrs_ok, valid = validate_sig_integrity(sig.signer_info, sig.signer_cert, "data", md)
    intact = matches and attrs_ok and valid
    if not intact:
        problems.append("the signed bytes were changed (the document digest does not match)")
    changes = after_signing(reader, sig, found)
    return _report(
        sig,
        intact,
        changes,
        timestamp=None,
        level="none",
        trusted=False,
        revocation="not checked",
        problems=problems + changes.problems,
    )


def _broken(f: Found, problem: str) -> SignatureReport:
    return SignatureReport(
        field_name=f.name,
        intact=False,
        modified_after_signing=False,
        signer=_safe_signer(f.signature),
        signing_time=_safe_time(f.signature),
        timestamp=None,
        level="none",
        trusted=False,
        revocation="unknown",
        problems=[problem],
        checked=False,
    )


def _safe_signer(sig: EmbeddedPdfSignature | None) -> str:
    try:
        return subject_name(sig.signer_cert) if sig is not None else "?"
    except Exception:  # the certificate itself may be what is broken
        return "?"


def _safe_time(sig: EmbeddedPdfSignature | None) -> str | None:
    try:
        return iso(signing_time(sig)) if sig is not None else None
    except Exception:  # a malformed /M or signingTime: no time is better than a traceback
        return None


__all__ = ["Changes", "Report", "SignatureReport", "document_timestamps_after", "verify"]
