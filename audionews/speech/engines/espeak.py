"""espeak-ng, the formant synthesizer, when the system has it (``apt-get install espeak-ng``).

Robotic next to Piper but small, fast and speaking about a hundred languages. The binary writes
a WAV to stdout; speed maps to words per minute around espeak's default of 175.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
import wave
from typing import Any

import numpy as np

from ...errors import ConfigError, EngineError
from ...normalize import SPELLED_A
from .base import Engine, VoiceProfile

BINARY = "espeak-ng"
DEFAULT_WPM = 175
INSTALL_HINT = "install it (Debian/Ubuntu: 'apt-get install espeak-ng'), or use --engine piper"

# espeak-ng reads a lone "A" before a word as the article ("uh"): "A P reported" came out "uh P
# reported". The normalizer marks the letters A it spells (SPELLED_A); before a word espeak-ng
# gets the letter's name in its own phoneme mnemonics, which it reads between [[ and ]] in any
# text. Elsewhere (before punctuation, "A's") it names the letter itself.
_SPELLED_A_BEFORE_WORD = re.compile(SPELLED_A + r"(?= )")
LETTER_A = "[['eI]]"


def for_espeak_ng(text: str) -> str:
    """Text for espeak-ng: each spelled letter A named, the normalizer's marks dropped."""
    return _SPELLED_A_BEFORE_WORD.sub(LETTER_A, text).replace(SPELLED_A, "A")


@functools.cache
def espeak_version() -> str:
    exe = shutil.which(BINARY)
    if exe is None:
        return ""
    return subprocess.run([exe, "--version"], capture_output=True, text=True, check=False).stdout.strip()


class EspeakEngine(Engine):
    name = "espeak-ng"
    option_keys = frozenset({"voice", "pitch"})
    version = 2  # 2: spelled letter A named (for_espeak_ng)

    def __init__(self, profile: VoiceProfile) -> None:
        super().__init__(profile)
        exe = shutil.which(BINARY)
        if exe is None:
            raise EngineError(f"{profile.where}: the {BINARY} program is not installed; {INSTALL_HINT}.")
        self.exe = exe
        self.voice = self.espeak_voice(profile)
        self.pitch = int(profile.options.get("pitch", 50))
        self.sample_rate = 22050

    @staticmethod
    def espeak_voice(profile: VoiceProfile) -> str:
        return str(profile.options.get("voice") or profile.language.lower())

    def synthesize(self, text: str, speed: float = 1.0) -> np.ndarray:
        command = [
            self.exe, "--stdout", "-v", self.voice, "-p", str(self.pitch),
            "-s", str(round(DEFAULT_WPM * speed)),
        ]  # fmt: skip
        # The text goes in on stdin, so a line starting with '-' is never read as an option.
        result = subprocess.run(command, input=for_espeak_ng(text).encode(), capture_output=True, check=False)
        if result.returncode != 0 or not result.stdout:
            detail = result.stderr.decode(errors="replace").strip() or f"exit code {result.returncode}"
            raise EngineError(
                f"{self.profile.where}: {BINARY} failed ({detail}). Check the voice "
                f"{self.voice!r} with '{BINARY} --voices'."
            )
        # espeak streams, so the header's sizes are placeholders; wave reads to the real end.
        with wave.open(io.BytesIO(result.stdout)) as wav:
            self.sample_rate = wav.getframerate()
            frames = wav.readframes(wav.getnframes())
        return np.frombuffer(frames, dtype="<i2").astype(np.int16)

    @classmethod
    def check_profile(cls, profile: VoiceProfile) -> None:
        pitch = profile.options.get("pitch", 50)
        if isinstance(pitch, bool) or not isinstance(pitch, int) or not 0 <= pitch <= 99:
            raise ConfigError(f"{profile.where}: pitch must be a whole number from 0 to 99, not {pitch!r}.")

    @classmethod
    def identity(cls, profile: VoiceProfile) -> dict[str, Any]:
        return {
            "voice": cls.espeak_voice(profile),
            "pitch": profile.options.get("pitch", 50),
            "espeak": espeak_version(),
        }

    @classmethod
    def problem(cls, profile: VoiceProfile) -> str | None:
        if shutil.which(BINARY) is None:
            return f"{profile.where}: the {BINARY} program is not installed; {INSTALL_HINT}."
        return None
