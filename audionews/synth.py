"""Render a script: every segment spoken by its cast voice, then stitched with its pause."""

from __future__ import annotations

import numpy as np

from .audio import join
from .cast import Cast, Voicing
from .engines import Engine, load_engine
from .errors import InputError
from .model import Rendered, Script
from .resample import resample
from .sentences import split_sentences


class Synthesizer:
    """Holds loaded engines for a run so each voice's model loads once."""

    def __init__(self, cast: Cast | None = None) -> None:
        self.cast = cast or Cast()
        self._engines: dict[str, Engine] = {}

    def engine_for(self, voicing: Voicing) -> Engine:
        key = voicing.profile.name
        if key not in self._engines:
            self._engines[key] = load_engine(voicing.profile)
        return self._engines[key]

    def speak(self, text: str, voicing: Voicing) -> tuple[np.ndarray, int]:
        engine = self.engine_for(voicing)
        pcm = engine.synthesize(text, voicing.speed)
        return pcm, engine.sample_rate

    def render(self, script: Script, language: str | None = None) -> Rendered:
        """Speak every segment sentence by sentence (the unit that is timed) and stitch them.

        Voices of different sample rates are brought to the highest of them.
        """
        voicings = self.cast.voicings(script, language)
        spoken: list[list[tuple[np.ndarray, int]]] = []
        texts = []
        for segment, voicing in zip(script.segments, voicings, strict=True):
            sentences = split_sentences(segment.text)
            spoken.append([self.speak(sentence, voicing) for sentence in sentences])
            texts.append(sentences)
        rates = {rate for sentences in spoken for _, rate in sentences}
        if not rates:
            raise InputError(f"{script.source or script.title}: the script has nothing to speak.")
        rate = max(rates)
        parts = [[resample(pcm, r, rate) for pcm, r in sentences] for sentences in spoken]
        return join(parts, [s.pause_ms for s in script.segments], rate, texts)
