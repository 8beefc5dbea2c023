"""Real papers: sohoa and bare Tesseract on real scans of Vietnamese administrative documents.

    .venv/bin/python -m benchmarks.real [--data DIR] [--files PATTERN] [--no-tesseract]
                                        [--json OUT] [--keep DIR | --fields-from DIR]

The scans are not in this repository: they are read from ../shared/realscans-dev (next to the
repository's folder, or next to one of its parents; --data overrides). The labels typed from the
images are in benchmarks/real/labels (see benchmarks/real/README.md): NAME.json holds the Decree 30
metadata of every file, NAME.pN.txt the full text of page N where it was typed.

Every file goes through `sohoa digitize --export` in a throw-away SOHOA_HOME; every labelled page
also through bare `tesseract -l vie` (OMP_THREAD_LIMIT=1, two at a time; PDF pages rendered at
300 dpi with pdftoppm, images given as they are). Printed: CER and order-free word error per
labelled page and overall, pages sohoa turned (all pages are upright), files refused and why, and
metadata per field as right / wrong-flagged / wrong-unflagged / missing, with the kind per document.

`--fields-from DIR` (a folder an earlier run kept with --keep) runs no OCR: the fields are read
again by the current code from the filed alto.xml and text.txt of every document, in seconds,
and the handwritten blanks and the second looks (ocr.fields.reread) from the page images of
its filed document.pdf.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from common.vietnamese import nfc, strip_tone
from ocr.fields import extract
from ocr.fields.blanks import InkReader
from ocr.fields.reread import Rereader
from ocr.pdf.alto import from_alto
from ocr.pdf.image import archive_images, decode_colour
from ocr.recognize.reread import region_reader
from ocr.types import PageText
from pipeline.evaluate import cer, normalize
from pipeline.metadata import field_details
from pipeline.model import PageOutcome
from pipeline.steps import handwriting_reader

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[1]
LABELS = Path(__file__).resolve().parent / "real" / "labels"
SHARED = Path("shared") / "realscans-dev"
FIELDS = (
    "doc_type",
    "kind",
    "document_number",
    "issue_date",
    "place",
    "issuing_authority",
    "parent_authority",
    "subject",
    "signer",
    "signer_position",
    "recipients",
)
OUTCOMES = ("right", "wrong_flagged", "wrong_unflagged", "missing")


# ------------------------------------------------------------------------------- labels and data


@dataclass
class Paper:
    """One scanned file and its labels."""

    stem: str
    path: Path
    pages: int
    fields: dict[str, Any]
    texts: dict[int, str]  # page number (1-based) -> typed full text
    notes: list[str] = field(default_factory=list)


def default_data() -> Path:
    """../shared/realscans-dev beside the repository folder or beside one of its parents."""
    for parent in REPO.parents:
        if (parent / SHARED).is_dir():
            return parent / SHARED
    return REPO.parent / SHARED


def load_papers(data: Path, pattern: str) -> list[Paper]:
    papers = []
    for label in sorted(LABELS.glob("*.json")):
        truth = json.loads(label.read_text(encoding="utf-8"))
        if not matches(pattern, label.stem, truth["file"]):
            continue
        texts = {
            n: (LABELS / f"{label.stem}.p{n}.txt").read_text(encoding="utf-8")
            for n in truth.get("text_pages", [])
        }
        papers.append(
            Paper(
                stem=label.stem,
                path=data / "data" / truth["file"],
                pages=truth["pages"],
                fields=truth["fields"],
                texts=texts,
                notes=truth.get("notes", []),
            )
        )
    return papers


def matches(patterns: str, stem: str, rel: str) -> bool:
    """Globs (comma-separated) on the file's name or path; one without wildcards is a substring."""
    for pattern in patterns.split(","):
        if not any(c in pattern for c in "*?["):
            pattern = f"*{pattern}*"
        if fnmatch.fnmatch(stem, pattern) or fnmatch.fnmatch(rel, pattern):
            return True
    return False


# ----------------------------------------------------------------------------------- the tools


def run_sohoa(papers: list[Paper], work: Path, processes: int) -> tuple[float, dict[str, dict]]:
    """`sohoa digitize --json --export` on every file; per stem: status, error, text, metadata."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    env |= {"SOHOA_HOME": str(work / "home"), "SOHOA_PROCESSES": str(processes)}
    out = work / "sohoa-out"
    sohoa = str(BIN / "sohoa")
    subprocess.run([sohoa, "keys", "dev-init"], env=env, capture_output=True, check=False)
    started = time.perf_counter()
    proc = subprocess.run(
        [sohoa, "digitize", *(str(p.path) for p in papers), "--json", "--export", str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    rows = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            rows[Path(row["input"]).stem] = row
    results = {}
    for p in papers:
        row = rows.get(p.stem, {"status": "failed", "error": last_line(proc.stderr)})
        txt, meta = out / f"{p.stem}.txt", out / f"{p.stem}.json"
        results[p.stem] = {
            "status": row.get("status"),
            "error": row.get("error") or "",
            "text": txt.read_text(encoding="utf-8") if txt.exists() else "",
            "meta": json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {},
        }
    return seconds, results


def reread_fields(papers: list[Paper], kept: Path) -> dict[str, dict]:
    """Per stem, as run_sohoa: the documents filed by a kept run, their fields read again from
    their alto.xml and text.txt by the current code (no OCR)."""
    folders = {}
    for meta in (kept / "home" / "archive" / "documents").glob("*/*/*/v*/metadata.json"):
        filename = json.loads(meta.read_text(encoding="utf-8"))["filename"]
        folders[Path(filename).stem] = meta.parent
    results = {}
    for p in papers:
        folder = folders.get(p.stem)
        if folder is None:
            results[p.stem] = {"status": "failed", "error": "not filed", "text": "", "meta": {}}
            continue
        text = (folder / "text.txt").read_text(encoding="utf-8")
        pages = from_alto((folder / "alto.xml").read_bytes(), text)
        pdf = folder / "document.pdf"
        out = extract(pages, ink=archived_ink(pages, pdf), reread=archived_reread(pages, pdf))
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
        meta |= {
            "doc_type": out.doc_type,
            "fields": out.plain_fields(),
            "field_details": field_details(out),
            "flags": dict(out.flags),
            "review_reasons": out.review_reasons,
            "document_number": out.document_number,
            "issue_date": out.issue_date,
        }
        results[p.stem] = {"status": "fields read again", "error": "", "text": text, "meta": meta}
    return results


def archived_ink(pages: list[PageText], pdf: Path) -> InkReader | None:
    """The reader of handwritten blanks over a filed document's archive page images, as the
    pipeline reads them (None when the archive copy does not hold one image a page)."""
    images = archive_images(pdf.read_bytes()) if pdf.exists() else []
    if len(images) != len(pages) or any(i is None for i in images):
        return None
    outcomes = [
        PageOutcome(n, image, page.dpi, page)
        for n, (image, page) in enumerate(zip(images, pages, strict=True))
        if image is not None
    ]
    return handwriting_reader(outcomes)


def archived_reread(pages: list[PageText], pdf: Path) -> Rereader | None:
    """The second look at regions of a filed document's archive page images (Tesseract runs
    on the few regions of a required field the OCR lost; see ocr.fields.reread)."""
    images = archive_images(pdf.read_bytes()) if pdf.exists() else []
    if len(images) != len(pages):
        return None

    def image_of(i: int) -> np.ndarray | None:
        image = images[i]
        return decode_colour(image) if image is not None else None

    return region_reader(pages, image_of)


def last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


def page_images(papers: list[Paper], folder: Path) -> dict[tuple[str, int], Path]:
    """The image bare Tesseract reads for every labelled page (not timed)."""
    folder.mkdir(parents=True, exist_ok=True)
    images = {}
    for p in papers:
        for n in p.texts:
            if p.path.suffix.lower() != ".pdf":
                images[(p.stem, n)] = p.path
                continue
            base = folder / f"{p.stem}.p{n}"
            cmd = ["pdftoppm", "-r", "300", "-png", "-f", str(n), "-l", str(n), "-singlefile"]
            subprocess.run([*cmd, str(p.path), str(base)], check=True)
            images[(p.stem, n)] = Path(f"{base}.png")
    return images


def run_tesseract(
    images: dict[tuple[str, int], Path], processes: int
) -> tuple[float, dict[tuple[str, int], str]]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(image: Path) -> str:
        cmd = ["tesseract", str(image), "-", "-l", "vie"]
        return subprocess.run(cmd, capture_output=True, text=True, env=env, check=False).stdout

    keys = list(images)
    started = time.perf_counter()
    with ThreadPoolExecutor(processes) as pool:
        texts = list(pool.map(one, (images[k] for k in keys)))
    return time.perf_counter() - started, dict(zip(keys, texts, strict=True))


# --------------------------------------------------------------------------------------- scoring


def word_error(hypothesis: str, truth: str) -> float:
    """Order-free word error: words of the truth not read plus words read in excess, over the
    truth's word count (multisets, so reading order and column layout do not count)."""
    t, h = Counter(normalize(truth).split()), Counter(normalize(hypothesis).split())
    if not t:
        return 0.0 if not h else 1.0
    return max(sum((t - h).values()), sum((h - t).values())) / sum(t.values())


def sohoa_page(text: str, page: int) -> str:
    """Page N of sohoa's text (pages are separated by form feeds)."""
    pages = text.split("\f")
    return pages[page - 1] if page <= len(pages) else ""


def comparable(value: Any) -> str:
    """Case, white space, tone-mark placement (hoà/hòa, uỷ/ủy) and a V/v / Về việc prefix folded."""
    if isinstance(value, list):
        value = " | ".join(str(v).strip().lstrip("-").strip() for v in value)
    text = normalize(str(value)).casefold().rstrip(" .;")
    for prefix in ("v/v ", "về việc ", "về "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return " ".join("".join(strip_tone(w)) for w in text.split())


def recipients_list(value: Any) -> list[str]:
    if isinstance(value, list):
        lines = [str(v) for v in value]
    else:
        lines = str(value).splitlines() or [str(value)]
    return [line.strip().lstrip("-").strip() for line in lines if line.strip().strip("-")]


def same(key: str, read: Any, truth: Any) -> bool:
    if key == "recipients":
        return comparable(recipients_list(read)) == comparable(recipients_list(truth))
    if key == "document_number":
        return comparable(read).replace(" ", "") == comparable(truth).replace(" ", "")
    return comparable(read) == comparable(truth)


def read_fields(meta: dict[str, Any]) -> tuple[dict[str, Any], dict[str, bool]]:
    """What sohoa wrote for each Decree 30 field, and whether it asked for a review of it."""
    fields = dict(meta.get("fields") or {})
    for key in ("doc_type", "kind", "document_number", "issue_date"):
        if not fields.get(key) and meta.get(key):
            fields[key] = meta[key]
    if not fields.get("kind") and fields.get("doc_type") == "decision":
        fields["kind"] = "Quyết định"  # a decision's kind is its type (issue 13)
    details = meta.get("field_details") or {}
    reasons = meta.get("review_reasons") or {}
    flagged = {k: bool((details.get(k) or {}).get("needs_review")) or k in reasons for k in FIELDS}
    flagged["doc_type"] = flagged["doc_type"] or "doc_type" in reasons or "type" in reasons
    return fields, flagged


def score_field(key: str, truth: Any, read: Any, flagged: bool) -> str:
    """right / wrong_flagged / wrong_unflagged / missing for a value printed on the paper;
    not_shown / invented_flagged / invented_unflagged for one the paper does not show."""
    empty = read in (None, "", [])
    if truth is None:
        if empty:
            return "not_shown"
        return "invented_flagged" if flagged else "invented_unflagged"
    if empty:
        return "missing"
    if same(key, read, truth):
        return "right"
    return "wrong_flagged" if flagged else "wrong_unflagged"


# -------------------------------------------------------------------------------------- reports


def pct(v: float | None) -> str:
    return "   -  " if v is None else f"{100 * v:5.1f}%"


@dataclass
class PageScore:
    page: str
    chars: int
    scores: dict[str, float | None]  # sohoa_cer, tess_cer, sohoa_we, tess_we


METRICS = ("sohoa_cer", "tess_cer", "sohoa_we", "tess_we")


def score_page(truth: str, sohoa_text: str, tess_text: str | None) -> dict[str, float | None]:
    return {
        "sohoa_cer": cer(sohoa_text, truth),
        "tess_cer": None if tess_text is None else cer(tess_text, truth),
        "sohoa_we": word_error(sohoa_text, truth),
        "tess_we": None if tess_text is None else word_error(tess_text, truth),
    }


def text_table(
    papers: list[Paper], sohoa: dict[str, dict], tess: dict[tuple[str, int], str]
) -> tuple[list[str], dict[str, Any]]:
    rows = [
        PageScore(
            f"{p.stem}.p{n}",
            len(normalize(truth)),
            score_page(truth, sohoa_page(sohoa[p.stem]["text"], n), tess.get((p.stem, n))),
        )
        for p in papers
        for n, truth in sorted(p.texts.items())
    ]
    overall: dict[str, float | None] = {}
    for k in METRICS:
        scored = [(r.scores[k], r.chars) for r in rows if r.scores[k] is not None]
        chars = sum(c for _, c in scored)
        overall[k] = sum((v or 0.0) * c for v, c in scored) / chars if chars else None
    total = PageScore("overall (weighted by characters)", sum(r.chars for r in rows), overall)
    head = f"{'labelled page':48} {'chars':>6} " + " ".join(
        f"{h:>9}" for h in ("sohoa CER", "tess CER", "sohoa WE", "tess WE")
    )
    lines = [head] + [
        f"{r.page:48} {r.chars:>6} " + " ".join(f"{pct(r.scores[k]):>9}" for k in METRICS)
        for r in [*rows, total]
    ]
    summary = {"pages": [vars(r) for r in rows], "overall": overall}
    return lines, summary


def files_table(papers: list[Paper], sohoa: dict[str, dict]) -> tuple[list[str], dict[str, Any]]:
    turned, refused, processed = [], [], 0
    sources: Counter[str] = Counter()
    for p in papers:
        result = sohoa[p.stem]
        if result["status"] == "failed" or not result["meta"]:
            refused.append((p.stem, result["error"] or "no output"))
            continue
        processed += 1
        for page in result["meta"].get("page_details", []):
            sources[str(page.get("source"))] += 1
            if int(page.get("rotation") or 0) % 360:
                turned.append((p.stem, page["page"], page["rotation"], page.get("words")))
    pages = sum(p.pages for p in papers)
    lines = [
        f"files {len(papers)}: processed {processed}, refused or failed {len(refused)}",
        f"pages turned by sohoa (all {pages} pages are upright): {len(turned)}",
        "text taken from: " + ", ".join(f"{k} {v} pages" for k, v in sorted(sources.items())),
    ]
    lines += [f"  turned  {s} page {n}: {r} degrees ({w} words read)" for s, n, r, w in turned]
    lines += [f"  REFUSED {s}: {why}" for s, why in refused]
    summary = {"processed": processed, "refused": refused, "turned": turned, "pages": pages}
    return lines, summary | {"sources": dict(sources)}


def fields_table(papers: list[Paper], sohoa: dict[str, dict]) -> tuple[list[str], dict[str, Any]]:
    counts: dict[str, Counter[str]] = {k: Counter() for k in FIELDS}
    kinds, wrong = [], []
    for p in papers:
        read, flagged = read_fields(sohoa[p.stem]["meta"])
        for key in FIELDS:
            if key not in p.fields:
                continue  # not labelled (recipients off the typed pages)
            outcome = score_field(key, p.fields[key], read.get(key), flagged[key])
            counts[key][outcome] += 1
            if key == "kind":
                kinds.append((p.stem, p.fields[key], read.get(key), outcome))
            if outcome.startswith(("wrong", "invented")) or outcome == "missing":
                wrong.append((outcome, p.stem, key, read.get(key), p.fields[key]))
    total: Counter[str] = Counter()
    for key in FIELDS:
        total.update(counts[key])
    lines = field_rows(counts, total)
    lines += ["", f"{'kind per document':48} {'truth':14} {'sohoa':18} outcome"]
    lines += [f"{s:48} {t or '(not shown)':14} {r or '-'!s:18} {o}" for s, t, r, o in kinds]
    good = sum(o == "right" for *_, o in kinds)
    shown = sum(t is not None for _, t, _, _ in kinds)
    lines.append(
        f"kind right on {good} of the {shown} documents that print one ({len(kinds)} documents)"
    )
    lines += ["", "wrong, invented or missing values (outcome, file, field: read | truth):"]
    lines += [f"  {o:18} {s} {k}: {nfc(str(r))!r} | {t!r}" for o, s, k, r, t in wrong]
    summary = {
        "per_field": {k: dict(v) for k, v in counts.items()},
        "all": dict(total),
        "kind_right": good,
        "documents": len(kinds),
        "documents_printing_kind": shown,
    }
    return lines, summary


def field_rows(counts: dict[str, Counter[str]], total: Counter[str]) -> list[str]:
    """Rates over the values printed on the papers; values the papers do not show apart."""
    head = f"{'field':18} {'n':>4} " + " ".join(f"{o:>15}" for o in OUTCOMES)
    lines = [head + f" {'not shown':>10} {'invented':>9}"]
    for key, c in [*counts.items(), ("all values", total)]:
        n = sum(c[o] for o in OUTCOMES)
        cells = " ".join(f"{pct(c[o] / n if n else None):>15}" for o in OUTCOMES)
        absent = c["not_shown"] + c["invented_flagged"] + c["invented_unflagged"]
        invented = c["invented_flagged"] + c["invented_unflagged"]
        lines.append(f"{key:18} {n:>4} {cells} {absent:>10} {invented:>9}")
    lines.append(
        "n: values printed on the papers (rates are over them); not shown: values the papers "
        "do not show (null labels); invented: a value sohoa wrote for one of those"
    )
    return lines


# ----------------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=None, help="the realscans-dev folder")
    parser.add_argument(
        "--files",
        default="*",
        help="only files whose name or path matches (globs, comma-separated)",
    )
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--no-tesseract", action="store_true", help="skip bare Tesseract")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--keep", type=Path, help="work in this new folder and keep sohoa's and Tesseract's output"
    )
    parser.add_argument(
        "--fields-from", type=Path, help="no OCR: read the fields again from a --keep folder"
    )
    args = parser.parse_args()
    data = args.data or default_data()
    if not (data / "data").is_dir():
        sys.exit(f"benchmarks.real: no scans at {data}/data (give --data DIR)")
    papers = load_papers(data, args.files)
    if not papers:
        sys.exit(f"benchmarks.real: no labelled file matches {args.files!r}")
    missing = [str(p.path) for p in papers if not p.path.exists()]
    if missing:
        sys.exit("benchmarks.real: scans missing: " + ", ".join(missing))
    if args.fields_from:
        report(papers, reread_fields(papers, args.fields_from), {}, 0.0, 0.0, args.json)
        return
    if args.keep:
        args.keep.mkdir(parents=True)
        run(papers, args, args.keep)
        return
    with tempfile.TemporaryDirectory(prefix="sohoa-real-") as tmp:
        run(papers, args, Path(tmp))


def run(papers: list[Paper], args: argparse.Namespace, work: Path) -> None:
    seconds, sohoa = run_sohoa(papers, work, args.processes)
    tess: dict[tuple[str, int], str] = {}
    tess_seconds = 0.0
    if not args.no_tesseract:
        tess_seconds, tess = run_tesseract(page_images(papers, work / "raster"), 2)
        for (stem, n), text in tess.items():
            (work / "raster" / f"{stem}.p{n}.tesseract.txt").write_text(text, encoding="utf-8")
    report(papers, sohoa, tess, seconds, tess_seconds, args.json)


def report(
    papers: list[Paper],
    sohoa: dict[str, dict],
    tess: dict[tuple[str, int], str],
    seconds: float,
    tess_seconds: float,
    json_out: Path | None,
) -> None:
    pages = sum(p.pages for p in papers)
    labelled = sum(len(p.texts) for p in papers)
    print(
        f"real papers: {len(papers)} files, {pages} pages, {labelled} with full-text labels; "
        f"sohoa {seconds:.0f} s for all pages, bare Tesseract {tess_seconds:.0f} s for the "
        "labelled pages\n"
    )
    sections = {}
    for title, (lines, summary) in (
        ("Text (CER; WE = order-free word error)", text_table(papers, sohoa, tess)),
        ("Files", files_table(papers, sohoa)),
        ("Decree 30 metadata", fields_table(papers, sohoa)),
    ):
        print(f"== {title}\n" + "\n".join(lines) + "\n")
        sections[title.split(" ")[0].lower()] = summary
    if json_out:
        sections["seconds"] = {"sohoa": seconds, "tesseract": tess_seconds}
        json_out.write_text(json.dumps(sections, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
