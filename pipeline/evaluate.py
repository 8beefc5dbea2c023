"""`sohoa eval`: digitize a labelled folder and score text (CER), document type and fields."""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from common.errors import InputError

from .context import open_context
from .model import Component, ComponentOutcome
from .runner import LocalRunner
from .settings import Settings

GT_SUFFIX = ".gt.json"
# what became of a labelled field: right, wrong but flagged for review, wrong and not flagged
# (silently wrong: the one that must stay near zero), or not read at all
OUTCOMES = ("right", "wrong_flagged", "wrong_unflagged", "missing")


def field_outcome(have: str, want: str, flagged: bool) -> str:
    """The OUTCOMES entry of one field value against its label."""
    if normalize(have) == normalize(want):
        return "right"
    if not normalize(have):
        return "missing"
    return "wrong_flagged" if flagged else "wrong_unflagged"


def normalize(text: str) -> str:
    """NFC, every run of white space (line breaks and form feeds included) as one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def cer(hypothesis: str, truth: str) -> float:
    """Character error rate: edit distance / ground-truth length, on normalized text."""
    h, t = normalize(hypothesis), normalize(truth)
    if not t:
        return 0.0 if not h else 1.0
    return Levenshtein.distance(h, t) / len(t)


@dataclass(frozen=True)
class Labelled:
    path: Path
    truth: dict[str, Any]


@dataclass
class DocScore:
    name: str
    degradations: list[str]
    pages: int
    cer: float | None
    type_ok: bool | None
    fields_ok: dict[str, bool]
    invented: int
    error: str = ""
    outcomes: dict[str, str] = field(default_factory=dict)  # field -> one of OUTCOMES


@dataclass
class EvalReport:
    docs: list[DocScore] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def pages(self) -> int:
        return sum(d.pages for d in self.docs)

    def summary(self) -> dict[str, Any]:
        def mean(values: Iterable[float]) -> float | None:
            vals = list(values)
            return sum(vals) / len(vals) if vals else None

        ok = [d for d in self.docs if not d.error]
        by_deg: dict[str, list[DocScore]] = defaultdict(list)
        for d in ok:
            for deg in d.degradations or ["clean"]:
                by_deg[deg].append(d)
        per_field: dict[str, list[bool]] = defaultdict(list)
        per_outcome: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(OUTCOMES, 0))
        for d in ok:
            for key, good in d.fields_ok.items():
                per_field[key].append(good)
            for key, result in d.outcomes.items():
                per_outcome[key][result] += 1
        all_fields = [g for goods in per_field.values() for g in goods]
        return {
            "documents": len(self.docs),
            "failed": len(self.docs) - len(ok),
            "pages": self.pages,
            "seconds": round(self.seconds, 1),
            "seconds_per_page": round(self.seconds / self.pages, 2) if self.pages else None,
            "cer": mean(d.cer for d in ok if d.cer is not None),
            "type_accuracy": mean(float(d.type_ok) for d in ok if d.type_ok is not None),
            "field_accuracy": mean(float(g) for g in all_fields),
            "invented_fields": sum(d.invented for d in ok),
            "per_degradation": {
                deg: {
                    "documents": len(ds),
                    "cer": mean(d.cer for d in ds if d.cer is not None),
                    "type_accuracy": mean(float(d.type_ok) for d in ds if d.type_ok is not None),
                    "field_accuracy": mean(float(g) for d in ds for g in d.fields_ok.values()),
                }
                for deg, ds in sorted(by_deg.items())
            },
            "per_field": {
                k: {"n": len(v), "accuracy": sum(v) / len(v), **per_outcome[k]}
                for k, v in sorted(per_field.items())
            },
            "wrong_unflagged": sum(o["wrong_unflagged"] for o in per_outcome.values()),
            "errors": {d.name: d.error for d in self.docs if d.error},
        }


def find_labelled(root: Path) -> list[Labelled]:
    """Every input that has a NAME.gt.json beside it."""
    if not root.is_dir():
        raise InputError(f"{root}: not a folder")
    found = []
    for gt in sorted(root.rglob(f"*{GT_SUFFIX}")):
        truth = json.loads(gt.read_text(encoding="utf-8"))
        name = truth.get("file") or gt.name[: -len(GT_SUFFIX)]
        path = gt.parent / name
        if path.exists():
            found.append(Labelled(path, truth))
    if not found:
        raise InputError(f"{root}: no labelled inputs (NAME.ext with NAME{GT_SUFFIX})")
    return found


def score(item: Labelled, outcome: ComponentOutcome, text: str | None) -> DocScore:
    truth = item.truth
    pages = len(truth.get("pages", [])) or 1
    degradations = list(truth.get("degradations", []))
    if outcome.document is None:
        return DocScore(
            item.path.name, degradations, pages, None, None, {}, 0, outcome.error or "failed"
        )
    doc = outcome.document
    gt_text = "\n".join(truth.get("pages", []))
    gt_fields: dict[str, str] = truth.get("fields", {}) or {}
    details = doc.metadata.get("field_details", {}) if doc.metadata else {}
    outcomes = {
        k: field_outcome(
            doc.fields.get(k, ""), str(v), bool(details.get(k, {}).get("needs_review", False))
        )
        for k, v in gt_fields.items()
    }
    fields_ok = {k: o == "right" for k, o in outcomes.items()}
    invented = (
        len([k for k in doc.fields if k not in gt_fields])
        if truth.get("doc_type") == "other"
        else 0
    )
    gt_type = truth.get("doc_type")
    return DocScore(
        name=item.path.name,
        degradations=degradations,
        pages=doc.pages,
        cer=cer(text or "", gt_text) if gt_text else None,
        type_ok=(doc.doc_type == gt_type) if gt_type else None,
        fields_ok=fields_ok,
        invented=invented,
        outcomes=outcomes,
    )


def evaluate(
    settings: Settings,
    root: Path,
    *,
    on_done: Callable[[ComponentOutcome], None] | None = None,
) -> EvalReport:
    """Digitize every labelled input with the given (fresh) settings and score it."""
    items = find_labelled(root)
    ctx = open_context(settings)
    try:
        runner = LocalRunner(ctx)
        started = time.perf_counter()
        outcomes = runner.run([Component(path=i.path) for i in items], on_done=on_done)
        report = EvalReport(seconds=time.perf_counter() - started)
        for item, outcome in zip(items, outcomes, strict=True):
            text = None
            if outcome.document is not None:
                text = ctx.store.get(outcome.document.prefix + "text.txt").decode("utf-8")
            report.docs.append(score(item, outcome, text))
    finally:
        ctx.close()
    return report


def format_report(summary: dict[str, Any]) -> str:
    """A plain-text table of an evaluation summary."""

    def pct(v: float | None) -> str:
        return "   -  " if v is None else f"{100 * v:5.1f}%"

    lines = [
        f"documents {summary['documents']}  pages {summary['pages']}  failed {summary['failed']}  "
        f"time {summary['seconds']} s  ({summary['seconds_per_page']} s/page)",
        "",
        f"{'':18} {'docs':>5} {'CER':>7} {'type':>7} {'fields':>7}",
        f"{'overall':18} {summary['documents']:>5} {pct(summary['cer']):>7} "
        f"{pct(summary['type_accuracy']):>7} {pct(summary['field_accuracy']):>7}",
    ]
    for deg, row in summary["per_degradation"].items():
        lines.append(
            f"{deg:18} {row['documents']:>5} {pct(row['cer']):>7} {pct(row['type_accuracy']):>7} "
            f"{pct(row['field_accuracy']):>7}"
        )
    if summary["per_field"]:
        lines += [
            "",
            f"{'field':24} {'n':>4} {'exact':>7} {'right':>6} {'wrong-flagged':>14} "
            f"{'wrong-unflagged':>16} {'missing':>8}",
        ]
        for key, row in summary["per_field"].items():
            lines.append(
                f"{key:24} {row['n']:>4} {pct(row['accuracy']):>7} {row.get('right', 0):>6} "
                f"{row.get('wrong_flagged', 0):>14} {row.get('wrong_unflagged', 0):>16} "
                f"{row.get('missing', 0):>8}"
            )
        lines.append(f"wrong without a review flag: {summary.get('wrong_unflagged', 0)} values")
    lines.append(f"\ninvented fields on 'other' papers: {summary['invented_fields']}")
    for name, err in summary["errors"].items():
        lines.append(f"FAILED {name}: {err}")
    return "\n".join(lines)
