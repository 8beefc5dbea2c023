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


MAX_FUNCTION_LINES = 60
# what is not production code: benchmarks, sample generators, tests, the virtual environment
NOT_PRODUCTION = {"benchmarks", "samples", "tests", ".venv", "build", "scripts"}


def _production_files() -> list[Path]:
    return [
        p
        for p in sorted(ROOT.rglob("*.py"))
        if not (set(p.relative_to(ROOT).parts[:-1]) & NOT_PRODUCTION)
        and not p.relative_to(ROOT).parts[0].startswith(".")
    ]


def long_functions(paths: list[Path], limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """'path:line name (N lines)' of every function or method longer than `limit` lines."""
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > limit:
                    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
                    found.append(f"{where}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_production_function_is_over_60_lines() -> None:
    assert not long_functions(_production_files()), "\n".join(long_functions(_production_files()))


def test_the_length_check_sees_a_long_function(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    (tmp_path / "long.py").write_text(f"def long() -> None:\n{body}\n", encoding="utf-8")
    (tmp_path / "short.py").write_text("def short() -> None:\n    pass\n", encoding="utf-8")

    found = long_functions([tmp_path / "long.py", tmp_path / "short.py"])

    assert len(found) == 1 and "long (61 lines)" in found[0]


def _storage_graph() -> dict[str, set[str]]:
    """storage module -> storage modules it imports (at the top or inside a function)."""
    graph: dict[str, set[str]] = {}
    for path in sorted((ROOT / "storage").glob("*.py")):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("storage."):
                found.add((node.module or "").split(".")[1])
        graph[path.stem] = found
    return graph


def test_storage_modules_import_each_other_without_a_circle() -> None:
    graph, done, circles = _storage_graph(), set(), []

    def visit(module: str, path: tuple[str, ...]) -> None:
        if module in path:
            circles.append(" -> ".join((*path[path.index(module) :], module)))
            return
        if module in done:
            return
        for other in sorted(graph.get(module, ())):
            visit(other, (*path, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())
    assert not circles, "\n".join(circles)
