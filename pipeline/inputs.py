"""Paths on disk to components: each file one component, each folder one dossier."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from common.errors import InputError

from .model import Component, Role

# files that sit beside scans in a folder but are not papers (ground truth, notes, checksums)
SIDECAR_SUFFIXES = {".json", ".md", ".txt", ".xml", ".csv", ".py", ".sha256", ".md5", ".log"}


def _is_candidate(path: Path) -> bool:
    return (
        path.is_file()
        and not path.name.startswith(".")
        and path.suffix.lower() not in SIDECAR_SUFFIXES
    )


def collect(
    paths: Sequence[Path],
    *,
    dossier_id: str | None = None,
    procedure: str | None = None,
    owner_id: str | None = None,
    receiving_office: str | None = None,
    role: Role = "submitted",
) -> list[Component]:
    """Expand files and folders (recursively; a folder's own files form one dossier) into components."""
    components: list[Component] = []

    def make(path: Path, dossier: str | None) -> Component:
        return Component(
            path=path,
            dossier_id=dossier_id or dossier,
            procedure=procedure,
            owner_id=owner_id,
            receiving_office=receiving_office,
            role=role,
        )

    for path in paths:
        if path.is_dir():
            for folder in sorted([path, *(p for p in path.rglob("*") if p.is_dir())]):
                if any(part.startswith(".") for part in folder.relative_to(path).parts):
                    continue
                files = sorted(p for p in folder.iterdir() if _is_candidate(p))
                components.extend(make(f, folder.name) for f in files)
        elif path.exists():
            components.append(make(path, None))
        else:
            raise InputError(f"{path}: no such file or folder")
    return components
