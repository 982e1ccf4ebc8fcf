"""One episode folder checked: its script and MP3 in, the sentences heard and flagged out.

Reads only what a published (or staged) episode folder holds: ``script.json`` and the one MP3.
Finding episodes by slug or key reads the folders too, not the catalog; their names and keys are
the publisher's own (podcast/layout.py), so a slug or key from 'audionews list' finds its episode.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import Script
from ..podcast.layout import EPISODES_DIR, REPORT_DIR, SCRIPT_JSON, episode_key
from .align import HeardWord, SentenceCheck, Weights, check_script
from .listen import Recognizer

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
    path = folder / SCRIPT_JSON
    try:
        return Script.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise InputError(f"{folder}: no {SCRIPT_JSON}; not an episode folder. Give a slug, a key or an episode folder.") from None
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
    """Episode folders by slug, key (the article's URL or ``headline:<headline>``) or path; none
    given: the newest episode; ``every``: all of them, newest first."""
    episodes = out / EPISODES_DIR
    folders = sorted(
        (f for f in episodes.glob("*") if (f / SCRIPT_JSON).is_file()),
        key=lambda f: -(f / SCRIPT_JSON).stat().st_mtime,
    ) if episodes.is_dir() else []  # fmt: skip
    if every or not refs:
        if not folders:
            raise InputError(f"{out}: no published episodes here. Publish first, or pass the folder with --out.")
        return folders if every else folders[:1]
    found = []
    for ref in refs:
        path = Path(ref)
        if (path / SCRIPT_JSON).is_file():
            found.append(path)
        elif (episodes / ref / SCRIPT_JSON).is_file():
            found.append(episodes / ref)
        else:
            match = [f for f in folders if ref == episode_key(read_script(f))]
            if not match:
                raise InputError(
                    f"{ref}: no such episode in {out}. Give a slug or key from 'audionews list', or an episode folder."
                )
            found.append(match[0])
    return found


def report_dir(folder: Path) -> Path:
    """Where an episode's check report goes: ``OUT/.check/<slug>/`` for a published episode."""
    if folder.parent.name == EPISODES_DIR:
        return folder.parent.parent / REPORT_DIR / folder.name
    return folder / REPORT_DIR


def relative(path: Path, start: Path) -> str:
    return Path(os.path.relpath(path, start)).as_posix()
