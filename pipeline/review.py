"""A person confirms or corrects fields: a new metadata version, the catalog row, the audit log.

Nothing filed is rewritten: the correction is `v<N+1>/metadata.json` + its manifest, which
points at the signed document.pdf, text and word boxes of the earlier version; the catalog's
new row (latest) carries the corrected fields into search and reuse.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal

from common.errors import ImmutableObject, InvalidValue, NotFound, StaleVersion
from ocr.fields.manual import check_value
from ocr.fields.model import OWNER_KEYS
from ocr.fields.specs import SPECS
from storage.access import AccessStore, TokenRecord
from storage.archive import object_sha256, write_version
from storage.catalog import DocumentRecord

from .context import Context

OWNER = "owner_id"  # the document's owner, correctable like a field
# review reasons an owner correction or confirmation settles
OWNER_REASONS = (OWNER, "owner_conflict")
NUMBER_KEYS = ("document_number", "registration_number")
DATE_KEYS = ("issue_date", "registration_date")
MAX_SKIPPED = 10  # versions left behind by crashed corrections that are passed over


@dataclass(frozen=True)
class FieldChange:
    """One field a person confirmed (value kept) or corrected (value replaced)."""

    key: str
    action: Literal["confirmed", "corrected"]
    old: str
    new: str
    old_reason: str = ""

    def to_json(self) -> dict[str, str]:
        return {
            "field": self.key,
            "action": self.action,
            "old": self.old,
            "new": self.new,
            "old_reason": self.old_reason,
        }


@dataclass(frozen=True)
class Revision:
    """A new version of a document's metadata: who, when, why, and the fields changed."""

    document_id: str
    version: int
    prefix: str
    changes: tuple[FieldChange, ...]
    by: dict[str, str]
    at: datetime
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "previous_version": self.version - 1,
            "by": dict(self.by),
            "at": self.at.isoformat(),
            "reason": self.reason,
            "changes": [c.to_json() for c in self.changes],
        }


def actor(token: TokenRecord | None, *, cli_user: str = "") -> dict[str, str]:
    """Who made a change, as kept in the metadata: a token's id, role, office and name, or the CLI."""
    if token is None:
        return {"via": "cli", "user": cli_user}
    return {
        "via": "api",
        "token_id": token.token_id,
        "role": token.role,
        "office": token.office or "",
        "name": token.name,
    }


def current_value(record: DocumentRecord, key: str) -> str:
    return (record.owner_id or "") if key == OWNER else record.fields.get(key, "")


def allowed_keys(record: DocumentRecord) -> set[str]:
    """The fields a person may set: those read, those of its type's spec, and the owner."""
    spec = SPECS.get(record.doc_type)
    keys = set(record.fields) | {OWNER}
    if spec is not None:
        keys |= {f.key for f in spec.fields}
    return keys


def plan_changes(
    record: DocumentRecord, fields: Mapping[str, str], confirm: Sequence[str]
) -> tuple[FieldChange, ...]:
    """The changes a request asks for, each value checked; InvalidValue names what is wrong."""
    allowed = allowed_keys(record)
    unknown = sorted((set(fields) | set(confirm)) - allowed)
    if unknown:
        raise InvalidValue(f"unknown field(s) for a {record.doc_type}: {', '.join(unknown)}")
    if not fields and not confirm:
        raise InvalidValue("nothing to confirm or correct: give fields or confirm")
    changes: list[FieldChange] = []
    asked = {**{k: current_value(record, k) for k in confirm}, **dict(fields)}
    for key, given in asked.items():
        old = current_value(record, key)
        value, problem = check_value(record.doc_type, key, str(given))
        if problem:
            verb = "correct" if key in fields and value != old else "confirm"
            raise InvalidValue(f"cannot {verb} {key}: {problem}")
        action: Literal["confirmed", "corrected"] = "confirmed" if value == old else "corrected"
        changes.append(FieldChange(key, action, old, value, _reason_of(record, key)))
    return tuple(changes)


def _reason_of(record: DocumentRecord, key: str) -> str:
    keys = OWNER_REASONS if key == OWNER else (key,)
    return "; ".join(record.review_reasons[k] for k in keys if k in record.review_reasons)


def revised_record(
    record: DocumentRecord, changes: Sequence[FieldChange], version: int, prefix: str
) -> DocumentRecord:
    """The catalog row of the new version: fields, owner, number, date and flags updated."""
    fields = dict(record.fields)
    reasons = dict(record.review_reasons)
    owner = record.owner_id
    for c in changes:
        for k in OWNER_REASONS if c.key == OWNER else (c.key,):
            reasons.pop(k, None)
        if c.key == OWNER:
            owner = c.new
            continue
        fields[c.key] = c.new
        if c.key in OWNER_KEYS and c.action == "corrected" and (not owner or owner == c.old):
            owner = c.new  # the owner was read from this field: it follows the correction
    number = next((fields[k] for k in NUMBER_KEYS if fields.get(k)), record.document_number)
    issued = next((fields[k] for k in DATE_KEYS if fields.get(k)), record.issue_date)
    return replace(
        record,
        version=version,
        prefix=prefix,
        fields=fields,
        owner_id=owner,
        document_number=number,
        issue_date=issued,
        needs_review=bool(reasons),
        review_reasons=reasons,
    )


def revised_metadata(
    metadata: Mapping[str, Any], new: DocumentRecord, revision: Revision
) -> dict[str, Any]:
    """metadata.json of the new version: the earlier one with fields, flags and the revision."""
    out = dict(metadata)
    details = {k: dict(v) for k, v in dict(metadata.get("field_details") or {}).items()}
    for c in revision.changes:
        if c.key == OWNER:
            continue
        detail = details.setdefault(c.key, {"value": c.old})
        if c.action == "corrected":
            detail.setdefault("read_as", detail.get("value", c.old))
        detail.update(value=c.new, needs_review=False, reason="", reviewed=c.action)
    history = [*list(metadata.get("revisions") or []), revision.to_json()]
    out.update(
        version=new.version,
        fields=dict(new.fields),
        field_details=details,
        owner_id=new.owner_id,
        document_number=new.document_number,
        issue_date=new.issue_date,
        needs_review=new.needs_review,
        review_reasons=dict(new.review_reasons),
        revision=revision.to_json(),
        revisions=history,
    )
    return out


def read_metadata(ctx: Context, prefix: str) -> dict[str, Any]:
    try:
        data = json.loads(ctx.store.get(prefix + "metadata.json"))
    except (NotFound, ValueError):
        return {}
    return dict(data) if isinstance(data, dict) else {}


def version_prefix(prefix: str, version: int) -> str:
    """documents/<yyyy>/<mm>/<id>/v<N>/ -> the same place, version `version`."""
    base = prefix.rstrip("/").rsplit("/", 1)[0]
    return f"{base}/v{version}/"


def _free_version(ctx: Context, record: DocumentRecord) -> int:
    """The next version number; one a crashed correction wrote but never recorded is passed over."""
    recorded = {r.version for r in ctx.catalog.versions(record.document_id)}
    for version in range(record.version + 1, record.version + MAX_SKIPPED + 1):
        if version in recorded:
            break
        if not ctx.store.exists(version_prefix(record.prefix, version) + "manifest.json"):
            return version
    raise StaleVersion(f"document {record.document_id} changed meanwhile: reload it and retry")


def correct_fields(
    ctx: Context,
    document_id: str,
    *,
    version: int,
    fields: Mapping[str, str] | None = None,
    confirm: Sequence[str] = (),
    reason: str = "",
    by: Mapping[str, str],
    now: datetime | None = None,
) -> Revision:
    """Confirm or correct fields of the current version `version`: writes version + 1.

    StaleVersion when `version` is not the current one (someone changed it meanwhile),
    InvalidValue when a value fails its field's checks; nothing is written then.
    """
    with ctx.catalog.locked(document_id):  # one new version at a time, across machines
        record = ctx.catalog.get(document_id)
        if version != record.version:
            raise StaleVersion(
                f"document {document_id} is at version {record.version}, not {version}:"
                " reload it and check the fields again"
            )
        changes = plan_changes(record, fields or {}, confirm)
        return _write_revision(ctx, record, changes, by, now or datetime.now(UTC), reason)


def _write_revision(
    ctx: Context,
    record: DocumentRecord,
    changes: tuple[FieldChange, ...],
    by: Mapping[str, str],
    now: datetime,
    reason: str,
) -> Revision:
    """Objects of version N + 1 (metadata, then manifest), then its catalog row."""
    document_id = record.document_id
    new_version = _free_version(ctx, record)
    prefix = version_prefix(record.prefix, new_version)
    revision = Revision(document_id, new_version, prefix, changes, dict(by), now, reason)
    new = revised_record(record, changes, new_version, prefix)
    metadata = revised_metadata(read_metadata(ctx, record.prefix), new, revision)
    body = json.dumps(metadata, ensure_ascii=False, indent=2, sort_keys=True).encode()
    try:
        manifest = write_version(
            ctx.store, prefix, {"metadata.json": body}, kept_from=record.prefix
        )
    except ImmutableObject as e:
        raise StaleVersion(f"document {document_id} changed meanwhile: reload it") from e
    if not ctx.catalog.add(replace(new, object_sha256=object_sha256(manifest))):
        raise StaleVersion(f"document {document_id} changed meanwhile: reload it")
    return revision


def audit_revision(access: AccessStore, token: TokenRecord | None, revision: Revision) -> None:
    """One audit event per field confirmed or corrected, with its old and new value."""
    for change in revision.changes:
        detail = {
            **change.to_json(),
            "version": revision.version,
            "reason": revision.reason,
            "by": revision.by,
        }
        action = "confirm_field" if change.action == "confirmed" else "correct_field"
        access.audit(
            token,
            action,
            revision.document_id,
            json.dumps(detail, ensure_ascii=False, sort_keys=True),
        )


def history(ctx: Context, document_id: str) -> list[dict[str, Any]]:
    """Every version, oldest first: when, who, why, which fields (old and new values)."""
    records = ctx.catalog.versions(document_id)
    if not records:
        raise NotFound(f"no document {document_id}")
    out: list[dict[str, Any]] = []
    for r in records:
        revision = read_metadata(ctx, r.prefix).get("revision") if r.version > 1 else None
        entry: dict[str, Any] = {
            "version": r.version,
            "prefix": r.prefix,
            "current": r is records[-1],
            "at": (revision or {}).get("at") or r.created_at.isoformat(),
            "by": (revision or {}).get("by") or {"via": "pipeline", "version": r.pipeline_version},
            "reason": (revision or {}).get("reason", "digitized"),
            "changes": list((revision or {}).get("changes") or []),
        }
        out.append(entry)
    return out
