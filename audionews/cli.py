"""The command line: parse arguments, call the library, turn user errors into one clear line.

Heavy modules (piper, feedgen, numpy) are imported inside the commands so ``--help`` is fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .errors import AudioNewsError

app = typer.Typer(
    help="Turn news articles into narrated audio editions and publish them as a podcast feed.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

OutOption = Annotated[Path, typer.Option("--out", "-o", help="Output folder (feed.xml, episodes/).")]
VoiceOption = Annotated[
    Optional[str], typer.Option("--voice", help="Voice profile name (see voices/); default joe.")
]
ConfigOption = Annotated[
    Optional[Path], typer.Option("--config", help="Settings file; default ./audionews.toml.")
]
SpeedOption = Annotated[
    Optional[float], typer.Option("--speed", help="Speaking rate, 0.5 to 2.5 (1.0 is normal).")
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


def _load_script(source: str, fmt: str | None):
    from .ingest import detect_format, load_article, read_text
    from .script import build_script, load_script

    path = Path(source)
    if fmt == "script" or (fmt is None and path.is_file() and detect_format(path, read_text(path)) == "script"):
        return load_script(path)
    return build_script(load_article(source, fmt))


@app.command()
def publish(
    sources: Annotated[list[str], typer.Argument(help="Article files, or script JSON files.")],
    out: OutOption = Path("output"),
    voice: VoiceOption = None,
    speed: SpeedOption = None,
    fmt: Annotated[Optional[str], typer.Option("--format", help="text or script; default: detect.")] = None,
    config: ConfigOption = None,
) -> None:
    """Render articles and publish them as episodes in OUT/feed.xml."""
    from .publish import publish_script
    from .settings import load_settings
    from .synth import Synthesizer

    settings = load_settings(config)
    scripts = [_load_script(source, fmt) for source in sources]  # check every input first
    synth = Synthesizer(voice, speed)
    for script in scripts:
        result = publish_script(script, out, synth, settings.show)
        episode = result.episode
        typer.echo(f"published {episode.title!r}: {result.audio_path} ({episode.duration:.1f} s)")
    typer.echo(f"feed: {out / 'feed.xml'}")


@app.command()
def script(
    source: Annotated[str, typer.Argument(help="An article file.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the script as JSON.")] = False,
    fmt: Annotated[Optional[str], typer.Option("--format", help="text or script; default: detect.")] = None,
) -> None:
    """Show the narration script built from an article (edit the JSON, then publish it)."""
    from .script import to_json

    built = _load_script(source, fmt)
    if json_out:
        sys.stdout.write(to_json(built))
        return
    for segment in built.segments:
        typer.echo(f"[{segment.role}] {segment.text}")


@app.command()
def say(
    text: Annotated[str, typer.Argument(help="The words to speak.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write: .wav or .mp3.")],
    voice: VoiceOption = None,
    speed: SpeedOption = None,
) -> None:
    """Speak one line through the same normalization and voice, to check a pronunciation."""
    from . import audio
    from .normalize import normalize
    from .synth import Synthesizer

    suffix = output.suffix.lower()
    if suffix not in (".wav", ".mp3"):
        raise AudioNewsError(f"{output}: unknown audio type {suffix!r}. Name the file .wav or .mp3.")
    if not text.strip():
        raise AudioNewsError("say: the text is empty. Give the words to speak in quotes.")
    synth = Synthesizer(voice, speed)
    pcm, rate = synth.say(normalize(text, synth.default.language))
    rendered = audio.join([[pcm]], [0], rate)
    (audio.write_wav if suffix == ".wav" else audio.encode_mp3)(rendered, output)
    typer.echo(f"wrote {output} ({rendered.duration:.2f} s)")


def main() -> None:
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
