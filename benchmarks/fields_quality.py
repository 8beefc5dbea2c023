"""Field extraction quality: document-type accuracy and per-field exact match on real OCR.

    .venv/bin/python -m benchmarks.fields_quality [--data DIR] [--count 140] [--seed 4242]
        [--fonts heldout] [--layouts seen] [--types T,...] [--cache DIR] [--processes 2]
        [--show-errors] [--unseen 28] [--handwritten 0.0]

Without --data it generates a labelled set with samples.generate (held-out fonts, every
degradation drawn by the seed, the layouts of --layouts: "seen" is every layout but the unseen
one, "classic" the first only, as sets made before layouts). Every page goes through the
production page step (rasterize, clean, Tesseract with OMP_THREAD_LIMIT=1); --cache keeps the
OCR results, keyed by the file's content, so a rerun only re-reads the fields. A field counts as right when its value equals the ground truth after
Unicode NFC and white-space normalization (the rule of `sohoa eval`). --unseen more documents
(4 per type) use the layouts kept out of tuning: a table of their own, never mixed in the first.
--handwritten SHARE has that share of the number and day blanks of the Decree 30 papers written
in by hand (held-out MNIST digits, samples.handwriting); the blanks are read from the page
images as the pipeline reads them (pipeline.steps.handwriting_reader).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from ocr.fields import extract
from ocr.fields.reread import Region, Rereader
from ocr.image.rasterize import Limits, probe
from ocr.pdf.image import decode_colour
from ocr.recognize.reread import region_reader
from ocr.types import PageText, Word
from pipeline.evaluate import GT_SUFFIX, OUTCOMES, field_outcome
from pipeline.model import PageOutcome
from pipeline.steps import PageOptions, handwriting_reader, process_page
from samples.documents import DOC_TYPES, EXTRA_TYPES, is_unseen


def labelled(root: Path) -> list[tuple[Path, dict[str, Any]]]:
    items = []
    for gt in sorted(root.rglob(f"*{GT_SUFFIX}")):
        truth = json.loads(gt.read_text(encoding="utf-8"))
        path = gt.parent / truth["file"]
        if path.exists():
            items.append((path, truth))
    return items


def ocr_document(path: Path) -> list[PageOutcome]:
    data = path.read_bytes()
    info = probe(data, Limits())
    options = PageOptions()
    return [process_page(data, info.fmt, i, options) for i in range(info.pages)]


def pages_of(path: Path, cache: Path | None) -> list[PageText]:
    return [p.text for p in outcomes_of(path, cache)]


def outcomes_of(path: Path, cache: Path | None) -> list[PageOutcome]:
    """The pages of a file as the page step made them (text and archive image), cached by
    content (an older cache entry of the text alone is read again)."""
    if cache is not None:  # by content: sets of other layouts or types reuse the same names
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
        key = cache / f"{digest}.outcomes.pickle"
        if key.exists():
            pages: list[PageOutcome] = pickle.loads(key.read_bytes())
            return pages
    pages = ocr_document(path)
    if cache is not None:
        key.write_bytes(pickle.dumps(pages))
    return pages


REREAD: list[float] = []  # seconds of each second look (--reread), for the report


def rereader(outcomes: list[PageOutcome]) -> Rereader:
    """The pipeline's reader of page regions over the pages' archive images, timed."""
    read = region_reader([o.text for o in outcomes], lambda i: decode_colour(outcomes[i].archive))

    def timed(region: Region) -> PageText | None:
        started = time.perf_counter()
        try:
            return read(region)
        finally:
            REREAD.append(time.perf_counter() - started)

    return timed


def truth_pages(truth: dict[str, Any]) -> list[PageText]:
    """Pages made of the ground-truth text (perfect OCR), words on a monospaced grid."""
    out = []
    for text in truth.get("pages", []):
        words = [
            Word(m.group(0), 200 + m.start() * 20, 200 + i * 60, len(m.group(0)) * 20, 40, 96.0, i)
            for i, line in enumerate(text.split("\n"))
            for m in re.finditer(r"\S+", line)
        ]
        out.append(PageText(2480, 3508, 300.0, tuple(words), text, 96.0))
    return out


def score(
    items: list[tuple[Path, dict[str, Any]]],
    texts: list[list[PageText]],
    show: bool,
    outcomes: list[list[PageOutcome]] | None = None,
    reread: bool = False,
) -> dict[str, Any]:
    types_ok: list[bool] = []
    per_type: dict[str, list[bool]] = defaultdict(list)
    per_field: dict[str, list[bool]] = defaultdict(list)
    per_outcome: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(OUTCOMES, 0))
    invented = 0
    for n, ((path, truth), pages) in enumerate(zip(items, texts, strict=True)):
        got = extract(
            pages,
            ink=handwriting_reader(outcomes[n]) if outcomes else None,
            reread=rereader(outcomes[n]) if outcomes and reread else None,
        )
        gt_type = str(truth["doc_type"])
        ok = got.doc_type == gt_type
        types_ok.append(ok)
        per_type[gt_type].append(ok)
        if show and not ok:
            print(f"  TYPE {path.name}: {got.doc_type} ({got.type_confidence}) != {gt_type}")
        if gt_type == "other":
            invented += len(got.fields)
        for key, want in (truth.get("fields") or {}).items():
            value = got.fields.get(key)
            have = value.value if value is not None else ""
            result = field_outcome(have, str(want), bool(value and value.needs_review))
            per_field[f"{gt_type}.{key}"].append(result == "right")
            per_outcome[f"{gt_type}.{key}"][result] += 1
            if show and result != "right":
                print(f"  FIELD {path.name} {key}: {have!r} != {want!r} ({result})")
    all_fields = [g for goods in per_field.values() for g in goods]
    silent = sum(o["wrong_unflagged"] for o in per_outcome.values())
    return {
        "documents": len(items),
        "type_accuracy": sum(types_ok) / len(types_ok) if types_ok else 0.0,
        "per_type": {k: sum(v) / len(v) for k, v in sorted(per_type.items())},
        "per_field": {k: (sum(v) / len(v), len(v)) for k, v in sorted(per_field.items())},
        "field_accuracy": sum(all_fields) / len(all_fields) if all_fields else 0.0,
        "invented_fields_on_other": invented,
        "outcomes": dict(sorted(per_outcome.items())),
        "wrong_unflagged": silent,
        "wrong_unflagged_rate": silent / len(all_fields) if all_fields else 0.0,
    }


def table(result: dict[str, Any]) -> str:
    lines = [
        f"documents: {result['documents']}",
        f"document type accuracy: {result['type_accuracy']:.1%}",
        "",
        f"{'type':24} {'accuracy':>9}",
    ]
    lines += [f"{k:24} {v:9.1%}" for k, v in result["per_type"].items()]
    lines += ["", f"{'field':44} {'n':>4} {'exact':>7} {'w-flag':>7} {'w-UNFLAG':>8} {'miss':>5}"]
    for k, (acc, n) in result["per_field"].items():
        flag = "  < 85%" if acc < 0.85 else ""
        o = result["outcomes"][k]
        lines.append(
            f"{k:44} {n:4d} {acc:7.1%} {o['wrong_flagged']:7d} {o['wrong_unflagged']:8d} "
            f"{o['missing']:5d}{flag}"
        )
    lines += [
        "",
        f"field exact-match accuracy (overall): {result['field_accuracy']:.1%}",
        f"lowest field: {min((a for a, _ in result['per_field'].values()), default=0):.1%}",
        f"fields invented on 'other' papers: {result['invented_fields_on_other']}",
        f"wrong without a review flag: {result['wrong_unflagged']} values "
        f"({result['wrong_unflagged_rate']:.1%})",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fields_quality")
    parser.add_argument("--data", type=Path, help="labelled folder (NAME + NAME.gt.json)")
    parser.add_argument("--count", type=int, default=140, help="documents (20 per type)")
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--fonts", default="heldout")
    parser.add_argument(
        "--layouts", default="seen", choices=("classic", "seen"), help="layouts of the first table"
    )
    parser.add_argument(
        "--types",
        type=lambda v: v.split(","),
        help=f"document types, comma-separated (default: {','.join(DOC_TYPES)}; also "
        f"{','.join(EXTRA_TYPES)})",
    )
    parser.add_argument("--cache", type=Path, help="keep OCR results here between runs")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument(
        "--unseen", type=int, default=28, help="extra documents in the unseen layouts (own table)"
    )
    parser.add_argument(
        "--truth-text", action="store_true", help="read the ground-truth text instead of OCR"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--handwritten",
        type=float,
        default=0.0,
        help="share of the Decree 30 number and day blanks written by hand (generated sets)",
    )
    parser.add_argument(
        "--reread",
        action="store_true",
        help="a second look at the page image for a required field OCR lost (ocr.fields.reread)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sohoa-fields-") as tmp:
        data = args.data
        if data is None:
            from samples.generate import generate

            data = Path(tmp) / "data"
            common = {
                "seed": args.seed,
                "fonts": args.fonts,
                "types": args.types,
                "handwritten": args.handwritten,
            }
            generate(data, count=args.count, layouts=args.layouts, **common)
            if args.unseen:  # the layouts kept out of tuning, scored apart
                generate(data, count=args.unseen, start=args.count, layouts="unseen", **common)
        items = labelled(data)
        if args.cache is not None:
            args.cache.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        outcomes: list[list[PageOutcome]] | None = None
        if args.truth_text:
            texts = [truth_pages(t) for _, t in items]
        else:
            with ProcessPoolExecutor(max_workers=args.processes) as pool:
                paths = [p for p, _ in items]
                outcomes = list(pool.map(outcomes_of, paths, [args.cache] * len(items)))
            texts = [[o.text for o in pages] for pages in outcomes]
        ocr_seconds = time.perf_counter() - started
        started = time.perf_counter()
        apart = [is_unseen(t) for _, t in items]
        result = score(
            [it for it, u in zip(items, apart, strict=True) if not u],
            [tx for tx, u in zip(texts, apart, strict=True) if not u],
            args.show_errors,
            [o for o, u in zip(outcomes, apart, strict=True) if not u] if outcomes else None,
            args.reread,
        )
        unseen = None
        if any(apart):
            unseen = score(
                [it for it, u in zip(items, apart, strict=True) if u],
                [tx for tx, u in zip(texts, apart, strict=True) if u],
                args.show_errors,
                [o for o, u in zip(outcomes, apart, strict=True) if u] if outcomes else None,
                args.reread,
            )
        extract_ms = (time.perf_counter() - started) * 1000 / max(1, len(items))
    if args.json:
        print(json.dumps({**result, "unseen_layouts": unseen}, indent=1))
        return
    print(table(result))
    if unseen is not None:
        print("\nunseen layouts (kept out of tuning):")
        print(table(unseen))
    print(f"\nOCR {ocr_seconds:.0f} s; classify + extract {extract_ms:.1f} ms per document")
    if args.reread:
        print(f"second looks: {len(REREAD)} regions, {sum(REREAD):.1f} s")


if __name__ == "__main__":
    main()
