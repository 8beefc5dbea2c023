"""Archive, catalog and cache files belong to the service's user alone (files 0600, folders 0700).

Under the usual umask 022 Python and SQLite create world-readable files; citizens' papers and
the catalog must not be readable by other accounts of the machine, whatever the umask.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create `path` and any missing parent as 0700 (existing folders are left as they are)."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(folder, DIR_MODE)  # in case the umask removed more than group/other bits
    return path


def private_file(path: Path) -> Path:
    """Create an empty 0600 file at `path` unless one is there (its folder 0700)."""
    private_dir(path.parent)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    return path
