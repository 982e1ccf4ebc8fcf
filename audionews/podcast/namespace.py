"""A feedgen extension for the Podcasting 2.0 namespace, plus Apple's explicit true/false.

feedgen's own podcast (iTunes) extension only writes ``itunes:explicit`` as yes/no/clean, which
Apple has replaced with true/false, so this extension writes that tag too (and feed.py never sets
feedgen's). Register it with ``fg.register_extension(NAME, PodcastIndexExtension,
PodcastIndexEntryExtension)``; then set ``fg.podcastindex.<field>`` and
``entry.podcastindex.<field>``.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml.etree import SubElement

NAME = "podcastindex"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PSC_NS = "http://podlove.org/simple-chapters"  # Podlove Simple Chapters, what gPodder reads
PSC_VERSION = "1.2"
# The namespace the Podcasting 2.0 spec fixes for podcast:guid's UUIDv5.
GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def podcast_guid(feed_url: str) -> str:
    """podcast:guid per the spec: UUIDv5 of the feed URL without its scheme and trailing slashes."""
    bare = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", feed_url.strip()).rstrip("/")
    return str(uuid.uuid5(GUID_NAMESPACE, bare))


def _explicit(parent, value: bool | None) -> None:
    if value is not None:
        SubElement(parent, f"{{{ITUNES_NS}}}explicit").text = "true" if value else "false"


@dataclass
class Mark:
    """A chapter as Podlove Simple Chapters gives it: where it starts, its title, its link."""

    start: float  # seconds
    title: str
    href: str = ""


def npt(seconds: float) -> str:
    """Normal play time as Podlove wants it: HH:MM:SS.mmm."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


@dataclass
class Person:
    """podcast:person: who made the episode (taxonomy groups and roles of the namespace)."""

    name: str
    group: str  # "writing", "cast", ...
    role: str  # "author", "narrator", ...


@dataclass
class Link:
    url: str
    type: str
    rel: str = ""
    language: str = ""


class PodcastIndexExtension(BaseExtension):
    """Channel level: podcast:guid, podcast:locked, itunes:explicit true/false, and moving or
    ending a show: itunes:new-feed-url, itunes:block, itunes:complete."""

    def __init__(self) -> None:
        self.guid: str = ""
        self.locked: bool | None = None
        self.locked_owner: str = ""
        self.explicit: bool | None = None
        self.new_feed_url: str = ""
        self.block = False
        self.complete = False

    def extend_ns(self) -> dict[str, str]:
        # feedgen declares namespaces from channel-level extensions only: psc is the items'.
        return {"podcast": PODCAST_NS, "itunes": ITUNES_NS, "psc": PSC_NS}

    def extend_rss(self, feed):
        channel = feed[0]
        if self.guid:
            SubElement(channel, f"{{{PODCAST_NS}}}guid").text = self.guid
        if self.locked is not None:
            locked = SubElement(channel, f"{{{PODCAST_NS}}}locked")
            locked.text = "yes" if self.locked else "no"
            if self.locked_owner:
                locked.attrib["owner"] = self.locked_owner
        _explicit(channel, self.explicit)
        if self.new_feed_url:
            SubElement(channel, f"{{{ITUNES_NS}}}new-feed-url").text = self.new_feed_url
        # Apple reads only "Yes" in these two; any other value is as if the tag were absent.
        if self.block:
            SubElement(channel, f"{{{ITUNES_NS}}}block").text = "Yes"
        if self.complete:
            SubElement(channel, f"{{{ITUNES_NS}}}complete").text = "Yes"
        return feed


class PodcastIndexEntryExtension(BaseEntryExtension):
    """Item level: podcast:transcript (several), podcast:chapters and psc:chapters, podcast:person,
    itunes:explicit true/false."""

    def __init__(self) -> None:
        self.transcripts: list[Link] = []
        self.chapters: Link | None = None
        self.marks: list[Mark] = []  # the same chapters inline, as psc:chapters
        self.persons: list[Person] = []
        self.explicit: bool | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS, "itunes": ITUNES_NS, "psc": PSC_NS}

    def extend_rss(self, entry):
        for transcript in self.transcripts:
            element = SubElement(entry, f"{{{PODCAST_NS}}}transcript", url=transcript.url, type=transcript.type)
            if transcript.language:
                element.attrib["language"] = transcript.language
            if transcript.rel:
                element.attrib["rel"] = transcript.rel
        if self.chapters:
            SubElement(entry, f"{{{PODCAST_NS}}}chapters", url=self.chapters.url, type=self.chapters.type)
        for person in self.persons:
            SubElement(entry, f"{{{PODCAST_NS}}}person", group=person.group, role=person.role).text = person.name
        if self.marks:
            marks = SubElement(entry, f"{{{PSC_NS}}}chapters", version=PSC_VERSION)
            for mark in self.marks:
                chapter = SubElement(marks, f"{{{PSC_NS}}}chapter", start=npt(mark.start), title=mark.title)
                if mark.href:
                    chapter.attrib["href"] = mark.href
        _explicit(entry, self.explicit)
        return entry
