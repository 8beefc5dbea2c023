"""Load trust anchors (PEM or DER certificate files) for signing and verification."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from asn1crypto import pem, x509

from common.errors import ConfigError


def load_certs(paths: Iterable[Path]) -> Iterator[x509.Certificate]:
    """Every certificate in the given PEM (one or many) or DER files."""
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as e:
            raise ConfigError(f"cannot read trust root {path}: {e.strerror}") from e
        try:
            if pem.detect(data):
                for _type, _headers, der in pem.unarmor(data, multiple=True):
                    yield x509.Certificate.load(der)
            else:
                yield x509.Certificate.load(data)
        except ValueError as e:
            raise ConfigError(f"trust root {path} is not a certificate file: {e}") from e
