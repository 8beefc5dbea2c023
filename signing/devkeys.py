"""A development CA and signer, generated on first run and clearly marked DEV (never for production)."""

from __future__ import annotations

import fcntl
import logging
import os
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from common.errors import SignerUnavailable

from .config import SignerConfig

log = logging.getLogger("sohoa.signing")

CA_NAME = "sohoa DEV CA - NOT FOR PRODUCTION"
CA_FILE = "dev-ca.pem"
P12_FILE = "dev-signer.p12"
PASSWORD_FILE = "dev-signer.pass"
CA_YEARS = 20
SIGNER_YEARS = 5


def dev_ca_path(keys_dir: Path) -> Path:
    """The PEM certificate of the development CA (trust it to verify DEV signatures)."""
    return keys_dir / CA_FILE


def dev_signer_path(keys_dir: Path) -> Path:
    return keys_dir / P12_FILE


def ensure_dev_signer(keys_dir: Path, *, agency_name: str) -> SignerConfig:
    """The DEV signer under keys_dir, generated (with its CA) on the first call."""
    p12 = dev_signer_path(keys_dir)
    password_file = keys_dir / PASSWORD_FILE

    def complete() -> bool:
        return p12.exists() and password_file.exists() and dev_ca_path(keys_dir).exists()

    generated = False
    if not complete():
        keys_dir.mkdir(parents=True, exist_ok=True)
        # several workers may start at once: one generates, the others wait and reuse its keys
        fd = os.open(keys_dir / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if not complete():
                _generate(keys_dir, agency_name=agency_name)
                generated = True
        finally:
            os.close(fd)  # closing releases the lock
    if generated:
        log.warning(
            "generated a DEVELOPMENT signing key in %s: signatures made with it are NOT valid "
            "for production; configure SOHOA_SIGNER_P12 or SOHOA_PKCS11_MODULE",
            keys_dir,
        )
    else:
        log.warning("signing with the DEVELOPMENT key in %s (NOT FOR PRODUCTION)", keys_dir)
    try:
        password = password_file.read_bytes().strip()
    except OSError as e:
        raise SignerUnavailable(f"cannot read the DEV signer password file: {e.strerror}") from e
    return SignerConfig(p12_path=p12, p12_password=password)


def _name(common_name: str, organization: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_usage(*, signer: bool) -> x509.KeyUsage:
    """A CA certifies (cert and CRL signing); a signer signs with non-repudiation."""
    return x509.KeyUsage(
        digital_signature=signer,
        content_commitment=signer,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signer,
        crl_sign=not signer,
        encipher_only=False,
        decipher_only=False,
    )


def _dev_ca(now: datetime) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """The self-signed DEV certification authority."""
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    ca_name = _name(CA_NAME, "sohoa DEV")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(signer=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    return ca_key, ca_cert


def _dev_signer(
    now: datetime, agency: str, ca_key: rsa.RSAPrivateKey, ca_cert: x509.Certificate
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """The agency's DEV signing key, certified by the DEV CA."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{agency} (DEV - NOT FOR PRODUCTION)", agency))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=365 * SIGNER_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signer=True), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def _generate(keys_dir: Path, *, agency_name: str) -> None:
    keys_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(keys_dir, 0o700)
    now = datetime.now(UTC) - timedelta(minutes=5)
    ca_key, ca_cert = _dev_ca(now)
    key, cert = _dev_signer(now, agency_name or "sohoa", ca_key, ca_cert)
    password = secrets.token_urlsafe(24).encode()
    p12_bytes = pkcs12.serialize_key_and_certificates(
        b"sohoa-dev-signer",
        key,
        cert,
        [ca_cert],
        serialization.BestAvailableEncryption(password),
    )
    # the signer (.p12) last: its presence with the others means a complete set
    _write_private(dev_ca_path(keys_dir), ca_cert.public_bytes(serialization.Encoding.PEM))
    _write_private(keys_dir / PASSWORD_FILE, password + b"\n")
    _write_private(dev_signer_path(keys_dir), p12_bytes)


def _write_private(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only, atomically."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
