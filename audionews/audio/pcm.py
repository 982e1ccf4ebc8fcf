"""PCM assembly: sentences joined into one buffer with fades and gaps, and their timeline.

Segments are joined once into one preallocated buffer (pydub's ``+`` in a loop copies the
whole edition at every step). Offsets are kept in samples so the timeline is frame-accurate;
:func:`rescale` carries them exactly to another rate or past an intro.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..fsutil import atomic_open
from ..model import Rendered, Timing

OUTPUT_RATE = 44100
SENTENCE_GAP_MS = 180  # between sentences inside one segment
FADE_MS = 5  # ramp at every sentence edge: a waveform cut mid-cycle clicks
AUDIBLE_DB = -40.0  # below the sentence's peak: the edges of its speech, for the timeline
BITRATE = "96k"  # Apple recommends 64-128 kbps for mono spoken word


def fade_edges(pcm: np.ndarray, sample_rate: int, fade_ms: float = FADE_MS) -> np.ndarray:
    """A copy of ``pcm`` with raised-cosine fade-in and fade-out of ``fade_ms`` each."""
    length = min(round(fade_ms * sample_rate / 1000), len(pcm) // 2)
    out = pcm.astype(np.float32)
    if length:
        ramp = (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, length, endpoint=False))).astype(np.float32)
        out[:length] *= ramp
        out[len(out) - length :] *= ramp[::-1]
    return out.astype(pcm.dtype) if pcm.dtype != np.float32 else out


def audible(pcm: np.ndarray) -> tuple[int, int]:
    """Where the speech in ``pcm`` starts and ends: voices pad a sentence with tens of
    milliseconds of near-silence (Piper: about 75 before, 260 after), which cues must skip."""
    level = np.abs(pcm.astype(np.float32))
    if len(level) == 0 or level.max() == 0:
        return 0, len(pcm)
    loud = np.flatnonzero(level >= level.max() * 10 ** (AUDIBLE_DB / 20))
    return int(loud[0]), int(loud[-1]) + 1


def join(
    segments: list[list[np.ndarray]],
    pauses_ms: list[int],
    sample_rate: int,
    texts: list[list[str]] | None = None,
) -> Rendered:
    """Lay each segment's sentences end to end (a short gap between sentences), each segment
    followed by its pause of silence, into one buffer allocated once. Every sentence is faded
    in and out over a few milliseconds so no join clicks."""
    gap = round(SENTENCE_GAP_MS * sample_rate / 1000)
    pause_samples = [round(ms * sample_rate / 1000) for ms in pauses_ms]
    total = sum(
        sum(len(s) for s in sentences) + gap * max(len(sentences) - 1, 0)
        for sentences in segments
    ) + sum(pause_samples)
    pcm = np.zeros(total, dtype=np.int16)
    timeline: list[Timing] = []
    cursor = 0
    for index, (sentences, pause) in enumerate(zip(segments, pause_samples, strict=True)):
        start = cursor
        sentence_timings = []
        for number, sentence in enumerate(sentences):
            if number:
                cursor += gap
            pcm[cursor : cursor + len(sentence)] = fade_edges(sentence, sample_rate)
            first, last = audible(sentence)
            sentence_timings.append(Timing(cursor + first, cursor + last))
            cursor += len(sentence)
        segment_texts = texts[index] if texts else []
        if sentence_timings:  # the segment's timing is its speech, as its cues are
            start, end = sentence_timings[0].start, sentence_timings[-1].end
        else:
            end = cursor
        timeline.append(Timing(start, end, sentence_timings, segment_texts))
        cursor += pause
    return Rendered(pcm=pcm, sample_rate=sample_rate, timeline=timeline)


def rescale(timeline: list[Timing], from_rate: int, to_rate: int, offset: int = 0) -> list[Timing]:
    """The same timeline at ``to_rate``, shifted by ``offset`` samples (of ``to_rate``).

    Integer arithmetic with rounding, so no drift accumulates however long the edition."""

    def at(sample: int) -> int:
        return offset + (sample * to_rate + from_rate // 2) // from_rate

    return [
        Timing(at(t.start), at(t.end), rescale(t.sentences, from_rate, to_rate, offset), list(t.texts))
        for t in timeline
    ]


def pcm_bytes(rendered: Rendered) -> memoryview:
    """The samples as little-endian bytes, without copying the edition (an hour is 160 MB)."""
    return memoryview(np.ascontiguousarray(rendered.pcm, dtype="<i2")).cast("B")


def write_wav(rendered: Rendered, path: Path) -> None:
    import wave

    with atomic_open(path, "wb") as out, wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rendered.sample_rate)
        wav.writeframes(pcm_bytes(rendered))
