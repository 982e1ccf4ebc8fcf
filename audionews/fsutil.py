"""Files: atomic writes (a reader sees the old file or the new one, never half of either), and
reading the TOML files a producer writes (settings, voice profiles, lexicons)."""

from __future__ import annotations

import os
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .errors import ConfigError


@contextmanager
def atomic_open(path: Path, mode: str = "wb", fsync: bool = True) -> Iterator[IO]:
    """Open a temp file beside ``path``; on success fsync and rename it over ``path``.

    ``fsync=False`` skips the flush to disk, for files whose readers verify them anyway (the
    segment cache): a rename is still atomic for concurrent readers.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            yield handle
            handle.flush()
            if fsync:
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes, fsync: bool = True) -> None:
    with atomic_open(path, "wb", fsync) as handle:
        handle.write(data)


def atomic_write_text(path: Path, text: str) -> None:
    with atomic_open(path, "w") as handle:
        handle.write(text)


def read_toml(path: Path, what: str = "valid TOML") -> dict[str, Any]:
    """A producer's TOML file; a syntax or encoding error is one line naming the file."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: is not {what} ({error}). Fix the file.") from None
