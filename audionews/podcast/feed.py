"""feed.xml from the catalog: RSS 2.0 with Apple's tags and the Podcasting 2.0 namespace.

The feed is built from the catalog *and* the files on disk: an episode whose MP3 is missing is
left out, enclosure lengths are the files' sizes now, and transcripts and chapters are linked only
when present. So whatever state a crash left behind, ``audionews feed`` writes a feed that points
only at files that exist.

Nor can one bad catalog row wedge the feed: every text written is cleaned
(:func:`audionews.sanitize.clean_text`), and an episode that still cannot be written (a date
edited by hand into nonsense, say) is named in a warning and left out; the rest is written.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, fields, replace
from datetime import datetime, timezone
from pathlib import Path

from feedgen.feed import FeedGenerator

from . import namespace as feedext
from .layout import CHAPTERS_JSON, FEED_NAME, PAGE_NAME, TRANSCRIPT_HTML, TRANSCRIPT_SRT, TRANSCRIPT_VTT
from ..version import __version__
from ..fsutil import atomic_write_bytes
from ..model import Episode
from ..sanitize import clean_text
from .notes import show_notes
from .show import Show

log = logging.getLogger("audionews")

FEED_TYPE = "application/rss+xml"
# The episode folder's companions (layout contract in DESIGN.md) and how the feed types them.
# Timed transcripts are captions; the HTML one is a page to read.
TRANSCRIPTS = (
    (TRANSCRIPT_VTT, "text/vtt", "captions"),
    (TRANSCRIPT_SRT, "application/x-subrip", "captions"),
    (TRANSCRIPT_HTML, "text/html", ""),
)
CHAPTERS = (CHAPTERS_JSON, "application/json+chapters")
TRANSCRIPT_PAGE = TRANSCRIPT_HTML


def episode_path(slug: str) -> str:
    """The MP3's path relative to the output folder (the layout contract)."""
    return f"episodes/{slug}/{slug}.mp3"


def enclosure_path(episode: Episode) -> str:
    """The MP3's URL path: its file, and a digest of what it says (``?v=``), so an app or a
    cache that holds the old audio sees a new URL when, and only when, the audio changed.
    An episode from before audionews kept the digest keeps its plain URL."""
    path = episode_path(episode.slug)
    return f"{path}?v={episode.audio}" if episode.audio else path


@dataclass
class FeedInfo:
    """What the feed needs beyond the show settings, decided by the publisher."""

    podcast_guid: str
    artwork: str  # path of the cover relative to the output folder


def parse_date(value: str) -> datetime:
    """An episode's stored ISO 8601 date as an aware datetime (UTC when it has no zone)."""
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def build_feed(
    show: Show, episodes: list[Episode], out_dir: Path, info: FeedInfo
) -> tuple[bytes, list[Episode]]:
    """feed.xml, and the episodes it lists, newest first: a row it cannot write (no MP3, no
    date, a value XML refuses) is left out with a warning, and the rest written."""
    show = _cleaned(show)
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension(
        feedext.NAME, feedext.PodcastIndexExtension, feedext.PodcastIndexEntryExtension
    )
    fg.title(show.title)
    fg.description(show.description)
    # feedgen writes the *last* link's href as the channel <link>: the self link goes first.
    fg.link(href=show.url(FEED_NAME), rel="self", type=FEED_TYPE)
    fg.link(href=show.site, rel="alternate")
    fg.language(show.language)
    fg.copyright(show.rights)
    fg.generator(f"audionews {__version__}")
    cover = show.url(info.artwork)
    fg.image(url=cover, title=show.title, link=show.site)
    fg.podcast.itunes_image(cover)
    fg.podcast.itunes_author(show.author)
    fg.podcast.itunes_category(
        {"cat": show.category, "sub": show.subcategory} if show.subcategory else {"cat": show.category}
    )
    if show.email:
        fg.podcast.itunes_owner(name=show.author, email=show.email)
    fg.podcast.itunes_type(show.type)
    fg.podcastindex.guid = info.podcast_guid
    fg.podcastindex.locked = show.locked
    fg.podcastindex.locked_owner = show.email
    fg.podcastindex.explicit = show.explicit
    fg.podcastindex.new_feed_url = show.new_feed_url
    fg.podcastindex.block = show.block
    fg.podcastindex.complete = show.complete

    listed = [_cleaned(e) for e in episodes if _present(out_dir, e)]
    listed = [e for e in listed if _dated(e)]
    listed.sort(key=lambda e: (parse_date(e.pub_date), e.key), reverse=True)
    written = []
    for episode in listed:
        entry = fg.add_entry(order="append")
        try:
            _add_item(entry, show, episode, out_dir)
            entry.rss_entry()  # builds the item's XML now: a value lxml refuses shows up here
        except (ValueError, TypeError, OSError) as error:
            fg.remove_entry(entry)
            _left_out(episode, f"it cannot be written ({error})")
        else:
            written.append(episode)
    listed = written
    # Deterministic, so rebuilding an unchanged catalog gives the same bytes.
    fg.lastBuildDate(parse_date(listed[0].pub_date) if listed else datetime(2000, 1, 1, tzinfo=timezone.utc))
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True), listed


def _present(out_dir: Path, episode: Episode) -> bool:
    if (out_dir / episode_path(episode.slug)).is_file():
        return True
    log.warning("%s: its MP3 is missing; left out of the feed.", episode.slug)
    return False


def _cleaned(item):
    """A copy of a Show or Episode whose text fields carry only what XML 1.0 can."""
    return replace(item, **{
        f.name: clean_text(value) for f in fields(item) if isinstance(value := getattr(item, f.name), str)
    })  # fmt: skip


def _dated(episode: Episode) -> bool:
    try:
        parse_date(episode.pub_date)
    except (TypeError, ValueError) as error:
        _left_out(episode, f"its date {episode.pub_date!r} is not ISO 8601 ({error})")
        return False
    return True


def _left_out(episode: Episode, why: str) -> None:
    log.warning(
        "episode %s (key %r): %s; left out of the feed, the rest written. Publish its article "
        "again, or remove it with 'audionews remove %s'.",
        episode.slug, episode.key, why, episode.key,
    )  # fmt: skip


def _add_item(entry, show: Show, episode: Episode, out_dir: Path) -> None:
    folder = f"episodes/{episode.slug}"
    audio = out_dir / episode_path(episode.slug)
    entry.title(episode.title)
    entry.guid(episode.guid, permalink=False)
    entry.pubDate(parse_date(episode.pub_date))
    # The source article; without one, the episode's page (or, in an older folder, its transcript).
    pages = [name for name in (PAGE_NAME, TRANSCRIPT_PAGE) if (out_dir / folder / name).is_file()]
    link = episode.link or (show.url(f"{folder}/{pages[0]}") if pages else "")
    if link:
        entry.link(href=link)
    # The length is the file's size now, never None: feedgen would write length="None".
    entry.enclosure(show.url(enclosure_path(episode)), str(audio.stat().st_size), "audio/mpeg")
    entry.podcast.itunes_duration(max(1, round(episode.duration)))
    entry.podcast.itunes_episode_type("full")
    entry.podcastindex.explicit = show.explicit
    for name, mime, rel in TRANSCRIPTS:
        if (out_dir / folder / name).is_file():
            entry.podcastindex.transcripts.append(
                feedext.Link(show.url(f"{folder}/{name}"), mime, rel=rel, language=episode.language)
            )
    name, mime = CHAPTERS
    if (out_dir / folder / name).is_file():
        entry.podcastindex.chapters = feedext.Link(show.url(f"{folder}/{name}"), mime)
        entry.podcastindex.marks = read_chapters(out_dir / folder / name)
    notes = show_notes(episode, entry.podcastindex.marks, show.disclosed(episode.narrators))
    entry.description(notes.text)
    entry.content(notes.html, type="CDATA")
    if episode.author:
        entry.podcast.itunes_author(episode.author)
        entry.podcastindex.persons.append(feedext.Person(episode.author, "writing", "author"))
    for voice in filter(None, (v.strip() for v in episode.narrators.split(","))):
        entry.podcastindex.persons.append(feedext.Person(voice, "cast", "narrator"))


def read_chapters(path: Path) -> list[feedext.Mark]:
    """The chapters of an episode's chapters.json, for psc:chapters; none when it cannot be read
    (the item is written without them, and the JSON link stays)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return [
            feedext.Mark(float(c["startTime"]), clean_text(str(c["title"])), clean_text(str(c.get("url") or "")))
            for c in document["chapters"]
        ]
    except (OSError, ValueError, TypeError, KeyError) as error:
        log.warning("%s: its chapters cannot be read (%s); psc:chapters left out.", path, error)
        return []


def write_feed(out_dir: Path, show: Show, episodes: list[Episode], info: FeedInfo) -> list[Episode]:
    """Write feed.xml; returns the episodes it lists (the web edition's front page lists them too)."""
    xml, listed = build_feed(show, episodes, out_dir, info)
    atomic_write_bytes(out_dir / FEED_NAME, xml)
    return listed
