"""The code base stays ruff- and mypy-clean and its layers import downwards only."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# package -> packages of ours it must never import (DESIGN.md "Layers")
FORBIDDEN = {
    "common": {"ocr", "signing", "storage", "pipeline", "workers", "api", "sohoa"},
    "ocr": {"signing", "storage", "pipeline", "workers", "api", "sohoa"},
    "signing": {"ocr", "storage", "pipeline", "workers", "api", "sohoa"},
    "storage": {"ocr", "signing", "pipeline", "workers", "api", "sohoa"},
    "pipeline": {"workers", "api", "sohoa"},
    "workers": {"api", "sohoa"},
    "api": {"sohoa"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layers_import_downwards_only(package: str) -> None:
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for name in sorted(_imports(path) & FORBIDDEN[package]):
            bad.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not bad, "\n".join(bad)


def test_ruff_is_clean() -> None:
    proc = subprocess.run(
        [str(BIN / "ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_is_clean() -> None:
    proc = subprocess.run([str(BIN / "mypy"), "."], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]
