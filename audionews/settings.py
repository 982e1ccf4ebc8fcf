"""Settings: ``audionews.toml`` in the working folder, or the file given by ``--config``.

Each table belongs to one stage, which turns it into its own typed options:

- ``[show]``      the podcast itself (title, owner, base_url, ...): :class:`Show` in show.py;
- ``[narration]`` intro/outro and spoken cues: read by the script builder;
- ``[cast]``      which voice and prosody speaks each role: read by the synthesizer;
- ``[audio]``     bitrate, loudness target, intro/outro music: read by audio production;
- ``[edition]``   a daily edition's title and spoken links: read by ``ingest --digest``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError
from .podcast.show import TEMPLATE, Show

if TYPE_CHECKING:
    from .script.builder import ScriptOptions

CONFIG_NAME = "audionews.toml"
TABLES = ("show", "narration", "cast", "audio", "edition")


@dataclass
class Settings:
    show: Show = field(default_factory=Show)
    narration: dict[str, Any] = field(default_factory=dict)
    cast: dict[str, Any] = field(default_factory=dict)
    audio: dict[str, Any] = field(default_factory=dict)
    edition: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None  # the file they came from; relative paths in it resolve against it

    @property
    def folder(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


def load_settings(path: Path | None = None) -> Settings:
    """Read ``path``, else ``./audionews.toml`` if present, else the defaults."""
    if path is None:
        default = Path.cwd() / CONFIG_NAME
        if not default.is_file():
            return Settings()
        path = default
    elif not path.is_file():
        raise ConfigError(f"{path}: no such settings file. Create one with 'audionews init'.")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: is not valid TOML ({error}). Fix the file.") from None
    unknown = sorted(set(data) - set(TABLES))
    if unknown:
        raise ConfigError(f"{path}: unknown table [{unknown[0]}]. Known tables: {', '.join(TABLES)}.")
    return Settings(
        show=Show.from_table(data.get("show", {}), str(path), path.resolve().parent),
        narration=data.get("narration", {}),
        cast=data.get("cast", {}),
        audio=data.get("audio", {}),
        edition=data.get("edition", {}),
        path=path.resolve(),
    )


def script_options(settings: Settings, pauses: dict[str, int] | None = None) -> ScriptOptions:
    """The script builder's options: [narration], the show's title, language and lexicon;
    ``pauses`` come from the cast ([cast] table)."""
    from .normalize import Normalizer
    from .script.builder import ScriptOptions

    where = str(settings.path) if settings.path else "settings"
    options = ScriptOptions.from_table(settings.narration, settings.show.title, where)
    options.pauses = dict(pauses or {})
    options.normalizer = Normalizer.for_show(settings.folder)  # the show's lexicon.toml, if any
    options.language = settings.show.language
    return options


def write_template(path: Path, force: bool = False) -> Path:
    """Write a commented settings file; an existing one is kept unless ``force``."""
    from .fsutil import atomic_write_text

    if path.exists() and not force:
        raise ConfigError(f"{path}: already exists. Edit it, or pass --force to overwrite it.")
    from .speech.cast import TEMPLATE as CAST_TEMPLATE

    atomic_write_text(path, TEMPLATE + CAST_TEMPLATE)
    return path
