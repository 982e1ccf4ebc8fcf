"""One episode folder checked: its script and MP3 in, the sentences heard and flagged out.

Reads only what a published (or staged) episode folder holds: ``script.json`` and the one MP3.
Finding episodes by slug or key reads the folders too, not the catalog, so the check stays a
stage of its own after the episode is written.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import Script
from .align import HeardWord, SentenceCheck, Weights, check_script
from .listen import Recognizer

SCRIPT_NAME = "script.json"
REPORT_DIR = ".check"  # beside episodes/: a dotfolder, so never served, fed or copied to the host
REPORT_HTML, REPORT_JSON = "check.html", "check.json"


@dataclass
class EpisodeCheck:
    """An episode's check: every sentence, the flagged ones first by score, and what it cost."""

    folder: Path
    audio: Path
    script: Script
    sentences: list[SentenceCheck]
    duration: float  # seconds of audio heard
    seconds: float  # time the check took (transcription and alignment)
    heard: list[HeardWord] = field(default_factory=list)
    recognizer: str = ""
    name: str = ""  # the episode's slug (a staged episode's folder has a temporary name)

    def __post_init__(self) -> None:
        self.name = self.name or self.folder.name

    @property
    def flagged(self) -> list[SentenceCheck]:
        return sorted((s for s in self.sentences if s.flagged), key=lambda s: -s.score)

    def summary(self) -> str:
        flagged = len(self.flagged)
        return (
            f"check {self.name}: {len(self.sentences)} sentences checked, {flagged} flagged, "
            f"{self.duration / 60:.1f} min of audio, {self.seconds:.1f} s"
        )


def read_script(folder: Path) -> Script:
    path = folder / SCRIPT_NAME
    try:
        return Script.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise InputError(f"{folder}: no {SCRIPT_NAME}; not an episode folder. Give a slug, a key or an episode folder.") from None
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(f"{path}: not a narration script ({error}). Publish the episode again.") from None


def episode_audio(folder: Path) -> Path:
    found = sorted(folder.glob("*.mp3"))
    if len(found) != 1:
        raise InputError(f"{folder}: expected one MP3, found {len(found)}. Publish the episode again.")
    return found[0]


def check_folder(folder: Path, recognizer: Recognizer, weights: Weights | None = None) -> EpisodeCheck:
    """Transcribe ``folder``'s MP3 and check every sentence of its script against it."""
    script = read_script(folder)
    if script.language and not script.language.lower().startswith("en"):
        raise InputError(
            f"{folder}: the episode is in {script.language!r}; the check hears English only. Leave it out."
        )
    audio = episode_audio(folder)
    started = time.perf_counter()
    heard = recognizer.transcribe(audio)
    sentences = check_script(script, heard, weights or Weights())
    seconds = time.perf_counter() - started
    return EpisodeCheck(folder, audio, script, sentences, _duration(audio), seconds, heard, recognizer.name)


def _duration(audio: Path) -> float:
    from mutagen.mp3 import MP3

    return float(MP3(audio).info.length)


# --- finding episodes ---------------------------------------------------------------------


def find_episodes(out: Path, refs: list[str], every: bool = False) -> list[Path]:
    """Episode folders by slug, key (the article's URL or ``headline:slug``) or path; none given:
    the newest episode; ``every``: all of them, newest first."""
    episodes = out / "episodes"
    folders = sorted(
        (f for f in episodes.glob("*") if (f / SCRIPT_NAME).is_file()),
        key=lambda f: -(f / SCRIPT_NAME).stat().st_mtime,
    ) if episodes.is_dir() else []  # fmt: skip
    if every or not refs:
        if not folders:
            raise InputError(f"{out}: no published episodes here. Publish first, or pass the folder with --out.")
        return folders if every else folders[:1]
    found = []
    for ref in refs:
        path = Path(ref)
        if (path / SCRIPT_NAME).is_file():
            found.append(path)
        elif (episodes / ref / SCRIPT_NAME).is_file():
            found.append(episodes / ref)
        else:
            match = [f for f in folders if ref in _keys(f)]
            if not match:
                raise InputError(
                    f"{ref}: no such episode in {out}. Give a slug or key from 'audionews list', or an episode folder."
                )
            found.append(match[0])
    return found


def slugify(text: str, max_length: int = 60) -> str:
    """A title as the publisher names its episode folder (the layout contract in README.md)."""
    import re
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "episode"


def _keys(folder: Path) -> set[str]:
    script = read_script(folder)
    return {k for k in (script.url, f"headline:{slugify(script.title, 200)}") if k}


def report_dir(folder: Path) -> Path:
    """Where an episode's check report goes: ``OUT/.check/<slug>/`` for a published episode."""
    if folder.parent.name == "episodes":
        return folder.parent.parent / REPORT_DIR / folder.name
    return folder / REPORT_DIR


def atomic_write_text(path: Path, text: str) -> None:
    """Write a report whole or not at all (a temp file beside it, then a rename)."""
    import tempfile

    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def relative(path: Path, start: Path) -> str:
    return Path(os.path.relpath(path, start)).as_posix()
