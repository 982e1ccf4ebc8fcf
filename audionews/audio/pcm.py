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


class Stitcher:
    """Lays a script's sentences end to end as they come, in order: a short gap between the
    sentences of a segment, each segment followed by its pause of silence, every sentence faded
    in and out over a few milliseconds so no join clicks. Each :meth:`add` returns the samples
    it laid (what a stream may take at once); :meth:`rendered` gives the whole and its timeline.

    ``counts`` is how many sentences each segment has; ``total``, when known, the samples of the
    whole (one buffer is allocated once: pydub's ``+`` in a loop copies the edition every step)."""

    def __init__(
        self, counts: list[int], pauses_ms: list[int], sample_rate: int,
        texts: list[list[str]] | None = None, total: int | None = None,
    ) -> None:  # fmt: skip
        self.counts, self.texts, self.sample_rate = counts, texts, sample_rate
        self.gap = round(SENTENCE_GAP_MS * sample_rate / 1000)
        self.pauses = [round(ms * sample_rate / 1000) for ms in pauses_ms]
        self.pcm = np.zeros(total if total is not None else 0, dtype=np.int16)
        self.cursor = 0  # samples laid so far
        self.handed = 0  # samples :meth:`add` has returned so far
        self.timeline: list[Timing] = []
        self._segment = 0  # the segment the next sentence belongs to
        self._sentences: list[Timing] = []  # the current segment's, so far
        self._skip_empty()

    def _skip_empty(self) -> None:
        while self._segment < len(self.counts) and self.counts[self._segment] == 0:
            self._end_segment()

    def _end_segment(self) -> None:
        if self._sentences:  # the segment's timing is its speech, as its cues are
            start, end = self._sentences[0].start, self._sentences[-1].end
        else:
            start = end = self.cursor
        texts = self.texts[self._segment] if self.texts else []
        self.timeline.append(Timing(start, end, self._sentences, texts))
        self._sentences = []
        self.cursor = self._grow(self.cursor + self.pauses[self._segment])
        self._segment += 1

    def _grow(self, needed: int) -> int:
        if needed > len(self.pcm):
            self.pcm = np.concatenate([self.pcm, np.zeros(max(needed, 2 * len(self.pcm)) - len(self.pcm), np.int16)])
        return needed

    def add(self, sentence: np.ndarray) -> np.ndarray:
        """Lay the next sentence (int16 at the stitcher's rate); returns the samples laid since
        the last call (the gap before it, the sentence, the pause after its segment)."""
        if self._sentences:
            self.cursor += self.gap
        self._grow(self.cursor + len(sentence))
        self.pcm[self.cursor : self.cursor + len(sentence)] = fade_edges(sentence, self.sample_rate)
        first, last = audible(sentence)
        self._sentences.append(Timing(self.cursor + first, self.cursor + last))
        self.cursor += len(sentence)
        if len(self._sentences) == self.counts[self._segment]:
            self._end_segment()
            self._skip_empty()
        begin, self.handed = self.handed, self.cursor
        return self.pcm[begin : self.cursor]

    def rendered(self) -> Rendered:
        return Rendered(pcm=self.pcm[: self.cursor], sample_rate=self.sample_rate, timeline=self.timeline)


def join(
    segments: list[list[np.ndarray]],
    pauses_ms: list[int],
    sample_rate: int,
    texts: list[list[str]] | None = None,
) -> Rendered:
    """Each segment's sentences stitched (see :class:`Stitcher`) into one buffer."""
    gap = round(SENTENCE_GAP_MS * sample_rate / 1000)
    total = sum(
        sum(len(s) for s in sentences) + gap * max(len(sentences) - 1, 0) for sentences in segments
    ) + sum(round(ms * sample_rate / 1000) for ms in pauses_ms)
    stitcher = Stitcher([len(s) for s in segments], pauses_ms, sample_rate, texts, total)
    for sentences in segments:
        for sentence in sentences:
            stitcher.add(sentence)
    return stitcher.rendered()


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
