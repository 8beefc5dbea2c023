"""Fixtures of the signing tests: a PDF/A-2b sample, the DEV signer, the certomancer test PKI."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from signing_helpers import make_pdfa
from signing_hsm import SoftToken, make_token, softhsm_module
from signing_pki import P12_PASSWORD, PkiServer, make_pki
from support import need

from signing.config import SignerConfig
from signing.devkeys import dev_ca_path, ensure_dev_signer


@pytest.fixture(scope="session")
def pdfa() -> bytes:
    return make_pdfa()


@pytest.fixture(scope="session")
def dev_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    keys = tmp_path_factory.mktemp("keys")
    ensure_dev_signer(keys, agency_name="UBND phường Bến Nghé")
    return keys


@pytest.fixture(scope="session")
def dev_signer(dev_keys: Path) -> SignerConfig:
    return ensure_dev_signer(dev_keys, agency_name="UBND phường Bến Nghé")


@pytest.fixture(scope="session")
def dev_ca(dev_keys: Path) -> Path:
    return dev_ca_path(dev_keys)


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PkiServer]:
    """certomancer's Animator (TSA, OCSP, CRLs) for the session, on a free loopback port."""
    need(
        shutil.which("certomancer", path=str(Path(sys.executable).parent)) is not None
        or shutil.which("certomancer") is not None,
        "certomancer (web-api extra) is not installed",
    )
    test_pki = make_pki(tmp_path_factory.mktemp("pki"))
    try:
        test_pki.start()
    except RuntimeError as e:
        need(False, f"certomancer animate does not start: {e}")
    try:
        yield test_pki
    finally:
        test_pki.stop()


@pytest.fixture(scope="session")
def pki_signer(pki: PkiServer) -> SignerConfig:
    return SignerConfig(p12_path=pki.signer_p12, p12_password=P12_PASSWORD)


@pytest.fixture(scope="session")
def soft_token(
    tmp_path_factory: pytest.TempPathFactory, dev_signer: SignerConfig
) -> Iterator[SoftToken]:
    """A SoftHSM2 token holding the DEV signer's key; SOFTHSM2_CONF set for the session."""
    softhsm = shutil.which("softhsm2-util")
    pkcs11_tool = shutil.which("pkcs11-tool")
    module = softhsm_module()
    need(softhsm is not None and module is not None, "softhsm2 is not installed")
    need(pkcs11_tool is not None, "pkcs11-tool (opensc) is not installed")
    assert softhsm and pkcs11_tool and module and dev_signer.p12_path and dev_signer.p12_password
    token = make_token(
        tmp_path_factory.mktemp("hsm"),
        module,
        dev_signer.p12_path,
        dev_signer.p12_password,
        softhsm=softhsm,
        pkcs11_tool=pkcs11_tool,
    )
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(token.conf)
    try:
        yield token
    finally:
        if previous is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = previous
