"""Sample-rate and pace changes on int16 mono speech.

``resample`` brings voices of different engines in one script to one rate: a polyphase filter
(scipy's ``resample_poly``), exact in length, band-limited, a few milliseconds per sentence.
``time_stretch`` changes the pace and keeps the pitch (ffmpeg's ``atempo``, WSOLA), for speeds an
engine cannot reach by itself.
"""

from __future__ import annotations

from math import gcd

import numpy as np

from .ffmpeg import convert_pcm


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
    return convert_pcm(pcm.astype("<i2").tobytes(), ["-f", "s16le", "-ar", str(rate), "-ac", "1"], rate, tempo)
