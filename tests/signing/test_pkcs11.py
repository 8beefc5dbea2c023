"""Signing with a key on a PKCS#11 token (SoftHSM2, token made by the tests)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from signing_helpers import pdfsig
from signing_hsm import SoftToken

from common.errors import SignerUnavailable
from signing.config import SignerConfig, SignOptions
from signing.sign import sign
from signing.verify import verify


def _config(token: SoftToken, **changes: object) -> SignerConfig:
    values: dict[str, object] = {
        "pkcs11_module": token.module,
        "pkcs11_token_label": token.token_label,
        "pkcs11_key_label": token.key_label,
        "pkcs11_pin": token.pin.encode(),
    }
    values.update(changes)
    return SignerConfig(**values)  # type: ignore[arg-type]


def test_pkcs11_token_signs_end_to_end(
    soft_token: SoftToken, pdfa: bytes, dev_ca: Path, tmp_path: Path
) -> None:
    signed = sign(pdfa, _config(soft_token), SignOptions(agency_name="UBND phường Bến Nghé"))
    report = verify(signed, trust_roots=[dev_ca])
    assert report.ok, report.to_dict()
    assert report.signatures[0].signer.startswith("UBND phường Bến Nghé")
    assert "Signature is Valid" in pdfsig(signed, tmp_path)


def test_pkcs11_token_found_by_slot_index(soft_token: SoftToken, pdfa: bytes) -> None:
    import pkcs11

    slots = pkcs11.lib(str(soft_token.module)).get_slots()
    index = next(i for i, s in enumerate(slots) if s.get_token().label == soft_token.token_label)
    config = _config(soft_token, pkcs11_token_label="", pkcs11_slot=index)
    assert verify(sign(pdfa, config, SignOptions())).signatures[0].intact


def test_wrong_pin_fails_cleanly_and_never_shows_the_pin(
    soft_token: SoftToken, pdfa: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = "999111"
    with caplog.at_level(logging.DEBUG), pytest.raises(SignerUnavailable) as info:
        sign(pdfa, _config(soft_token, pkcs11_pin=wrong.encode()), SignOptions())
    assert "PIN" in str(info.value) and info.value.retryable
    assert wrong not in str(info.value) and info.value.__cause__ is None
    assert wrong not in caplog.text


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"pkcs11_token_label": "no-such-token"}, "cannot open the token"),
        ({"pkcs11_key_label": "no-such-key"}, "cannot use the key"),
        ({"pkcs11_module": Path("/nonexistent/libpkcs11.so")}, "module not found"),
    ],
)
def test_missing_token_key_or_module_is_signer_unavailable(
    soft_token: SoftToken, pdfa: bytes, changes: dict[str, object], expected: str
) -> None:
    with pytest.raises(SignerUnavailable, match=expected) as info:
        sign(pdfa, _config(soft_token, **changes), SignOptions())
    assert soft_token.pin not in str(info.value)
