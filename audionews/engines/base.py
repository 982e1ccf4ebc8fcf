"""The engine interface: text in, mono 16-bit PCM out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

import numpy as np

from ..voices import VoiceProfile


class Engine(ABC):
    """A loaded voice that can speak.

    Subclasses load their model in ``__init__`` (once per run) and set ``sample_rate``.
    """

    name: ClassVar[str]
    needs_network: ClassVar[bool] = False

    def __init__(self, profile: VoiceProfile) -> None:
        self.profile = profile
        self.sample_rate = 22050

    @abstractmethod
    def synthesize(self, text: str, speed: float = 1.0) -> np.ndarray:
        """Speak ``text`` at ``speed`` (1.0 normal); return int16 mono samples."""
