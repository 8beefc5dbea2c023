"""OCR engines: the null engine reads nothing, and cleaning takes its OSD vote from the engine given."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import pytest
from ocr_pages import Page

from ocr.image import clean
from ocr.image.clean import clean_page
from ocr.recognize.engine import NullEngine, TesseractEngine, make_engine
from ocr.types import CleanedPage, PageText
from pipeline.settings import load_settings
from pipeline.steps import PageOptions, process_page


@dataclass
class VotingEngine:
    """An engine whose OSD always says `vote` with `confidence`; it remembers what it was shown."""

    vote: int
    confidence: float
    shown: list[tuple[tuple[int, ...], float]] = field(default_factory=list)

    def recognize(self, page: CleanedPage) -> PageText:
        return NullEngine().recognize(page)

    def orientation(self, image: np.ndarray, *, dpi: float) -> tuple[int, float]:
        self.shown.append((image.shape, dpi))
        return self.vote, self.confidence


def test_null_engine_reads_no_words_on_a_page_of_text(page300: Page) -> None:
    cleaned = clean_page(page300.image, dpi=300, engine=NullEngine())

    text = NullEngine().recognize(cleaned)

    assert text.words == () and text.text == ""
    assert (text.height, text.width) == cleaned.archive.shape[:2]
    assert text.dpi == 300
    assert NullEngine().orientation(cleaned.ocr, dpi=300) == (0, 0.0)


def test_unsure_orientation_is_decided_by_the_engines_osd(
    page300: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clean, "is_sure", lambda evidence, lines: False)  # the cheap vote abstains
    engine = VotingEngine(vote=180, confidence=9.0)

    cleaned = clean_page(page300.image, dpi=300, engine=engine)

    assert len(engine.shown) == 1 and engine.shown[0][1] == pytest.approx(200.0)
    assert cleaned.rotation == 180
    assert "osd" in cleaned.steps and "orient" in cleaned.steps


def test_an_engine_without_an_opinion_leaves_the_cheap_vote_standing(
    page300: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clean, "is_sure", lambda evidence, lines: False)

    cleaned = clean_page(page300.image, dpi=300, engine=VotingEngine(vote=180, confidence=0.0))

    assert cleaned.rotation == 0
    assert "orient" not in cleaned.steps


def test_page_options_build_the_engine_the_settings_name(sohoa_env: Path) -> None:
    null = PageOptions.from_settings(load_settings(ocr_engine="null"))
    real = PageOptions.from_settings(load_settings(ocr_languages="vie+eng", ocr_timeout_s=30))

    assert null.ocr_engine == NullEngine()
    assert real.ocr_engine == TesseractEngine(languages="vie+eng", timeout=30.0, memory_mb=2048)
    assert make_engine("null") == NullEngine()


def test_a_page_goes_through_the_page_step_with_the_null_engine(page300: Page) -> None:
    ok, png = cv2.imencode(".png", page300.image)  # the synthetic page of ocr_pages.render_page
    assert ok

    outcome = process_page(png.tobytes(), "png", 0, PageOptions(engine="null"))

    assert outcome.text.words == () and outcome.text.source == "ocr"
    assert outcome.archive  # the cleaned page is still encoded for the archive
    assert "flatten" in outcome.steps
