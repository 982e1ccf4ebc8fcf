"""Transcripts from the render's timeline (not from ASR), so cue times match the audio.

A cue shows the article's written words ("$1.2 trillion") while the voice says them ("one point
two trillion dollars"): each segment's spoken words are mapped back to the written words they
came from (:mod:`.written`); words with no written source (the show's intro and outro, a
producer's edit in the script JSON) are shown as said, and a spoken cue as "[Photo caption]".

A cue is a sentence, or a part of a long one: captions show at most two lines of 42 characters
(the common broadcast and streaming guideline), never splitting a word. A long sentence is cut
between written pieces (never inside "$1.2 trillion") into balanced parts, after punctuation
when it can; each cut is timed by the share of spoken characters before it, then moved to the
quietest moment nearby in the audio (the voice pauses at commas), so a cue starts when its words
do. Cues are found on the speech as rendered, before mastering, and moved by the length of
whatever plays before it (intro music): the mastered edition itself is never held in memory.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

import numpy as np

from . import transcripthtml, written
from ..model import Rendered, Script, Timed
from ..normalize import Normalizer

LINE_WIDTH = 42
# a cue should not end on a word that leans on the next one
_LEANING = frozenset("a an the to of and or but in on at by for with from as that than".split())
MAX_LINES = 2
SNAP_WINDOW_S = 0.3  # how far a cut may move to find a pause
SNAP_FRAME_S = 0.02  # the loudness of this much audio decides "quiet"


def wrap(text: str) -> list[str]:
    """Caption lines: at most ``LINE_WIDTH`` characters, broken between words only (a word
    longer than a line, like a long URL, stands on its own line)."""
    return textwrap.wrap(text, LINE_WIDTH, break_long_words=False, break_on_hyphens=False)


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str

    @property
    def lines(self) -> list[str]:
        return wrap(self.text)


def fits(text: str) -> bool:
    return len(wrap(text)) <= MAX_LINES


def split_text(text: str) -> list[str]:
    """``text`` in the fewest balanced parts that each fit a cue, cut after punctuation when it
    can, else between words."""
    words = text.split()
    return [" ".join(words[a:b]) for a, b in split_pieces(words)]


def split_pieces(shown: list[str]) -> list[tuple[int, int]]:
    """Index ranges of ``shown`` (pieces of text, each kept whole) in the fewest balanced parts
    whose text fits a cue."""
    if len(shown) < 2 or fits(" ".join(shown)):
        return [(0, len(shown))]
    for count in range(2, len(shown) + 1):
        bounds = _balanced(shown, count)
        if all(fits(" ".join(shown[a:b])) for a, b in zip(bounds, bounds[1:])):
            return list(zip(bounds, bounds[1:]))
    return [(index, index + 1) for index in range(len(shown))]


def _balanced(words: list[str], count: int) -> list[int]:
    """Cut ``words`` into ``count`` parts near equal length, preferring cuts after , ; : -;
    returns the bounds (0, cuts..., len(words))."""
    lengths = np.cumsum([len(word) + 1 for word in words])
    total = lengths[-1]
    cuts, previous = [], 0
    for number in range(1, count):
        target = total * number / count
        best, best_score = None, None
        for index in range(previous + 1, len(words) - (count - number) + 1):
            distance = abs(lengths[index - 1] - target)
            before = words[index - 1]
            score = distance - (LINE_WIDTH / 3 if before.endswith((",", ";", ":", "\u2014", "-")) else 0)
            score += LINE_WIDTH / 4 if before.split()[-1].lower() in _LEANING else 0
            if best_score is None or score < best_score:
                best, best_score = index, score
        cuts.append(best)
        previous = best
    return [0, *cuts, len(words)]


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


def cues(
    script: Script, rendered: Rendered, offset: float = 0.0, normalizer: Normalizer | None = None
) -> list[Cue]:
    """One cue per spoken sentence, more for a sentence too long for two lines, in the written
    words; ``offset`` is the seconds of audio that play before the speech; ``normalizer`` is the
    one the script was read with (its lexicon), to find the written words again."""
    rate = rendered.sample_rate
    pcm = rendered.pcm if rendered.pcm is not None and len(rendered.pcm) else None
    language = script.language or "en"
    found: list[Cue] = []
    for segment, timing in zip(script.segments, rendered.timeline, strict=True):
        sentences = list(zip(timing.sentences, timing.texts)) if timing.texts else [(timing, segment.text)]
        spans = written.sentence_spans(segment.text, [text for _, text in sentences])
        groups = written.by_sentence(written.pieces(segment, language, normalizer), spans)
        extendable = False  # the last cue belongs to this segment and may run on
        for (piece, _), span, group in zip(sentences, spans, groups, strict=True):
            if piece.end <= piece.start:
                continue
            start, end = piece.start / rate, piece.end / rate
            if not group:  # its words were shown with the sentence before
                if extendable:
                    found[-1] = Cue(found[-1].start, end + offset, found[-1].text)
                continue
            shown = [p.shown for p in group]
            parts = split_pieces(shown)
            length = max(1, span[1] - span[0])
            cut_times = [start]
            for a, _ in parts[1:]:
                done = min(max(group[a].start - span[0], 0), length)
                guess = start + (end - start) * done / length
                cut_times.append(_quietest(pcm, rate, guess, cut_times[-1], end))
            cut_times.append(end)
            found.extend(
                Cue(t0 + offset, t1 + offset, " ".join(shown[a:b]))
                for t0, t1, (a, b) in zip(cut_times, cut_times[1:], parts)
            )
            extendable = True
    return found


def _stamp(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def to_vtt(script: Script, rendered: Rendered, offset: float = 0.0, normalizer: Normalizer | None = None) -> str:
    lines = ["WEBVTT", ""]
    for cue in cues(script, rendered, offset, normalizer):
        lines.append(f"{_stamp(cue.start, '.')} --> {_stamp(cue.end, '.')}")
        lines.extend(cue.lines)
        lines.append("")
    return "\n".join(lines)


def to_srt(script: Script, rendered: Rendered, offset: float = 0.0, normalizer: Normalizer | None = None) -> str:
    lines: list[str] = []
    for number, cue in enumerate(cues(script, rendered, offset, normalizer), start=1):
        lines.append(str(number))
        lines.append(f"{_stamp(cue.start, ',')} --> {_stamp(cue.end, ',')}")
        lines.extend(cue.lines)
        lines.append("")
    return "\n".join(lines)


_HTML_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{max-width:40em;margin:2em auto;padding:0 1em;font:1.1em/1.6 system-ui,sans-serif;color:#1a1a1a;background:#fff}}
a{{color:#1f4e8c}}
{css}</style>
</head>
<body>
<main>
<article>
<h1>{title}</h1>
{source}{body}</article>
</main>
</body>
</html>
"""


def to_html(script: Script, rendered: Timed, audio: str = "", normalizer: Normalizer | None = None) -> str:
    """A readable transcript: the article's own words under its headings (one h1: the headline,
    or an edition's title with each article an h2), each heading and paragraph linked to its
    time in ``audio`` (the MP3's file name, beside the page), and a link to the source article."""
    items = transcripthtml.outline(script, rendered, normalizer)
    source = ""
    if script.url and not script.parts:
        source = f'<p><a href="{html.escape(script.url)}">Original article</a></p>\n'
    return _HTML_PAGE.format(
        lang=html.escape(script.language),
        title=html.escape(script.title),
        css=transcripthtml.CSS,
        source=source,
        body=transcripthtml.body(items, audio, 2),
    )
