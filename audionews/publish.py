"""The publisher: source -> script -> audio -> episode files -> catalog -> feed.xml."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import audio, transcript
from .catalog import Catalog
from .feed import episode_path, write_feed
from .fsutil import atomic_write_text
from .model import Episode, Script
from .script import to_json
from .settings import Show
from .synth import Synthesizer

CATALOG_NAME = "catalog.sqlite"


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
    catalog = Catalog(out_dir / CATALOG_NAME)
    key = episode_key(script)
    previous = catalog.get(key)
    slug = previous.slug if previous else slugify(script.title)
    episode_dir = out_dir / "episodes" / slug

    rendered = synth.render(script, script.language or show.language)
    audio_path = out_dir / episode_path(slug)
    audio.encode_mp3(rendered, audio_path)
    atomic_write_text(episode_dir / "transcript.vtt", transcript.to_vtt(script, rendered))
    atomic_write_text(episode_dir / "transcript.srt", transcript.to_srt(script, rendered))
    atomic_write_text(episode_dir / "script.json", to_json(script))

    paragraphs = [s.source_text for s in script.segments if s.role == "paragraph"]
    episode = Episode(
        key=key,
        guid=previous.guid if previous else f"audionews:{slug}",
        slug=slug,
        title=script.title,
        description=paragraphs[0] if paragraphs else script.title,
        pub_date=script.date or (previous.pub_date if previous else _now()),
        duration=rendered.duration,
        size=audio_path.stat().st_size,
        link=script.url,
        language=script.language,
    )
    catalog.upsert(episode)
    feed_path = write_feed(out_dir, show, catalog.all())
    return PublishResult(episode, audio_path, feed_path)


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
