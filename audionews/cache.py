"""A content-addressed cache of spoken sentences, so an unchanged sentence is never re-spoken.

The key is a hash of everything that decides the sound: the voice's fingerprint (engine,
model file hashes, speaker, options), the speed and the spoken text. An entry is one file::

    b"ANPCM1\\n" | sample rate (u32 le) | sample count (u64 le) | sha256 of the samples | samples

Entries are written to a temp file and renamed into place, so concurrent runs never see half
an entry; a reader checks the length and the checksum and treats any mismatch as a miss (the
sentence is spoken again and the entry rewritten), so a corrupt cache cannot corrupt an episode.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .fsutil import atomic_write_bytes

FORMAT_VERSION = 1  # bump when the key recipe or the entry layout changes
_MAGIC = b"ANPCM1\n"
_HEADER = struct.Struct("<7sIQ32s")


def default_dir() -> Path:
    """``$AUDIONEWS_CACHE_DIR``, else the user's cache folder (XDG on Linux)."""
    configured = os.environ.get("AUDIONEWS_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("audionews", appauthor=False) / "segments"


def sentence_key(voice_fingerprint: str, speed: float, text: str) -> str:
    recipe = json.dumps([FORMAT_VERSION, voice_fingerprint, round(speed, 4), text])
    return hashlib.sha256(recipe.encode()).hexdigest()


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0  # sentences that had to be spoken
    corrupt: int = 0  # entries found damaged and rewritten


class SegmentCache:
    """Spoken sentences on disk under ``root``, addressed by :func:`sentence_key`."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or default_dir()
        self.stats = CacheStats()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pcm"

    def get(self, key: str) -> tuple[np.ndarray, int] | None:
        """The cached samples and their rate, or None when absent or damaged."""
        try:
            data = self._path(key).read_bytes()
        except FileNotFoundError:
            self.stats.misses += 1
            return None
        found = _decode(data)
        if found is None:
            self.stats.corrupt += 1
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        return found

    def put(self, key: str, samples: np.ndarray, sample_rate: int) -> None:
        payload = np.ascontiguousarray(samples, dtype="<i2").tobytes()
        header = _HEADER.pack(_MAGIC, sample_rate, len(samples), hashlib.sha256(payload).digest())
        try:
            atomic_write_bytes(self._path(key), header + payload, fsync=False)
        except OSError:
            # A cache that cannot be written (read-only, full disk) only costs speed next time.
            pass


def _decode(data: bytes) -> tuple[np.ndarray, int] | None:
    if len(data) < _HEADER.size:
        return None
    magic, rate, count, digest = _HEADER.unpack_from(data)
    payload = memoryview(data)[_HEADER.size :]
    if magic != _MAGIC or len(payload) != 2 * count:
        return None
    if hashlib.sha256(payload).digest() != digest:
        return None
    return np.frombuffer(payload, dtype="<i2").astype(np.int16, copy=False), rate
