"""Voice profiles: which engine speaks, with which model, language and speed.

A profile is a TOML file whose stem is the voice's name. The producer's own profiles in
``./voices/`` of the working folder come first, then the built-ins shipped with audionews.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError

DEFAULT_VOICE = "joe"
MIN_SPEED, MAX_SPEED = 0.5, 2.5


@dataclass
class VoiceProfile:
    name: str
    engine: str
    model: str = ""
    config: str = ""
    speaker: str | int | None = None
    language: str = "en-US"
    speed: float = 1.0
    sha256: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None  # the TOML it came from; relative model paths resolve against it

    @classmethod
    def from_dict(cls, name: str, data: dict[str, Any], path: Path | None = None) -> VoiceProfile:
        known = {"engine", "model", "config", "speaker", "language", "speed", "sha256"}
        if "engine" not in data:
            raise ConfigError(f"voice {name!r} ({path}): no 'engine' key. Add engine = \"piper\".")
        profile = cls(
            name=name,
            engine=str(data["engine"]),
            model=str(data.get("model", "")),
            config=str(data.get("config", "")),
            speaker=data.get("speaker"),
            language=str(data.get("language", "en-US")),
            speed=float(data.get("speed", 1.0)),
            sha256=str(data.get("sha256", "")).lower(),
            options={k: v for k, v in data.items() if k not in known},
            path=path,
        )
        check_speed(profile.speed, f"voice {name!r} ({path})")
        return profile


def check_speed(speed: float, what: str = "--speed") -> float:
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise ConfigError(
            f"{what}: speed {speed} is out of range. Use {MIN_SPEED} to {MAX_SPEED} (1.0 is normal)."
        )
    return speed


def search_dirs() -> list[Path]:
    """Where profiles are looked for, first match wins."""
    return [Path.cwd() / "voices", builtin_dir()]


def builtin_dir() -> Path:
    """The project's voices/ folder: packaged as audionews.builtin_voices when installed."""
    try:
        return Path(str(resources.files("audionews.builtin_voices")))
    except ModuleNotFoundError:  # running from a source checkout
        return Path(__file__).resolve().parent.parent / "voices"


def available() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in search_dirs():
        if folder.is_dir():
            for toml in sorted(folder.glob("*.toml")):
                found.setdefault(toml.stem, toml)
    return found


def load_voice(name: str | None = None) -> VoiceProfile:
    name = name or DEFAULT_VOICE
    path = available().get(name)
    if path is None:
        names = ", ".join(sorted(available())) or "none"
        raise ConfigError(
            f"voice {name!r}: no such voice profile. Known voices: {names}; "
            f"add ./voices/{name}.toml to define it."
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: is not valid TOML ({error}). Fix the file.") from None
    return VoiceProfile.from_dict(name, data, path)
