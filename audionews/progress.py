"""What a long run tells whoever watches it: the stage it is in and the sentences said so far.

The pipeline and the synthesizer call a :class:`Progress`; this one does nothing. The command
line draws a bar with one (cli/progressbar.py), bench/timeline.py records each stage's times.
"""

from __future__ import annotations

# The stages of a publish, in the order they begin (speaking and mastering overlap).
READING = "reading"
SPEAKING = "speaking"
MASTERING = "mastering"
WRITING = "writing the episode"
FEED = "writing the feed"


class Progress:
    """Hears of a run's stages and sentences; every method does nothing here."""

    def begin(self, stage: str) -> None:
        """``stage`` starts (an episode's title may come with it: see :meth:`episode`)."""

    def end(self, stage: str) -> None:
        """``stage`` is over."""

    def episode(self, title: str) -> None:
        """The next episode to be made is ``title``."""

    def sentences(self, total: int) -> None:
        """The episode has ``total`` sentences to say (spoken or from the cache)."""

    def said(self, count: int = 1) -> None:
        """``count`` more of them are said."""


SILENT = Progress()
