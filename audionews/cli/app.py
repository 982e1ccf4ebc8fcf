"""The command line: parse arguments, call the pipeline, print what happened; a user error
becomes one clear line and exit 1.

No pipeline logic lives here (that is pipeline.py). Heavy modules (piper, feedgen, numpy) are
imported inside the commands so ``--help`` is fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..version import __version__
from ..errors import AudioNewsError

if TYPE_CHECKING:
    from ..check.gate import Gate
    from ..pipeline import Choices
    from ..podcast.show import Show

app = typer.Typer(
    help="Turn news articles into narrated audio editions and publish them as a podcast feed.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: importing rich costs more than the rest of --help
)

OutOption = Annotated[Path, typer.Option("--out", "-o", help="Output folder (feed.xml, episodes/).")]
VoiceOption = Annotated[
    Optional[str], typer.Option("--voice", help="Narrator voice (see 'audionews voices'); default: [cast] voice, else joe.")
]
ConfigOption = Annotated[
    Optional[Path], typer.Option("--config", help="Settings file; default ./audionews.toml.")
]
SpeedOption = Annotated[
    Optional[float], typer.Option("--speed", help="Speaking rate, 0.5 to 2.5 (1.0 is normal).")
]
EngineOption = Annotated[
    Optional[str],
    typer.Option("--engine", help="Speak every part with this engine: piper, gtts or espeak-ng."),
]
FallbackOption = Annotated[
    bool,
    typer.Option(
        "--fallback-offline",
        help="If an online voice (gtts) cannot be reached, speak its parts with the offline voice.",
    ),
]
CheckOption = Annotated[
    bool, typer.Option("--check", help="Hear each episode before it is published; print what may be misread.")
]
FailOnOption = Annotated[
    Optional[int],
    typer.Option("--fail-on", metavar="N", help="With --check: do not publish an episode with more than N flagged sentences."),
]
AsrModelOption = Annotated[
    Optional[Path],
    typer.Option("--asr-model", metavar="PATH", help="A faster-whisper model folder for the check (default: Whisper tiny.en)."),
]


NoProgressOption = Annotated[
    bool,
    typer.Option(
        "--no-progress",
        help="Draw no progress bar (it is drawn only on a terminal; a screen reader may read every redraw).",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"audionews {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """audionews: news articles in, podcast episodes out."""


def _choices(
    voice: str | None = None,
    engine: str | None = None,
    speed: float | None = None,
    fallback: bool = False,
    fmt: str | None = None,
    timeout: float | None = None,
    no_cache: bool = False,
) -> Choices:
    """The run's choices from the command line (checked like every other input: one line, exit 1)."""
    from ..pipeline import Choices

    _at_least("--timeout", timeout, 0.1, "30")
    return Choices(voice, engine, speed, fallback, fmt, timeout, no_cache)


FormatOption = Annotated[
    Optional[str],
    typer.Option("--format", help="text, markdown, html, json (article) or script; default: detect."),
]


TimeoutOption = Annotated[
    Optional[float],
    typer.Option(
        "--timeout", metavar="SECONDS",
        help="Seconds to wait for an article URL (default: $AUDIONEWS_TIMEOUT, else 20).",
    ),
]  # fmt: skip


def _at_least(option: str, value: float | None, low: float, example: str) -> None:
    """A number given on the command line, checked like every other bad input: one line, exit 1."""
    if value is not None and value < low:
        raise AudioNewsError(f"{option} {value:g}: must be at least {low:g}. Give e.g. {option} {example}.")


def _gate(out: Path, check: bool, fail_on: int | None, asr_model: Path | None, details: bool = True) -> Gate | None:
    """The listening check for publish/ingest, loaded before anything renders; None without --check."""
    if not check:
        if fail_on is not None or asr_model is not None:
            raise AudioNewsError("--fail-on and --asr-model go with --check. Add --check.")
        return None
    _at_least("--fail-on", fail_on, 0, "2")
    from ..check.gate import Gate

    return Gate(out, fail_on, asr_model, typer.echo, details)


@app.command()
def publish(
    sources: Annotated[list[str], typer.Argument(help="Article files or URLs, or script JSON files.")],
    out: OutOption = Path("output"),
    voice: VoiceOption = None,
    speed: SpeedOption = None,
    engine: EngineOption = None,
    fallback_offline: FallbackOption = False,
    fmt: FormatOption = None,
    config: ConfigOption = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Speak every sentence again; ignore the segment cache.")
    ] = False,
    timeout: TimeoutOption = None,
    check: CheckOption = False,
    fail_on: FailOnOption = None,
    asr_model: AsrModelOption = None,
    no_progress: NoProgressOption = False,
) -> None:
    """Render articles and publish them as episodes in OUT/feed.xml."""
    from .. import pipeline
    from ..podcast.layout import FEED_NAME
    from ..settings import load_settings
    from .progressbar import progress_bar

    settings = load_settings(config)
    choices = _choices(voice, engine, speed, fallback_offline, fmt, timeout, no_cache)
    gate = _gate(out, check, fail_on, asr_model)
    new_feed = not (out / FEED_NAME).exists()

    def published(result: pipeline.PublishResult) -> None:
        episode = result.episode
        if result.remastered:
            typer.echo(f"note: {episode.title!r} came out at {result.remastered} while it was spoken; mastered again.")
        typer.echo(f"published {episode.title!r}: {result.audio_path} ({episode.duration:.1f} s, {result.loudness})")

    with progress_bar(not no_progress) as progress:
        run = pipeline.publish(sources, out, settings, choices, published, gate, progress)
    typer.echo(f"sentences: {run.stats.spoken} spoken, {run.stats.cached} from the cache")
    if (out / FEED_NAME).exists():  # none yet when --fail-on kept every episode out
        typer.echo(f"feed: {out / FEED_NAME}")
        if new_feed:  # said once, when the show starts; 'audionews feed' says them every time
            _show_notes(settings.show)
    for refusal in run.refused:
        typer.echo(f"error: {refusal}", err=True)
    if run.refused:
        raise typer.Exit(1)


@app.command("check")
def check_command(
    episodes: Annotated[
        Optional[list[str]], typer.Argument(help="Slugs, keys or episode folders; default: the newest episode.")
    ] = None,
    out: OutOption = Path("output"),
    every: Annotated[bool, typer.Option("--all", help="Check every episode in the output folder.")] = False,
    fail_on: FailOnOption = None,
    asr_model: AsrModelOption = None,
) -> None:
    """Hear published episodes and point at every line that may be misread (report in OUT/.check/)."""
    from ..check.gate import run_check

    _at_least("--fail-on", fail_on, 0, "2")
    color = sys.stdout.isatty()
    raise typer.Exit(run_check(out, episodes or [], every, asr_model, fail_on, typer.echo, color))


@app.command()
def script(
    source: Annotated[str, typer.Argument(help="An article file or URL.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the script as JSON.")] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Mark where the spoken words differ: [written → spoken].")
    ] = False,
    fmt: FormatOption = None,
    config: ConfigOption = None,
    timeout: TimeoutOption = None,
) -> None:
    """Show the narration script built from an article (edit the JSON, then publish it)."""
    from ..normalize.changes import marked, spoken_changes
    from ..pipeline import cast_options, load_script
    from ..script.builder import to_json
    from ..settings import load_settings

    if json_out and diff:
        raise typer.BadParameter("--diff marks the text; the JSON has both forms. Give one of them.")
    settings = load_settings(config)
    choices = _choices(fmt=fmt, timeout=timeout)
    built = load_script(source, settings, choices, cast_options(settings, choices).pauses())
    if json_out:
        sys.stdout.write(to_json(built))
        return
    for segment in built.segments:
        text = segment.text
        if diff and segment.source_text:  # echo drops the colour when not writing to a terminal
            text = marked(spoken_changes(segment.source_text, text), lambda s: typer.style(s, fg="yellow"))
        typer.echo(f"[{segment.role}] {text}")


@app.command()
def say(
    text: Annotated[str, typer.Argument(help="The words to speak.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write: .wav or .mp3.")],
    voice: VoiceOption = None,
    speed: SpeedOption = None,
    engine: EngineOption = None,
    fallback_offline: FallbackOption = False,
    config: ConfigOption = None,
) -> None:
    """Speak one line through the same normalization and voice, to check a pronunciation."""
    from ..pipeline import say as speak_into
    from ..settings import load_settings

    settings = load_settings(config)
    spoken, duration = speak_into(text, output, settings, _choices(voice, engine, speed, fallback_offline))
    typer.echo(f"spoken: {spoken}")
    typer.echo(f"wrote {output} ({duration:.2f} s)")


@app.command("cache")
def cache_command(
    clear: Annotated[bool, typer.Option("--clear", help="Remove every cached sentence and edition.")] = False,
    max_size: Annotated[
        str | None,
        typer.Option("--max-size", metavar="SIZE", help="Remove the least recently used entries past SIZE (500M, 2G)."),
    ] = None,
) -> None:
    """Show what the segment cache holds; trim it or clear it."""
    from ..settings import read_environment
    from ..speech.cache import human_size, parse_size

    cache = read_environment().cache()
    if clear or max_size is not None:
        removed, freed = cache.clear() if clear else cache.prune(parse_size(max_size or "", "--max-size"))
        typer.echo(f"removed {removed} files ({human_size(freed)})")
    usage = cache.usage()
    typer.echo(
        f"cache: {cache.root}: {usage.sentences} sentence{'s' * (usage.sentences != 1)} "
        f"({human_size(usage.sentence_bytes)}), {usage.editions} edition{'s' * (usage.editions != 1)} "
        f"({human_size(usage.edition_bytes)}); kept within "
        f"{human_size(cache.limit)} (AUDIONEWS_CACHE_MAX)"
    )


@app.command("voices")
def list_voices() -> None:
    """List the voice profiles: engine, language, and whether each can speak now."""
    from ..speech.voices import voice_table

    for line in voice_table():
        typer.echo(line)


@app.command()
def init(
    config: Annotated[Path, typer.Option("--config", help="Where to write it.")] = Path("audionews.toml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented settings file (audionews.toml) to edit."""
    from ..settings import write_template

    typer.echo(f"wrote {write_template(config, force)}: edit [show], then publish")


def _require_catalog(out: Path) -> None:
    from ..podcast.catalog import CATALOG_NAME

    if not (out / CATALOG_NAME).is_file():
        raise AudioNewsError(f"{out}: no episode catalog here. Publish first, or pass the folder with --out.")


@app.command("list")
def list_episodes(out: OutOption = Path("output")) -> None:
    """List the published episodes, newest first (slug, date, length, title)."""
    from ..podcast.catalog import Catalog

    _require_catalog(out)
    for episode in Catalog.in_folder(out).all():
        minutes, seconds = divmod(round(episode.duration), 60)
        typer.echo(f"{episode.slug}\t{episode.pub_date[:10]}\t{minutes}:{seconds:02d}\t{episode.title}\t{episode.key}")


@app.command()
def remove(
    episode: Annotated[str, typer.Argument(help="The episode's slug or key (see 'audionews list').")],
    out: OutOption = Path("output"),
    config: ConfigOption = None,
) -> None:
    """Remove an episode: out of the feed, then its files and catalog row."""
    from ..podcast.output import Output
    from ..settings import load_settings

    settings = load_settings(config)
    _require_catalog(out)
    removed = Output(out, settings.show).remove(episode)
    typer.echo(f"removed {removed.title!r} ({removed.slug}); feed: {out / 'feed.xml'}")


@app.command()
def feed(out: OutOption = Path("output"), config: ConfigOption = None) -> None:
    """Rebuild feed.xml from the catalog (after changing the show settings, or to repair the folder)."""
    from ..podcast.output import Output
    from ..settings import load_settings

    settings = load_settings(config)
    _require_catalog(out)
    typer.echo(f"feed: {Output(out, settings.show).rebuild_feed()}")
    _show_notes(settings.show)


def _show_notes(show: Show) -> None:
    for note in show.notes():
        typer.echo(f"note: {note}", err=True)


@app.command()
def serve(
    out: OutOption = Path("output"),
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port (show base_url defaults to 8000).")] = 8000,
    config: ConfigOption = None,
) -> None:
    """Serve the output folder over HTTP (byte ranges, HEAD) to listen and subscribe locally."""
    from ..podcast.serve import serve as run
    from ..settings import load_settings

    base_url = load_settings(config).show.base_url
    served = f"http://{host}:{port}/"
    notes = ()
    if base_url.rstrip("/") + "/" != served:
        notes = (
            f"feed.xml's links point at {base_url} ([show] base_url), not at {served}: podcast apps "
            f"subscribed here fetch episodes from there. To serve the show here, set "
            f'base_url = "{served}" in audionews.toml and run \'audionews feed\'.',
        )
    run(out, host, port, notes)


@app.command()
def ingest(
    feed: Annotated[str, typer.Argument(help="The site's RSS or Atom feed: its URL, or a saved file.")],
    out: OutOption = Path("output"),
    limit: Annotated[
        Optional[int], typer.Option("--limit", help="At most N items, the newest first.")
    ] = None,
    since: Annotated[
        Optional[str], typer.Option("--since", help="Only items dated on or after DATE (ISO 8601).")
    ] = None,
    digest: Annotated[
        bool, typer.Option("--digest", help="Publish the run as one edition episode, article by article.")
    ] = False,
    timeout: Annotated[
        Optional[float],
        typer.Option("--timeout", help="Seconds to wait for a page (default: $AUDIONEWS_TIMEOUT, else 20)."),
    ] = None,
    retries: Annotated[int, typer.Option("--retries", help="Retries after a 5xx or timeout.")] = 2,
    voice: VoiceOption = None,
    speed: SpeedOption = None,
    engine: EngineOption = None,
    fallback_offline: FallbackOption = False,
    config: ConfigOption = None,
    check: CheckOption = False,
    fail_on: FailOnOption = None,
    asr_model: AsrModelOption = None,
    no_progress: NoProgressOption = False,
) -> None:
    """Narrate a site's new and changed articles from its feed (exit 1 if any item failed)."""
    from ..newsfeed.ingester import IngestOptions
    from ..newsfeed.reader import parse_since
    from ..settings import load_settings
    from .ingestview import run

    _at_least("--retries", retries, 0, "2")
    _at_least("--limit", limit, 1, "10")
    options = IngestOptions(since=parse_since(since) if since else None, limit=limit, digest=digest)
    settings = load_settings(config)
    choices = _choices(voice, engine, speed, fallback_offline, timeout=timeout)
    gate = _gate(out, check, fail_on, asr_model, details=False)
    raise typer.Exit(run(feed, out, options, settings, choices, retries, gate, not no_progress))


def _warnings_to_stderr() -> None:
    """audionews's warnings (the "audionews" logger) print as ``warning: ...`` on stderr; what
    other libraries log (trafilatura's "discarding data: None") is theirs, not a user's to read."""
    import logging

    ours = logging.getLogger("audionews")
    if any(getattr(h, "audionews_cli", False) for h in ours.handlers):
        return  # main() run again in one process (tests)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("warning: %(message)s"))
    handler.audionews_cli = True  # type: ignore[attr-defined]
    ours.addHandler(handler)
    ours.setLevel(logging.WARNING)
    ours.propagate = False
    logging.getLogger().addHandler(logging.NullHandler())  # and no last-resort printing of theirs


def main() -> None:
    _warnings_to_stderr()
    try:
        app()
    except AudioNewsError as error:
        typer.echo(f"error: {error}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
