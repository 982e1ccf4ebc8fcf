"""Chapters: where a listener can jump to, from the script and the mastered timeline.

An article gives one chapter for its headline and lead, then one per section, titled with the
section's heading. :class:`Chapter` nests (``children``) so an edition of several articles can
become a tree, edition > articles > sections: ID3 writes it as CTOC frames (see tags.py),
Podcasting 2.0 JSON and the episode description get its leaves in order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..model import Script, Timed

JSON_CHAPTERS_VERSION = "1.2.0"


@dataclass
class Chapter:
    title: str
    start: float  # seconds from the start of the file
    end: float
    children: list[Chapter] = field(default_factory=list)
    url: str = ""

    def leaves(self) -> Iterator[Chapter]:
        if not self.children:
            yield self
        for child in self.children:
            yield from child.leaves()


def article_chapters(script: Script, rendered: Timed, start: float = 0.0, end: float | None = None) -> list[Chapter]:
    """Headline and lead from ``start`` (the file's start: intro music and show intro belong
    to it), then each section from its heading's first spoken sample, until ``end``."""
    rate = rendered.sample_rate
    end = rendered.duration if end is None else end
    chapters = [Chapter(script.title, start, end, url=script.url)]
    for segment, timing in zip(script.segments, rendered.timeline, strict=True):
        at = timing.start / rate
        if segment.role == "heading" and chapters[-1].start < at < end:
            chapters[-1].end = at
            chapters.append(Chapter(segment.source_text or segment.text, at, end))
    return chapters


def script_chapters(script: Script, rendered: Timed) -> list[Chapter]:
    """The chapters of a script: an article's (headline and lead, sections), or for an edition
    of several articles (``script.parts``) one tree: edition > articles > sections."""
    if not script.parts:
        return article_chapters(script, rendered)
    rate, end = rendered.sample_rate, rendered.duration
    bounds = [part.start for part in script.parts] + [len(script.segments)]
    starts = [rendered.timeline[index].start / rate for index in bounds[:-1]] + [end]
    # The edition's own introduction, before the first article, is a chapter of its own.
    children = [Chapter(script.title, 0.0, starts[0])] if starts[0] > 0 else []
    for number, part in enumerate(script.parts):
        first, last = bounds[number], bounds[number + 1]
        piece = Script(part.title, script.segments[first:last], url=part.url)
        timed = Timed(rate, rendered.timeline[first:last], rendered.samples)
        sections = article_chapters(piece, timed, starts[number], starts[number + 1])
        node = Chapter(part.title, starts[number], starts[number + 1], url=part.url)
        if len(sections) > 1:  # an article without sections is one chapter, not a tree of one
            node.children = sections
        children.append(node)
    return [Chapter(script.title, 0.0, end, children=children)]


def leaves(chapters: list[Chapter]) -> list[Chapter]:
    return [leaf for chapter in chapters for leaf in chapter.leaves()]


def to_json(chapters: list[Chapter], title: str = "") -> str:
    """Podcasting 2.0 JSON chapters (``chapters.json``), version 1.2.0."""
    items = []
    for leaf in leaves(chapters):
        item: dict[str, object] = {
            "startTime": round(leaf.start, 3),
            "endTime": round(leaf.end, 3),
            "title": leaf.title,
        }
        if leaf.url:
            item["url"] = leaf.url
        items.append(item)
    document: dict[str, object] = {"version": JSON_CHAPTERS_VERSION}
    if title:
        document["title"] = title
    document["chapters"] = items
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def stamp(seconds: float) -> str:
    """mm:ss, or h:mm:ss from an hour on: the form podcast apps turn into links."""
    whole = int(round(seconds, 3))  # the same instant chapters.json gives, to the millisecond
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def description_lines(chapters: list[Chapter]) -> list[str]:
    """``Chapters:`` then one ``mm:ss Title`` line per chapter, for the episode description."""
    return ["Chapters:", *(f"{stamp(leaf.start)} {leaf.title}" for leaf in leaves(chapters))]
