"""The check in the workflow: ``audionews check`` itself, and ``publish --check`` /
``ingest --check``, which hear each rendered episode before it is committed to the feed and,
with ``--fail-on N``, keep an episode with more than N flagged sentences out of it.

The publisher calls a :class:`Gate` with the staged episode folder (its MP3 and script.json)
before it commits; a refused episode raises :class:`CheckFailed` and its report, with a copy of
the audio to listen to, stays in ``OUT/.check/<slug>/``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from ..errors import AudioNewsError
from ..model import Script
from ..podcast.layout import REPORT_DIR, slugify
from .episode import (
    EpisodeCheck,
    check_folder,
    find_episodes,
    report_dir,
)
from .listen import Recognizer
from .report import add_suggestions, terminal, write_reports

Echo = Callable[[str], None]


class CheckFailed(AudioNewsError):
    """An episode had more flagged sentences than ``--fail-on`` allows; it was not published."""


def _fail_message(check: EpisodeCheck, fail_on: int, page: Path) -> str:
    return (
        f"{check.name}: {len(check.flagged)} sentences flagged by the listening check, more than "
        f"--fail-on {fail_on}; not published. Listen to them in {page}, fix the script or lexicon, "
        "and publish again."
    )


class Gate:
    """Checks staged episodes for a publish or ingest run (the recognizer loaded once)."""

    def __init__(self, out: Path, fail_on: int | None = None, model: Path | None = None, echo: Echo | None = None,
                 details: bool = True) -> None:  # fmt: skip
        self.out = out
        self.fail_on = fail_on
        self.recognizer = Recognizer(model)  # fails here, before anything renders, when not installed
        self.echo = echo or print
        self.details = details
        self.last: EpisodeCheck | None = None

    def __call__(self, stage: Path, script: Script) -> None:
        """Hear the staged episode; refuse it when it has too many flagged sentences."""
        check = check_folder(stage, self.recognizer)
        check.name = slugify(script.title)
        add_suggestions(check)
        self.last = check
        if self.fail_on is not None and len(check.flagged) > self.fail_on:
            folder = self.out / REPORT_DIR / check.name
            folder.mkdir(parents=True, exist_ok=True)
            kept = shutil.copy2(check.audio, folder / f"{check.name}.mp3")  # the staged audio goes away
            page = write_reports(check, folder, Path(kept))
            self._say(check, page)
            raise CheckFailed(_fail_message(check, self.fail_on, page))

    def published(self, audio: Path) -> None:
        """The episode passed and is committed: its report beside the others, playing its MP3."""
        check = self.last
        if check is None:
            return
        check.name = audio.parent.name
        folder = self.out / REPORT_DIR / check.name
        (folder / f"{check.name}.mp3").unlink(missing_ok=True)  # a copy kept when it was refused before
        self._say(check, write_reports(check, folder, audio))
        self.last = None

    def _say(self, check: EpisodeCheck, page: Path) -> None:
        if self.details and check.flagged:
            for line in terminal(check):
                self.echo(line)
        self.echo(f"{check.summary()}; report: {page}")


def run_check(
    out: Path, refs: list[str], every: bool, model: Path | None, fail_on: int | None, echo: Echo, color: bool = False
) -> int:
    """``audionews check``: each episode's report in the terminal and in OUT/.check/; the exit code."""
    recognizer = Recognizer(model)  # first: a missing extra is the one thing to say
    folders = find_episodes(out, refs, every)
    failed = 0
    for folder in folders:
        check = check_folder(folder, recognizer)
        add_suggestions(check)
        page = write_reports(check, report_dir(folder))
        for line in terminal(check, color):
            echo(line)
        echo(f"{check.summary()}; report: {page}")
        if fail_on is not None and len(check.flagged) > fail_on:
            failed += 1
    if failed:
        echo(f"{failed} episode{'s' * (failed != 1)} with more than {fail_on} flagged sentences")
    return 1 if failed else 0
