"""A SoftHSM2 token made by the tests: init a token, import a key and its certificates.

SOFTHSM2_CONF points at a config in a temp dir, so no system token store is touched.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

MODULE_CANDIDATES = (
    Path("/usr/lib/softhsm/libsofthsm2.so"),
    Path("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
    Path("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"),
)
TOKEN_LABEL = "sohoa-test"
KEY_LABEL = "agency-key"
USER_PIN = "246810"
SO_PIN = "13579246"


@dataclass(frozen=True)
class SoftToken:
    module: Path
    conf: Path
    token_label: str = TOKEN_LABEL
    key_label: str = KEY_LABEL
    pin: str = USER_PIN


def softhsm_module() -> Path | None:
    return next((p for p in MODULE_CANDIDATES if p.exists()), None)


def make_token(
    workdir: Path, module: Path, p12: Path, p12_password: bytes, *, softhsm: str, pkcs11_tool: str
) -> SoftToken:
    """A fresh token holding the PKCS#12's key, certificate and CA certificates."""
    tokens = workdir / "tokens"
    tokens.mkdir(parents=True)
    conf = workdir / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}

    def run(*args: str) -> None:
        subprocess.run(args, check=True, capture_output=True, env=env, timeout=60)

    run(softhsm, "--init-token", "--free", "--label", TOKEN_LABEL, "--pin", USER_PIN,
        "--so-pin", SO_PIN)  # fmt: skip
    key, cert, cas = pkcs12.load_key_and_certificates(p12.read_bytes(), p12_password)
    assert key is not None and cert is not None
    key_pem = workdir / "key.pem"
    key_pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    run(softhsm, "--import", str(key_pem), "--token", TOKEN_LABEL, "--label", KEY_LABEL,
        "--id", "01", "--pin", USER_PIN)  # fmt: skip
    key_pem.unlink()
    for index, (label, certificate) in enumerate(
        [(KEY_LABEL, cert)] + [(f"ca-{i}", c) for i, c in enumerate(cas)]
    ):
        der = workdir / f"{label}.der"
        der.write_bytes(certificate.public_bytes(serialization.Encoding.DER))
        run(pkcs11_tool, "--module", str(module), "--login", "--pin", USER_PIN,
            "--token-label", TOKEN_LABEL, "--write-object", str(der), "--type", "cert",
            "--label", label, "--id", f"{index + 1:02x}")  # fmt: skip
    return SoftToken(module=module, conf=conf)
