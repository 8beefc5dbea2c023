"""Fixity audits: re-read archived objects, compare them with their manifests and the catalog's
sha256, and repair what is damaged from the bucket's earlier versions or a replica."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from common.errors import FixityError, NotFound, StorageError

from .archive import (
    MANIFEST,
    FixityProblem,
    check_original,
    content_type_for,
    document_prefixes,
    parse_manifest,
    read_manifest,
    sha256_hex,
)
from .catalog import Catalog
from .objects import ObjectStore, RestorableStore, VersionedStore


@dataclass(frozen=True)
class Repair:
    """What `--repair` did for one object: where its good bytes came from, or why it could not."""

    key: str
    action: str
    ok: bool

    def __str__(self) -> str:
        return f"{'repaired' if self.ok else 'NOT repaired'}: {self.key} ({self.action})"


@dataclass(frozen=True)
class FixityReport:
    """What an audit checked, every problem it found by object key, and what it repaired."""

    checked_versions: int
    checked_originals: int
    problems: list[FixityProblem] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    # versions whose catalog row has no sha256 per object (filed before sohoa kept them):
    # checked against their manifest only
    manifest_only: int = 0

    @property
    def ok(self) -> bool:
        """Nothing is wrong now: no problem, or every problem repaired."""
        fixed = {r.key for r in self.repairs if r.ok}
        return all(p.key in fixed for p in self.problems) and all(r.ok for r in self.repairs)


@dataclass
class _Audit:
    """The running state of one audit: problems, and the good sha256 of each object seen."""

    problems: list[FixityProblem] = field(default_factory=list)
    expected: dict[str, str] = field(default_factory=dict)  # key -> sha256 it must have
    manifest_only: int = 0


def audit(
    store: ObjectStore,
    catalog: Catalog | None = None,
    *,
    sample: int | None = None,
    seed: int | None = None,
    progress: Callable[[str], None] | None = None,
    repair: bool = False,
    replica: ObjectStore | None = None,
) -> FixityReport:
    """Check every document version (or a random `sample` of them) and its original.

    Versions come from the catalog's rows (so a version whose manifest was deleted is still
    found) and from the manifests in the store (so an object filed without a row is checked).
    Each object is compared with its manifest and with the sha256 the catalog recorded, so an
    object edited together with its manifest is caught. With `repair`, each damaged or missing
    object is put back from an earlier version in the bucket or from `replica`, and objects the
    replica lacks are copied to it.
    """
    hashes: dict[str, Mapping[str, str]] = {}  # prefix -> catalog's sha256 by file name
    originals: dict[str, str] = {}  # prefix -> original key
    if catalog is not None:
        for record in catalog.iter_documents():
            hashes[record.prefix] = record.object_sha256
            originals[record.prefix] = record.original_key
    chosen = sorted(set(hashes) | set(document_prefixes(store)))
    if sample is not None and sample < len(chosen):
        chosen = sorted(random.Random(seed).sample(chosen, sample))
    state = _Audit()
    seen_originals: set[str] = set()
    for prefix in chosen:
        if progress:
            progress(prefix)
        _check_version(store, prefix, hashes.get(prefix, {}), state)
        original = originals.get(prefix)
        if original and original not in seen_originals:
            seen_originals.add(original)
            state.problems.extend(check_original(store, original))
            name = original.rsplit("/", 1)[-1].split(".", 1)[0]
            state.expected[original] = name
    repairs = _repair_all(store, state, replica) if repair else []
    return FixityReport(
        checked_versions=len(chosen),
        checked_originals=len(seen_originals),
        problems=state.problems,
        repairs=repairs,
        manifest_only=state.manifest_only,
    )


def _check_version(
    store: ObjectStore, prefix: str, recorded: Mapping[str, str], state: _Audit
) -> None:
    """Compare every object of one version with its manifest and the catalog's sha256."""
    if not recorded:
        state.manifest_only += 1
    files, trusted = _manifest_files(store, prefix, recorded, state)
    for name in sorted(set(files) | (set(recorded) - {MANIFEST})):
        key = prefix + name
        entry = files.get(name)
        want = recorded.get(name) or (str(entry.get("sha256")) if entry and trusted else None)
        if want:
            state.expected[key] = want
        if trusted and entry is None:
            state.problems.append(
                FixityProblem(prefix + MANIFEST, "manifest", f"{name} is not listed in it")
            )
        problem = _check_object(store, key, entry, recorded.get(name))
        if problem is not None:
            state.problems.append(problem)


def _manifest_files(
    store: ObjectStore, prefix: str, recorded: Mapping[str, str], state: _Audit
) -> tuple[dict[str, dict[str, object]], bool]:
    """The manifest's entries, and whether they can be trusted (it matches the catalog)."""
    key = prefix + MANIFEST
    want = recorded.get(MANIFEST)
    if want:
        state.expected[key] = want
    try:
        raw = store.get(key)
    except NotFound:
        state.problems.append(FixityProblem(key, "missing", "no manifest"))
        return {}, False
    except StorageError as e:
        state.problems.append(FixityProblem(key, "missing", f"unreadable: {e}"))
        return {}, False
    digest = sha256_hex(raw)
    trusted = not want or digest == want
    if not trusted:
        state.problems.append(
            FixityProblem(key, "changed", f"sha256 {digest[:12]}…, the catalog recorded {want}")
        )
    try:
        files = parse_manifest(raw, key)
    except FixityError as e:
        state.problems.append(FixityProblem(key, "manifest", str(e)))
        return {}, False
    if not want:
        state.expected[key] = digest  # nothing better known: a replica copy keeps this one
    return files, trusted


def _check_object(
    store: ObjectStore, key: str, entry: Mapping[str, object] | None, recorded: str | None
) -> FixityProblem | None:
    """One object against its manifest entry and the catalog's sha256 (either may be absent)."""
    try:
        data = store.get(key)
    except NotFound:
        return FixityProblem(key, "missing")
    except StorageError as e:
        return FixityProblem(key, "missing", f"unreadable: {e}")
    digest = sha256_hex(data)
    if recorded and digest != recorded:
        edited = entry is not None and entry.get("sha256") == digest
        note = "; its manifest was changed to match" if edited else ""
        return FixityProblem(
            key, "changed", f"sha256 {digest[:12]}…, the catalog recorded {recorded[:12]}…{note}"
        )
    if entry is not None and (len(data) != entry.get("size") or digest != entry.get("sha256")):
        return FixityProblem(
            key,
            "changed",
            f"sha256 {digest[:12]}… size {len(data)}, manifest says "
            f"{str(entry.get('sha256'))[:12]}… size {entry.get('size')}",
        )
    return None


# --- repair -----------------------------------------------------------------------------------


def _repair_all(store: ObjectStore, state: _Audit, replica: ObjectStore | None) -> list[Repair]:
    damaged = sorted({p.key for p in state.problems})
    repairs = [_repair(store, key, state.expected.get(key), replica) for key in damaged]
    if replica is not None:
        repairs.extend(_fill_replica(store, replica, state.expected, set(damaged)))
    return repairs


def _repair(store: ObjectStore, key: str, want: str | None, replica: ObjectStore | None) -> Repair:
    """Put back the bytes with the trusted sha256, from an earlier version or the replica."""
    if want is None:
        return Repair(key, "no trusted sha256 to restore it to", False)
    if not isinstance(store, RestorableStore):
        return Repair(key, f"{store.url} cannot restore objects", False)
    try:
        for source, data in _candidates(store, key, replica):
            if sha256_hex(data) == want:
                store.restore(key, data, content_type=content_type_for(key))
                return Repair(key, f"restored from {source}", True)
    except StorageError as e:
        return Repair(key, f"failed: {e}", False)
    where = "no earlier version in the bucket" + (" nor the replica" if replica else "")
    return Repair(key, f"{where} has sha256 {want[:12]}…", False)


def _candidates(
    store: ObjectStore, key: str, replica: ObjectStore | None
) -> Iterator[tuple[str, bytes]]:
    if isinstance(store, VersionedStore):
        for data in store.earlier_versions(key):
            yield "an earlier version in the bucket", data
    if replica is not None:
        try:
            yield f"the replica {replica.url}", replica.get(key)
        except NotFound:
            return


def _fill_replica(
    store: ObjectStore, replica: ObjectStore, expected: Mapping[str, str], damaged: set[str]
) -> list[Repair]:
    """Copy to the replica the good objects it lacks (filed before it was configured)."""
    repairs: list[Repair] = []
    for key, want in sorted(expected.items()):
        try:
            if key in damaged or replica.exists(key):
                continue
            data = store.get(key)
            if sha256_hex(data) != want:
                continue
            replica.put(key, data, content_type=content_type_for(key))
        except StorageError as e:
            repairs.append(Repair(key, f"cannot copy to the replica: {e}", False))
            continue
        repairs.append(Repair(key, f"copied to the replica {replica.url}", True))
    return repairs


def verified(store: ObjectStore, prefix: str, names: Iterable[str]) -> dict[str, bytes]:
    """Read objects of one version, refusing any that differ from the manifest (FixityError)."""
    manifest = read_manifest(store, prefix)
    out: dict[str, bytes] = {}
    for name in names:
        entry = manifest["files"].get(name)
        if entry is None:
            raise NotFound(f"{prefix}{name} is not in the manifest")
        try:
            data = store.get(prefix + name)
        except NotFound as e:
            raise FixityError(f"missing: {prefix}{name}") from e
        if sha256_hex(data) != entry["sha256"] or len(data) != entry["size"]:
            raise FixityError(f"changed: {prefix}{name} differs from its manifest")
        out[name] = data
    return out
