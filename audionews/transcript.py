"""Transcripts from the render's timeline (not from ASR), so cue times match the audio."""

from __future__ import annotations

import textwrap

from .model import Rendered, Script

LINE_WIDTH = 65


def _stamp(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def cues(script: Script, rendered: Rendered) -> list[tuple[float, float, str]]:
    """One cue per spoken sentence, timed by the render."""
    rate = rendered.sample_rate
    found = []
    for segment, timing in zip(script.segments, rendered.timeline, strict=True):
        pieces = zip(timing.sentences, timing.texts) if timing.texts else [(timing, segment.text)]
        for piece, text in pieces:
            if piece.end > piece.start:
                found.append((piece.start / rate, piece.end / rate, text))
    return found


def to_vtt(script: Script, rendered: Rendered) -> str:
    lines = ["WEBVTT", ""]
    for start, end, text in cues(script, rendered):
        lines.append(f"{_stamp(start, '.')} --> {_stamp(end, '.')}")
        lines.extend(textwrap.wrap(text, LINE_WIDTH))
        lines.append("")
    return "\n".join(lines)


def to_srt(script: Script, rendered: Rendered) -> str:
    lines: list[str] = []
    for number, (start, end, text) in enumerate(cues(script, rendered), start=1):
        lines.append(str(number))
        lines.append(f"{_stamp(start, ',')} --> {_stamp(end, ',')}")
        lines.extend(textwrap.wrap(text, LINE_WIDTH))
        lines.append("")
    return "\n".join(lines)
