"""Signature status of stored documents (signing.verify), cached for a few minutes."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from common.errors import BrokenInput, SohoaError
from pipeline.settings import Settings
from signing.devkeys import dev_ca_path
from signing.verify import verify

TTL_S = 300.0


def trust_roots(settings: Settings) -> list[Path]:
    """Configured roots, plus the DEV CA when the DEV signer is the one in use."""
    roots = list(settings.trust_root_paths)
    if not settings.signer_p12 and not settings.pkcs11_module:
        ca = dev_ca_path(settings.keys_dir)
        if ca.exists():
            roots.append(ca)
    return roots


def verify_pdf(pdf: bytes, settings: Settings) -> dict[str, Any]:
    """The signature report of a PDF as a dict; an unreadable PDF is the client's error."""
    if b"%PDF-" not in pdf[:1024]:
        raise BrokenInput("not a PDF file (checked by content)")
    try:
        return verify(pdf, trust_roots=trust_roots(settings)).to_dict()
    except SohoaError:
        raise
    except Exception as e:  # pyHanko raises many types on a damaged file
        raise BrokenInput(f"the PDF cannot be read for verification: {type(e).__name__}") from e


class SignatureCache:
    """Remember recent verification reports by document key."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[str, tuple[float, dict[str, Any]]] = {}

    def get(self, key: str, pdf: bytes, settings: Settings) -> dict[str, Any]:
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(key)
            if hit and now - hit[0] < TTL_S:
                return hit[1]
        report = verify_pdf(pdf, settings)
        with self._lock:
            if len(self._items) > 1000:
                self._items.clear()
            self._items[key] = (now, report)
        return report
