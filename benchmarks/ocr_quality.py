"""OCR quality and speed of sohoa clean + recognize vs bare Tesseract, per degradation and step.

    .venv/bin/python -m benchmarks.ocr_quality DIR [--processes 2] [--skip flatten,leaders]
        [--no-bare] [--limit N] [--show NAME]

DIR holds documents with NAME.gt.json ground truth (samples/generate.py). Pages are loaded with
ocr.image.rasterize (born-digital PDF pages, which are never OCRed, are left out), then OCRed by
clean_page + recognize and by bare `tesseract -l vie` (OMP_THREAD_LIMIT=1, the raw page image
written to a PNG file) on a pool of `--processes` workers. Prints mean CER per degradation, pages/min of
the OCR work (clean + recognize, not loading), and seconds per cleaning step.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import cv2
from rapidfuzz.distance import Levenshtein

from ocr.image.clean import clean_page
from ocr.image.rasterize import Limits, load_page, probe, sniff
from ocr.recognize.recheck import read_upright
from ocr.recognize.tesseract import recognize
from samples.documents import is_unseen

GT_SUFFIX = ".gt.json"


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def cer(hypothesis: str, truth: str) -> float:
    h, t = normalize(hypothesis), normalize(truth)
    return Levenshtein.distance(h, t) / max(1, len(t))


def ocr_document(path: str, mode: str, skip: frozenset[str], psm: int = 3) -> dict[str, Any]:
    """OCR every scanned page of one document; returns texts and seconds per step."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    data = Path(path).read_bytes()
    fmt = sniff(data)
    limits = Limits()
    count = probe(data, limits).pages
    texts: list[str] = []
    timings: dict[str, float] = defaultdict(float)
    for index in range(count):
        source = load_page(data, fmt, index, limits)
        if source.text is not None:
            return {"texts": None, "timings": {}, "pages": 0}
        started = time.perf_counter()
        if mode == "bare":
            with (
                tempfile.TemporaryDirectory() as tmp
            ):  # bare tesseract reads a file, as a user would
                page = Path(tmp) / "page.png"
                cv2.imwrite(str(page), source.image, [cv2.IMWRITE_PNG_COMPRESSION, 1])
                started = time.perf_counter()
                done = subprocess.run(
                    ["tesseract", str(page), "-", "-l", "vie", "--dpi", str(round(source.dpi))],
                    capture_output=True,
                    env=dict(os.environ, OMP_THREAD_LIMIT="1"),
                    timeout=300,
                    check=False,
                )
            timings["tesseract"] += time.perf_counter() - started
            texts.append(done.stdout.decode("utf-8", "replace").strip())
            continue
        steps: dict[str, float] = {}
        cleaned = clean_page(source.image, dpi=source.dpi, skip=skip, timings=steps)
        for k, v in steps.items():
            timings[k] += v
        t1 = time.perf_counter()
        _, text = read_upright(cleaned, partial(recognize, timeout=300, psm=psm))
        texts.append(text.text)
        timings["recognize"] += time.perf_counter() - t1
    return {"texts": texts, "timings": dict(timings), "pages": count}


def run(
    items: list[tuple[Path, dict[str, Any]]],
    mode: str,
    processes: int,
    skip: frozenset[str],
    psm: int = 3,
) -> dict[str, Any]:
    started = time.perf_counter()
    with ProcessPoolExecutor(processes) as pool:
        futures = [pool.submit(ocr_document, str(p), mode, skip, psm) for p, _ in items]
        results = [f.result() for f in futures]
    wall = time.perf_counter() - started
    per_deg: dict[str, list[float]] = defaultdict(list)
    scores: list[float] = []
    steps: dict[str, float] = defaultdict(float)
    pages = 0
    work = 0.0
    worst: list[tuple[float, str]] = []
    for (path, truth), res in zip(items, results, strict=True):
        if res["texts"] is None:
            continue
        score = cer("\n".join(res["texts"]), "\n".join(truth["pages"]))
        scores.append(score)
        worst.append((score, path.name))
        for deg in (
            ["unseen layouts"] if is_unseen(truth) else truth.get("degradations") or ["clean"]
        ):
            per_deg[deg].append(score)
        pages += res["pages"]
        for k, v in res["timings"].items():
            steps[k] += v
            work += v
    return {
        "mode": mode,
        "docs": len(scores),
        "pages": pages,
        "cer": sum(scores) / max(1, len(scores)),
        "per_degradation": {k: sum(v) / len(v) for k, v in sorted(per_deg.items())},
        "counts": {k: len(v) for k, v in per_deg.items()},
        "pages_per_min_work": pages / max(1e-9, work / processes) * 60,
        "pages_per_min_wall": pages / wall * 60,
        "seconds_per_page": {k: v / max(1, pages) for k, v in steps.items()},
        "worst": sorted(worst, reverse=True)[:5],
        "documents": {name: score for score, name in worst},
    }


def report(res: dict[str, Any]) -> None:
    print(
        f"\n== {res['mode']}: {res['docs']} documents, {res['pages']} pages; "
        f"mean CER {res['cer']:.2%}; {res['pages_per_min_work']:.1f} pages/min (OCR work), "
        f"{res['pages_per_min_wall']:.1f} pages/min (wall, with loading)"
    )
    for deg, value in res["per_degradation"].items():
        print(f"   {deg:<16} {value:7.2%}  ({res['counts'][deg]} docs)")
    steps = "  ".join(f"{k} {v * 1000:.0f}ms" for k, v in res["seconds_per_page"].items())
    print(f"   per page: {steps}")
    print("   worst: " + ", ".join(f"{n} {s:.1%}" for s, n in res["worst"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ocr_quality", description=__doc__)
    parser.add_argument("data", type=Path)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--skip", default="", help="cleaning steps to leave out, comma separated")
    parser.add_argument("--psm", type=int, default=3, help="Tesseract page segmentation mode")
    parser.add_argument("--no-bare", action="store_true", help="do not run bare tesseract")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--show", default="", help="print sohoa's text of this document")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)
    items = []
    for gt in sorted(args.data.glob(f"*{GT_SUFFIX}")):
        truth = json.loads(gt.read_text(encoding="utf-8"))
        if truth.get("format") == "pdf-text":
            continue  # born-digital: its text is taken as is, never OCRed
        items.append((gt.parent / truth["file"], truth))
    if args.limit:
        items = items[: args.limit]
    skip = frozenset(s for s in args.skip.split(",") if s)
    if args.show:
        item = next((p, t) for p, t in items if p.stem == args.show or p.name == args.show)
        texts = ocr_document(str(item[0]), "sohoa", skip, args.psm)["texts"]
        print("\n".join(texts), "\n---- truth ----\n" + "\n".join(item[1]["pages"]))
        return 0
    results = [run(items, "sohoa", args.processes, skip, args.psm)]
    if not args.no_bare:
        results.append(run(items, "bare", args.processes, skip))
    for res in results:
        report(res)
    if len(results) == 2:
        a, b = results
        print(
            f"\nsohoa/bare speed {a['pages_per_min_work'] / b['pages_per_min_work']:.2f}x; "
            f"CER {a['cer']:.2%} vs {b['cer']:.2%}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
