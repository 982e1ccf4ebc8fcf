"""The engine interface: text in, mono 16-bit PCM out.

An engine is built from a :class:`VoiceProfile` alone (a plain, picklable dataclass), so a worker
process can build its own copy. ``fingerprint(profile)`` names everything that decides the sound
besides the text and the speed (engine, model bytes, speaker, options), so a segment cache can
key on ``(fingerprint, speed, text)`` without loading the model.
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np



@dataclass
class VoiceProfile:
    """One voice as its TOML file describes it; plain and picklable (workers rebuild engines)."""

    name: str
    engine: str
    model: str = ""
    config: str = ""
    speaker: str | int | None = None
    language: str = "en-US"
    speed: float = 1.0  # the voice's own pace; the listener's --speed multiplies it
    sha256: str = ""
    description: str = ""
    options: dict[str, Any] = field(default_factory=dict)  # engine-specific keys
    path: Path | None = None  # the TOML it came from; relative model paths resolve against it
    needs_network: bool = False  # its engine's (set when the profile is read)

    @property
    def folder(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    @property
    def where(self) -> str:
        return f"voice {self.name!r} ({self.path})" if self.path else f"voice {self.name!r}"


class Engine(ABC):
    """A loaded voice that can speak.

    Subclasses load their model in ``__init__`` (once per process) and set ``sample_rate``.
    Class attributes say what an engine is without loading it: ``name`` (as in the registry),
    ``needs_network``, ``option_keys`` (engine-specific profile keys it accepts) and
    ``version`` (bump it when the same inputs would now sound different, to retire cached audio).
    """

    name: ClassVar[str]
    needs_network: ClassVar[bool] = False
    option_keys: ClassVar[frozenset[str]] = frozenset()
    version: ClassVar[int] = 1
    # May several worker processes speak with this engine at once? (False for a service that
    # rate-limits.) And how many CPU threads one engine may use: None is the library's default;
    # a synthesis worker sets 1 before loading, so workers on separate cores do not compete.
    parallel: ClassVar[bool] = True
    threads: ClassVar[int | None] = None
    # Bytes of working memory an engine may keep between sentences beyond what it holds once
    # loaded, before it gives some back (None: keep it all, fastest). Workers set it: see pool.py.
    working_memory: ClassVar[int | None] = None
    # The make-up gain (dB) mastering adds after its compressor to bring this engine's speech to
    # the loudness target, as measured on its voices; None: unknown, the live master measures it
    # on a voice's first seconds (see episode/mastering.py).
    makeup_db: ClassVar[float | None] = None

    def __init__(self, profile: VoiceProfile) -> None:
        self.profile = profile
        self.sample_rate = 22050

    @abstractmethod
    def synthesize(self, text: str, speed: float = 1.0) -> np.ndarray:
        """Speak ``text`` at ``speed`` (1.0 normal, 2.0 twice as fast); return int16 mono samples."""

    @classmethod
    def identity(cls, profile: VoiceProfile) -> dict[str, Any]:
        """What, besides text and speed, decides this voice's sound (JSON-serializable).

        The default covers the profile's own keys; engines with model files add their hashes.
        """
        return {
            "model": profile.model,
            "speaker": profile.speaker,
            "language": profile.language,
            "options": profile.options,
        }

    @classmethod
    def check_profile(cls, profile: VoiceProfile) -> None:
        """Reject a profile this engine cannot use (bad option values), with a clear ConfigError."""

    @classmethod
    def problem(cls, profile: VoiceProfile) -> str | None:
        """Why this voice cannot speak right now (missing model or program), or None if it can.

        Cheap checks only: it is called to list voices and before a run starts.
        """
        return None

    @classmethod
    def fingerprint(cls, profile: VoiceProfile) -> str:
        """A stable hex digest of the voice's identity: equal across processes and runs."""
        identity = {"engine": cls.name, "version": cls.version, **cls.identity(profile)}
        blob = json.dumps(identity, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()

    def cache_key(self) -> str:
        """The fingerprint of the loaded voice (see :meth:`fingerprint`)."""
        return self.fingerprint(self.profile)
