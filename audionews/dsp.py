"""Sample-rate and pace changes on int16 mono speech.

``resample`` brings voices of different engines in one script to one rate: a polyphase filter
(scipy's ``resample_poly``), exact in length, band-limited, a few milliseconds per sentence.
``time_stretch`` changes the pace and keeps the pitch (ffmpeg's ``atempo``, WSOLA), for speeds an
engine cannot reach by itself.
"""

from __future__ import annotations

import subprocess
from math import gcd

import numpy as np

from .errors import EngineError


def resample(pcm: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """int16 mono at ``from_rate`` -> int16 mono at ``to_rate``."""
    if from_rate == to_rate or len(pcm) == 0:
        return pcm
    from scipy.signal import resample_poly

    common = gcd(from_rate, to_rate)
    out = resample_poly(pcm.astype(np.float32), to_rate // common, from_rate // common)
    return np.clip(np.rint(out), -32768, 32767).astype(np.int16)


def time_stretch(pcm: np.ndarray, rate: int, tempo: float) -> np.ndarray:
    """Play ``pcm`` ``tempo`` times as fast (0.5 to 100), pitch unchanged."""
    if abs(tempo - 1.0) < 1e-3 or len(pcm) == 0:
        return pcm
    return ffmpeg_pcm(pcm.astype("<i2").tobytes(), ["-f", "s16le", "-ar", str(rate), "-ac", "1"], rate, tempo)


def ffmpeg_pcm(data: bytes, input_format: list[str], rate: int, tempo: float = 1.0) -> np.ndarray:
    """Decode ``data`` (described by ffmpeg ``input_format`` options) to int16 mono at ``rate``."""
    from .audio import ffmpeg_exe

    command = [ffmpeg_exe(), "-v", "error", *input_format, "-i", "pipe:0"]
    if abs(tempo - 1.0) >= 1e-3:
        command += ["-af", f"atempo={tempo:.4f}"]
    command += ["-f", "s16le", "-ac", "1", "-ar", str(rate), "pipe:1"]
    result = subprocess.run(command, input=data, capture_output=True, check=False)
    if result.returncode != 0:
        detail = result.stderr.decode(errors="replace").strip().splitlines()
        raise EngineError(
            f"ffmpeg could not convert speech audio ({detail[-1] if detail else 'no message'}). "
            "Check that ffmpeg works: 'ffmpeg -version'."
        )
    return np.frombuffer(result.stdout, dtype="<i2").astype(np.int16)
