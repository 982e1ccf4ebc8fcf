"""Settings: ``audionews.toml`` in the working folder, or the file given by ``--config``.

Each table belongs to one stage, which turns it into its own typed options:

- ``[show]``      the podcast itself (title, owner, base_url, ...): :class:`Show`, here;
- ``[narration]`` intro/outro and spoken cues: read by the script builder;
- ``[cast]``      which voice and prosody speaks each role: read by the synthesizer;
- ``[audio]``     bitrate, loudness target, intro/outro music: read by audio production.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import ConfigError

CONFIG_NAME = "audionews.toml"
TABLES = ("show", "narration", "cast", "audio")


@dataclass
class Show:
    title: str = "audionews"
    description: str = "Audio editions of news articles, narrated by audionews."
    author: str = "audionews"
    email: str = ""
    base_url: str = "http://127.0.0.1:8000/"  # where the output folder is served (audionews serve)
    language: str = "en"
    category: str = "News"
    explicit: bool = False
    image: str = ""
    copyright: str = ""
    link: str = ""

    def url(self, relative: str) -> str:
        return self.base_url.rstrip("/") + "/" + relative.lstrip("/")

    @classmethod
    def from_table(cls, table: dict[str, Any], where: str) -> Show:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(table) - known)
        if unknown:
            raise ConfigError(
                f"{where}: unknown [show] setting {unknown[0]!r}. Known: {', '.join(sorted(known))}."
            )
        return cls(**table)


@dataclass
class Settings:
    show: Show = field(default_factory=Show)
    narration: dict[str, Any] = field(default_factory=dict)
    cast: dict[str, Any] = field(default_factory=dict)
    audio: dict[str, Any] = field(default_factory=dict)
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
        show=Show.from_table(data.get("show", {}), str(path)),
        narration=data.get("narration", {}),
        cast=data.get("cast", {}),
        audio=data.get("audio", {}),
        path=path.resolve(),
    )
