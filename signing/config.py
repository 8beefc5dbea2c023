"""Who signs (SignerConfig) and how and where (SignOptions): the inputs of `sign`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Literal

PadesLevel = Literal["B-B", "B-T", "B-LT", "B-LTA"]
LEVELS: tuple[PadesLevel, ...] = ("B-B", "B-T", "B-LT", "B-LTA")
VN_TZ = timezone(timedelta(hours=7), "ICT")
FIELD_PREFIX = "SohoaSignature"
TIMESTAMP_FIELD_PREFIX = "SohoaDocTimeStamp"


@dataclass(frozen=True)
class SignerConfig:
    """The key: a PKCS#12 file, or a key on a PKCS#11 token. Secrets never appear in repr."""

    p12_path: Path | None = None
    p12_password: bytes | None = field(default=None, repr=False)
    pkcs11_module: Path | None = None
    pkcs11_token_label: str = ""
    pkcs11_slot: int | None = None  # index in the module's slot list (pkcs11-tool -L)
    pkcs11_key_label: str = ""
    pkcs11_pin: bytes | None = field(default=None, repr=False)

    @property
    def uses_token(self) -> bool:
        return self.pkcs11_module is not None

    def describe(self) -> str:
        """A one-line, secret-free description of the key for messages and logs."""
        if self.pkcs11_module is not None:
            where = (
                f"token {self.pkcs11_token_label!r}"
                if self.pkcs11_token_label
                else f"slot {self.pkcs11_slot}"
            )
            return f"PKCS#11 key {self.pkcs11_key_label!r} on {where} ({self.pkcs11_module})"
        return f"PKCS#12 file {self.p12_path}"

    def __repr__(self) -> str:
        return f"SignerConfig({self.describe()})"


@dataclass(frozen=True)
class SignOptions:
    """The PAdES level, timestamp authority and the visible stamp of the signature."""

    level: PadesLevel = "B-B"
    tsa_url: str = ""
    visible: bool = True
    copy_form: str = "BẢN SAO ĐIỆN TỬ"
    agency_name: str = ""
    reason: str = "Số hóa bản chính"
    location: str = "Việt Nam"
    trust_roots: tuple[Path, ...] = ()
    clock: Callable[[], datetime] | None = None
    tsa_timeout_s: float = 20.0
    # printed words of page 1 as (x1, y1, x2, y2) in PDF points, origin bottom-left: the stamp
    # is placed clear of them (and of the page image's ink)
    occupied: tuple[tuple[float, float, float, float], ...] = ()

    def now(self) -> datetime:
        """The signing time, in Vietnam's time zone (+07:00)."""
        moment = self.clock() if self.clock is not None else datetime.now(VN_TZ)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=VN_TZ)
        return moment.astimezone(VN_TZ)
