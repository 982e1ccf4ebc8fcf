"""audionews: news articles in, narrated and navigable podcast episodes out, offline.

The Python API, for producers who script their newsroom in Python or a notebook::

    import audionews

    article = audionews.load("story.html")                # a file or URL -> Article
    script = audionews.build_script(article)              # -> Script: what each segment says
    clip = audionews.speak("Sen. Smith spoke Oct. 5.")    # -> pydub.AudioSegment
    clip.export("check.mp3", format="mp3")
    episodes = audionews.publish(["story.html"], out="output")   # -> list[Episode]

Each reads the show's settings from ``./audionews.toml`` (and the AUDIONEWS_* environment)
unless given ``settings=audionews.settings.load_settings(path)``. Errors a user can act on are
:class:`audionews.errors.AudioNewsError`, with a message naming the input, the cause and the fix.
The stages behind these are subpackages named for what they do (see README, "How it works").
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .version import __version__

if TYPE_CHECKING:
    from pydub import AudioSegment

    from .model import Article, Episode, Script
    from .settings import Settings

__all__ = ["__version__", "build_script", "load", "publish", "speak"]


def _settings(settings: Settings | None) -> Settings:
    from .settings import load_settings

    return settings if settings is not None else load_settings()


def load(source: str, fmt: str | None = None, timeout: float | None = None) -> Article:
    """The article in ``source``: a file (text, Markdown, HTML, JSON) or an http(s) URL.

    ``fmt`` overrides format detection ("text", "markdown", "html", "json"); ``timeout`` is the
    wait for a URL in seconds (default: $AUDIONEWS_TIMEOUT, else 20).
    """
    from .settings import read_environment
    from .sources.load import load_article

    return load_article(source, fmt, timeout or read_environment().timeout)


def build_script(article: Article, settings: Settings | None = None) -> Script:
    """The narration script of ``article`` with the show's [narration] options and lexicon.

    Edit a segment's ``text`` to change how it is read, then publish the script (save it with
    ``audionews.script.builder.to_json`` and pass the file to :func:`publish`).
    """
    from .pipeline import Choices, cast_options
    from .script.builder import build_script as build

    settings = _settings(settings)
    return build(article, settings.script_options(cast_options(settings, Choices()).pauses()))


def speak(text: str, voice: str | None = None, speed: float | None = None, settings: Settings | None = None) -> AudioSegment:
    """``text`` read as an episode reads it (the show's normalization and lexicon), as a
    :class:`pydub.AudioSegment` to play, slice or export."""
    import warnings

    from .audio import ffmpeg_exe
    from .pipeline import Choices
    from .pipeline import speak as speak_pcm

    _, pcm, rate = speak_pcm(text, _settings(settings), Choices(voice=voice, speed=speed))
    with warnings.catch_warnings():  # pydub warns at import when no ffmpeg is on PATH
        warnings.simplefilter("ignore")  # and audioop's deprecation on Python 3.12
        from pydub import AudioSegment
    AudioSegment.converter = ffmpeg_exe()  # export() uses the bundled ffmpeg when there is no other
    return AudioSegment(data=pcm.astype("<i2").tobytes(), sample_width=2, frame_rate=rate, channels=1)


def publish(
    sources: list[str | Path],
    out: str | Path = "output",
    voice: str | None = None,
    speed: float | None = None,
    settings: Settings | None = None,
) -> list[Episode]:
    """Publish each source (article file or URL, or an edited script JSON) as an episode of the
    show in ``out``: the MP3, transcripts and chapters, the catalog and ``feed.xml``."""
    from .pipeline import Choices
    from .pipeline import publish as run

    done = run([str(s) for s in sources], Path(out), _settings(settings), Choices(voice=voice, speed=speed))
    return [result.episode for result in done.results]
