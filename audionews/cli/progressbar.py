"""The progress bar of ``publish`` and ``ingest``: on a terminal, one line that says which
episode is being made, its stage, the sentences said of its total (those from the cache counted
at once) and the time left. Off a terminal (a log, a pipe, cron) it draws nothing, and
``--no-progress`` turns it off for screen readers that would read every redraw."""

from __future__ import annotations

import sys
from contextlib import nullcontext

from ..progress import FEED, MASTERING, READING, SILENT, SPEAKING, WRITING, Progress

# What the bar says in each stage: speaking and mastering overlap, so "speaking" is the
# stage the producer waits on; the rest are short.
SHOWN = {READING: "reading", SPEAKING: "speaking", MASTERING: "mastering", WRITING: "writing", FEED: "feed"}
TITLE_WIDTH = 28  # the bar fits an 80-column terminal


def progress_bar(enabled: bool = True):
    """The bar of a publish as a context manager: drawn on a terminal unless ``enabled`` is
    False; elsewhere a silent :class:`Progress` (rich is not even imported: a cached republish
    is mostly start-up)."""
    if not enabled or not sys.stdout.isatty():
        return nullcontext(SILENT)
    from rich.console import Console

    return ProgressBar(Console(highlight=False))


def columns() -> list:
    """The bar's columns, shared by the items of an ingest (each task names its ``unit``)."""
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn

    return [
        TextColumn("{task.description}"), BarColumn(bar_width=16), MofNCompleteColumn(),
        TextColumn("{task.fields[unit]}"), TimeRemainingColumn(compact=True), TextColumn("left"),
    ]  # fmt: skip


class ProgressBar(Progress):
    """Draws the run on ``bar`` (a rich Progress, started by its owner), or on one of its own
    made for ``console``; use it as a context manager."""

    def __init__(self, console=None, bar=None, enabled: bool = True) -> None:
        from rich.progress import Progress as Bar

        self.owned = bar is None
        self.bar = bar or Bar(
            *columns(), console=console, transient=True,
            disable=not enabled or console is None or not console.is_terminal,
        )  # fmt: skip
        self.task = None
        self.title = ""
        self.stage = ""

    def __enter__(self) -> ProgressBar:
        if self.owned:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.task is not None and not self.owned:
            self.bar.remove_task(self.task)
        if self.owned:
            self.bar.stop()

    @property
    def description(self) -> str:
        return f"{self.stage:<9} {self.title}"

    def _show(self, **fields) -> None:
        if self.task is None:
            self.task = self.bar.add_task(self.description, total=None, unit="sentences")
        self.bar.update(self.task, description=self.description, **fields)

    def episode(self, title: str) -> None:
        self.title = title if len(title) <= TITLE_WIDTH else title[: TITLE_WIDTH - 1] + "…"
        self._show(completed=0, total=None)

    def begin(self, stage: str) -> None:
        self.stage = SHOWN.get(stage, stage)
        self._show()

    def sentences(self, total: int) -> None:
        self._show()
        self.bar.reset(self.task, total=total, description=self.description)  # the time left starts afresh

    def said(self, count: int = 1) -> None:
        if self.task is not None:
            self.bar.advance(self.task, count)
