"""The publisher: source -> script -> audio -> episode files -> catalog -> feed.xml."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import audio, transcript
from .feed import FEED_NAME
from .fsutil import atomic_write_text
from .model import Episode, Script
from .output import STAGED_AUDIO, Output, article_date
from .script import to_json
from .show import Show
from .synth import Synthesizer


def slugify(text: str, max_length: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "episode"


def episode_key(script: Script) -> str:
    """An article keeps its episode across re-publishes: its URL, else its headline."""
    return script.url or f"headline:{slugify(script.title, 200)}"


@dataclass
class PublishResult:
    episode: Episode
    audio_path: Path
    feed_path: Path


def publish_script(script: Script, out_dir: Path, synth: Synthesizer, show: Show) -> PublishResult:
    """Render into a staging folder (no lock held), then commit it to the output folder."""
    output = Output(out_dir, show)
    with output.staging() as stage:
        rendered = synth.render(script, script.language or show.language)
        audio.encode_mp3(rendered, stage / STAGED_AUDIO, cache=synth.cache)
        atomic_write_text(stage / "transcript.vtt", transcript.to_vtt(script, rendered))
        atomic_write_text(stage / "transcript.srt", transcript.to_srt(script, rendered))
        atomic_write_text(stage / "script.json", to_json(script))
        paragraphs = [s.source_text for s in script.segments if s.role == "paragraph"]
        episode = output.commit(
            stage,
            Episode(
                key=episode_key(script),
                guid="",
                slug=slugify(script.title),
                title=script.title,
                description=paragraphs[0] if paragraphs else script.title,
                pub_date=article_date(script.date),
                duration=rendered.duration,
                size=0,
                link=script.url,
                language=script.language,
            ),
        )
    return PublishResult(episode, output.audio_path(episode), out_dir / FEED_NAME)
