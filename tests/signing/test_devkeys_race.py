"""Workers starting at once share one DEV key instead of overwriting each other's."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from signing.devkeys import ensure_dev_signer
from signing.keys import load_p12


def _make(keys_dir: str) -> bytes:
    config = ensure_dev_signer(Path(keys_dir), agency_name="UBND xã Tân Thành")
    assert config.p12_password is not None
    return config.p12_password


def test_processes_starting_together_get_one_usable_dev_key(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    with ProcessPoolExecutor(4) as pool:
        passwords = set(pool.map(_make, [str(keys)] * 8))
    assert len(passwords) == 1  # one key set, generated once
    signer = load_p12(ensure_dev_signer(keys, agency_name="UBND xã Tân Thành"))
    assert signer.signing_cert is not None
