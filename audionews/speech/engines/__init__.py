"""Speech engines behind one small interface, registered in one place.

Each entry names a module and class, imported only when a voice uses it, so a run that never
touches Google TTS never imports it.
"""

from __future__ import annotations

from importlib import import_module

from ...errors import ConfigError
from .base import Engine, VoiceProfile

REGISTRY: dict[str, str] = {
    "piper": "audionews.speech.engines.piper:PiperEngine",
    "gtts": "audionews.speech.engines.google:GoogleEngine",
    "espeak-ng": "audionews.speech.engines.espeak:EspeakEngine",
}


def engine_class(name: str) -> type[Engine]:
    target = REGISTRY.get(name)
    if target is None:
        raise ConfigError(f"engine {name!r}: unknown. Use one of: {', '.join(sorted(REGISTRY))}.")
    module, _, attr = target.partition(":")
    return getattr(import_module(module), attr)


def load_engine(profile: VoiceProfile) -> Engine:
    """Build the engine for a profile (loads its model); safe to call in a worker process."""
    return engine_class(profile.engine)(profile)


def fingerprint(profile: VoiceProfile) -> str:
    """The profile's stable identity for caching, without loading the model."""
    return engine_class(profile.engine).fingerprint(profile)


def problem(profile: VoiceProfile) -> str | None:
    """Why the profile's voice cannot be used now, or None."""
    return engine_class(profile.engine).problem(profile)
