"""Open the configured key (PKCS#12 file or PKCS#11 token) as a pyHanko Signer."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from asn1crypto import x509
from pyhanko.sign.signers import SimpleSigner
from pyhanko.sign.signers.pdf_cms import Signer

from common.errors import SignerUnavailable

from .config import SignerConfig


@contextmanager
def open_signer(config: SignerConfig) -> Iterator[Signer]:
    """The Signer for this key; a token session is closed on exit.

    Raises SignerUnavailable (the job stays queued) when the key cannot be used; the message
    names the key's location, never its password, PIN or material.
    """
    if config.pkcs11_module is not None:
        from .pkcs11 import open_token_signer

        with open_token_signer(config) as signer:
            yield signer
        return
    yield load_p12(config)


def load_p12(config: SignerConfig) -> Signer:
    """The PKCS#12 file's signer; kept in memory while the file is unchanged (~0.1 s per load)."""
    path = config.p12_path
    if path is None:
        raise SignerUnavailable("no signing key is configured (SOHOA_SIGNER_P12 or PKCS#11)")
    try:
        info = path.stat()
    except OSError as e:
        raise SignerUnavailable(f"cannot read the signing key file {path}: {e.strerror}") from None
    return _load_p12(path, info.st_mtime_ns, info.st_size, config.p12_password)


@functools.lru_cache(maxsize=4)
def _load_p12(path: Path, _mtime_ns: int, _size: int, password: bytes | None) -> Signer:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SignerUnavailable(f"cannot read the signing key file {path}: {e.strerror}") from None
    try:
        signer = SimpleSigner.load_pkcs12_data(data, (), passphrase=password)
    except ValueError:
        # the cause may quote key material or the password: do not chain it
        raise SignerUnavailable(
            f"cannot open the signing key file {path}: wrong password or not a PKCS#12 file"
        ) from None
    if signer.signing_cert is None:
        raise SignerUnavailable(f"the signing key file {path} holds no certificate")
    return signer


def signer_certificates(config: SignerConfig) -> tuple[x509.Certificate, list[x509.Certificate]]:
    """The signer's certificate and the other certificates that come with the key."""
    with open_signer(config) as signer:
        cert = signer.signing_cert
        if cert is None:
            raise SignerUnavailable(f"no certificate for {config.describe()}")
        others = [c for c in (signer.cert_registry or []) if c.dump() != cert.dump()]
        return cert, others
