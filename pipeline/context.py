"""Turn the settings into the real archive, catalog and signer the steps use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from common.errors import ConfigError, SignerUnavailable
from signing.config import SignerConfig, SignOptions
from signing.devkeys import dev_ca_path, ensure_dev_signer
from storage.catalog import Catalog
from storage.factories import open_catalog, open_object_store
from storage.mirror import MirroredStore
from storage.objects import ObjectStore
from storage.private import private_dir

from .settings import Settings


@dataclass(frozen=True)
class Context:
    """Everything a step may touch, built once from the settings."""

    settings: Settings
    store: ObjectStore
    catalog: Catalog

    def close(self) -> None:
        self.catalog.close()


def open_store(settings: Settings) -> ObjectStore:
    """The archive; with a replica configured, every archive object is written to both."""
    primary = _open_url(settings, settings.archive)
    replica = open_replica(settings)
    return primary if replica is None else MirroredStore(primary, replica)


def open_replica(settings: Settings) -> ObjectStore | None:
    """The second store of SOHOA_REPLICA_URL (same S3 connection settings), if set."""
    return _open_url(settings, settings.replica_url) if settings.replica_url else None


def _open_url(settings: Settings, url: str) -> ObjectStore:
    return open_object_store(
        url,
        endpoint=settings.s3_endpoint,
        access_key=settings.s3_access_key,
        secret_key=settings.s3_secret_key.get_secret_value(),
        secure=settings.s3_secure,
        region=settings.s3_region,
        retention_days=settings.s3_retention_days,
    )


def open_context(settings: Settings) -> Context:
    """Open the archive and the catalog (migrating its schema) named by the settings."""
    if settings.archive.startswith("file://") or settings.catalog.startswith("sqlite:///"):
        private_dir(settings.home)
    store = open_store(settings)
    catalog = open_catalog(settings.catalog)
    catalog.migrate()
    return Context(settings=settings, store=store, catalog=catalog)


def _secret_from(value: bytes | None, file: Path | None, what: str) -> bytes | None:
    if value is not None:
        return value
    if file is None:
        return None
    try:
        return file.read_bytes().rstrip(b"\r\n")
    except OSError as e:
        raise SignerUnavailable(f"cannot read the {what} file {file}: {e.strerror}") from e


def signer_config(settings: Settings) -> SignerConfig:
    """The configured key (PKCS#11 token, PKCS#12 file) or, by default, the DEV signer."""
    if settings.pkcs11_module:
        if not settings.pkcs11_key_label:
            raise ConfigError("pkcs11_module is set but pkcs11_key_label is not")
        pin = settings.pkcs11_pin.get_secret_value().encode() if settings.pkcs11_pin else None
        return SignerConfig(
            pkcs11_module=settings.pkcs11_module,
            pkcs11_token_label=settings.pkcs11_token_label,
            pkcs11_slot=settings.pkcs11_slot,
            pkcs11_key_label=settings.pkcs11_key_label,
            pkcs11_pin=_secret_from(pin, settings.pkcs11_pin_file, "PIN"),
        )
    if settings.signer_p12:
        password = (
            settings.signer_p12_password.get_secret_value().encode()
            if settings.signer_p12_password
            else None
        )
        return SignerConfig(
            p12_path=settings.signer_p12,
            p12_password=_secret_from(password, settings.signer_p12_password_file, "password"),
        )
    return ensure_dev_signer(settings.keys_dir, agency_name=settings.agency_name)


def uses_dev_signer(settings: Settings) -> bool:
    return settings.pkcs11_module is None and settings.signer_p12 is None


def trust_roots(settings: Settings, extra: Sequence[Path] = ()) -> list[Path]:
    """The roots a signature is checked against, the same for the CLI and the API: the
    configured ones (SOHOA_TRUST_ROOTS), `extra`, and the DEV CA when the DEV signer is the one
    in use (the documents this installation signs then chain to it)."""
    roots = [*settings.trust_root_paths, *extra]
    dev_ca = dev_ca_path(settings.keys_dir)
    if uses_dev_signer(settings) and dev_ca.exists() and dev_ca not in roots:
        roots.append(dev_ca)
    return roots


def sign_options(settings: Settings) -> SignOptions:
    return SignOptions(
        level=settings.level,
        tsa_url=settings.tsa_url,
        visible=settings.signature_visible,
        copy_form=settings.copy_form,
        agency_name=settings.agency_name,
        location=settings.signature_location,
        trust_roots=tuple(settings.trust_root_paths),
    )
