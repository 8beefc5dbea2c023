"""Name what failed when pyHanko or a decoder raises on a signature, in words a clerk can pass on."""

from __future__ import annotations

import zlib

from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign.validation.errors import SignatureValidationError

MAX_DETAIL = 160


def describe(error: BaseException) -> str:
    """A short account of the error: its kind in words, then pyHanko's own message."""
    detail = _detail(error)
    if isinstance(error, zlib.error):
        kind = "a compressed stream of the file is corrupt"
    elif isinstance(error, AssertionError):
        kind = "badly encoded data (a structure check failed)"
    elif isinstance(error, SignatureValidationError):
        kind = "the signature is malformed"
    elif isinstance(error, PdfError):
        kind = "the PDF structure is damaged"
    elif isinstance(error, (KeyError, IndexError)):
        kind = "an entry the signature needs is missing"
    elif isinstance(error, (AttributeError, TypeError)):
        kind = "an object has an unexpected type"
    else:
        kind = "the data cannot be decoded"
    name = type(error).__name__
    return f"{kind}: {name}{': ' + detail if detail else ''}"


def _detail(error: BaseException) -> str:
    text = str(error)
    if isinstance(error, SignatureValidationError):
        text = str(error.failure_message)
    text = " ".join(text.split())
    return text if len(text) <= MAX_DETAIL else text[: MAX_DETAIL - 1] + "…"
