"""Settings, read once: ``audionews.toml`` (in the working folder, or the file given by
``--config``) and the environment, turned into each stage's typed options.

Each table belongs to one stage, whose options class validates it (one validator each):

- ``[show]``      the podcast itself (title, owner, base_url, ...): :class:`Show` (podcast/show.py);
- ``[narration]`` intro/outro and spoken cues: :class:`ScriptOptions` (script/builder.py);
- ``[cast]``      which voice and prosody speaks each role: :class:`CastOptions` (speech/cast.py);
- ``[audio]``     bitrate, loudness target, intro/outro music: :class:`AudioOptions` (episode/mastering.py);
- ``[edition]``   an edition's title and spoken links: :class:`EditionOptions` (script/edition.py);
- ``[book]``      the EPUB talking book beside each episode: :class:`BookOptions` (episode/book.py).

The environment is read here and nowhere else in the library (:class:`Environment`): the
segment cache's folder and size, the number of speech processes, the wait for a URL. The
library receives these values; it never reads the environment itself.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .episode.book import BookOptions
from .episode.mastering import AudioOptions
from .errors import ConfigError
from .fsutil import read_toml
from .normalize import Normalizer
from .podcast.show import TEMPLATE, Show
from .script.builder import ScriptOptions
from .script.edition import EditionOptions
from .speech.cache import DEFAULT_MAX_BYTES, SegmentCache, parse_size, user_cache_dir
from .speech.cast import CastOptions

CONFIG_NAME = "audionews.toml"
TABLES = ("show", "narration", "cast", "audio", "edition", "book")
CACHE_DIR_ENV, CACHE_MAX_ENV = "AUDIONEWS_CACHE_DIR", "AUDIONEWS_CACHE_MAX"
JOBS_ENV = "AUDIONEWS_JOBS"  # speech processes; 1 speaks in this process only
TIMEOUT_ENV = "AUDIONEWS_TIMEOUT"  # seconds; a producer on a slow link can wait longer


@dataclass(frozen=True)
class Environment:
    """What the process's environment sets; ``None`` means the library's default."""

    cache_dir: Path | None = None  # $AUDIONEWS_CACHE_DIR, else the user's cache folder
    cache_max: int = DEFAULT_MAX_BYTES  # $AUDIONEWS_CACHE_MAX
    jobs: int | None = None  # $AUDIONEWS_JOBS, else every usable core
    timeout: float | None = None  # $AUDIONEWS_TIMEOUT, else the fetcher's 20 s

    def cache(self) -> SegmentCache:
        return SegmentCache(self.cache_dir or user_cache_dir(), self.cache_max)


def read_environment(environ: Mapping[str, str] = os.environ) -> Environment:
    """The AUDIONEWS_* variables, each checked: a bad one is a one-line error before any work."""
    cache_dir = environ.get(CACHE_DIR_ENV, "").strip()
    cache_max = environ.get(CACHE_MAX_ENV, "").strip()
    jobs = environ.get(JOBS_ENV, "").strip()
    if jobs and (not jobs.isdigit() or int(jobs) < 1):
        raise ConfigError(
            f"{JOBS_ENV}={jobs!r}: not a positive whole number. Set it to the number "
            "of speech processes (1 for one), or unset it to use every core."
        )
    timeout = environ.get(TIMEOUT_ENV, "").strip()
    seconds = None
    if timeout:
        try:
            seconds = float(timeout)
        except ValueError:
            seconds = 0.0
        if not seconds > 0:
            raise ConfigError(f"{TIMEOUT_ENV}={timeout!r}: not a number of seconds. Set it to e.g. 30, or unset it.")
    return Environment(
        cache_dir=Path(cache_dir).expanduser() if cache_dir else None,
        cache_max=parse_size(cache_max, CACHE_MAX_ENV) if cache_max else DEFAULT_MAX_BYTES,
        jobs=int(jobs) if jobs else None,
        timeout=seconds,
    )


@dataclass
class Settings:
    """Every stage's options, validated; ``path`` is the file they came from (relative paths in
    it resolve against its folder)."""

    show: Show = field(default_factory=Show)
    narration: ScriptOptions = field(default_factory=ScriptOptions)
    cast: CastOptions = field(default_factory=CastOptions)
    audio: AudioOptions = field(default_factory=AudioOptions)
    edition: EditionOptions = field(default_factory=EditionOptions)
    book: BookOptions = field(default_factory=BookOptions)
    env: Environment = field(default_factory=Environment)
    path: Path | None = None

    @property
    def folder(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def script_options(self, pauses: dict[str, int] | None = None) -> ScriptOptions:
        """The script builder's options, with the cast's pauses by role."""
        return replace(self.narration, pauses=dict(pauses or {}))


def load_settings(path: Path | None = None, environ: Mapping[str, str] = os.environ) -> Settings:
    """Read ``path``, else ``./audionews.toml`` if present, else the defaults; and the environment."""
    if path is None and (Path.cwd() / CONFIG_NAME).is_file():
        path = Path.cwd() / CONFIG_NAME
    if path is not None and not path.is_file():
        raise ConfigError(f"{path}: no such settings file. Create one with 'audionews init'.")
    data: dict[str, Any] = {}
    if path is not None:
        data = read_toml(path)
        unknown = sorted(set(data) - set(TABLES))
        if unknown:
            raise ConfigError(f"{path}: unknown table [{unknown[0]}]. Known tables: {', '.join(TABLES)}.")
        path = path.resolve()
    folder = path.parent if path else Path.cwd()
    where = str(path) if path else ""  # how every error names where a bad value came from
    show = Show.from_table(data.get("show", {}), where or "[show]", folder) if path else Show()
    narration = ScriptOptions.from_table(data.get("narration", {}), show.title, where)
    narration.normalizer = Normalizer.for_show(folder)  # the show's lexicon.toml, if any
    narration.language = show.language
    return Settings(
        show=show,
        narration=narration,
        cast=CastOptions.from_table(data.get("cast", {}), where or "[cast]"),
        audio=AudioOptions.from_table(data.get("audio", {}), folder, where or "[audio] settings"),
        edition=EditionOptions.from_table(data.get("edition", {}), where),
        book=BookOptions.from_table(data.get("book", {}), where),
        env=read_environment(environ),
        path=path,
    )


def write_template(path: Path, force: bool = False) -> Path:
    """Write a commented settings file; an existing one is kept unless ``force``."""
    from .fsutil import atomic_write_text

    if path.exists() and not force:
        raise ConfigError(f"{path}: already exists. Edit it, or pass --force to overwrite it.")
    from .episode.book import TEMPLATE as BOOK_TEMPLATE
    from .speech.cast import TEMPLATE as CAST_TEMPLATE

    atomic_write_text(path, TEMPLATE + CAST_TEMPLATE + BOOK_TEMPLATE)
    return path
