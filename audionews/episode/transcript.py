"""Transcripts from the render's timeline (not from ASR), so cue times match the audio.

A cue is a sentence, or a part of a long one: captions show at most two lines of about 65
characters. A long sentence is cut at clause or word boundaries into balanced parts; each cut
is timed by the share of characters before it, then moved to the quietest moment nearby in the
audio (the voice pauses at commas), so a cue starts when its words do. Cues are found on the
speech as rendered, before mastering, and moved by the length of whatever plays before it
(intro music): the mastered edition itself is never held in memory.
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass

import numpy as np

from .chapters import Chapter, stamp
from ..model import Rendered, Script, Timed

LINE_WIDTH = 65
# a cue should not end on a word that leans on the next one
_LEANING = frozenset("a an the to of and or but in on at by for with from as that than".split())
MAX_LINES = 2
SNAP_WINDOW_S = 0.3  # how far a cut may move to find a pause
SNAP_FRAME_S = 0.02  # the loudness of this much audio decides "quiet"


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str

    @property
    def lines(self) -> list[str]:
        return textwrap.wrap(self.text, LINE_WIDTH)


def fits(text: str) -> bool:
    return len(textwrap.wrap(text, LINE_WIDTH)) <= MAX_LINES


def split_text(text: str) -> list[str]:
    """``text`` in the fewest balanced parts that each fit a cue, cut after punctuation when it
    can, else between words."""
    words = text.split()
    if fits(text) or len(words) < 2:
        return [text]
    for count in range(2, len(words) + 1):
        parts = _balanced(words, count)
        if all(fits(part) for part in parts):
            return parts
    return words


def _balanced(words: list[str], count: int) -> list[str]:
    """Cut ``words`` into ``count`` parts near equal length, preferring cuts after , ; : -."""
    lengths = np.cumsum([len(word) + 1 for word in words])
    total = lengths[-1]
    cuts, previous = [], 0
    for number in range(1, count):
        target = total * number / count
        best, best_score = None, None
        for index in range(previous + 1, len(words) - (count - number) + 1):
            distance = abs(lengths[index - 1] - target)
            before = words[index - 1]
            score = distance - (LINE_WIDTH / 3 if re.search(r"[,;:\u2014-]$", before) else 0)
            score += LINE_WIDTH / 4 if before.lower() in _LEANING else 0
            if best_score is None or score < best_score:
                best, best_score = index, score
        cuts.append(best)
        previous = best
    bounds = [0, *cuts, len(words)]
    return [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:])]


def _quietest(pcm: np.ndarray | None, rate: int, around: float, low: float, high: float) -> float:
    """The start time of the quietest short frame within reach of ``around``, kept in (low, high)."""
    if pcm is None or len(pcm) == 0:
        return around
    frame = max(1, round(SNAP_FRAME_S * rate))
    first = max(round((around - SNAP_WINDOW_S) * rate), round(low * rate) + frame)
    last = min(round((around + SNAP_WINDOW_S) * rate), round(high * rate) - 2 * frame, len(pcm) - frame)
    if last <= first:
        return around
    window = np.abs(pcm[first : last + frame].astype(np.float32))
    energy = np.convolve(window, np.ones(frame, dtype=np.float32), mode="valid")
    quiet = int(np.argmin(energy))
    # a pause spans several frames: cut at its end, where the next words begin
    level = energy[quiet] * 1.5 + 1e-6
    while quiet + 1 < len(energy) and energy[quiet + 1] <= level:
        quiet += 1
    return (first + quiet + frame) / rate


def cues(script: Script, rendered: Rendered, offset: float = 0.0) -> list[Cue]:
    """One cue per spoken sentence, more for a sentence too long for two lines; ``offset`` is
    the seconds of audio that play before the speech."""
    rate = rendered.sample_rate
    pcm = rendered.pcm if rendered.pcm is not None and len(rendered.pcm) else None
    found: list[Cue] = []
    for segment, timing in zip(script.segments, rendered.timeline, strict=True):
        pieces = zip(timing.sentences, timing.texts) if timing.texts else [(timing, segment.text)]
        for piece, text in pieces:
            if piece.end <= piece.start:
                continue
            start, end = piece.start / rate, piece.end / rate
            parts = split_text(text)
            total = sum(len(part) + 1 for part in parts)
            cut_times, done = [start], 0
            for part in parts[:-1]:
                done += len(part) + 1
                guess = start + (end - start) * done / total
                cut_times.append(_quietest(pcm, rate, guess, cut_times[-1], end))
            cut_times.append(end)
            found.extend(
                Cue(a + offset, b + offset, part) for a, b, part in zip(cut_times, cut_times[1:], parts)
            )
    return found


def _stamp(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def to_vtt(script: Script, rendered: Rendered, offset: float = 0.0) -> str:
    lines = ["WEBVTT", ""]
    for cue in cues(script, rendered, offset):
        lines.append(f"{_stamp(cue.start, '.')} --> {_stamp(cue.end, '.')}")
        lines.extend(cue.lines)
        lines.append("")
    return "\n".join(lines)


def to_srt(script: Script, rendered: Rendered, offset: float = 0.0) -> str:
    lines: list[str] = []
    for number, cue in enumerate(cues(script, rendered, offset), start=1):
        lines.append(str(number))
        lines.append(f"{_stamp(cue.start, ',')} --> {_stamp(cue.end, ',')}")
        lines.extend(cue.lines)
        lines.append("")
    return "\n".join(lines)


_HTML_HEAD = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{max-width:40em;margin:2em auto;padding:0 1em;font:1.1em/1.6 system-ui,sans-serif}}
.time{{color:#555;font-size:.85em}}.announcement,figcaption{{font-style:italic}}</style>
</head>
<body>
<main>
<article>
"""


def _all_chapters(chapters: list[Chapter]) -> list[Chapter]:
    return [node for chapter in chapters for node in (chapter, *_all_chapters(chapter.children))]


def to_html(script: Script, rendered: Timed, chapters: list[Chapter]) -> str:
    """A readable transcript: the article's own words under its headings, each section with
    its time in the audio, and a link to the source article. An edition of several articles
    (``script.parts``) has its title as the one h1, each article as an h2 with its time and
    link, and the articles' sections as h3."""
    esc = html.escape
    rate = rendered.sample_rate
    times = {round(c.start * rate): c.start for c in _all_chapters(chapters)}

    def heading(level: int, words: str, sample: int) -> str:
        at = times.get(sample)
        time = f' <span class="time">({stamp(at)})</span>' if at is not None else ""
        return f"<h{level}>{words}{time}</h{level}>\n"

    def source_link(url: str) -> str:
        return f'<p><a href="{esc(url)}">Read the original article</a></p>\n' if url else ""

    parts = {part.start: part for part in script.parts}
    out = [_HTML_HEAD.format(lang=esc(script.language), title=esc(script.title))]
    if parts:
        out.append(f"<h1>{esc(script.title)}</h1>\n")
    in_part = False
    for index, (segment, timing) in enumerate(zip(script.segments, rendered.timeline, strict=True)):
        words = esc(segment.source_text or segment.text)
        if index in parts:
            part = parts[index]
            out.append("</section>\n" if in_part else "")
            out.append("<section>\n" + heading(2, esc(part.title), timing.start) + source_link(part.url))
            in_part = True
            if segment.role == "headline":
                continue  # its words are the heading just written ("Article n of N" is for the ear)
        if segment.role == "outro" and in_part:
            out.append("</section>\n")
            in_part = False
        if segment.role == "headline":
            out.append(f"<h1>{words}</h1>\n" + source_link(script.url))
        elif segment.role == "heading":
            out.append(heading(3 if parts else 2, words, timing.start))
        elif segment.role == "caption":
            out.append(f"<figure><figcaption>{words}</figcaption></figure>\n")
        elif segment.role == "quote":
            out.append(f"<blockquote><p>{words}</p></blockquote>\n")
        elif segment.role in ("intro", "outro"):
            out.append(f'<p class="announcement">{esc(segment.text)}</p>\n')
        elif segment.role in ("byline", "dateline"):
            out.append(f'<p class="{segment.role}">{words}</p>\n')
        else:
            out.append(f"<p>{words}</p>\n")
    out.append("</section>\n" if in_part else "")
    out.append("</article>\n</main>\n</body>\n</html>\n")
    return "".join(out)
