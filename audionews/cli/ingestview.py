"""How ``audionews ingest`` shows a run: a line per item, a progress bar on a terminal, a
summary table at the end (the run itself is pipeline.ingest)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..newsfeed.ingester import IngestOptions, IngestReport, ItemResult, Listener
from ..podcast.layout import FEED_NAME

if TYPE_CHECKING:
    from ..check.gate import Gate
    from ..pipeline import Choices
    from ..settings import Settings

STYLES = {
    "published": "green",
    "updated": "green",
    "unchanged": "dim",
    "in edition": "cyan",
    "failed": "bold red",
}


class ConsoleListener(Listener):
    """A line per item as it finishes; a progress bar above them when on a terminal."""

    def __init__(self, console, progress: bool = True) -> None:
        from rich.progress import Progress

        from .progressbar import columns

        self.console = console
        self.progress = Progress(
            *columns(), console=console, transient=True, disable=not progress or not console.is_terminal
        )
        self.task = None

    def __enter__(self) -> ConsoleListener:
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def start(self, total: int) -> None:
        self.task = self.progress.add_task(f"{'ingesting':<9}", total=total, unit="items")

    def item_done(self, result: ItemResult) -> None:
        style = STYLES.get(result.status, "")
        from rich.text import Text

        line = Text(f"{result.status:>10}", style=style) + Text(f" {result.item.name}")
        if result.status == "failed":  # whole, on one line: logs are grepped for the URL
            # an error about a linkless item names it by its title, as this line already does
            line += Text(f": {result.detail.removeprefix(f'{result.item.name}: ')}")
        elif result.note:
            line += Text(f" ({result.note})", style="dim")
        self.console.print(line, soft_wrap=True)
        if self.task is not None:
            self.progress.advance(self.task)


def _relative(detail: str, out: Path) -> str:
    """An episode's MP3 relative to the output folder (short), an error as it is."""
    path = Path(detail)
    return str(path.relative_to(out)) if detail and path.is_relative_to(out) else detail


def summary_table(report: IngestReport, out: Path):
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Ingest summary", title_justify="left")
    table.add_column("Status")
    table.add_column("Article", overflow="fold")
    table.add_column("Episode or error", overflow="fold")
    for result in report.results:
        style = STYLES.get(result.status, "")
        table.add_row(Text(result.status, style=style), Text(result.item.name), Text(_relative(result.detail, out)))
    return table


def totals(report: IngestReport) -> str:
    counts = [f"{report.count(s)} {s}" for s in ("published", "updated", "unchanged", "failed")]
    return ", ".join(counts)


def run(
    source: str, out: Path, options: IngestOptions, settings: Settings, choices: Choices, retries: int,
    gate: Gate | None = None,
    progress: bool = True,
) -> int:
    """Run one ingest and show it; returns the exit code (1 when any item failed). ``gate``: the
    listening check each episode passes before it is committed (``--check``); ``progress``:
    the bar on a terminal (the items, and the sentences of the episode being made)."""
    from rich.console import Console

    from ..pipeline import ingest
    from .progressbar import ProgressBar

    console = Console(highlight=False)
    with ConsoleListener(console, progress) as listener, ProgressBar(bar=listener.progress) as speaking:
        report = ingest(source, out, options, settings, choices, listener, retries, gate, speaking)
    if not report.results:
        console.print(f"nothing to ingest: {source} has no items{_filters(options)}.")
        return 0
    if report.edition:
        listener.item_done(report.edition)
    console.print(summary_table(report, out))
    console.print(totals(report) + (f"; feed: {out / FEED_NAME}" if (out / FEED_NAME).exists() else ""))
    return 1 if report.failed else 0


def _filters(options: IngestOptions) -> str:
    found = []
    if options.since:
        found.append(f"dated since {options.since.isoformat()}")
    return f" {' and '.join(found)}" if found else ""
