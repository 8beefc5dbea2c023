"""Fixity audits: re-read archived objects and compare them with their manifests and catalog rows."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from common.errors import FixityError, NotFound

from .archive import (
    FixityProblem,
    check_fixity,
    check_original,
    document_prefixes,
    read_manifest,
    sha256_hex,
)
from .catalog import Catalog
from .objects import ObjectStore


@dataclass(frozen=True)
class FixityReport:
    """What an audit checked and every problem it found, by object key."""

    checked_versions: int
    checked_originals: int
    problems: list[FixityProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def audit(
    store: ObjectStore,
    catalog: Catalog | None = None,
    *,
    sample: int | None = None,
    seed: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> FixityReport:
    """Check every document version (or a random `sample` of them) and its original.

    Versions come from the catalog's rows (so a version whose manifest was deleted is still
    found) and from the manifests in the store (so an object filed without a row is checked).
    """
    prefixes: set[str] = set()
    originals: dict[str, str] = {}  # prefix -> original key
    if catalog is not None:
        for record in catalog.iter_documents():
            prefixes.add(record.prefix)
            originals[record.prefix] = record.original_key
    prefixes.update(document_prefixes(store))
    chosen = sorted(prefixes)
    if sample is not None and sample < len(chosen):
        chosen = sorted(random.Random(seed).sample(chosen, sample))
    problems: list[FixityProblem] = []
    seen_originals: set[str] = set()
    for prefix in chosen:
        if progress:
            progress(prefix)
        problems.extend(check_fixity(store, prefix))
        original = originals.get(prefix)
        if original and original not in seen_originals:
            seen_originals.add(original)
            problems.extend(check_original(store, original))
    return FixityReport(
        checked_versions=len(chosen), checked_originals=len(seen_originals), problems=problems
    )


def verified(store: ObjectStore, prefix: str, names: Iterable[str]) -> dict[str, bytes]:
    """Read objects of one version, refusing any that differ from the manifest (FixityError)."""
    manifest = read_manifest(store, prefix)
    out: dict[str, bytes] = {}
    for name in names:
        entry = manifest["files"].get(name)
        if entry is None:
            raise NotFound(f"{prefix}{name} is not in the manifest")
        key = str(entry.get("key") or prefix + name)  # a later version keeps earlier objects
        try:
            data = store.get(key)
        except NotFound as e:
            raise FixityError(f"missing: {key}") from e
        if sha256_hex(data) != entry["sha256"] or len(data) != entry["size"]:
            raise FixityError(f"changed: {key} differs from its manifest")
        out[name] = data
    return out
