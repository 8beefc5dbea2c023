"""Fixtures of the signing tests: a PDF/A-2b sample and the DEV signer."""

from __future__ import annotations

from pathlib import Path

import pytest
from signing_helpers import make_pdfa

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
