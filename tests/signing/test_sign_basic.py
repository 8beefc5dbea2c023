"""PAdES B-B with the DEV key: signing, PDF/A preservation, refusals and secret hygiene."""

from __future__ import annotations

import io
import logging
import stat
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pytest
from signing_helpers import make_pdfa, pdfsig
from support import need_tool

from common.errors import SignerUnavailable, SigningError
from signing.config import SignerConfig, SignOptions
from signing.devkeys import dev_ca_path, ensure_dev_signer
from signing.sign import sign, signature_summary
from signing.verify import verify

MOMENT = datetime(2026, 3, 9, 1, 2, 3, tzinfo=UTC)  # 08:02:03 in Vietnam


def _options(**kwargs: object) -> SignOptions:
    base: dict[str, object] = {
        "agency_name": "UBND phường Bến Nghé",
        "clock": lambda: MOMENT,
    }
    base.update(kwargs)
    return SignOptions(**base)  # type: ignore[arg-type]


def test_dev_signer_is_generated_once_marked_dev_and_private(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    keys = tmp_path / "keys"
    with caplog.at_level(logging.WARNING, logger="sohoa.signing"):
        first = ensure_dev_signer(keys, agency_name="Sở Tư pháp")
    assert any("DEVELOPMENT" in r.message for r in caplog.records)
    assert first.p12_path is not None
    p12_bytes = first.p12_path.read_bytes()
    for path in keys.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    ca_pem = dev_ca_path(keys).read_text()
    assert "BEGIN CERTIFICATE" in ca_pem
    second = ensure_dev_signer(keys, agency_name="Sở Tư pháp")
    assert second.p12_path is not None and second.p12_path.read_bytes() == p12_bytes
    signed = sign(make_pdfa(), second, _options())
    summary = signature_summary(signed)
    assert "DEV" in summary["signer"] and "NOT FOR PRODUCTION" in summary["signer"]
    assert summary["signer"].startswith("Sở Tư pháp")


def test_bb_signature_verifies_against_dev_ca_and_pdfsig_agrees(
    pdfa: bytes, dev_signer: SignerConfig, dev_ca: Path, tmp_path: Path
) -> None:
    signed = sign(pdfa, dev_signer, _options())
    report = verify(signed, trust_roots=[dev_ca])
    assert report.ok, report.to_dict()
    (sig,) = report.signatures
    assert sig.intact and not sig.modified_after_signing and sig.trusted
    assert sig.level == "B-B"
    assert sig.timestamp is None
    assert sig.signing_time == "2026-03-09T08:02:03+07:00"
    assert sig.signer.startswith("UBND phường Bến Nghé")
    out = pdfsig(signed, tmp_path)
    assert "Signature is Valid" in out
    assert "Total document signed" in out
    assert "ETSI.CAdES.detached" in out


def test_bb_signature_is_untrusted_without_the_ca(pdfa: bytes, dev_signer: SignerConfig) -> None:
    report = verify(sign(pdfa, dev_signer, _options()))
    assert not report.ok
    (sig,) = report.signatures
    assert sig.intact and not sig.trusted


def test_summary_gives_level_signer_and_vietnam_time(pdfa: bytes, dev_signer: SignerConfig) -> None:
    summary = signature_summary(sign(pdfa, dev_signer, _options()))
    assert summary["level"] == "B-B"
    assert summary["signing_time"] == "2026-03-09T08:02:03+07:00"
    assert signature_summary(pdfa) == {}


def test_signing_is_an_incremental_update_that_keeps_pdfa(
    pdfa: bytes, dev_signer: SignerConfig, tmp_path: Path
) -> None:
    signed = sign(pdfa, dev_signer, _options(reason="Số hóa bản chính", location="Hà Nội"))
    assert signed.startswith(pdfa), "the original revision must stay byte for byte"
    with pikepdf.open(io.BytesIO(signed)) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert not pdf.is_encrypted
        annot = pdf.pages[0].Annots[0]
        assert int(annot.F) & 4 and not int(annot.F) & (1 | 2 | 32)  # printed, not hidden
        assert "/N" in annot.AP
        sig = annot.V
        assert str(sig.Reason) == "Số hóa bản chính" and str(sig.Location) == "Hà Nội"
        assert str(sig.Name).startswith("UBND phường Bến Nghé")
        assert sig.SubFilter == pikepdf.Name("/ETSI.CAdES.detached")
        fonts = _fonts_in(annot.AP.N)
        assert fonts, "the stamp must use an embedded font"
        for font in fonts:
            descendant = font.DescendantFonts[0]
            assert "/FontFile2" in descendant.FontDescriptor
            assert "LiberationSerif" in str(font.BaseFont)
            assert "/ToUnicode" in font
    qpdf = need_tool("qpdf")
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    subprocess.run([qpdf, "--check", str(path)], check=True, capture_output=True, timeout=60)


def _fonts_in(xobject: pikepdf.Object) -> list[pikepdf.Object]:
    found: list[pikepdf.Object] = []
    resources = xobject.get("/Resources")
    if resources is None:
        return found
    for font in resources.get("/Font", {}).values():
        found.append(font)
    for child in resources.get("/XObject", {}).values():
        found.extend(_fonts_in(child))
    return found


def test_stamp_sits_in_the_top_right_corner_of_page_one(
    pdfa: bytes, dev_signer: SignerConfig
) -> None:
    with pikepdf.open(io.BytesIO(sign(pdfa, dev_signer, _options()))) as pdf:
        x1, y1, x2, y2 = (float(v) for v in pdf.pages[0].Annots[0].Rect)
    assert x1 > 595 / 2 and y1 > 842 * 3 / 4
    assert 595 - 40 < x2 <= 595 and 842 - 40 < y2 <= 842


def test_invisible_signature_has_no_stamp(pdfa: bytes, dev_signer: SignerConfig) -> None:
    signed = sign(pdfa, dev_signer, _options(visible=False))
    with pikepdf.open(io.BytesIO(signed)) as pdf:
        rect = [float(v) for v in pdf.pages[0].Annots[0].Rect]
    assert rect == [0, 0, 0, 0]
    assert signature_summary(signed)["level"] == "B-B"


def test_a_document_is_never_signed_twice(pdfa: bytes, dev_signer: SignerConfig) -> None:
    signed = sign(pdfa, dev_signer, _options())
    with pytest.raises(SigningError, match="already"):
        sign(signed, dev_signer, _options())


def test_wrong_key_password_fails_cleanly_without_the_password(
    pdfa: bytes, dev_signer: SignerConfig
) -> None:
    secret = b"s3cret-Passw0rd"
    bad = SignerConfig(p12_path=dev_signer.p12_path, p12_password=secret)
    with pytest.raises(SignerUnavailable) as info:
        sign(pdfa, bad, _options())
    assert "wrong password" in str(info.value)
    assert secret.decode() not in str(info.value)
    assert info.value.__cause__ is None and info.value.retryable
    assert secret.decode() not in repr(bad)


def test_missing_key_file_is_signer_unavailable(pdfa: bytes, tmp_path: Path) -> None:
    config = SignerConfig(p12_path=tmp_path / "absent.p12", p12_password=b"x")
    with pytest.raises(SignerUnavailable, match=r"absent\.p12"):
        sign(pdfa, config, _options())


def test_signer_config_repr_hides_pin_and_password() -> None:
    config = SignerConfig(
        pkcs11_module=Path("/usr/lib/softhsm/libsofthsm2.so"),
        pkcs11_key_label="agency",
        pkcs11_pin=b"123456",
        p12_password=b"hunter2",
    )
    assert "123456" not in repr(config) and "hunter2" not in repr(config)
    assert "123456" not in str(config)
