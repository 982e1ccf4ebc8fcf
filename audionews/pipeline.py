"""The wiring of the pipeline: source -> Article -> Script -> Rendered -> episode files ->
catalog -> feed.xml, for ``publish``, ``say`` and ``ingest``.

The command line and the Python API both call these functions with the settings (read once, see
settings.py) and a producer's :class:`Choices` for the run; no stage imports this module.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .episode import book, chapters, mastering, tags, transcript
from .podcast.artwork import ensure_artwork
from .audio import Loudness
from .fsutil import atomic_write_text
from .episode.book import BookOptions
from .episode.mastering import AudioOptions
from .podcast.layout import (
    CHAPTERS_JSON, FEED_NAME, PAGE_NAME, SCRIPT_JSON, TRANSCRIPT_HTML, TRANSCRIPT_SRT, TRANSCRIPT_VTT,
    articles_id, byline_name, episode_key, slugify,
)
from .model import Episode, Script
from .progress import FEED, MASTERING, READING, SILENT, SPEAKING, WRITING, Progress
from .normalize import Normalizer
from .newsfeed.ingester import IngestOptions, IngestReport, Listener
from .podcast.output import STAGED_AUDIO, Output, article_date, now_iso
from .script.builder import to_json
from .podcast import web
from .podcast.show import Show
from .settings import Settings
from .speech.cast import Cast, CastOptions
from .speech.synthesizer import RenderStats, Synthesizer

if TYPE_CHECKING:
    from .check.gate import Gate

@dataclass
class PublishResult:
    episode: Episode
    audio_path: Path
    feed_path: Path
    loudness: Loudness  # measured on the published MP3
    remastered: Loudness | None = None  # what the live master reached when it missed the target


def publish_script(
    script: Script,
    out_dir: Path,
    synth: Synthesizer,
    show: Show,
    audio_options: AudioOptions | None = None,
    before_commit: Callable[[Path, Script], None] | None = None,
    normalizer: Normalizer | None = None,
    book_options: BookOptions | None = None,
    progress: Progress = SILENT,
) -> PublishResult:
    """Render and master into a staging folder (no lock held), then commit it to the output.
    The edition is mastered while it is spoken (a :class:`~.mastering.LiveMaster`), and the
    work that needs no audio is done meanwhile.

    ``before_commit(stage, script)`` sees the finished episode folder before it is committed
    (the listening check); raising an error there keeps the episode out of the feed.
    ``normalizer`` is the one the script was read with (the show's lexicon): captions, pages and
    the talking book follow it back from the spoken words to the written ones.
    """
    book_options = book_options or BookOptions()
    output = Output(out_dir, show)
    key = episode_key(script)
    language = script.language or show.language
    progress.episode(script.title)
    with output.staging() as stage:
        staged_audio = stage / STAGED_AUDIO
        live = mastering.LiveMaster(staged_audio, audio_options, synth.cache, *synth.voices(script, language))
        side = ThreadPoolExecutor(max_workers=1)
        meanwhile = side.submit(_without_audio, script, stage, show, out_dir)
        side.shutdown(wait=False)
        synth.progress = progress
        progress.begin(SPEAKING)
        rendered = synth.render(script, language, sink=live)
        progress.end(SPEAKING)
        progress.begin(MASTERING)
        master = live.finish(rendered)
        progress.end(MASTERING)
        progress.begin(WRITING)
        cover = meanwhile.result()
        timed = master.timed  # the timeline of the file: output rate, after any intro
        chapter_list = chapters.script_chapters(script, timed)
        paragraphs = [s.source_text for s in script.segments if s.role == "paragraph"]
        summary = paragraphs[0] if paragraphs else script.title
        if script.parts:  # an edition: say what is in it, not how its first article begins
            summary = f"{len(script.parts)} articles: " + "; ".join(p.title for p in script.parts) + "."
        description = "\n\n".join([summary, "\n".join(chapters.description_lines(chapter_list))])
        previous = output.catalog.get(key)
        episode_tags = tags.EpisodeTags(
            title=script.title, artist=show.author, album=show.title,
            date=article_date(script.date) or (previous.pub_date if previous else now_iso()),
            description=description, language=script.language or show.language, url=script.url,
            cover=cover,
        )  # fmt: skip
        tags.write_tags(staged_audio, episode_tags, chapter_list)
        # Cues are timed on the speech itself, then moved past whatever plays before it.
        offset = master.speech_offset
        atomic_write_text(stage / TRANSCRIPT_VTT, transcript.to_vtt(script, rendered, offset, normalizer))
        atomic_write_text(stage / TRANSCRIPT_SRT, transcript.to_srt(script, rendered, offset, normalizer))
        atomic_write_text(stage / CHAPTERS_JSON, chapters.to_json(chapter_list, script.title))
        progress.end(WRITING)
        if before_commit is not None:
            before_commit(stage, script)

        def finish(folder: Path, episode: Episode) -> None:
            """The files that name the episode's slug or guid, written once the catalog gave them."""
            audio = f"{episode.slug}.mp3"
            atomic_write_text(folder / TRANSCRIPT_HTML, transcript.to_html(script, timed, audio, normalizer))
            companions = {"vtt": TRANSCRIPT_VTT, "srt": TRANSCRIPT_SRT}
            if book_options.epub:
                info = book.book_info(episode, show.author, show.title)
                book.write_epub(folder / book.STAGED_BOOK, script, timed, staged_audio, info, normalizer)
                companions["epub"] = f"{episode.slug}.epub"
            page = web.episode_html(show, episode, script, timed, chapter_list, companions, normalizer)
            atomic_write_text(folder / PAGE_NAME, page)

        progress.begin(FEED)
        episode = output.commit(
            stage,
            Episode(
                key=key,
                guid="",
                slug=slugify(script.title),
                title=script.title,
                description=description,
                pub_date=article_date(script.date),
                duration=timed.duration,
                size=0,
                link=script.url,
                language=script.language,
                audio=mastering.audio_id(rendered, audio_options),
                articles=articles_id(script),
                author=byline_name(script.byline),
                narrators=", ".join(rendered.voices),
            ),
            finish,
        )
        progress.end(FEED)
    remastered = live.missed
    return PublishResult(episode, output.audio_path(episode), out_dir / FEED_NAME, master.loudness, remastered)


def _without_audio(script: Script, stage: Path, show: Show, out_dir: Path) -> Path:
    """What an episode needs that does not depend on its audio, made while it is spoken: the
    script JSON and the show's cover (returns the cover's path)."""
    atomic_write_text(stage / SCRIPT_JSON, to_json(script))
    return out_dir / ensure_artwork(show, out_dir)




@dataclass
class Choices:
    """What a producer picks for one run on top of the settings: the command line's options, or
    the Python API's arguments. ``None`` leaves the settings' choice."""

    voice: str | None = None  # the narrator, else [cast] voice
    engine: str | None = None  # every part with this engine's voice
    speed: float | None = None  # the listener's pace
    fallback_offline: bool = False  # an unreachable online voice: the offline one stands in
    fmt: str | None = None  # the sources' format, else detected
    timeout: float | None = None  # seconds to wait for a URL, else $AUDIONEWS_TIMEOUT, else 20
    no_cache: bool = False  # speak every sentence again


def cast_options(settings: Settings, choices: Choices) -> CastOptions:
    """The [cast] table with the run's choices on top."""
    return settings.cast.override(choices.voice, choices.engine, choices.speed, choices.fallback_offline or None)


def load_script(source: str, settings: Settings, choices: Choices, pauses: dict[str, int] | None = None) -> Script:
    """A source's script: its article built with the [narration] options, or a Script JSON as it is."""
    from .script.builder import script_for

    return script_for(source, choices.fmt, settings.script_options(pauses), choices.timeout or settings.env.timeout)


@dataclass
class PublishRun:
    results: list[PublishResult] = field(default_factory=list)
    stats: RenderStats = field(default_factory=RenderStats)  # sentences spoken, and from the cache
    refused: list[str] = field(default_factory=list)  # why the listening check kept an episode out


def publish(
    sources: list[str],
    out: Path,
    settings: Settings,
    choices: Choices | None = None,
    on_published: Callable[[PublishResult], None] | None = None,
    gate: Gate | None = None,
    progress: Progress = SILENT,
) -> PublishRun:
    """Publish each source as an episode of the show in ``out``. Every source is read and
    checked before anything is spoken; ``on_published`` hears of each episode as it lands.
    ``gate``: the listening check (``--check``), which hears each episode before it is
    committed; one it refuses is left out (``run.refused``) and the others still publish.
    ``progress`` hears of each stage and sentence (the command line's bar)."""
    choices = choices or Choices()
    cast = cast_options(settings, choices)
    progress.begin(READING)
    scripts = [load_script(source, settings, choices, cast.pauses()) for source in sources]
    progress.end(READING)
    run = PublishRun()
    refusal: tuple[type[Exception], ...] = ()
    if gate is not None:
        from .check.gate import CheckFailed

        refusal = (CheckFailed,)
    cache = None if choices.no_cache else settings.env.cache()
    with Synthesizer(Cast(cast), cache=cache, jobs=settings.env.jobs) as synth:
        for script in scripts:
            try:
                result = publish_script(
                    script, out, synth, settings.show, settings.audio, before_commit=gate,
                    normalizer=settings.narration.normalizer, book_options=settings.book, progress=progress,
                )  # fmt: skip
            except refusal as error:
                run.refused.append(str(error))
                continue
            if gate is not None:
                gate.published(result.audio_path)
            run.results.append(result)
            if on_published:
                on_published(result)
    run.stats = synth.stats
    return run


def speak(text: str, settings: Settings, choices: Choices | None = None) -> tuple[str, np.ndarray, int]:
    """``text`` read as an episode reads it (the show's normalization and lexicon, the cast's
    voice): the spoken form, its int16 samples and their rate."""
    from .errors import InputError
    from .normalize import default_normalizer

    choices = choices or Choices()
    if not text.strip():
        raise InputError("say: the text is empty. Give the words to speak in quotes.")
    cast = Cast(cast_options(settings, choices))
    # A voice named by the producer speaks its own language; otherwise the show's.
    voicing = cast.voicing(None, None, None if choices.voice else settings.show.language)
    spoken = (settings.narration.normalizer or default_normalizer())(text, voicing.profile.language)
    pcm, rate = Synthesizer(cast, jobs=settings.env.jobs).speak(spoken, voicing)
    return spoken, pcm, rate


def say(text: str, output: Path, settings: Settings, choices: Choices | None = None) -> tuple[str, float]:
    """Speak ``text`` into ``output`` (.wav or .mp3); returns the spoken form and the duration."""
    from . import audio
    from .errors import InputError

    suffix = output.suffix.lower()
    if suffix not in (".wav", ".mp3"):
        raise InputError(f"{output}: unknown audio type {suffix!r}. Name the file .wav or .mp3.")
    spoken, pcm, rate = speak(text, settings, choices)
    rendered = audio.join([[pcm]], [0], rate)
    (audio.write_wav if suffix == ".wav" else audio.encode_mp3)(rendered, output)
    return spoken, rendered.duration


def ingest(
    source: str,
    out: Path,
    options: IngestOptions,
    settings: Settings,
    choices: Choices | None = None,
    listener: Listener | None = None,
    retries: int | None = None,
    gate: Gate | None = None,
    progress: Progress = SILENT,
) -> IngestReport:
    """Read a site's feed and publish what is new or changed (one episode an article, or one
    edition); the speech engines start only when something needs speaking. ``gate``: the
    listening check each episode passes before it is committed (``--check``); a refused one is
    a failed item."""
    from contextlib import ExitStack

    from .newsfeed.ingester import Ingester
    from .newsfeed.reader import read_feed
    from .script.builder import build_script
    from .sources.fetch import RETRIES, TIMEOUT, Fetcher

    choices = choices or Choices()
    cast = cast_options(settings, choices)
    script_options = settings.script_options(cast.pauses())
    options.show_title = settings.show.title
    options.edition = settings.edition
    options.normalizer = script_options.normalizer
    timeout = choices.timeout or settings.env.timeout or TIMEOUT
    fetcher = Fetcher(timeout=timeout, retries=RETRIES if retries is None else retries)
    with ExitStack() as stack:
        synth: list[Synthesizer] = []  # started on the first publish: an unchanged run needs none

        def publish_one(script: Script) -> Path:
            if not synth:
                cache = None if choices.no_cache else settings.env.cache()
                synth.append(stack.enter_context(Synthesizer(Cast(cast), cache=cache, jobs=settings.env.jobs)))
            result = publish_script(
                script, out, synth[0], settings.show, settings.audio, before_commit=gate,
                normalizer=script_options.normalizer, book_options=settings.book, progress=progress,
            )  # fmt: skip
            if gate is not None:
                gate.published(result.audio_path)
            return result.audio_path

        ingester = Ingester(out, publish_one, lambda article: build_script(article, script_options), fetcher)
        feed = read_feed(source, fetcher, ingester.state)
        return ingester.run(feed, options, listener)
