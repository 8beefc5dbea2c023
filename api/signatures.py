"""Signature status of stored documents (signing.verify), cached for a few minutes."""

from __future__ import annotations

import threading
import time
from typing import Any

from common.errors import BrokenInput, SohoaError
from pipeline.context import trust_roots
from pipeline.settings import Settings
from signing.verify import verify

TTL_S = 300.0


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
