"""The archive as a folder on disk, with the same keys as the bucket (the embedded default)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from common.errors import ConfigError, ImmutableObject, NotFound, StorageError

from .objects import DEFAULT_CONTENT_TYPE, check_key
from .private import private_dir


class FileObjectStore:
    """Objects are files under `root`; written atomically (tmp + fsync + rename), never overwritten."""

    def __init__(self, root: str | Path) -> None:
        path = Path(root)
        if not path.is_absolute():
            raise ConfigError(f"file:// archive must be an absolute path, got {str(root)!r}")
        self.root = path
        self.url = f"file://{path}"

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes, *, content_type: str = DEFAULT_CONTENT_TYPE) -> None:
        path = self._path(key)
        if path.exists():
            self._same_or_raise(key, path, data)
            return
        try:
            private_dir(path.parent)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
                os.chmod(tmp, 0o400)  # read-only, and for the service's user only
                # link() fails when another writer got there first: never replace an object
                _link_or_replace(tmp, path)
            except FileExistsError:
                self._same_or_raise(key, path, data)
            finally:
                os.unlink(tmp)
            _fsync_dir(path.parent)
        except OSError as e:
            raise StorageError(f"cannot write {key} in {self.root}: {e.strerror}") from e

    def restore(self, key: str, data: bytes, *, content_type: str = DEFAULT_CONTENT_TYPE) -> None:
        """Replace a missing or damaged object atomically (fixity repair)."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o444)
            os.replace(tmp, path)
            _fsync_dir(path.parent)
        except OSError as e:
            raise StorageError(f"cannot restore {key} in {self.root}: {e.strerror}") from e

    def _same_or_raise(self, key: str, path: Path, data: bytes) -> None:
        try:
            same = path.stat().st_size == len(data) and path.read_bytes() == data
        except OSError as e:
            raise StorageError(f"cannot read {key} in {self.root}: {e.strerror}") from e
        if not same:
            raise ImmutableObject(f"{key} already exists with other content; write a new version")

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as e:
            raise NotFound(f"no object {key}") from e
        except IsADirectoryError as e:
            raise NotFound(f"no object {key}") from e
        except OSError as e:
            raise StorageError(f"cannot read {key} in {self.root}: {e.strerror}") from e

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def size(self, key: str) -> int:
        path = self._path(key)
        try:
            if not path.is_file():
                raise NotFound(f"no object {key}")
            return path.stat().st_size
        except FileNotFoundError as e:
            raise NotFound(f"no object {key}") from e

    def list(self, prefix: str = "") -> Iterator[str]:
        # walk only the folder the prefix points into
        base = self.root / prefix.rsplit("/", 1)[0] if "/" in prefix else self.root
        if not base.is_dir():
            return
        keys: list[str] = []
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            rel = Path(dirpath).relative_to(self.root).as_posix()
            for name in filenames:
                if name.startswith(".tmp-"):
                    continue
                key = name if rel == "." else f"{rel}/{name}"
                if key.startswith(prefix):
                    keys.append(key)
        yield from sorted(keys)


def _link_or_replace(tmp: str, path: Path) -> None:
    """Publish `tmp` at `path` unless something is there (link); os.replace where links fail."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # a filesystem without hard links
        if path.exists():
            raise FileExistsError(str(path)) from None
        os.replace(tmp, path)
        os.close(os.open(tmp, os.O_CREAT | os.O_WRONLY))  # keep the finally's unlink happy


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
