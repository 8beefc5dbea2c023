"""`sohoa review list|fix` (confirm or correct flagged fields) and `sohoa show` (one document)."""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from common.errors import InvalidValue
from pipeline.context import Context, open_context
from pipeline.review import actor, audit_revision, correct_fields, history, read_metadata
from pipeline.settings import Settings
from storage.access import open_access_store
from storage.archive import read_manifest
from storage.catalog import DocumentRecord, ReviewQuery


@contextmanager
def opened_context(settings: Settings) -> Iterator[Context]:
    ctx = open_context(settings)
    try:
        yield ctx
    finally:
        ctx.close()


def _echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


@click.group("review")
def review_group() -> None:
    """Documents with flagged fields: list them, confirm or correct fields (a new version)."""


@review_group.command("list")
@click.option("--office", help="Only documents received by this office.")
@click.option("--type", "doc_type", help="Only documents of this type.")
@click.option("--reason", help="A flagged field or words of its reason (date, owner_conflict).")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(1, 200), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the queue as JSON.")
@click.pass_obj
def review_list(settings: Settings, as_json: bool, office: str | None, **filters: Any) -> None:
    """The review queue: documents with any flagged field, oldest first, with the reasons."""
    with opened_context(settings) as ctx:
        result = ctx.catalog.review_queue(ReviewQuery(receiving_office=office, **filters))
    if as_json:
        _echo_json(
            {
                "total": result.total,
                "page": result.page,
                "per_page": result.per_page,
                "documents": [_queue_item(r) for r in result.records],
            }
        )
        return
    click.echo(f"{result.total} document(s) to review, page {result.page}")
    for r in result.records:
        click.echo(f"{r.document_id}  v{r.version}  {r.doc_type}  {r.receiving_office or '-'}")
        click.echo(f"    received {r.created_at:%Y-%m-%d %H:%M}  {r.filename}")
        for key, reason in r.review_reasons.items():
            click.echo(f"    {key}: {reason}")


def _queue_item(r: DocumentRecord) -> dict[str, Any]:
    return {
        "document_id": r.document_id,
        "version": r.version,
        "doc_type": r.doc_type,
        "filename": r.filename,
        "receiving_office": r.receiving_office,
        "owner_id": r.owner_id,
        "created_at": r.created_at.isoformat(),
        "review_reasons": dict(r.review_reasons),
    }


def _assignments(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InvalidValue(f"--set takes KEY=VALUE, got {item!r}")
        out[key.strip()] = value
    return out


@review_group.command("fix")
@click.argument("document_id")
@click.option("--set", "assignments", multiple=True, metavar="KEY=VALUE", help="Correct a field.")
@click.option("--confirm", multiple=True, metavar="KEY", help="The value of KEY is right.")
@click.option("--reason", default="", help="Why: kept in the version history and the audit log.")
@click.option(
    "--version", type=click.IntRange(min=1), help="Refuse unless this is the current one."
)
@click.option("--json", "as_json", is_flag=True, help="Print the new version as JSON.")
@click.pass_obj
def review_fix(
    settings: Settings,
    document_id: str,
    assignments: tuple[str, ...],
    confirm: tuple[str, ...],
    reason: str,
    version: int | None,
    as_json: bool,
) -> None:
    """Confirm or correct fields of a document: writes a new metadata version (v2, v3...).

    The signed document.pdf and the original scan are never rewritten.
    """
    fields = _assignments(assignments)
    access = open_access_store(settings.catalog)
    try:
        with opened_context(settings) as ctx:
            current = version or ctx.catalog.get(document_id).version
            revision = correct_fields(
                ctx,
                document_id,
                version=current,
                fields=fields,
                confirm=list(confirm),
                reason=reason,
                by=actor(None, cli_user=getpass.getuser()),
            )
        audit_revision(access, None, revision)
    finally:
        access.close()
    if as_json:
        _echo_json({"document_id": document_id, **revision.to_json()})
        return
    click.echo(f"{document_id}: version {revision.version} ({revision.prefix})")
    for c in revision.changes:
        click.echo(f"    {c.key}: {c.action} {c.old!r} -> {c.new!r}")


def _objects(ctx: Context, record: DocumentRecord) -> dict[str, str]:
    """Where each object of the current version lives (kept ones in an earlier version)."""
    manifest = read_manifest(ctx.store, record.prefix)
    out = {
        name: str(entry.get("key") or record.prefix + name)
        for name, entry in sorted(manifest["files"].items())
    }
    return {
        **out,
        "manifest.json": record.prefix + "manifest.json",
        "original": record.original_key,
    }


def show_data(ctx: Context, document_id: str) -> dict[str, Any]:
    """One document: fields with their flags, versions, signature and where its objects are."""
    record = ctx.catalog.get(document_id)
    metadata = read_metadata(ctx, record.prefix)
    details = dict(metadata.get("field_details") or {})
    fields = {
        key: {
            "value": value,
            "needs_review": key in record.review_reasons,
            "reason": record.review_reasons.get(key, ""),
            "read_as": (details.get(key) or {}).get("read_as", ""),
            "reviewed": (details.get(key) or {}).get("reviewed", ""),
        }
        for key, value in record.fields.items()
    }
    summary = record.to_json()
    summary.pop("text", None)
    summary.pop("fields", None)
    return {
        **summary,
        "fields": fields,
        "versions": history(ctx, document_id),
        "signature": metadata.get("signature", {}),
        "objects": _objects(ctx, record),
    }


@click.command("show")
@click.argument("document_id")
@click.option("--json", "as_json", is_flag=True, help="Print the document as JSON.")
@click.pass_obj
def show_command(settings: Settings, document_id: str, as_json: bool) -> None:
    """One document: fields with flags, versions, signature, where its objects are."""
    with opened_context(settings) as ctx:
        data = show_data(ctx, document_id)
    if as_json:
        _echo_json(data)
        return
    _print_show(data)


def _print_show(data: dict[str, Any]) -> None:
    click.echo(f"{data['document_id']}  version {data['version']}  {data['doc_type']}")
    click.echo(
        f"  file {data['filename']}, {data['pages']} page(s), office {data['receiving_office']}"
    )
    click.echo(f"  owner {data['owner_id'] or '-'}  needs review: {data['needs_review']}")
    click.echo("fields:")
    for key, f in data["fields"].items():
        flag = f"  [REVIEW: {f['reason']}]" if f["needs_review"] else ""
        read = (
            f"  (read as {f['read_as']!r})" if f["read_as"] and f["read_as"] != f["value"] else ""
        )
        done = f"  ({f['reviewed']})" if f["reviewed"] else ""
        click.echo(f"  {key}: {f['value']}{read}{done}{flag}")
    sig = data["signature"]
    click.echo(
        f"signature: {sig.get('level', '-')} by {sig.get('signer', '-')} at {sig.get('signing_time', '-')}"
    )
    click.echo("versions:")
    for v in data["versions"]:
        who = v["by"].get("name") or v["by"].get("user") or v["by"].get("via", "")
        click.echo(f"  v{v['version']}  {v['at']}  {who}  {v['reason']}")
        for c in v["changes"]:
            click.echo(f"      {c['field']}: {c['action']} {c['old']!r} -> {c['new']!r}")
    click.echo("objects:")
    for name, key in data["objects"].items():
        click.echo(f"  {name}: {key}")
