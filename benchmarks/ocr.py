"""OCR benchmark: sohoa digitize vs OCRmyPDF vs bare Tesseract on one labelled folder, in one run.

    .venv/bin/python -m benchmarks.ocr [--data DIR] [--count 30] [--seed 4242] [--processes 2]
        [--unseen 7] [--photos 0]

Without --data it generates a held-out set (seed 4242, held-out fonts, every degradation) with
samples.generate. Prints pages/min, mean CER overall and per degradation, output bytes/page and the
ratios. Every tool gets the same 2 cores: sohoa its process pool, OCRmyPDF two files at a time
(`ocrmypdf -l vie --deskew --rotate-pages`, one job each), Tesseract two processes with
OMP_THREAD_LIMIT=1. The generated set also holds --unseen documents in the layouts kept out of
tuning (their own row "unseen layouts", left out of the overall CER) and --photos phone photos
(row "phone_photo").
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pipeline.evaluate import GT_SUFFIX, cer
from samples.documents import is_unseen

BIN = Path(sys.executable).parent


def labelled(root: Path) -> list[tuple[Path, dict]]:
    items = []
    for gt in sorted(root.rglob(f"*{GT_SUFFIX}")):
        truth = json.loads(gt.read_text(encoding="utf-8"))
        path = gt.parent / truth["file"]
        if path.exists():
            items.append((path, truth))
    return items


def run_sohoa(
    items: list[tuple[Path, dict]], work: Path, processes: int
) -> tuple[float, dict[Path, str], int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    env |= {"SOHOA_HOME": str(work / "home"), "SOHOA_PROCESSES": str(processes)}
    out = work / "sohoa-out"
    # first run creates the DEV keys; keep that out of the timing
    subprocess.run(
        [str(BIN / "sohoa"), "keys", "dev-init"], env=env, capture_output=True, check=False
    )
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "sohoa"), "digitize", *(str(p) for p, _ in items), "--export", str(out)],
        env=env,
        capture_output=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    texts, size = {}, 0
    for path, _ in items:
        txt, pdf = out / f"{path.stem}.txt", out / f"{path.stem}.pdf"
        texts[path] = txt.read_text(encoding="utf-8") if txt.exists() else ""
        size += pdf.stat().st_size if pdf.exists() else 0
    return seconds, texts, size


def run_ocrmypdf(
    items: list[tuple[Path, dict]], work: Path, processes: int
) -> tuple[float, dict[Path, str], int]:
    out = work / "ocrmypdf-out"
    out.mkdir()

    def one(path: Path) -> tuple[Path, str, int]:
        pdf, txt = out / f"{path.stem}.pdf", out / f"{path.stem}.txt"
        subprocess.run(
            [
                str(BIN / "ocrmypdf"),
                "-q",
                "-j",
                "1",
                "-l",
                "vie",
                "--deskew",
                "--rotate-pages",
                "--sidecar",
                str(txt),
                str(path),
                str(pdf),
            ],
            capture_output=True,
            check=False,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
        text = txt.read_text(encoding="utf-8") if txt.exists() else ""
        return path, text, pdf.stat().st_size if pdf.exists() else 0

    started = time.perf_counter()
    with ThreadPoolExecutor(processes) as pool:
        results = list(pool.map(one, (p for p, _ in items)))
    seconds = time.perf_counter() - started
    return seconds, {p: t for p, t, _ in results}, sum(s for _, _, s in results)


def rasterize_for_tesseract(items: list[tuple[Path, dict]], work: Path) -> dict[Path, list[Path]]:
    """Bare Tesseract reads images only: PDFs and multi-page TIFFs are split beforehand (not timed)."""
    from PIL import Image, ImageSequence

    pages: dict[Path, list[Path]] = {}
    folder = work / "raster"
    folder.mkdir()
    for path, _ in items:
        if path.suffix.lower() == ".pdf":
            subprocess.run(
                ["pdftoppm", "-r", "300", "-png", str(path), str(folder / path.stem)], check=True
            )
            pages[path] = sorted(folder.glob(f"{path.stem}-*.png"))
        elif path.suffix.lower() in (".tif", ".tiff"):
            with Image.open(path) as im:
                files = []
                for n, frame in enumerate(ImageSequence.Iterator(im)):
                    f = folder / f"{path.stem}-{n}.png"
                    frame.save(f, dpi=im.info.get("dpi", (300, 300)))
                    files.append(f)
            pages[path] = files
        else:
            pages[path] = [path]
    return pages


def run_tesseract(
    items: list[tuple[Path, dict]], work: Path, processes: int
) -> tuple[float, dict[Path, str], int]:
    pages = rasterize_for_tesseract(items, work)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(page: Path) -> str:
        proc = subprocess.run(
            ["tesseract", str(page), "-", "-l", "vie"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        return proc.stdout

    flat = [(src, page) for src, files in pages.items() for page in files]
    started = time.perf_counter()
    with ThreadPoolExecutor(processes) as pool:
        outputs = list(pool.map(one, (page for _, page in flat)))
    seconds = time.perf_counter() - started
    texts: dict[Path, str] = defaultdict(str)
    for (src, _), text in zip(flat, outputs, strict=True):
        texts[src] += text + "\n"
    return seconds, dict(texts), 0


def score(items: list[tuple[Path, dict]], texts: dict[Path, str]) -> tuple[float, dict[str, float]]:
    per_doc = {p: cer(texts.get(p, ""), "\n".join(t["pages"])) for p, t in items}
    by_deg: dict[str, list[float]] = defaultdict(list)
    seen = [per_doc[p] for p, t in items if not is_unseen(t)] or [0.0]
    for p, t in items:
        if is_unseen(t):  # kept out of the overall figure: its own row
            by_deg["unseen layouts"].append(per_doc[p])
            continue
        for deg in t.get("degradations") or ["clean"]:
            by_deg[deg].append(per_doc[p])
    mean = sum(seen) / len(seen)
    return mean, {d: sum(v) / len(v) for d, v in sorted(by_deg.items())}


def extra_sets(data: Path, seed: int, start: int, unseen: int, photos: int) -> None:
    """Add the unseen-layout documents and the phone photos after the held-out set."""
    from samples.generate import generate

    if unseen:
        generate(data, count=unseen, seed=seed, fonts="heldout", start=start, layouts="unseen")
    if photos:
        generate(
            data,
            count=photos,
            seed=seed,
            fonts="heldout",
            start=start + unseen,
            degradations=["phone_photo"],
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, help="labelled folder (default: generate a held-out set)"
    )
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument(
        "--unseen", type=int, default=7, help="extra documents in the unseen layouts (own row)"
    )
    parser.add_argument(
        "--photos", type=int, default=0, help="extra phone photos of the same papers (own row)"
    )
    parser.add_argument("--tools", default="sohoa,ocrmypdf,tesseract")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sohoa-bench-") as tmp:
        work = Path(tmp)
        data = args.data
        if data is None:
            data = work / "data"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "samples.generate",
                    "--out",
                    str(data),
                    "--count",
                    str(args.count),
                    "--seed",
                    str(args.seed),
                    "--fonts",
                    "heldout",
                    "--formats",
                    "png,jpeg,tiff,pdf",
                ],
                check=True,
            )
            extra_sets(data, args.seed, args.count, args.unseen, args.photos)
        items = labelled(data)
        n_pages = sum(len(t["pages"]) for _, t in items)
        runners = {"sohoa": run_sohoa, "ocrmypdf": run_ocrmypdf, "tesseract": run_tesseract}
        results: dict[str, dict[str, Any]] = {}
        for tool in args.tools.split(","):
            seconds, texts, size = runners[tool](items, work, args.processes)
            mean, per_deg = score(items, texts)
            results[tool] = {
                "seconds": seconds,
                "pages_per_min": 60 * n_pages / seconds,
                "cer": mean,
                "per_degradation": per_deg,
                "bytes_per_page": size / n_pages if size else None,
            }
            print(f"{tool}: {n_pages} pages in {seconds:.1f} s", file=sys.stderr)
    print(
        f"\n{len(items)} documents, {n_pages} pages, {args.processes} processes, data: "
        f"{args.data or f'generated seed {args.seed}, held-out fonts'}\n"
    )
    print(f"{'tool':10} {'pages/min':>10} {'CER':>7} {'KB/page':>8}")
    for tool, r in results.items():
        kb = f"{r['bytes_per_page'] / 1024:8.0f}" if r["bytes_per_page"] else "       -"
        print(f"{tool:10} {r['pages_per_min']:10.1f} {100 * r['cer']:6.2f}% {kb}")
    if "sohoa" in results:
        s = results["sohoa"]
        for other in ("ocrmypdf", "tesseract"):
            if other in results:
                o = results[other]
                ratio = (
                    f"speed {s['pages_per_min'] / o['pages_per_min']:.2f}x, CER {s['cer'] / o['cer']:.2f}x"
                    if o["cer"]
                    else ""
                )
                size_ratio = (
                    f", size {s['bytes_per_page'] / o['bytes_per_page']:.2f}x"
                    if s["bytes_per_page"] and o["bytes_per_page"]
                    else ""
                )
                print(f"sohoa vs {other}: {ratio}{size_ratio}")
    degs = sorted({d for r in results.values() for d in r["per_degradation"]})
    print(f"\n{'CER by degradation':20}" + "".join(f"{t:>11}" for t in results))
    for d in degs:
        print(
            f"{d:20}"
            + "".join(
                f"{100 * r['per_degradation'].get(d, float('nan')):10.2f}%"
                for r in results.values()
            )
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
