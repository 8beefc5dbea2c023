"""Copy filed documents out of the archive as NAME.pdf, NAME.txt and NAME.json."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storage.archive import object_key
from storage.objects import ObjectStore

from .model import ComponentOutcome


def export_outcomes(
    store: ObjectStore, outcomes: Sequence[ComponentOutcome], out: Path
) -> list[Path]:
    """Write the signed PDF, the text and the metadata of every digitized outcome into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    written: list[Path] = []
    for outcome in outcomes:
        doc = outcome.document
        if doc is None:
            continue
        stem = outcome.component.path.stem
        name, n = stem, 1
        while name in used:  # two inputs with one name, from two folders
            n += 1
            name = f"{stem}-{n}"
        used.add(name)
        summary: dict[str, Any] = {
            **doc.metadata,
            "status": outcome.status,
            "input": str(outcome.component.path),
            "archive_prefix": doc.prefix,
        }
        files = {
            out / f"{name}.pdf": store.get(object_key(store, doc.prefix, "document.pdf")),
            out / f"{name}.txt": store.get(object_key(store, doc.prefix, "text.txt")),
            out / f"{name}.json": json.dumps(summary, ensure_ascii=False, indent=2).encode(),
        }
        for path, data in files.items():
            path.write_bytes(data)
            written.append(path)
    return written
