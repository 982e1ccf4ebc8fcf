"""A test-only speech engine, registered the way built-in engines register (engines.REGISTRY).

It speaks in microseconds, so tests whose subject is not the sound (the feed, slugs, hostile
text) run the whole CLI without loading Piper. It refuses what Piper refuses (a NUL character,
unencodable text) and records the longest text it was asked to speak, so the sentence bound is
checked without a voice.
"""

from __future__ import annotations

import os

import numpy as np

from audionews.engines.base import Engine

MS_PER_CHAR = 4  # short but nonzero audio, so mastering has something to measure
LONGEST_ENV = "AUDIONEWS_TEST_FAKE_LONGEST"  # file that receives the longest text's length


class FakeEngine(Engine):
    name = "fake"

    def synthesize(self, text: str, speed: float = 1.0) -> np.ndarray:
        if "\x00" in text:
            raise ValueError("embedded null character")  # what Piper (espeak-ng) raises
        text.encode("utf-8")  # a lone surrogate fails here, as in Piper
        record = os.environ.get(LONGEST_ENV)
        if record:
            with open(record, "a", encoding="utf-8") as log:
                log.write(f"{len(text)}\n")
        samples = max(1, round(len(text) * MS_PER_CHAR / speed)) * self.sample_rate // 1000
        t = np.arange(samples) / self.sample_rate
        wave = 0.3 * np.sin(2 * np.pi * 220 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))
        return (wave * 32767).astype(np.int16)
