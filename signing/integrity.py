"""Why a signature's cryptographic check failed: weak digest, unsupported algorithm, changed bytes.

pyHanko reports an unsupported signature algorithm as an invalid signature and a disallowed
digest as a trust failure; read alone, both looked like "the signed bytes were changed" or
"not trusted". These functions give each its own reason.
"""

from __future__ import annotations

from asn1crypto import cms
from pyhanko.sign.ades.report import AdESIndeterminate
from pyhanko.sign.validation.status import PdfSignatureStatus

WEAK_DIGESTS = {"md2", "md4", "md5", "sha1"}
SUPPORTED_MECHANISMS = {
    "rsassa_pkcs1v15",
    "rsassa_pss",
    "dsa",
    "ecdsa",
    "ed25519",
    "ed448",
    "mldsa44",
    "mldsa65",
    "mldsa87",
}
CRYPTO_CONSTRAINTS = (
    AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE,
    AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE_NO_POE,
)


def weak_digest(md_algorithm: str | None) -> str | None:
    """The problem of a digest algorithm no longer accepted for signatures, if it is one."""
    name = (md_algorithm or "").lower().replace("-", "")
    if name in WEAK_DIGESTS:
        return f"weak digest: the signature uses {name.upper()}, which is no longer accepted"
    return None


def unsupported_mechanism(signer_info: cms.SignerInfo) -> str | None:
    """The name (or OID) of the signature algorithm when no verifier for it exists."""
    algorithm = signer_info["signature_algorithm"]
    try:
        mechanism = algorithm.signature_algo
    except ValueError:
        return str(algorithm["algorithm"].dotted)
    return None if mechanism in SUPPORTED_MECHANISMS else str(mechanism)


def algorithm_refused(status: PdfSignatureStatus) -> bool:
    return status.trust_problem_indic in CRYPTO_CONSTRAINTS


def integrity_problems(status: PdfSignatureStatus, signer_info: cms.SignerInfo) -> list[str]:
    """The problems of the cryptographic check, each named for what actually failed."""
    problems: list[str] = []
    weak = weak_digest(status.md_algorithm)
    if weak:
        problems.append(weak)
    unsupported = unsupported_mechanism(signer_info)
    if unsupported:
        problems.append(
            f"unsupported signature algorithm {unsupported}: the signature cannot be checked"
        )
    elif not status.intact:
        problems.append("the signed bytes were changed (the document digest does not match)")
    elif not status.valid:
        problems.append("the signature value does not verify with the signer's certificate")
    elif algorithm_refused(status) and not weak:
        problems.append(
            f"the signature algorithm is not accepted ({status.pkcs7_signature_mechanism}, "
            f"{status.md_algorithm})"
        )
    return problems
