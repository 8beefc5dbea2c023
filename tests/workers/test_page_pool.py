"""The embedded worker reads pages in niced child processes; a page that kills its process fails alone."""

from __future__ import annotations

import io
import os
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from PIL import Image

from common.errors import ProcessingError
from pipeline.settings import Settings
from pipeline.steps import PageOptions
from workers.runtime import PagePool


def page_png() -> bytes:
    image = np.full((400, 600), 255, dtype=np.uint8)
    image[180:200, 100:500] = 0
    buf = io.BytesIO()
    Image.fromarray(image).save(buf, format="PNG", dpi=(300, 300))
    return buf.getvalue()


@pytest.fixture
def settings(tmp_path) -> Settings:  # type: ignore[no-untyped-def]
    return Settings.model_validate({"home": tmp_path / "home", "ocr_engine": "null"})


@pytest.fixture
def options(settings: Settings) -> PageOptions:
    return PageOptions.from_settings(settings)


def test_pages_are_read_in_a_niced_child_process(options: PageOptions, settings: Settings) -> None:
    pool = PagePool(1, nice=7, settings=settings)
    try:
        outcome = pool.process_page(page_png(), "png", 0, options)
        assert outcome.index == 0 and outcome.archive
        assert pool.call(os.getpid) != os.getpid()
        assert pool.call(os.nice, 0) >= 7
    finally:
        pool.close()


def test_a_page_that_kills_its_process_fails_alone_and_the_pool_is_replaced(
    options: PageOptions,
    settings: Settings,
) -> None:
    pool = PagePool(1, nice=0, settings=settings)
    try:
        first = pool.call(os.getpid)
        with pytest.raises(ProcessingError, match="died twice"):
            pool.call(os._exit, 3)
        # the next page is read by a new process
        assert pool.process_page(page_png(), "png", 0, options).index == 0
        assert pool.call(os.getpid) != first
    finally:
        pool.close()


def test_a_call_in_a_process_killed_by_another_call_is_tried_again(settings: Settings) -> None:
    pool = PagePool(2, nice=0, settings=settings)
    try:
        pool.call(os.getpid)  # both processes started
        with ThreadPoolExecutor(2) as threads:
            innocent = threads.submit(pool.call, time.sleep, 1.5)
            time.sleep(0.3)
            crasher = threads.submit(pool.call, os._exit, 3)
            with pytest.raises(ProcessingError):
                crasher.result(timeout=60)
            assert innocent.result(timeout=60) is None  # slept again on the new pool
    finally:
        pool.close()
