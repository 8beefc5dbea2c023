"""PAdES B-T, B-LT and B-LTA against the certomancer test PKI (TSA, OCSP, CRL on loopback)."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pikepdf
import pytest
from signing_helpers import pdfsig
from signing_pki import P12_PASSWORD, PkiServer
from support import free_port

from common.errors import SigningError, TimestampUnavailable
from signing.config import SignerConfig, SignOptions
from signing.sign import sign, signature_summary
from signing.verify import verify


def _options(pki: PkiServer, level: str, **kwargs: object) -> SignOptions:
    return SignOptions(
        level=level,  # type: ignore[arg-type]
        tsa_url=pki.tsa_url,
        agency_name="UBND phường Bến Nghé",
        trust_roots=(pki.root_pem,),
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def signed(pki: PkiServer, pki_signer: SignerConfig, pdfa: bytes) -> dict[str, bytes]:
    """One file per level, all signed while the services are up."""
    return {
        level: sign(pdfa, pki_signer, _options(pki, level)) for level in ("B-T", "B-LT", "B-LTA")
    }


def test_bt_signature_carries_a_trusted_tsa_timestamp(
    signed: dict[str, bytes], pki: PkiServer, tmp_path: Path
) -> None:
    report = verify(signed["B-T"], trust_roots=[pki.root_pem])
    assert report.ok, report.to_dict()
    (sig,) = report.signatures
    assert sig.level == "B-T" and sig.timestamp is not None and sig.timestamp.endswith("+07:00")
    assert sig.signer == "Nguyễn Thị Ánh Tuyết"
    assert signature_summary(signed["B-T"])["level"] == "B-T"
    out = pdfsig(signed["B-T"], tmp_path)
    assert "Signature is Valid" in out and "Total document signed" in out


def test_blt_embeds_revocation_data(signed: dict[str, bytes], tmp_path: Path) -> None:
    with pikepdf.open(io.BytesIO(signed["B-LT"])) as pdf:
        dss = pdf.Root.DSS
        assert len(dss.get("/OCSPs", [])) + len(dss.get("/CRLs", [])) >= 2
        assert len(dss.Certs) >= 3
    assert "Signature is Valid" in pdfsig(signed["B-LT"], tmp_path)


@pytest.mark.parametrize("level", ["B-LT", "B-LTA"])
def test_long_term_levels_verify_online_and_with_the_services_stopped(
    signed: dict[str, bytes], pki: PkiServer, level: str
) -> None:
    online = verify(signed[level], trust_roots=[pki.root_pem], allow_fetching=True)
    assert online.ok, online.to_dict()
    with pki.stopped():
        offline = verify(signed[level], trust_roots=[pki.root_pem])
    assert offline.ok, offline.to_dict()
    (sig,) = offline.signatures
    assert sig.level == level and sig.revocation == "good" and sig.trusted


def test_blta_still_verifies_after_the_signer_certificate_expired(
    signed: dict[str, bytes], pki: PkiServer, tmp_path: Path
) -> None:
    later = pki.signer_not_after + timedelta(days=365)
    with pki.stopped():
        report = verify(signed["B-LTA"], trust_roots=[pki.root_pem], moment=later)
        without_archive_timestamp = verify(signed["B-LT"], trust_roots=[pki.root_pem], moment=later)
    assert report.ok, report.to_dict()
    assert report.signatures[0].level == "B-LTA"
    assert not without_archive_timestamp.ok  # B-LT alone does not outlive the certificate
    out = pdfsig(signed["B-LTA"], tmp_path)
    assert "SohoaSignature1" in out and "Signature is Valid" in out


def test_blta_adds_a_document_timestamp_after_the_signature(signed: dict[str, bytes]) -> None:
    with pikepdf.open(io.BytesIO(signed["B-LTA"])) as pdf:
        kinds = [str(f.V.get("/Type")) for f in pdf.Root.AcroForm.Fields if "/V" in f]
    assert kinds.count("/DocTimeStamp") == 1 and kinds.count("/Sig") == 1


def test_tsa_down_is_timestamp_unavailable(
    pki: PkiServer, pki_signer: SignerConfig, pdfa: bytes
) -> None:
    options = SignOptions(level="B-T", tsa_url=f"http://127.0.0.1:{free_port()}/tsa")
    with pytest.raises(TimestampUnavailable) as info:
        sign(pdfa, pki_signer, options)
    assert info.value.retryable


def test_timestamped_level_without_tsa_is_refused(pki_signer: SignerConfig, pdfa: bytes) -> None:
    with pytest.raises(SigningError, match="SOHOA_TSA_URL"):
        sign(pdfa, pki_signer, SignOptions(level="B-T"))


def test_revoked_signer_is_reported_revoked_when_checked_online(
    pki: PkiServer, pdfa: bytes
) -> None:
    revoked = SignerConfig(p12_path=pki.revoked_p12, p12_password=P12_PASSWORD)
    signed = sign(pdfa, revoked, SignOptions(level="B-T", tsa_url=pki.tsa_url))
    report = verify(signed, trust_roots=[pki.root_pem], allow_fetching=True)
    assert not report.ok
    assert report.signatures[0].revocation == "revoked"
    offline = verify(signed, trust_roots=[pki.root_pem])
    assert offline.signatures[0].revocation == "not checked"


def test_long_term_signing_refuses_a_revoked_signer(pki: PkiServer, pdfa: bytes) -> None:
    revoked = SignerConfig(p12_path=pki.revoked_p12, p12_password=P12_PASSWORD)
    with pytest.raises(SigningError):
        sign(pdfa, revoked, _options(pki, "B-LT"))
