"""The pipeline's own records: what goes in (a component), what each step hands on, what comes out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from ocr.image.textlayer import OcrMode
from ocr.pdf.image import EncodedImage
from ocr.types import PageText

PIPELINE_VERSION = "0.1.0"
Role = Literal["submitted", "result"]


@dataclass(frozen=True, slots=True)
class Component:
    """One paper of a dossier, as handed in: a file on disk or bytes already stored."""

    path: Path
    dossier_id: str | None = None
    procedure: str | None = None
    owner_id: str | None = None
    receiving_office: str | None = None
    role: Role = "submitted"
    declared_type: str | None = None
    ocr_mode: OcrMode | None = None  # None: the settings' mode (SOHOA_OCR_MODE, --ocr)

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True, slots=True)
class Ingested:
    """A validated input: its hash, format, page count and where its original is kept."""

    sha256: str
    fmt: str
    ext: str
    size: int
    pages: int
    original_key: str
    filename: str


@dataclass(frozen=True, slots=True)
class PageOutcome:
    """One page after rasterize + clean + OCR (or its born-digital text).

    The archive image is already encoded (JPEG, or G4 for bitonal pages) where it was cleaned,
    so only compressed bytes cross process and machine boundaries, and nothing is encoded twice.
    """

    index: int
    archive: EncodedImage
    dpi: float
    text: PageText
    rotation: int = 0
    skew: float = 0.0
    steps: tuple[str, ...] = ()
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "page": self.index + 1,
            "source": self.text.source,
            "dpi": round(self.dpi, 1),
            "rotation": self.rotation,
            "skew": round(self.skew, 2),
            "confidence": round(self.text.confidence, 1),
            "words": len(self.text.words),
            "cleaning": list(self.steps),
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True, slots=True)
class DigitizedDocument:
    """The signed, filed result of one component (kết quả số hóa)."""

    document_id: str
    version: int
    prefix: str
    sha256: str
    filename: str
    pages: int
    doc_type: str
    fields: dict[str, str]
    confidence: float
    needs_review: bool
    review_reasons: dict[str, str]
    signature: dict[str, Any]
    created_at: datetime
    metadata: dict[str, Any] = field(default_factory=dict)
    reused: str = (
        ""  # why an existing document stands for this component: same_bytes / same_document
    )

    def to_json(self) -> dict[str, Any]:
        return dict(self.metadata)


@dataclass(frozen=True, slots=True)
class ComponentOutcome:
    """What happened to one input: done, reused (digitized before) or failed with the reason."""

    component: Component
    status: Literal["done", "reused", "failed"]
    document: DigitizedDocument | None = None
    error: str = ""
    exit_code: int = 0
    seconds: float = 0.0
