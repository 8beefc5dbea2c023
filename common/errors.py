"""The one sohoa exception hierarchy; each front end translates it once.

Every error carries its outcome: the CLI exit code, the HTTP status and whether a
worker should retry it (transient) or mark the job failed (permanent).
"""

from __future__ import annotations

import re

_REPR = re.compile(r"<[\w.]+ object at 0x[0-9a-fA-F]+>")


class SohoaError(Exception):
    """Root of every error sohoa raises on purpose."""

    exit_code: int = 1
    http_status: int = 500
    retryable: bool = False

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.__class__.__doc__ or self.__class__.__name__)

    @property
    def message(self) -> str:
        """The text for a person: a library's object repr (<_io.BytesIO object at 0x..>) removed."""
        return _REPR.sub("the file", str(self))


class ConfigError(SohoaError):
    """The settings are invalid."""

    exit_code = 2


class InputError(SohoaError):
    """The input file cannot be digitized (permanent: retrying will not help)."""

    exit_code = 3
    http_status = 422


class UnsupportedFormat(InputError):
    """The file is not a PNG, JPEG, TIFF or PDF."""

    http_status = 415


class EmptyInput(InputError):
    """The file is empty."""


class BrokenInput(InputError):
    """The file is damaged and cannot be read."""


class EncryptedInput(InputError):
    """The PDF is encrypted or password protected."""


class TooLarge(InputError):
    """The file, its page count or its pixel count is over the limit."""

    http_status = 413


class ProcessingError(SohoaError):
    """An external program (Tesseract, poppler, qpdf) failed on a page."""

    exit_code = 4


class ToolTimeout(ProcessingError):
    """An external program took longer than its time limit."""


class MissingDependency(ProcessingError):
    """A required external program or language model is not installed."""

    exit_code = 2


class SigningError(SohoaError):
    """The document could not be signed."""

    exit_code = 5


class SignerUnavailable(SigningError):
    """The signing key or token is absent, locked or refused the PIN (the job stays queued)."""

    http_status = 503
    retryable = True


class TimestampUnavailable(SigningError):
    """The timestamp authority or revocation service did not answer."""

    http_status = 503
    retryable = True


class VerificationFailed(SigningError):
    """A signature did not verify."""


class BrokerUnavailable(SohoaError):
    """The message broker (Redis, RabbitMQ) cannot be reached."""

    exit_code = 7
    http_status = 503
    retryable = True


class StorageError(SohoaError):
    """The archive or catalog could not be reached or written (transient)."""

    exit_code = 6
    http_status = 503
    retryable = True


class NotFound(StorageError):
    """The requested object or record does not exist."""

    http_status = 404
    retryable = False


class ImmutableObject(StorageError):
    """An archived object may not be overwritten; write a new version instead."""

    http_status = 409
    retryable = False


class FixityError(StorageError):
    """A stored object is missing or differs from its manifest."""

    http_status = 500
    retryable = False
