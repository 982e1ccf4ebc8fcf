"""Render a script: every segment spoken by its voice, then stitched with its pause."""

from __future__ import annotations

from .audio import join
from .engines import load_engine
from .model import Rendered, Script
from .sentences import split_sentences
from .voices import VoiceProfile, check_speed, load_voice


class Synthesizer:
    """Holds loaded engines for a run so each voice's model loads once."""

    def __init__(self, default_voice: str | None = None, speed: float | None = None) -> None:
        self.default = load_voice(default_voice)
        self.speed = check_speed(speed) if speed is not None else None
        self._engines: dict[str, object] = {}

    def engine_for(self, profile: VoiceProfile):
        if profile.name not in self._engines:
            self._engines[profile.name] = load_engine(profile)
        return self._engines[profile.name]

    def profile_for(self, voice: str | None) -> VoiceProfile:
        return self.default if voice is None or voice == self.default.name else load_voice(voice)

    def say(self, text: str, voice: str | None = None):
        profile = self.profile_for(voice)
        engine = self.engine_for(profile)
        return engine.synthesize(text, self.speed or profile.speed), engine.sample_rate

    def render(self, script: Script) -> Rendered:
        """Speak every segment sentence by sentence (the unit that is timed) and stitch them."""
        parts, texts, rates = [], [], set()
        for segment in script.segments:
            sentences = split_sentences(segment.text)
            spoken = []
            for sentence in sentences:
                pcm, rate = self.say(sentence, segment.voice)
                spoken.append(pcm)
                rates.add(rate)
            parts.append(spoken)
            texts.append(sentences)
        if not rates:
            from .errors import InputError

            raise InputError(f"{script.source or script.title}: the script has nothing to speak.")
        if len(rates) > 1:
            from .errors import ConfigError

            raise ConfigError(
                f"voices with different sample rates ({sorted(rates)}) in one script are not "
                "supported yet. Use voices of one rate."
            )
        return join(parts, [s.pause_ms for s in script.segments], rates.pop(), texts)
