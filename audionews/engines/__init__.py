"""Speech engines behind one small interface, registered in one place.

Each entry names a module and class, imported only when a voice uses it, so a run that never
touches Google TTS never imports it.
"""

from __future__ import annotations

from importlib import import_module

from ..errors import ConfigError
from ..voices import VoiceProfile
from .base import Engine

REGISTRY: dict[str, str] = {
    "piper": "audionews.engines.piper:PiperEngine",
}


def engine_class(name: str) -> type[Engine]:
    target = REGISTRY.get(name)
    if target is None:
        raise ConfigError(
            f"engine {name!r}: unknown. Use one of: {', '.join(sorted(REGISTRY))}."
        )
    module, _, attr = target.partition(":")
    return getattr(import_module(module), attr)


def load_engine(profile: VoiceProfile) -> Engine:
    return engine_class(profile.engine)(profile)
