"""PCM assembly and encoding.

Segments are joined once into one preallocated buffer (pydub's ``+`` in a loop copies the
whole edition at every step), and the result is piped to ffmpeg for MP3. Offsets are kept in
samples so the timeline is frame-accurate.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

import numpy as np

from .cache import SegmentCache, encoding_key
from .errors import PublishError
from .fsutil import atomic_open
from .model import Rendered, Timing

OUTPUT_RATE = 44100
SENTENCE_GAP_MS = 180  # between sentences inside one segment
BITRATE = "96k"  # Apple recommends 64-128 kbps for mono spoken word


@functools.cache
def ffmpeg_exe() -> str:
    """ffmpeg from PATH, else the binary that imageio-ffmpeg ships."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def join(
    segments: list[list[np.ndarray]],
    pauses_ms: list[int],
    sample_rate: int,
    texts: list[list[str]] | None = None,
) -> Rendered:
    """Lay each segment's sentences end to end (a short gap between sentences), each segment
    followed by its pause of silence, into one buffer allocated once."""
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
            pcm[cursor : cursor + len(sentence)] = sentence
            sentence_timings.append(Timing(cursor, cursor + len(sentence)))
            cursor += len(sentence)
        segment_texts = texts[index] if texts else []
        timeline.append(Timing(start, cursor, sentence_timings, segment_texts))
        cursor += pause
    return Rendered(pcm=pcm, sample_rate=sample_rate, timeline=timeline)


def encode_mp3(
    rendered: Rendered, path: Path, bitrate: str = BITRATE, cache: SegmentCache | None = None
) -> None:
    """Encode mono MP3 at 44.1 kHz, constant bitrate, atomically into ``path``.

    With a ``cache``, the same PCM encoded the same way before is copied, not encoded again.
    """
    command = [
        ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
        "-f", "s16le", "-ar", str(rendered.sample_rate), "-ac", "1", "-i", "pipe:0",
        "-ar", str(OUTPUT_RATE), "-ac", "1", "-c:a", "libmp3lame", "-b:a", bitrate,
        "-f", "mp3", "pipe:1",
    ]  # fmt: skip
    pcm = pcm_bytes(rendered)
    key = encoding_key(command, pcm) if cache else None
    done = cache.get_encoded(key) if cache and key else None
    with atomic_open(path, "wb") as out:
        if done is not None:
            out.write(done)
            return
        result = subprocess.run(command, input=pcm, stdout=out, stderr=subprocess.PIPE, check=False)
        if result.returncode != 0:
            message = result.stderr.decode(errors="replace").strip().splitlines()
            raise PublishError(
                f"{path}: ffmpeg could not encode the MP3 ({message[-1] if message else 'no message'}). "
                "Check that ffmpeg works: 'ffmpeg -version'."
            )
    if cache and key:
        cache.put_encoded(key, path.read_bytes())


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
