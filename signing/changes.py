"""What happened to a signed document after one of its signatures: allowed extensions or changes.

Allowed extensions (later signatures, validation data in the DSS, document timestamps) are
listed; everything else the signature's permissions do not allow, or that alters page content,
annotations, form values or metadata, makes it "modified" with a reason. pyHanko's difference
analysis (pyhanko.sign.diff_analysis) judges the object changes; a failure of that analysis is
reported as such, never as a traceback.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import (
    DEFAULT_DIFF_POLICY,
    DiffResult,
    ModificationLevel,
    SuspiciousModification,
)
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureCoverageLevel

from .embedded import Found
from .failures import describe
from .inspect import subject_name
from .metadata_diff import changed_metadata


@dataclass(frozen=True)
class Changes:
    """The verdict on what was done to the file after one signature."""

    modified: bool = False
    problems: list[str] = field(default_factory=list)
    extensions: list[str] = field(default_factory=list)


def after_signing(reader: PdfFileReader, sig: EmbeddedPdfSignature, found: list[Found]) -> Changes:
    """Compare the signed revision of `sig` with the file as it is now."""
    coverage = sig.coverage or sig.evaluate_signature_coverage()
    if coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return Changes()
    if coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return Changes(
            modified=True,
            problems=["the signature does not cover its whole revision of the file"],
        )
    later = [f for f in found if f.signature is not None and f.revision > sig.signed_revision]
    problems = _object_changes(reader, sig, later)
    try:
        metadata = changed_metadata(reader, sig.signed_revision)
    except Exception as e:  # a revision that cannot be rebuilt cannot be compared either
        metadata = [f"(cannot be compared: {describe(e)})"]
    if metadata:
        problems.append("the document metadata was changed after signing: " + ", ".join(metadata))
    return Changes(
        modified=bool(problems),
        problems=problems,
        extensions=_extensions(reader, sig, later),
    )


def _object_changes(
    reader: PdfFileReader, sig: EmbeddedPdfSignature, later: list[Found]
) -> list[str]:
    try:
        result = DEFAULT_DIFF_POLICY.review_file(
            reader,
            sig.signed_revision,
            field_mdp_spec=sig.fieldmdp,
            doc_mdp=sig.docmdp_level,
        )
    except SuspiciousModification as e:
        result = e
    except Exception as e:  # pyHanko's analysis itself failed (KeyError, AttributeError...)
        return [f"the changes made after signing cannot be analysed ({describe(e)})"]
    if isinstance(result, SuspiciousModification):
        return [f"the file was changed after signing in a way no signature allows: {result}"]
    return _judge(result, sig, {f.name for f in later})


def _judge(result: DiffResult, sig: EmbeddedPdfSignature, later_fields: set[str]) -> list[str]:
    level = result.modification_level
    docmdp = sig.docmdp_level
    if level == ModificationLevel.OTHER:
        return ["the file was changed after signing (page content or structure)"]
    if docmdp is not None and level.value > docmdp.value:
        return [f"the changes after signing go beyond what the certification allows ({docmdp})"]
    if level == ModificationLevel.ANNOTATIONS:
        return ["annotations were added or changed after signing"]
    filled = sorted(n for n in result.changed_form_fields if n not in later_fields)
    if filled:
        return ["form field values were changed after signing: " + ", ".join(filled)]
    return []


def _extensions(reader: PdfFileReader, sig: EmbeddedPdfSignature, later: list[Found]) -> list[str]:
    items: list[str] = []
    for f in later:
        if f.kind == "/DocTimeStamp":
            items.append("archive timestamp")
        elif f.signature is not None:
            items.append(f"signature by {_signer(f.signature)}")
    try:
        dss = _dss_added(reader, sig.signed_revision)
    except Exception:  # a damaged DSS is reported where it is read, not as an extension
        dss = False
    if dss:
        items.append("validation data (DSS)")
    counts = Counter(items)
    return [k if n == 1 else f"{k} (x{n})" for k, n in counts.items()]


def _signer(sig: EmbeddedPdfSignature) -> str:
    try:
        return subject_name(sig.signer_cert)
    except Exception:  # the later signature's own report says why
        return "an unreadable signer"


def _dss_added(reader: PdfFileReader, revision: int) -> bool:
    """True when the DSS appeared or was updated after `revision`."""
    try:
        now = reader.root.raw_get("/DSS")
    except KeyError:
        return False
    try:
        then = reader.get_historical_resolver(revision).root.raw_get("/DSS")
    except KeyError:
        return True
    if isinstance(now, generic.IndirectObject) and isinstance(then, generic.IndirectObject):
        ref = now.reference
        return ref != then.reference or reader.xrefs.get_last_change(ref) > revision
    return repr(now) != repr(then)


def appended_bytes(pdf: bytes) -> list[str]:
    """A problem when bytes follow the %%EOF that ends the file's last revision."""
    last_xref = pdf.rfind(b"startxref")
    eof = pdf.find(b"%%EOF", max(last_xref, 0))
    if last_xref < 0 or eof < 0:
        return ["the file does not end with a PDF trailer (startxref ... %%EOF)"]
    tail = pdf[eof + len(b"%%EOF") :]
    for eol in (b"\r\n", b"\n", b"\r"):  # the end-of-line marker after %%EOF belongs to it
        if tail.startswith(eol):
            tail = tail[len(eol) :]
            break
    if tail.strip(b"\r\n\t\f \x00"):
        return [f"{len(tail)} bytes were appended after the end of the PDF (after %%EOF)"]
    return []
