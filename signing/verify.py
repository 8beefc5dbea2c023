"""Verify every signature of a PDF: integrity, later changes, trust, timestamps, revocation, level."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from asn1crypto import x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESPassed
from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.ades import ades_lta_validation
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.policy_decl import (
    LocalKnowledge,
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.ltv.types import ValidationTimingInfo
from pyhanko_certvalidator.policy_decl import (
    CertRevTrustPolicy,
    RevocationCheckingPolicy,
    RevocationCheckingRule,
)
from pyhanko_certvalidator.registry import SimpleTrustManager

from common.errors import InputError

from .inspect import (
    claimed_level,
    document_timestamps_after,
    iso,
    signature_timestamp,
    signing_time,
    subject_name,
)
from .trust import load_certs

# revocation is checked for every certificate that says where (CRL or OCSP) and must then be
# available; a TSA certificate without revocation pointers is accepted as it stands
DECLARED_REVINFO_REQUIRED = RevocationCheckingPolicy(
    RevocationCheckingRule.CHECK_IF_DECLARED, RevocationCheckingRule.CHECK_IF_DECLARED
)
UNCHANGED = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)


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
    """The verdict on one file: ok only when it has signatures and every one is ok."""

    ok: bool
    signatures: list[SignatureReport]
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "problems": list(self.problems),
            "signatures": [asdict(s) | {"ok": s.ok} for s in self.signatures],
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
    """
    try:
        reader = PdfFileReader(BytesIO(pdf_bytes), strict=False)
        signatures = list(reader.embedded_regular_signatures)
    except (PdfError, ValueError, KeyError) as e:
        raise InputError(f"cannot read the PDF: {e}") from e
    if not signatures:
        return Report(ok=False, signatures=[], problems=["the file has no signature"])
    roots = list(load_certs(trust_roots))
    reports = [_check(reader, sig, roots, allow_fetching, moment) for sig in signatures]
    return Report(ok=all(r.ok for r in reports), signatures=reports)


def _check(
    reader: PdfFileReader,
    sig: EmbeddedPdfSignature,
    roots: list[x509.Certificate],
    allow_fetching: bool,
    moment: datetime | None,
) -> SignatureReport:
    claimed = claimed_level(reader, sig)
    problems: list[str] = []
    revocation = "not checked"
    try:
        if claimed == "B-LTA":
            status, revocation, reached = _long_term(sig, roots, allow_fetching, moment, problems)
        elif claimed == "B-LT":
            status = _with_dss(reader, sig, roots, allow_fetching, moment)
            revocation = "revoked" if status.revoked else "good" if status.trusted else "unknown"
            reached = "B-LT" if status.trusted else "B-T"
        else:
            status = _basic(sig, roots, allow_fetching, moment)
            reached = claimed
            if status.revoked:
                revocation = "revoked"
            elif allow_fetching and status.trusted:
                revocation = "good"
            elif allow_fetching:
                revocation = "unknown"
    except (SignatureValidationError, ValueError, PdfError) as e:
        problems.append(f"the signature cannot be validated: {e}")
        return _broken(sig, claimed, problems)
    intact = bool(status.intact and status.valid)
    modified = _modified(status)
    if not intact:
        problems.append("the signed bytes were changed (cryptographic check failed)")
    if modified:
        problems.append("the document was modified after signing")
    if not status.trusted and intact:
        problems.append("the signer's certificate does not chain to a trusted root")
    if status.revoked:
        revocation = "revoked"
        problems.append("the signer's certificate is revoked")
    ts = status.timestamp_validity
    if ts is not None and not (ts.intact and ts.valid and ts.trusted):
        problems.append("the signature timestamp does not verify or is not trusted")
        reached = "B-B"
    if not intact or modified:
        reached = "none"
    return SignatureReport(
        field_name=str(sig.field_name),
        intact=intact,
        modified_after_signing=modified,
        signer=subject_name(sig.signer_cert),
        signing_time=iso(signing_time(sig)),
        timestamp=iso(ts.timestamp if ts is not None else signature_timestamp(sig)),
        level=reached,
        trusted=bool(status.trusted),
        revocation=revocation,
        problems=problems,
    )


def _broken(sig: EmbeddedPdfSignature, claimed: str, problems: list[str]) -> SignatureReport:
    return SignatureReport(
        field_name=str(sig.field_name),
        intact=False,
        modified_after_signing=True,
        signer=_safe_signer(sig),
        signing_time=iso(signing_time(sig)),
        timestamp=None,
        level="none",
        trusted=False,
        revocation="unknown",
        problems=problems,
    )


def _safe_signer(sig: EmbeddedPdfSignature) -> str:
    try:
        return subject_name(sig.signer_cert)
    except (ValueError, KeyError):
        return "?"


def _modified(status: PdfSignatureStatus) -> bool:
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return False
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return True
    return status.modification_level not in UNCHANGED or status.docmdp_ok is False


def _basic(
    sig: EmbeddedPdfSignature,
    roots: list[x509.Certificate],
    allow_fetching: bool,
    moment: datetime | None,
) -> PdfSignatureStatus:
    vc = ValidationContext(
        trust_roots=roots,
        allow_fetching=allow_fetching,
        moment=moment,
        revocation_mode="hard-fail" if allow_fetching else "soft-fail",
        other_certs=list(sig.other_embedded_certs),
    )
    return validate_pdf_signature(
        sig, signer_validation_context=vc, diff_policy=DEFAULT_DIFF_POLICY
    )


def _with_dss(
    reader: PdfFileReader,
    sig: EmbeddedPdfSignature,
    roots: list[x509.Certificate],
    allow_fetching: bool,
    moment: datetime | None,
) -> PdfSignatureStatus:
    """Validate with the certificates and OCSP/CRL data the file carries (PAdES B-LT)."""
    dss = DocumentSecurityStore.read_dss(reader)
    vc = dss.as_validation_context(
        {
            "trust_roots": roots,
            "allow_fetching": allow_fetching,
            "moment": moment,
            "revocation_mode": "hard-fail",
            "other_certs": list(sig.other_embedded_certs),
        }
    )
    return validate_pdf_signature(
        sig, signer_validation_context=vc, diff_policy=DEFAULT_DIFF_POLICY
    )


def _long_term(
    sig: EmbeddedPdfSignature,
    roots: list[x509.Certificate],
    allow_fetching: bool,
    moment: datetime | None,
    problems: list[str],
) -> tuple[PdfSignatureStatus, str, str]:
    """AdES long-term validation from the file's DSS and timestamps (ETSI EN 319 102-1)."""
    policy = CertValidationPolicySpec(
        trust_manager=SimpleTrustManager.build(trust_roots=roots),
        revinfo_policy=CertRevTrustPolicy(DECLARED_REVINFO_REQUIRED),
    )
    spec = PdfSignatureValidationSpec(
        signature_validation_spec=SignatureValidationSpec(
            cert_validation_policy=policy,
            revinfo_gathering_policy=RevocationInfoGatheringSpec(
                online_fetching_rule=(
                    RevinfoOnlineFetchingRule.NO_HISTORICAL_FETCH
                    if allow_fetching
                    else RevinfoOnlineFetchingRule.LOCAL_ONLY
                )
            ),
            local_knowledge=LocalKnowledge(known_certs=list(sig.other_embedded_certs)),
        ),
        diff_policy=DEFAULT_DIFF_POLICY,
    )
    timing = (
        ValidationTimingInfo(moment, moment, point_in_time_validation=False)
        if moment is not None
        else ValidationTimingInfo.now()
    )
    result = asyncio.run(ades_lta_validation(sig, spec, timing_info=timing))
    status = result.api_status
    if status is None or not isinstance(status, PdfSignatureStatus):
        raise ValueError(result.failure_msg or str(result.ades_subindic))
    passed = result.ades_subindic == AdESPassed.OK
    if not passed:
        problems.append(
            f"long-term validation: {result.ades_subindic}"
            + (f" ({result.failure_msg})" if result.failure_msg else "")
        )
    revocation = "good" if passed else ("revoked" if status.revoked else "unknown")
    reader_has_lta = result.oldest_evidence_record_timestamp is not None
    reached = "B-LTA" if passed and reader_has_lta else ("B-LT" if passed else "B-T")
    return status, revocation, reached


__all__ = ["Report", "SignatureReport", "document_timestamps_after", "verify"]
