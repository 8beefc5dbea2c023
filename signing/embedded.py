"""Find every filled signature field of a PDF, including those pyHanko itself skips.

pyHanko's `reader.embedded_signatures` drops signatures with a SubFilter it does not validate
(adbe.pkcs7.sha1) and raises on the first field whose value it cannot decode (an empty
/Contents), which hid every other signature of the file. Here each field is read on its own and
one that cannot be read becomes a `Found` with the reason, so it still gets a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

from .failures import describe

SHA1_SUBFILTER = "/adbe.pkcs7.sha1"
VALIDATED_SUBFILTERS = ("/adbe.pkcs7.detached", "/ETSI.CAdES.detached", "/PBAD.PAdES")


@dataclass(frozen=True)
class Found:
    """One filled signature field: its decoded signature, or why it cannot be decoded."""

    name: str
    kind: str  # "/Sig" or "/DocTimeStamp"
    subfilter: str
    signature: EmbeddedPdfSignature | None
    problem: str | None = None

    @property
    def revision(self) -> int:
        return self.signature.signed_revision if self.signature is not None else -1


def find_signatures(reader: PdfFileReader) -> list[Found]:
    """Every filled signature field of the file, in signing order (unreadable ones last)."""
    known = _pyhanko_own(reader)
    found = [
        _read_field(reader, name, value, field, known) for name, value, field in _fields(reader)
    ]
    readable = sorted((f for f in found if f.signature is not None), key=lambda f: f.revision)
    return readable + [f for f in found if f.signature is None]


def _pyhanko_own(reader: PdfFileReader) -> dict[str, EmbeddedPdfSignature]:
    """pyHanko's own signature objects, reused: its AdES validation looks them up there."""
    try:
        return {str(s.field_name): s for s in reader.embedded_signatures}
    except Exception:  # an unreadable field stops pyHanko's listing; each is read alone below
        return {}


def _fields(handler: Any) -> list[tuple[str, generic.PdfObject, generic.DictionaryObject]]:
    """The filled signature fields; a damaged form (AcroForm) raises FormUnreadable."""
    try:
        return list(enumerate_sig_fields(handler, filled_status=True))
    except Exception as e:  # /AcroForm or /Fields of the wrong type, a broken reference...
        raise FormUnreadable(f"the form fields (AcroForm) cannot be read ({describe(e)})") from e


class FormUnreadable(ValueError):
    """The document's form, where signatures are listed, cannot be read."""


def signed_earlier(reader: PdfFileReader) -> bool:
    """True when an earlier revision of the file had a filled signature field."""
    for revision in range(reader.xrefs.total_revisions - 1):
        try:
            if _fields(reader.get_historical_resolver(revision)):
                return True
        except FormUnreadable:
            continue
    return False


def _read_field(
    reader: PdfFileReader,
    name: str,
    value: generic.PdfObject,
    field: generic.DictionaryObject,
    known: dict[str, EmbeddedPdfSignature],
) -> Found:
    name = str(name)
    try:
        sig_dict = value.get_object()
        kind = str(sig_dict.get("/Type", "/Sig"))
        subfilter = str(sig_dict.get("/SubFilter", ""))
    except Exception as e:  # a damaged object: this field cannot be used, the others can
        return Found(
            name, "/Sig", "", None, f"the signature dictionary cannot be read ({describe(e)})"
        )
    empty = _empty_contents(sig_dict)
    if empty:
        return Found(name, kind, subfilter, None, empty)
    try:
        signature = known.get(name) or EmbeddedPdfSignature(reader, field, name)
    except Exception as e:  # asn1crypto and pyHanko raise many types on a malformed CMS
        return Found(
            name, kind, subfilter, None, f"the signature value is badly encoded ({describe(e)})"
        )
    return Found(name, kind, subfilter, signature)


def _empty_contents(sig_dict: generic.DictionaryObject) -> str | None:
    """Why the /Contents entry holds no signature, or None when it holds something."""
    try:
        contents = sig_dict.raw_get("/Contents", decrypt=generic.EncryptedObjAccess.RAW)
    except KeyError:
        return "the signature has no value (/Contents is missing)"
    if not isinstance(contents, (generic.TextStringObject, generic.ByteStringObject)):
        return "the signature value (/Contents) is not a string"
    if not contents.original_bytes.strip(b"\x00"):
        return "the signature value (/Contents) is empty: the field was prepared but never signed"
    return None
