"""One trust-roots rule for `sohoa verify` and the API's signature status."""

from __future__ import annotations

from pathlib import Path

from pipeline.context import signer_config, trust_roots
from pipeline.settings import Settings
from signing.devkeys import dev_ca_path


def settings_for(home: Path, **extra: object) -> Settings:
    return Settings.model_validate({"home": home, **extra})


def test_the_dev_ca_is_trusted_while_the_dev_signer_is_in_use_even_beside_configured_roots(
    tmp_path: Path,
) -> None:
    other = tmp_path / "other-root.pem"
    other.write_bytes(b"")
    settings = settings_for(tmp_path / "home", trust_roots=str(other))
    signer_config(settings)  # makes the DEV signer and its CA
    ca = dev_ca_path(settings.keys_dir)
    assert trust_roots(settings) == [other, ca]
    assert trust_roots(settings, [ca]) == [other, ca]  # never twice


def test_a_configured_signer_does_not_bring_the_dev_ca(tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "home")
    signer_config(settings)
    p12 = tmp_path / "key.p12"
    p12.write_bytes(b"")
    configured = settings.model_copy(update={"signer_p12": p12})
    assert trust_roots(configured) == []
