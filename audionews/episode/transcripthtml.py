"""The transcript as HTML: the article's written words under its headings, each heading and
paragraph with an id and a link to the moment the voice starts it.

The links are plain media fragments (``episode.mp3#t=32.10``), so without JavaScript a browser
opens the audio at that moment; the episode page's script makes the same links seek its own
player. A link shows its time ("Play from 00:32"; a paragraph's just "00:40"), followed by
words only a screen reader hears (": section Hours", ": play paragraph 3"), so every link
names a different place, and the time sits after a heading, not in its name.
Used by ``transcript.html`` and by the web edition's episode page (:mod:`..podcast.web`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from . import written
from .chapters import stamp
from ..model import Script, Segment, Timed
from ..normalize import Normalizer

esc = html.escape

# Shared look: a visually hidden class for words meant for screen readers, and the time links.
CSS = """\
.vh{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.seek{font-size:.85em;font-variant-numeric:tabular-nums;color:#1f4e8c;margin-right:.4em}
.play{margin:.2em 0 1em}
.announcement,.caption{font-style:italic}
.cue{font-style:normal;font-weight:600}
"""


@dataclass
class Item:
    """One block of the transcript in reading order."""

    kind: str  # part, heading, paragraph, quote, caption, byline, dateline, announcement, headline
    text: str  # as written (HTML-safe text is made when rendering)
    start: float  # seconds into the audio file
    cue: str = ""  # a caption's or quote's spoken cue ("Photo caption"), shown before it
    url: str = ""  # a part's source article
    number: int = 0  # a part's number in an edition


def outline(script: Script, timed: Timed, normalizer: Normalizer | None = None) -> list[Item]:
    """The script's blocks as a reader sees them, with where each starts in the audio file."""
    rate = timed.sample_rate
    parts = {part.start: (number, part) for number, part in enumerate(script.parts, start=1)}
    items: list[Item] = []
    for index, (segment, timing) in enumerate(zip(script.segments, timed.timeline, strict=True)):
        at = timing.start / rate
        if index in parts:
            number, part = parts[index]
            items.append(Item("part", part.title, at, url=part.url, number=number))
            if segment.role == "headline":
                continue  # its words are the part's heading ("Article n of N" is for the ear)
        role = segment.role
        kind = {"intro": "announcement", "outro": "announcement"}.get(role, role)
        items.append(Item(kind, shown_text(segment), at, cue=written.spoken_cue(segment, script.language or "en", normalizer)))
    return items


def shown_text(segment: Segment) -> str:
    """A segment as written; the show's own announcements, which have none, as said."""
    return " ".join((segment.source_text or segment.text).split())


def _slug(text: str, taken: set[str], prefix: str) -> str:
    base = prefix + (re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "part")
    name, count = base, 2
    while name in taken:
        name, count = f"{base}-{count}", count + 1
    taken.add(name)
    return name


def seek_link(audio: str, seconds: float, context: str, shown: str = "") -> str:
    """A link to ``seconds`` into ``audio``: ``shown`` and the time on screen, then ``context``
    for screen readers, so the link's name starts with what is seen (WCAG "label in name")."""
    return (
        f'<a class="seek" href="{esc(audio)}#t={seconds:.2f}" data-t="{seconds:.2f}">'
        f'{esc(shown)}{stamp(seconds)}<span class="vh">: {esc(context)}</span></a>'
    )


def body(items: list[Item], audio: str, level: int, skip_headline: bool = True) -> str:
    """The transcript's HTML. ``level`` is the heading level of an edition's articles, or of an
    article's sections (the page's own headings sit above). ``skip_headline``: the page's h1
    already is the headline."""
    out: list[str] = []
    taken: set[str] = set()
    in_part = False
    paragraph = 0
    editions = any(item.kind == "part" for item in items)
    section_level = level + 1 if editions else level
    for item in items:
        words = esc(item.text)
        if item.kind == "part":
            if in_part:
                out.append("</section>\n")
            ident = _slug(item.text, taken, "a-")
            link = f'<a href="{esc(item.url)}">Original article<span class="vh">: {words}</span></a>' if item.url else ""
            out.append(
                f'<section class="part" aria-labelledby="{ident}">\n'
                f'<h{level} id="{ident}">{words}</h{level}>\n'
                f'<p class="play">{seek_link(audio, item.start, f"article {item.number}, {item.text}", "Play from ")}'
                f"{' · ' + link if link else ''}</p>\n"
            )
            in_part = True
        elif item.kind == "heading":
            ident = _slug(item.text, taken, "s-")
            out.append(
                f'<h{section_level} id="{ident}">{words}</h{section_level}>\n'
                f'<p class="play">{seek_link(audio, item.start, f"section {item.text}", "Play from ")}</p>\n'
            )
        elif item.kind == "headline":
            if not skip_headline:
                out.append(f'<p class="headline">{seek_link(audio, item.start, "play the headline")} {words}</p>\n')
        elif item.kind == "announcement":
            if in_part and item is items[-1]:
                out.append("</section>\n")
                in_part = False
            out.append(f'<p class="announcement">{words}</p>\n')
        elif item.kind in ("byline", "dateline"):
            out.append(f'<p class="{item.kind}">{words}</p>\n')
        else:
            paragraph += 1
            ident = f"p-{paragraph}"
            link = seek_link(audio, item.start, f"play paragraph {paragraph}")
            cue = f'<span class="cue">{esc(item.cue)}:</span> ' if item.cue else ""
            if item.kind == "quote":
                out.append(f'<blockquote id="{ident}"><p>{link} {cue}{words}</p></blockquote>\n')
            else:
                css = ' class="caption"' if item.kind == "caption" else ""
                out.append(f'<p id="{ident}"{css}>{link} {cue}{words}</p>\n')
    if in_part:
        out.append("</section>\n")
    return "".join(out)
