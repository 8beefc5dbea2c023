"""Run every benchmark in turn (`make bench`); each prints its own table."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ORDER = ["ocr", "signing", "search", "workers", "ingest", "fields_quality"]


def main() -> None:
    here = Path(__file__).parent
    for name in ORDER:
        if (
            not (here / f"{name}.py").exists()
            or importlib.util.find_spec(f"benchmarks.{name}") is None
        ):
            continue
        print(f"\n=== benchmarks/{name}.py ===", flush=True)
        subprocess.run([sys.executable, "-m", f"benchmarks.{name}"], check=False)


if __name__ == "__main__":
    main()
