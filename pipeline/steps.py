"""The pipeline's steps: plain functions of their inputs, shared by the in-process runner and the workers."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from ocr.fields import extract
from ocr.fields.blanks import Blank, HandReading, InkReader
from ocr.fields.model import Extraction
from ocr.image.capture import normalise
from ocr.image.clean import clean_page
from ocr.image.rasterize import Format, Limits, load_page
from ocr.image.textlayer import OcrMode
from ocr.pdf.alto import to_alto
from ocr.pdf.assemble import PdfInfo, PdfPage, assemble_pdf, encode_page_image
from ocr.pdf.image import decode_colour
from ocr.recognize.engine import EngineName, OcrEngine, make_engine
from ocr.recognize.handdigits import read_box
from ocr.recognize.recheck import read_upright
from ocr.recognize.reread import region_reader

from .ingest import check_shape, ingest, read_input
from .model import PIPELINE_VERSION, Component, Ingested, PageOutcome
from .settings import Settings

__all__ = [
    "PageOptions",
    "assemble",
    "assemble_alto",
    "document_text",
    "ingest",
    "owner_of",
    "process_page",
    "read_fields",
    "read_input",
    "with_owner",
]


@dataclass(frozen=True, slots=True)
class PageOptions:
    """What a page worker needs to know; small and picklable."""

    languages: str = "vie"
    timeout: float = 180.0
    memory_mb: int | None = 2048
    max_pages: int = 200
    max_megapixels: float = 150.0
    jpeg_quality: int = 75
    ocr_mode: OcrMode = "auto"
    engine: EngineName = "tesseract"

    @property
    def limits(self) -> Limits:
        return Limits(max_pages=self.max_pages, max_megapixels=self.max_megapixels)

    @property
    def ocr_engine(self) -> OcrEngine:
        return make_engine(
            self.engine, languages=self.languages, timeout=self.timeout, memory_mb=self.memory_mb
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> PageOptions:
        return cls(
            languages=settings.ocr_languages,
            timeout=settings.ocr_timeout_s,
            memory_mb=settings.ocr_memory_mb,
            max_pages=settings.max_pages,
            max_megapixels=settings.max_megapixels,
            ocr_mode=settings.ocr_mode,
            engine=settings.ocr_engine,
        )


def init_page_process(nice: int = 0) -> None:
    """Set up a process that runs `process_page`: one Tesseract and one OpenCV thread (the
    parallelism comes from the processes), lowered CPU priority when `nice` is given."""
    import cv2  # only page processes need OpenCV

    os.environ["OMP_THREAD_LIMIT"] = "1"
    cv2.setNumThreads(1)
    if nice:
        os.nice(max(0, nice - os.nice(0)))


def process_page(data: bytes, fmt: Format, index: int, options: PageOptions) -> PageOutcome:
    """Rasterize, clean and OCR one page; a born-digital page keeps its own text, no OCR."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    started = time.perf_counter()
    source = load_page(data, fmt, index, options.limits, options.ocr_mode)
    # an original accepted before page shapes were checked (a redelivered message) must fail
    # its job, not crash the worker in OpenCV
    check_shape(source.image.shape[1], source.image.shape[0], options.limits, page=index + 1)
    if source.text is not None:
        return PageOutcome(
            index=index,
            archive=encode_page_image(
                source.image, bitonal=False, jpeg_quality=options.jpeg_quality
            ),
            dpi=source.dpi,
            text=source.text,
            steps=("born-digital", source.note),
            seconds=time.perf_counter() - started,
        )
    captured = normalise(source.image)
    engine = options.ocr_engine
    cleaned, text = read_upright(
        clean_page(
            captured.image,
            dpi=source.dpi,
            dpi_believed=source.dpi_tagged,
            dpi_declared=fmt == "pdf",
            steps_before=captured.steps,
            engine=engine,
        ),
        engine.recognize,
    )
    return PageOutcome(
        index=index,
        archive=encode_page_image(
            cleaned.archive, bitonal=False, jpeg_quality=options.jpeg_quality
        ),
        dpi=cleaned.dpi,
        text=text,
        rotation=cleaned.rotation,
        skew=cleaned.skew,
        steps=cleaned.steps,
        seconds=time.perf_counter() - started,
    )


def read_fields(
    pages: Sequence[PageOutcome], component: Component, settings: Settings
) -> Extraction:
    """Classify the paper and extract its fields (the handwritten number and day of a Decree
    30 header read from the page images)."""
    image_of = page_images(pages)
    return extract(
        [p.text for p in pages],
        declared_type=component.declared_type,
        review_confidence=settings.review_confidence,
        ink=handwriting_reader(pages, image_of),
        reread=region_reader([p.text for p in pages], image_of, languages=settings.ocr_languages),
    )


def page_images(pages: Sequence[PageOutcome]) -> Callable[[int], np.ndarray | None]:
    """Page i's archive image (the image the word boxes are measured on; in colour when it is,
    so a coloured pen is told from the print), decoded once, when first asked for: the
    handwriting reader and the second look share it."""
    decoded: dict[int, np.ndarray | None] = {}

    def image_of(i: int) -> np.ndarray | None:
        if i not in decoded:
            decoded[i] = decode_colour(pages[i].archive)
        return decoded[i]

    return image_of


def handwriting_reader(
    pages: Sequence[PageOutcome], image_of: Callable[[int], np.ndarray | None] | None = None
) -> InkReader:
    """Reads the digits written by hand into a blank of a page, from its archive image
    (`page_images`), decoded only when a blank is found on it."""
    image_of = image_of or page_images(pages)

    def read(blank: Blank) -> HandReading:
        page = pages[blank.page]
        if page.text.source != "ocr":
            return HandReading("", False)  # born-digital text: its numbers are in the text
        image = image_of(blank.page)
        if image is None or image.shape[:2] != (page.text.height, page.text.width):
            return HandReading("", False)
        found = read_box(image, blank.box, blank.height, blank.label_at, blank.print_end)
        return HandReading(found.digits, found.sure, found.likely)

    return read


def with_owner(extraction: Extraction, component: Component) -> Extraction:
    """Flag a paper whose printed ID is not the dossier owner's: it stays with the dossier's
    owner (a paper is never re-filed under another citizen without a person deciding)."""
    printed = extraction.owner_id
    if not component.owner_id or not printed or printed == component.owner_id:
        return extraction
    return extraction.flagged(
        "owner_conflict",
        f"the paper shows ID {printed}, but the dossier belongs to {component.owner_id}: "
        "check whose paper it is",
    )


def owner_of(extraction: Extraction, component: Component) -> str | None:
    """Whose document it is: the dossier's owner when given, else the ID printed on the paper."""
    return component.owner_id or extraction.owner_id


def document_text(pages: Sequence[PageOutcome]) -> str:
    """Reading-order text of the document, pages separated by a form feed."""
    return "\f".join(p.text.text for p in pages) + "\n"


def assemble(
    pages: Sequence[PageOutcome],
    *,
    ingested: Ingested,
    component: Component,
    extraction: Extraction,
    created: datetime,
) -> bytes:
    """Build the two-layer PDF/A (page images + invisible words) with its XMP metadata."""
    custom = {
        "doc_type": extraction.doc_type,
        "sha256": ingested.sha256,
        "pipeline_version": PIPELINE_VERSION,
        **{f"field_{k}": v for k, v in extraction.plain_fields().items()},
    }
    owner = owner_of(extraction, component)
    for key, value in (
        ("owner_id", owner),
        ("procedure", component.procedure),
        ("dossier_id", component.dossier_id),
    ):
        if value:
            custom[key] = value
    info = PdfInfo(
        title=Path(ingested.filename).stem,
        author=component.receiving_office or "",
        subject=extraction.doc_type,
        keywords=[extraction.doc_type, *(v for v in (owner, extraction.document_number) if v)],
        creator=f"sohoa {PIPELINE_VERSION}",
        created=created,
        custom=custom,
    )
    return assemble_pdf([PdfPage(image=p.archive, dpi=p.dpi, text=p.text) for p in pages], info)


def assemble_alto(pages: Sequence[PageOutcome], ingested: Ingested) -> bytes:
    """Word boxes of every page as ALTO XML."""
    return to_alto([p.text for p in pages], source_name=ingested.filename)
