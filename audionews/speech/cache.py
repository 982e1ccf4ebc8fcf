"""A content-addressed cache of spoken sentences (and of mastered editions), so unchanged audio
is never made twice.

A sentence's key hashes everything that decides its sound: the voice's fingerprint (engine,
model file hashes, speaker, options), the speed and the spoken text. A mastered edition's key
(:func:`encoding_key`) hashes the mastering recipe and the PCM it is fed; the entry keeps, with
its MP3, what was measured on it (loudness) and where the speech sits in it, so a republish of
an unchanged article copies the MP3 and decodes or measures nothing. Each entry is one file::

    magic (8 bytes) | sample rate (u32 le, 0 for editions) | payload length (u64 le)
    | sha256 of the payload | payload

A mastered entry's payload is one line of JSON (its figures), then the MP3.

Entries are written to a temp file and renamed into place, so concurrent runs never see half
an entry; a reader checks the length and the checksum and treats any mismatch as a miss (the
audio is made again and the entry rewritten), so a damaged cache cannot damage an episode.

The cache keeps within a size (``$AUDIONEWS_CACHE_MAX``, 2 GB unless set): a run that wrote to
it removes the least recently used entries past that size when it ends. A hit touches its
entry's modification time, which is what "recently used" means here (access times are often
not kept). An entry removed while another run wants it is a miss there, nothing worse.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ConfigError
from ..fsutil import atomic_write_bytes

FORMAT_VERSION = 1  # bump when a key recipe or the entry layout changes
LEFTOVER_AGE_S = 3600  # a temp file this old is no write in progress but one a killed run left
DEFAULT_MAX_BYTES = 2 * 10**9  # a year of daily ten-minute articles, or about ten one-hour digests
_UNITS = {"": 1, "K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}
_PCM, _MASTERED = b"ANPCM01\n", b"ANMST01\n"
_HEADER = struct.Struct("<8sIQ32s")


def user_cache_dir() -> Path:
    """The user's cache folder for audionews (XDG on Linux: ~/.cache/audionews)."""
    from platformdirs import user_cache_path

    return user_cache_path("audionews", appauthor=False)


def parse_size(text: str, what: str) -> int:
    """"2G", "500 MB", "1.5GB" or a number of bytes -> bytes."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)B?\s*", text.upper())
    if not match:
        raise ConfigError(f"{what}={text!r}: not a size. Write it like 500M or 2G (bytes, K, M, G, T).")
    return int(float(match.group(1)) * _UNITS[match.group(2)])


def sentence_key(voice_fingerprint: str, speed: float, text: str) -> str:
    recipe = json.dumps([FORMAT_VERSION, voice_fingerprint, round(speed, 4), text])
    return hashlib.sha256(recipe.encode()).hexdigest()


def encoding_key(command: list[str], pcm: memoryview) -> str:
    digest = hashlib.sha256(json.dumps([FORMAT_VERSION, command]).encode())
    digest.update(pcm)
    return digest.hexdigest()


_memo_root: Path | None = None  # the run's cache folder (see SegmentCache), else the user's


def _memo_path(label: str) -> Path:
    return (_memo_root or user_cache_dir()) / "memo" / f"{hashlib.sha256(label.encode()).hexdigest()}.txt"


def recall(label: str) -> str | None:
    """What :func:`remember` kept under ``label``, or None."""
    try:
        stored = _memo_path(label).read_text(encoding="utf-8").split("\n", 1)
    except (OSError, UnicodeDecodeError):
        return None
    return stored[1] if len(stored) == 2 and stored[0] == label else None


def remember(label: str, value: str) -> None:
    """Keep ``value`` under ``label`` in the cache folder (not kept if it cannot be written)."""
    try:
        atomic_write_bytes(_memo_path(label), f"{label}\n{value}".encode(), fsync=False)
    except OSError:
        pass  # not remembered: computed again next run


def remembered(label: str, compute: Callable[[], str]) -> str:
    """``compute()``, kept in the cache folder under ``label`` (which must name every input)."""
    value = recall(label)
    if value is None:
        value = compute()
        remember(label, value)
    return value


def file_sha256(path: Path) -> str:
    """The sha256 of a file, computed once per (path, size, times, inode) and remembered on disk
    (a 60 MB model takes ~0.1 s to hash, on every run otherwise)."""
    stat = path.stat()
    return _sha256(str(path.resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


@functools.cache
def _sha256(path: str, size: int, mtime_ns: int, ctime_ns: int, inode: int) -> str:
    def digest() -> str:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()

    return remembered(f"sha256 {path} {size} {mtime_ns} {ctime_ns} {inode}", digest)


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0  # lookups that found nothing usable
    corrupt: int = 0  # entries found damaged (they count as misses too)
    writes: int = 0  # entries stored in this run


@dataclass
class Usage:
    """What the cache holds: entries and bytes, sentences and editions apart."""

    sentences: int = 0
    sentence_bytes: int = 0
    editions: int = 0
    edition_bytes: int = 0

    @property
    def total_bytes(self) -> int:
        return self.sentence_bytes + self.edition_bytes


def human_size(count: float) -> str:
    if count < 1000:
        return f"{count:.0f} B"
    for unit in ("KB", "MB"):
        count /= 1000
        if count < 1000:
            return f"{count:.1f} {unit}"
    return f"{count / 1000:.1f} GB"


class SegmentCache:
    """Spoken sentences and encoded editions on disk under ``root``."""

    def __init__(self, root: Path | None = None, limit: int | None = None) -> None:
        global _memo_root
        self.root = root or user_cache_dir()
        self.limit = limit if limit is not None else DEFAULT_MAX_BYTES
        _memo_root = self.root  # remembered file hashes live beside the run's sentences
        self.stats = CacheStats()

    def get(self, key: str) -> tuple[np.ndarray, int] | None:
        """A sentence's samples and their rate, or None when absent or damaged."""
        found = self._read(self.root / "segments" / key[:2] / f"{key}.pcm", _PCM)
        if found is None:
            return None
        payload, rate = found
        return np.frombuffer(payload, dtype="<i2").astype(np.int16, copy=False), rate

    def has(self, key: str) -> bool:
        """Whether a sentence is stored (unread: :meth:`get` still checks it)."""
        return (self.root / "segments" / key[:2] / f"{key}.pcm").is_file()

    def put(self, key: str, samples: np.ndarray, sample_rate: int) -> bool:
        """Store a sentence; False if the cache could not be written."""
        payload = np.ascontiguousarray(samples, dtype="<i2").tobytes()
        return self._write(self.root / "segments" / key[:2] / f"{key}.pcm", _PCM, sample_rate, payload)

    def get_mastered(self, key: str) -> tuple[dict, memoryview] | None:
        """A mastered edition's figures and its MP3, or None when absent or damaged."""
        found = self._read(self.root / "encoded" / f"{key}.mst", _MASTERED)
        if found is None:
            return None
        payload = found[0]
        end = bytes(payload[:4096]).find(b"\n")
        try:
            figures = json.loads(bytes(payload[:end])) if end > 0 else None
        except ValueError:
            figures = None
        if not isinstance(figures, dict):
            self.stats.corrupt += 1  # a checksum over a wrong layout: written by a bug
            return None
        return figures, payload[end + 1 :]

    def put_mastered(self, key: str, figures: dict, data: bytes) -> None:
        line = json.dumps(figures, sort_keys=True).encode()
        self._write(self.root / "encoded" / f"{key}.mst", _MASTERED, 0, line + b"\n" + data)

    def _files(self, *patterns: str) -> list[tuple[Path, os.stat_result]]:
        """The files matching ``patterns`` under the cache, with their stat."""
        found = []
        for pattern in patterns:
            for path in self.root.glob(pattern):
                try:
                    found.append((path, path.stat()))
                except FileNotFoundError:  # removed meanwhile by another run
                    continue
        return found

    def entries(self) -> list[tuple[Path, os.stat_result]]:
        """Every entry file with its stat (sentences and editions; not the remembered hashes).
        ``*.bin`` are editions an earlier audionews cached, which only pruning still reads."""
        return self._files("segments/*/*.pcm", "encoded/*.mst", "encoded/*.bin")

    def usage(self) -> Usage:
        usage = Usage()
        for path, stat in self.entries():
            if path.suffix == ".pcm":
                usage.sentences += 1
                usage.sentence_bytes += stat.st_size
            else:
                usage.editions += 1
                usage.edition_bytes += stat.st_size
        return usage

    def leftovers(self, older_than_s: float = LEFTOVER_AGE_S) -> list[tuple[Path, os.stat_result]]:
        """Temp files of writes that never finished (a killed run), older than ``older_than_s``."""
        now = time.time()
        temp = self._files("segments/*/.*.tmp", "encoded/.*.tmp", "memo/.*.tmp")
        return [(path, stat) for path, stat in temp if now - stat.st_mtime > older_than_s]

    def clear(self) -> tuple[int, int]:
        """Remove every entry, the remembered file hashes and any leftover temp files;
        returns (files removed, bytes freed)."""
        return _remove([*self.leftovers(0), *self._files("memo/*.txt"), *self.entries()])

    def prune(self, limit: int | None = None) -> tuple[int, int]:
        """Remove leftover temp files, then the least recently used entries until the cache
        holds at most ``limit`` bytes (its own limit by default); returns (files removed,
        bytes freed)."""
        limit = self.limit if limit is None else limit
        removed, freed = _remove(self.leftovers())
        entries = sorted(self.entries(), key=lambda item: item[1].st_mtime_ns)
        total, oldest = sum(stat.st_size for _, stat in entries), []
        for path, stat in entries:
            if total <= limit:
                break
            oldest.append((path, stat))
            total -= stat.st_size
        count, size = _remove(oldest)
        return removed + count, freed + size

    def _read(self, path: Path, magic: bytes) -> tuple[memoryview, int] | None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self.stats.misses += 1
            return None
        found = _unpack(data, magic)
        if found is None:
            self.stats.corrupt += 1
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        try:
            os.utime(path)  # recently used: pruned last
        except OSError:
            pass  # pruned meanwhile, or a read-only cache: the entry read is still good
        return found

    def _write(self, path: Path, magic: bytes, rate: int, payload: bytes) -> bool:
        header = _HEADER.pack(magic, rate, len(payload), hashlib.sha256(payload).digest())
        try:
            # No fsync: a torn entry after a crash fails its checksum and is simply made again.
            atomic_write_bytes(path, header + payload, fsync=False)
        except OSError:
            return False  # a cache that cannot be written (read-only, disk full) only costs time later
        self.stats.writes += 1
        return True


def _remove(files: list[tuple[Path, os.stat_result]]) -> tuple[int, int]:
    """Delete ``files``; returns how many were removed here and their bytes. A file already
    gone (another run pruned it) or not ours to remove (another user's, open elsewhere) is
    passed over: pruning must never fail a run that has published."""
    removed = freed = 0
    for path, stat in files:
        try:
            path.unlink()
        except OSError:
            continue
        removed, freed = removed + 1, freed + stat.st_size
    return removed, freed


def _unpack(data: bytes, magic: bytes) -> tuple[memoryview, int] | None:
    if len(data) < _HEADER.size:
        return None
    found_magic, rate, length, digest = _HEADER.unpack_from(data)
    payload = memoryview(data)[_HEADER.size :]
    if found_magic != magic or len(payload) != length or hashlib.sha256(payload).digest() != digest:
        return None
    return payload, rate
