"""A stand-in for Piper in tests of the stages that are not about sound (script, catalog, feed,
ingest, serve, CLI errors).

It checks the voice profile as Piper does (model, config, speaker), then speaks instantly: a
voiced tone about as long as Piper takes to say the text, so timelines, chapters, cues and
mastering still get audio of a realistic length. Tests about the audio itself (loudness,
chapters against the decoded file, the cache, the engines, speed) use the real voice.

``python -m tests.fakevoice ARGS...`` runs the CLI with it in Piper's place (``run_cli`` does
this unless asked for the real voice); the ``fake_voice`` fixture swaps it in in-process. With
``AUDIONEWS_TEST_PERFECT_EAR`` set, the listening check hears with :class:`PerfectEar` too.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from audionews.speech.engines.base import Engine
from audionews.speech.engines.piper import PiperEngine, read_config, speaker_id, verified_model
from audionews.speech.voices import VoiceProfile

if TYPE_CHECKING:
    from audionews.check.align import HeardWord

TARGET = "tests.fakevoice:FakePiper"
SECONDS_PER_CHARACTER = 0.065  # Piper joe reads about 15 characters a second
LENGTHS_ENV = "AUDIONEWS_TEST_SPOKEN_LENGTHS"  # a file that receives the length of every text spoken
PERFECT_EAR_ENV = "AUDIONEWS_TEST_PERFECT_EAR"  # set: the listening check hears with PerfectEar


class FakePiper(PiperEngine):
    version = 1000  # never shares a cache entry with the real voice
    makeup_db = 3.9  # this buzz's make-up gain to the loudness target (Piper's is 5.7), as measured

    def __init__(self, profile: VoiceProfile) -> None:
        Engine.__init__(self, profile)
        _, config_path = verified_model(profile)
        config = read_config(config_path)
        self.speaker_id = speaker_id(profile, config)
        self.sample_rate = int(config.get("audio", {}).get("sample_rate", 22050))

    def synthesize(self, text: str, speed: float = 1.0) -> np.ndarray:
        if "\x00" in text:
            raise ValueError("embedded null character")  # as Piper (espeak-ng's C string) does
        text.encode("utf-8")  # a lone surrogate fails here, as in Piper
        if os.environ.get(LENGTHS_ENV):  # tests of the bound on what one call is given
            with open(os.environ[LENGTHS_ENV], "a", encoding="utf-8") as log:
                log.write(f"{len(text)}\n")
        count = round(len(text) * SECONDS_PER_CHARACTER * self.sample_rate / speed)
        t = np.arange(count) / self.sample_rate
        # A 140 Hz buzz with its harmonics, opening and closing four times a second like syllables.
        buzz = sum(np.sin(2 * np.pi * 140 * k * t) / k for k in (1, 2, 3))
        envelope = 0.55 + 0.45 * np.sin(2 * np.pi * 4 * t)
        return (buzz * envelope * 6000).astype(np.int16)


class PerfectEar:
    """A stand-in for the check's recognizer in tests of the workflow, not of hearing: it hears
    exactly what the script beside the audio told the voice to say (``script.json``, as a
    published or staged episode folder has it), a word every 0.4 s, sure of each."""

    name = "perfect ear (tests)"

    def __init__(self, model: object = None, threads: int = 0, beam: int = 0) -> None:
        self.load_seconds = 0.0

    def transcribe(self, audio: Path) -> list[HeardWord]:
        from audionews.check.align import HeardWord

        script = json.loads((audio.parent / "script.json").read_text(encoding="utf-8"))
        words = " ".join(segment["text"] for segment in script["segments"]).split()
        return [HeardWord(" " + word, n * 0.4, n * 0.4 + 0.3, 0.95) for n, word in enumerate(words)]


def use_perfect_ear() -> None:
    """Put :class:`PerfectEar` in the recognizer's place in this process."""
    from audionews.check import listen

    listen.Recognizer.__init__ = PerfectEar.__init__  # type: ignore[method-assign]
    listen.Recognizer.transcribe = PerfectEar.transcribe  # type: ignore[method-assign]
    listen.Recognizer.name = PerfectEar.name  # type: ignore[attr-defined]


def use_fake_voice() -> None:
    """Put the fake in Piper's place in this process (and in the worker processes it forks)."""
    from audionews.speech import engines

    engines.REGISTRY["piper"] = TARGET


def main() -> None:
    use_fake_voice()
    if os.environ.get(PERFECT_EAR_ENV):
        use_perfect_ear()
    from audionews.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
