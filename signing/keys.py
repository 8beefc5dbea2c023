"""Open the configured key (PKCS#12 file or PKCS#11 token) as a pyHanko Signer."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from asn1crypto import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from pyhanko.sign.signers import SimpleSigner
from pyhanko.sign.signers.pdf_cms import Signer
from pyhanko_certvalidator.util import get_pyca_cryptography_hash, process_pss_params

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


class _KeyParsedOnce(SimpleSigner):
    """A SimpleSigner that parses its private key once instead of on every signature.

    pyHanko's SimpleSigner.sign_raw re-parses (and, for RSA, re-validates) the key each time it
    signs, twice per PDF signature (size estimate + real one): about 30 ms each for RSA 2048.
    """

    def __init__(self, base: SimpleSigner) -> None:
        super().__init__(
            signing_cert=base.signing_cert,
            signing_key=base.signing_key,
            cert_registry=base.cert_registry,
            signature_mechanism=base.signature_mechanism,
            prefer_pss=base.prefer_pss,
            embed_roots=base.embed_roots,
        )
        self._private: Any = serialization.load_der_private_key(
            base.signing_key.dump(), password=None
        )

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism_info = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            mechanism = mechanism_info.signature_algo
        except ValueError:
            mechanism = mechanism_info["algorithm"].native
        key = self._private
        if mechanism == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
            return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        if mechanism == "rsassa_pss" and isinstance(key, RSAPrivateKey):
            padding, hash_algo = process_pss_params(mechanism_info["parameters"])
            return key.sign(data, padding, hash_algo)
        if mechanism == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
            return key.sign(data, ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
        return super().sign_raw(data, digest_algorithm)  # rarer key types: pyHanko's own path


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
    return _KeyParsedOnce(signer)


def signer_certificates(config: SignerConfig) -> tuple[x509.Certificate, list[x509.Certificate]]:
    """The signer's certificate and the other certificates that come with the key."""
    with open_signer(config) as signer:
        cert = signer.signing_cert
        if cert is None:
            raise SignerUnavailable(f"no certificate for {config.describe()}")
        others = [c for c in (signer.cert_registry or []) if c.dump() != cert.dump()]
        return cert, others
