"""`sohoa digitize` and `sohoa eval`: run the pipeline on files and folders on this machine."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
import tqdm as tqdm_module
from tqdm import tqdm

from pipeline.context import open_context
from pipeline.evaluate import evaluate, format_report
from pipeline.export import export_outcomes
from pipeline.inputs import collect
from pipeline.model import ComponentOutcome
from pipeline.runner import LocalRunner
from pipeline.settings import Settings


@contextmanager
def progress(total: int, unit: str) -> Iterator[Callable[[ComponentOutcome], None]]:
    """A progress bar on a terminal (stderr); silent otherwise."""
    tqdm_module.tqdm.monitor_interval = 0  # no monitor thread: the OCR pool is forked
    bar = tqdm(
        total=total, unit=unit, disable=not sys.stderr.isatty(), dynamic_ncols=True, file=sys.stderr
    )
    pages = 0

    def step(outcome: ComponentOutcome) -> None:
        nonlocal pages
        pages += outcome.document.pages if outcome.document else 0
        bar.set_postfix(pages=pages, refresh=False)
        bar.update(1)

    try:
        yield step
    finally:
        bar.close()


@click.command("digitize")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--export",
    "export_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write NAME.pdf, NAME.txt and NAME.json here for every input NAME.ext.",
)
@click.option("--dossier", "dossier_id", help="Dossier id (default: the folder name).")
@click.option("--procedure", help="Administrative procedure code, e.g. 1.001234.")
@click.option("--owner", "owner_id", help="Owner: 12-digit citizen ID or enterprise code.")
@click.option("--office", "receiving_office", help="Receiving office (default: settings).")
@click.option(
    "--role",
    type=click.Choice(["submitted", "result"]),
    default="submitted",
    show_default=True,
    help="A submitted paper or a result issued by the agency.",
)
@click.option(
    "--processes", type=click.IntRange(min=1), help="OCR processes (default: one per core)."
)
@click.option(
    "--ocr",
    "ocr_mode",
    type=click.Choice(["auto", "skip-text", "redo", "force"]),
    help="PDF text layers (OCRmyPDF's meanings): auto = keep a page's own text only when it is "
    "good Vietnamese, OCR the rest; skip-text = keep any text layer; redo = replace invisible "
    "OCR layers, keep visible text; force = OCR every page. Default: settings (auto).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per input.")
@click.pass_obj
def digitize_command(
    settings: Settings,
    paths: tuple[Path, ...],
    export_dir: Path | None,
    dossier_id: str | None,
    procedure: str | None,
    owner_id: str | None,
    receiving_office: str | None,
    role: str,
    processes: int | None,
    ocr_mode: str | None,
    as_json: bool,
) -> None:
    """Digitize scanned components: clean, OCR, sign and file them in the archive.

    Each FILE is one component (PNG, JPEG, TIFF or PDF); each FOLDER is one dossier
    whose files are its components (sub-folders are dossiers of their own; .json, .txt
    and .md files beside the scans are ignored). A file that fails never stops the
    others: it gets one line saying why and the exit code is non-zero.
    """
    components = collect(
        list(paths),
        dossier_id=dossier_id,
        procedure=procedure,
        owner_id=owner_id,
        receiving_office=receiving_office or settings.receiving_office,
        role="result" if role == "result" else "submitted",
    )
    if not components:
        raise click.UsageError("no files to digitize in the given paths")
    if ocr_mode is not None:
        settings = settings.model_copy(update={"ocr_mode": ocr_mode})
    ctx = open_context(settings)
    try:
        runner = LocalRunner(ctx, processes=processes)
        with progress(len(components), "file") as step:
            outcomes = runner.run(components, on_done=step)
        if export_dir is not None:
            export_outcomes(ctx.store, outcomes, export_dir)
    finally:
        ctx.close()
    report(outcomes, as_json=as_json, settings=settings, export_dir=export_dir)
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        sys.exit(max(o.exit_code for o in failed) or 1)


def report(
    outcomes: list[ComponentOutcome], *, as_json: bool, settings: Settings, export_dir: Path | None
) -> None:
    if as_json:
        for o in outcomes:
            row = {"input": str(o.component.path), "status": o.status, "error": o.error or None}
            if o.document is not None:
                row |= {
                    k: o.document.metadata.get(k)
                    for k in (
                        "document_id",
                        "sha256",
                        "pages",
                        "doc_type",
                        "fields",
                        "confidence",
                        "needs_review",
                        "review_reasons",
                        "signature",
                    )
                }
                row["archive_prefix"] = o.document.prefix
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    for o in outcomes:
        if o.status == "failed":
            click.echo(f"FAILED  {o.component.path}: {o.error}", err=True)
        elif o.document is not None:
            d = o.document
            flag = "  needs review" if d.needs_review else ""
            word = "done   " if o.status == "done" else "reused "
            click.echo(
                f"{word} {o.component.path} -> {d.document_id} ({d.pages} p, {d.doc_type}, "
                f"conf {d.confidence:.0f}){flag}"
            )
    done = sum(o.status != "failed" for o in outcomes)
    click.echo(
        f"\n{done} of {len(outcomes)} digitized. Archive: {settings.archive}  "
        f"Catalog: {settings.catalog}"
    )
    if export_dir is not None:
        click.echo(f"Exported to {export_dir}/ (NAME.pdf, NAME.txt, NAME.json)")
    click.echo('Search them with: sohoa search "WORDS"   (diacritics optional)')


@click.command("eval")
@click.argument("gt_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option(
    "--processes", type=click.IntRange(min=1), help="OCR processes (default: one per core)."
)
@click.pass_obj
def eval_command(settings: Settings, gt_dir: Path, as_json: bool, processes: int | None) -> None:
    """Digitize a labelled folder and print CER, document-type and field accuracy.

    Every input NAME.ext needs NAME.gt.json beside it (see samples/README.md). The run uses
    a fresh temporary archive and catalog, so nothing is reused from earlier runs.
    """
    with tempfile.TemporaryDirectory(prefix="sohoa-eval-") as tmp:
        fresh = settings.model_copy(
            update={
                "home": Path(tmp),
                "archive_url": "",
                "catalog_url": "",
                **({"processes": processes} if processes else {}),
            }
        )
        from pipeline.evaluate import find_labelled

        total = len(find_labelled(gt_dir))
        with progress(total, "file") as step:
            result = evaluate(fresh, gt_dir, on_done=step)
    summary = result.summary()
    click.echo(
        json.dumps(summary, ensure_ascii=False, indent=2) if as_json else format_report(summary)
    )
