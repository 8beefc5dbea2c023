"""Run pyHanko's validation of one signature at the level the file claims (B-B .. B-LTA).

The difference analysis is left out here (signing.changes does it, guarded), so a crash in it
cannot hide the cryptographic verdict. A DSS that cannot be read is reported and the signature
is then checked as B-T, from what the signature itself carries.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from asn1crypto import x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESPassed
from pyhanko.sign.diff_analysis import DiffPolicy, DiffResult, ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.ades import ades_lta_validation
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.policy_decl import (
    LocalKnowledge,
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.ltv.types import ValidationTimingInfo
from pyhanko_certvalidator.policy_decl import (
    CertRevTrustPolicy,
    RevocationCheckingPolicy,
    RevocationCheckingRule,
)
from pyhanko_certvalidator.registry import SimpleTrustManager

from .failures import describe

# revocation is checked for every certificate that says where (CRL or OCSP) and must then be
# available; a TSA certificate without revocation pointers is accepted as it stands
DECLARED_REVINFO_REQUIRED = RevocationCheckingPolicy(
    RevocationCheckingRule.CHECK_IF_DECLARED, RevocationCheckingRule.CHECK_IF_DECLARED
)


class _NotJudgedHere(DiffPolicy):
    """A difference policy that reports nothing: signing.changes judges the changes, guarded.

    (pyHanko's AdES path does not accept skipping the analysis: it then asks for integrity
    information it never computed.)
    """

    def apply(
        self, old: Any, new: Any, field_mdp_spec: Any = None, doc_mdp: Any = None
    ) -> DiffResult:
        return DiffResult(ModificationLevel.NONE, set())

    def review_file(
        self, reader: Any, base_revision: Any, field_mdp_spec: Any = None, doc_mdp: Any = None
    ) -> DiffResult:
        return DiffResult(ModificationLevel.NONE, set())


_NOT_HERE = _NotJudgedHere()


@dataclass(frozen=True)
class Checked:
    """pyHanko's status of one signature, its revocation verdict and the level it reached."""

    status: PdfSignatureStatus
    revocation: str  # "good" / "revoked" / "unknown" / "not checked"
    reached: str
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Inputs:
    """What every validation needs besides the signature: trust, network, time."""

    roots: list[x509.Certificate]
    allow_fetching: bool
    moment: datetime | None


def validate(
    reader: PdfFileReader, sig: EmbeddedPdfSignature, claimed: str, inputs: Inputs
) -> Checked:
    """Validate `sig` as the level it claims; fall back to B-T when its DSS is unreadable."""
    if claimed in ("B-LT", "B-LTA"):
        try:
            dss = DocumentSecurityStore.read_dss(reader)
        except Exception as e:  # zlib.error, a broken certificate or OCSP response...
            checked = _basic(sig, inputs)
            problem = f"the validation data (DSS) cannot be read ({describe(e)})"
            return Checked(checked.status, checked.revocation, "B-T", (problem,))
        if claimed == "B-LTA":
            return _long_term(sig, inputs)
        return _with_dss(dss, sig, inputs)
    return _basic(sig, inputs)


def _basic(sig: EmbeddedPdfSignature, inputs: Inputs) -> Checked:
    vc = ValidationContext(
        trust_roots=inputs.roots,
        allow_fetching=inputs.allow_fetching,
        moment=inputs.moment,
        revocation_mode="hard-fail" if inputs.allow_fetching else "soft-fail",
        other_certs=list(sig.other_embedded_certs),
    )
    status = validate_pdf_signature(sig, signer_validation_context=vc, skip_diff=True)
    revocation = "not checked"
    if status.revoked:
        revocation = "revoked"
    elif inputs.allow_fetching:
        revocation = "good" if status.trusted else "unknown"
    return Checked(status, revocation, "")


def _with_dss(dss: DocumentSecurityStore, sig: EmbeddedPdfSignature, inputs: Inputs) -> Checked:
    """Validate with the certificates and OCSP/CRL data the file carries (PAdES B-LT)."""
    vc = dss.as_validation_context(
        {
            "trust_roots": inputs.roots,
            "allow_fetching": inputs.allow_fetching,
            "moment": inputs.moment,
            "revocation_mode": "hard-fail",
            "other_certs": list(sig.other_embedded_certs),
        }
    )
    status = validate_pdf_signature(sig, signer_validation_context=vc, skip_diff=True)
    revocation = "revoked" if status.revoked else "good" if status.trusted else "unknown"
    return Checked(status, revocation, "B-LT" if status.trusted else "B-T")


def _long_term(sig: EmbeddedPdfSignature, inputs: Inputs) -> Checked:
    """AdES long-term validation from the file's DSS and timestamps (ETSI EN 319 102-1)."""
    policy = CertValidationPolicySpec(
        trust_manager=SimpleTrustManager.build(trust_roots=inputs.roots),
        revinfo_policy=CertRevTrustPolicy(DECLARED_REVINFO_REQUIRED),
    )
    fetching = (
        RevinfoOnlineFetchingRule.NO_HISTORICAL_FETCH
        if inputs.allow_fetching
        else RevinfoOnlineFetchingRule.LOCAL_ONLY
    )
    spec = PdfSignatureValidationSpec(
        signature_validation_spec=SignatureValidationSpec(
            cert_validation_policy=policy,
            revinfo_gathering_policy=RevocationInfoGatheringSpec(online_fetching_rule=fetching),
            local_knowledge=LocalKnowledge(known_certs=list(sig.other_embedded_certs)),
        ),
        diff_policy=_NOT_HERE,  # judged by signing.changes
    )
    moment = inputs.moment
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
    problems: tuple[str, ...] = ()
    if not passed:
        detail = f" ({result.failure_msg})" if result.failure_msg else ""
        problems = (f"long-term validation: {result.ades_subindic}{detail}",)
    revocation = "good" if passed else ("revoked" if status.revoked else "unknown")
    has_lta = result.oldest_evidence_record_timestamp is not None
    reached = "B-LTA" if passed and has_lta else ("B-LT" if passed else "B-T")
    return Checked(status, revocation, reached, problems)
