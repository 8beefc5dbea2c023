"""Run LocalRunner over the given files with a page step that dies like a segfault on pages of
the given width; print {file name: {status, error}} as JSON. Used by test_pool_crash.py."""

from __future__ import annotations

import faulthandler
import json
import os
import signal
import sys
from pathlib import Path

from ocr.image.rasterize import Format, load_page
from pipeline import steps
from pipeline.context import open_context
from pipeline.model import Component, PageOutcome
from pipeline.runner import LocalRunner
from pipeline.settings import load_settings

REAL = steps.process_page
POISON_WIDTH = int(sys.argv[1]) if __name__ == "__main__" else 0


def crashing(data: bytes, fmt: Format, index: int, options: steps.PageOptions) -> PageOutcome:
    """The real page step, except that it dies like a segfault on the poisoned page."""
    source = load_page(data, fmt, index, options.limits)
    if source.image.shape[1] == POISON_WIDTH:
        faulthandler.disable()  # no dump in the test log: the crash is the point
        os.kill(os.getpid(), signal.SIGSEGV)
    return REAL(data, fmt, index, options)


def main() -> None:
    steps.process_page = crashing  # the pool forks: its processes run this step
    ctx = open_context(load_settings())
    try:
        runner = LocalRunner(ctx, processes=2)
        outcomes = runner.run([Component(path=Path(p)) for p in sys.argv[2:]])
    finally:
        ctx.close()
    print(json.dumps({o.component.name: {"status": o.status, "error": o.error} for o in outcomes}))


if __name__ == "__main__":
    main()
