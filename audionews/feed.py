"""feed.xml from the catalog, with feedgen and its podcast extension."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from feedgen.feed import FeedGenerator

from .fsutil import atomic_write_bytes
from .model import Episode
from .settings import Show

FEED_NAME = "feed.xml"


def episode_path(slug: str) -> str:
    """The MP3's path relative to the output folder (the layout contract)."""
    return f"episodes/{slug}/{slug}.mp3"


def build_feed(show: Show, episodes: list[Episode]) -> bytes:
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.title(show.title)
    fg.description(show.description)
    fg.link(href=show.link or show.base_url, rel="alternate")
    fg.link(href=show.url(FEED_NAME), rel="self", type="application/rss+xml")
    fg.language(show.language)
    fg.podcast.itunes_author(show.author)
    fg.podcast.itunes_category(show.category)
    fg.podcast.itunes_explicit("yes" if show.explicit else "no")
    for episode in sorted(episodes, key=lambda e: (e.pub_date, e.key)):
        entry = fg.add_entry()
        entry.title(episode.title)
        entry.guid(episode.guid, permalink=False)
        entry.description(episode.description)
        entry.pubDate(datetime.fromisoformat(episode.pub_date))
        if episode.link:
            entry.link(href=episode.link)
        entry.enclosure(show.url(episode_path(episode.slug)), str(episode.size), "audio/mpeg")
        entry.podcast.itunes_duration(round(episode.duration))
    return fg.rss_str(pretty=True)


def write_feed(out_dir: Path, show: Show, episodes: list[Episode]) -> Path:
    path = out_dir / FEED_NAME
    atomic_write_bytes(path, build_feed(show, episodes))
    return path
