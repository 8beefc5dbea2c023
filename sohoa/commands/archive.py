"""`sohoa search`, `reuse`, `fixity` and `export`: the archivist's commands over archive and catalog."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from common.errors import FixityError
from pipeline.context import open_store
from pipeline.settings import Settings
from storage.catalog import Catalog, DocumentRecord, search_query
from storage.export import export_document
from storage.factories import open_catalog
from storage.fixity import FixityReport, audit
from storage.mirror import MirroredStore
from storage.objects import ObjectStore


@contextmanager
def opened_catalog(settings: Settings) -> Iterator[Catalog]:
    if settings.catalog.startswith("sqlite:///"):
        settings.home.mkdir(parents=True, exist_ok=True)
    catalog = open_catalog(settings.catalog)
    try:
        catalog.migrate()
        yield catalog
    finally:
        catalog.close()


def opened_store(settings: Settings) -> ObjectStore:
    return open_store(settings)


def _echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _summary(record: DocumentRecord) -> dict[str, Any]:
    data = record.to_json()
    data.pop("text", None)
    return data


@click.command("search")
@click.argument("words", nargs=-1)
@click.option("--type", "doc_type", help="Document type, e.g. decision, citizen_id_card.")
@click.option("--owner", "owner_id", help="Owner: citizen ID or enterprise code.")
@click.option("--number", "document_number", help="Document number (or part of it).")
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Issued on or after.")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Issued on or before.")
@click.option("--procedure", help="Administrative procedure code.")
@click.option("--office", "receiving_office", help="Receiving office.")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(1, 200), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the page of results as JSON.")
@click.pass_obj
def search_command(
    settings: Settings, words: tuple[str, ...], as_json: bool, **params: Any
) -> None:
    """Find documents by words, with or without diacritics ("dong thap" finds "Đồng Tháp").

    Matched words are marked «like this» in the snippets.
    """
    query = search_query(" ".join(words), **params)  # the filters, page and per_page options
    with opened_catalog(settings) as catalog:
        result = catalog.search(query)
    if as_json:
        _echo_json(
            {
                "total": result.total,
                "total_exact": result.total_exact,
                "page": result.page,
                "per_page": result.per_page,
                "hits": [
                    {**_summary(h.record), "score": h.score, "snippet": h.snippet}
                    for h in result.hits
                ],
            }
        )
        return
    more = "" if result.total_exact else "+"
    click.echo(f"{result.total}{more} document(s), page {result.page}/{max(result.pages, 1)}")
    for hit in result.hits:
        r = hit.record
        number = f" {r.document_number}" if r.document_number else ""
        owner = f" owner {r.owner_id}" if r.owner_id else ""
        click.echo(f"{r.document_id}  {r.doc_type}{number}{owner}  {r.created_at:%Y-%m-%d}")
        if hit.snippet:
            click.echo(f"    {hit.snippet}")


@click.command("reuse")
@click.option("--owner", "owner_id", required=True, help="Citizen ID or enterprise code.")
@click.option("--type", "doc_type", help="Only documents of this type.")
@click.option("--json", "as_json", is_flag=True, help="Print the documents as JSON.")
@click.pass_obj
def reuse_command(settings: Settings, owner_id: str, doc_type: str | None, as_json: bool) -> None:
    """List the digitized documents of a citizen or enterprise, ready to reuse."""
    with opened_catalog(settings) as catalog:
        records = catalog.reuse(owner_id, doc_type)
    if as_json:
        _echo_json([_summary(r) for r in records])
        return
    if not records:
        click.echo(f"no digitized documents for {owner_id}")
        return
    for r in records:
        flags = " (needs review)" if r.needs_review else ""
        number = f" {r.document_number}" if r.document_number else ""
        click.echo(
            f"{r.document_id}  {r.doc_type}{number}  {r.created_at:%Y-%m-%d}  {r.prefix}{flags}"
        )


@click.command("fixity")
@click.option(
    "--sample", type=click.IntRange(min=1), help="Check N random document versions, not all."
)
@click.option("--seed", type=int, help="Seed of the random sample (repeatable audits).")
@click.option(
    "--repair",
    is_flag=True,
    help="Put back damaged or missing objects from the bucket's earlier versions or the "
    "replica (SOHOA_REPLICA_URL), and copy to the replica what it lacks.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def fixity_command(
    settings: Settings, sample: int | None, seed: int | None, repair: bool, as_json: bool
) -> None:
    """Re-read archived objects; check them against their manifests and the catalog's sha256.

    Reports every missing or changed object by key (and, with --repair, what was done about it);
    exits non-zero while anything is still wrong.
    """
    store = opened_store(settings)
    replica = store.replica if isinstance(store, MirroredStore) else None
    with opened_catalog(settings) as catalog:
        report = audit(store, catalog, sample=sample, seed=seed, repair=repair, replica=replica)
    if as_json:
        _echo_json(_fixity_json(report))
    else:
        _echo_fixity(report)
    if not report.ok:
        left = len({p.key for p in report.problems} - {r.key for r in report.repairs if r.ok})
        raise FixityError(f"{left or 'some'} object(s) missing, changed or not repaired")


def _fixity_json(report: FixityReport) -> dict[str, Any]:
    return {
        "ok": report.ok,
        "checked_versions": report.checked_versions,
        "checked_originals": report.checked_originals,
        "manifest_only": report.manifest_only,
        "problems": [
            {"key": p.key, "problem": p.problem, "detail": p.detail} for p in report.problems
        ],
        "repairs": [{"key": r.key, "ok": r.ok, "action": r.action} for r in report.repairs],
    }


def _echo_fixity(report: FixityReport) -> None:
    for problem in report.problems:
        click.echo(str(problem))
    for repair in report.repairs:
        click.echo(str(repair))
    click.echo(
        f"checked {report.checked_versions} document version(s) and "
        f"{report.checked_originals} original(s): {len(report.problems)} problem(s)"
        + (f", {sum(r.ok for r in report.repairs)} repair(s)" if report.repairs else "")
    )
    if report.manifest_only:
        click.echo(
            f"{report.manifest_only} version(s) filed before the catalog kept a sha256 per "
            "object: checked against their manifest only"
        )


@click.command("export")
@click.argument("document_id")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the bag into (OUT/DOCUMENT_ID/).",
)
@click.pass_obj
def export_command(settings: Settings, document_id: str, out: Path) -> None:
    """Export a document for another archive: PDF + Decree 30/2020 metadata XML in a BagIt bag."""
    store = opened_store(settings)
    with opened_catalog(settings) as catalog:
        bag = export_document(store, catalog, document_id, out, organization=settings.agency_name)
    click.echo(str(bag))
