"""Voice profiles: which engine speaks, with which model, language and speed.

A profile is a TOML file whose stem is the voice's name. The producer's own profiles in
``./voices/`` of the working folder come first, then the built-ins shipped with audionews.

Keys: ``engine`` (required), ``model``, ``config``, ``speaker``, ``language``, ``speed``,
``sha256``, ``description``, and the engine's own options (gtts: ``lang``, ``tld``;
espeak-ng: ``voice``, ``pitch``). Anything else is a mistake and is reported as one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..bundled import builtin_dir
from ..fsutil import read_toml
from . import engines
from .engines import engine_class
from .engines.base import VoiceProfile
from ..errors import ConfigError

DEFAULT_VOICE = "joe"
MIN_SPEED, MAX_SPEED = 0.5, 2.5
PROFILE_KEYS = ("engine", "model", "config", "speaker", "language", "speed", "sha256", "description")


def profile_from_dict(name: str, data: dict[str, Any], path: Path | None = None) -> VoiceProfile:
    """A profile from its TOML table, checked against its engine (keys, option values)."""
    where = f"voice {name!r} ({path})" if path else f"voice {name!r}"
    if "engine" not in data:
        raise ConfigError(f"{where}: no 'engine' key. Add engine = \"piper\".")
    engine = engine_class(_text(data, "engine", where))
    unknown = sorted(set(data) - set(PROFILE_KEYS) - engine.option_keys)
    if unknown:
        known = sorted(set(PROFILE_KEYS) | engine.option_keys)
        raise ConfigError(
            f"{where}: unknown key {unknown[0]!r} for engine {engine.name!r}. "
            f"Known keys: {', '.join(known)}."
        )
    speaker = data.get("speaker")
    if speaker is not None and (isinstance(speaker, bool) or not isinstance(speaker, (str, int))):
        raise ConfigError(f"{where}: speaker must be a name or a number, not {speaker!r}.")
    speed = data.get("speed", 1.0)
    if isinstance(speed, bool) or not isinstance(speed, (int, float)):
        raise ConfigError(f"{where}: speed must be a number like 1.0, not {speed!r}.")
    sha256 = _text(data, "sha256", where).lower()
    if sha256 and not (len(sha256) == 64 and all(c in "0123456789abcdef" for c in sha256)):
        raise ConfigError(
            f"{where}: sha256 {sha256!r} is not a sha256 (64 hex digits). "
            "Compute it with 'sha256sum MODEL.onnx', or remove the key."
        )
    profile = VoiceProfile(
        name=name,
        engine=engine.name,
        model=_text(data, "model", where),
        config=_text(data, "config", where),
        speaker=speaker,
        language=_text(data, "language", where) or "en-US",
        speed=check_speed(float(speed), where),
        sha256=sha256,
        description=_text(data, "description", where),
        options={key: data[key] for key in engine.option_keys if key in data},
        needs_network=engine.needs_network,
        path=path,
    )
    engine.check_profile(profile)
    return profile


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise ConfigError(f"{where}: {key} must be a string in quotes, not {value!r}.")
    return value


def check_speed(speed: float, what: str = "--speed") -> float:
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise ConfigError(
            f"{what}: speed {speed} is out of range. Use {MIN_SPEED} to {MAX_SPEED} (1.0 is normal)."
        )
    return speed


def covers(voice_language: str, language: str) -> bool:
    """Does a voice of ``voice_language`` speak ``language``? Same primary tag: en-US reads en-GB."""

    def primary(tag: str) -> str:
        return tag.replace("_", "-").split("-")[0].lower()

    return primary(voice_language) == primary(language)


def search_dirs() -> list[Path]:
    """Where profiles are looked for, first match wins."""
    return [Path.cwd() / "voices", builtin_dir()]


def available() -> dict[str, Path]:
    """Every profile's name and file, the working folder's shadowing built-ins of the same name."""
    found: dict[str, Path] = {}
    for folder in search_dirs():
        if folder.is_dir():
            for toml in sorted(folder.glob("*.toml")):
                if toml.stem != "lexicon":  # the pronunciation lexicon lives beside the voices
                    found.setdefault(toml.stem, toml)
    return found


def load_voice(name: str | None = None) -> VoiceProfile:
    name = name or DEFAULT_VOICE
    path = available().get(name)
    if path is None:
        names = ", ".join(sorted(available())) or "none"
        raise ConfigError(
            f"voice {name!r}: no such voice profile. Known voices: {names}; "
            f"add ./voices/{name}.toml to define it (see 'audionews voices')."
        )
    return read_profile(path)


def read_profile(path: Path) -> VoiceProfile:
    return profile_from_dict(path.stem, read_toml(path), path)


def all_profiles() -> list[VoiceProfile]:
    return [read_profile(path) for path in available().values()]


def voice_table() -> list[str]:
    """``audionews voices``: one line a profile, with why it cannot speak when it cannot."""
    from ..errors import AudioNewsError

    rows = [("NAME", "ENGINE", "LANGUAGE", "STATUS", "FROM")]
    notes: dict[str, str] = {}
    for name, path in available().items():
        origin = "built-in" if path.parent == builtin_dir() else str(path.parent)
        try:
            profile = read_profile(path)
            problem = engines.problem(profile)
        except AudioNewsError as error:  # one broken profile must not hide the others
            rows.append((name, "?", "?", "invalid", origin))
            notes[name] = str(error)
            continue
        online = "online" if profile.needs_network else "offline"
        status = f"ready, {online}" if problem is None else f"not usable ({online})"
        if problem:
            notes[name] = problem
        rows.append((name, profile.engine, profile.language, status, origin))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[4] for row in rows]
    lines += [f"{name}: {note}" for name, note in notes.items()]
    return lines
