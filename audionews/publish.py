"""The publisher: source -> script -> audio -> episode files -> catalog -> feed.xml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .episode import chapters, mastering, tags, transcript
from .podcast.artwork import ensure_artwork
from .audio import Loudness
from .fsutil import atomic_write_text
from .episode.mastering import AudioOptions
from .podcast.layout import (
    CHAPTERS_JSON, FEED_NAME, SCRIPT_JSON, TRANSCRIPT_HTML, TRANSCRIPT_SRT, TRANSCRIPT_VTT, episode_key, slugify,
)
from .model import Episode, Script
from .podcast.output import STAGED_AUDIO, Output, article_date, now_iso
from .script.builder import to_json
from .podcast.show import Show
from .speech.synthesizer import Synthesizer

@dataclass
class PublishResult:
    episode: Episode
    audio_path: Path
    feed_path: Path
    loudness: Loudness  # measured on the published MP3


def publish_script(
    script: Script, out_dir: Path, synth: Synthesizer, show: Show, audio_options: AudioOptions | None = None
) -> PublishResult:
    """Render and master into a staging folder (no lock held), then commit it to the output."""
    output = Output(out_dir, show)
    key = episode_key(script)
    with output.staging() as stage:
        rendered = synth.render(script, script.language or show.language)
        staged_audio = stage / STAGED_AUDIO
        master = mastering.master(rendered, staged_audio, audio_options, cache=synth.cache)
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
            cover=out_dir / ensure_artwork(show, out_dir),
        )  # fmt: skip
        tags.write_tags(staged_audio, episode_tags, chapter_list)
        # Cues are timed on the speech itself, then moved past whatever plays before it.
        atomic_write_text(stage / TRANSCRIPT_VTT, transcript.to_vtt(script, rendered, master.speech_offset))
        atomic_write_text(stage / TRANSCRIPT_SRT, transcript.to_srt(script, rendered, master.speech_offset))
        atomic_write_text(stage / TRANSCRIPT_HTML, transcript.to_html(script, timed, chapter_list))
        atomic_write_text(stage / CHAPTERS_JSON, chapters.to_json(chapter_list, script.title))
        atomic_write_text(stage / SCRIPT_JSON, to_json(script))
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
            ),
        )
    return PublishResult(episode, output.audio_path(episode), out_dir / FEED_NAME, master.loudness)
