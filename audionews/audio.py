"""PCM assembly and the ffmpeg calls audio production is built on.

Segments are joined once into one preallocated buffer (pydub's ``+`` in a loop copies the
whole edition at every step). Offsets are kept in samples so the timeline is frame-accurate;
:func:`rescale` carries them exactly to another rate or past an intro.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import PublishError
from .fsutil import atomic_open
from .model import Rendered, Timing

OUTPUT_RATE = 44100
SENTENCE_GAP_MS = 180  # between sentences inside one segment
FADE_MS = 5  # ramp at every sentence edge: a waveform cut mid-cycle clicks
AUDIBLE_DB = -40.0  # below the sentence's peak: the edges of its speech, for the timeline
BITRATE = "96k"  # Apple recommends 64-128 kbps for mono spoken word


@functools.cache
def ffmpeg_exe() -> str:
    """ffmpeg from PATH, else the binary that imageio-ffmpeg ships."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


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


@dataclass(frozen=True)
class Loudness:
    """EBU R128 figures of a piece of audio, as ffmpeg's ebur128 filter measures them."""

    integrated: float  # LUFS
    true_peak: float  # dBTP

    def __str__(self) -> str:
        return f"{self.integrated:.1f} LUFS, true peak {self.true_peak:.1f} dBTP"


_INTEGRATED = re.compile(r"Integrated loudness:\s*I:\s*(-?[\d.]+|-inf) LUFS")
_TRUE_PEAK = re.compile(r"True peak:\s*Peak:\s*(-?[\d.]+|-inf) dBFS")


def parse_ebur128(log: str) -> Loudness:
    """Read the summary that ``ebur128=peak=true`` (:data:`METER`) prints when its stream ends."""
    summary = log[log.rfind("Summary:") :]
    peak = _TRUE_PEAK.search(summary)
    if not peak:
        raise _no_summary()
    return Loudness(parse_integrated(log), float(peak.group(1)))


def parse_integrated(log: str) -> float:
    """The integrated loudness (LUFS) in the summary of any ebur128 run (:data:`LEVEL`)."""
    integrated = _INTEGRATED.search(log[log.rfind("Summary:") :])
    if not integrated:
        raise _no_summary()
    return float(integrated.group(1))


def _no_summary() -> PublishError:
    return PublishError(
        "ffmpeg's ebur128 filter printed no loudness summary. Check that ffmpeg works: "
        "'ffmpeg -version' (it needs the ebur128 filter)."
    )


# Frame lines only at -loglevel verbose. True peak oversamples the signal four times, which
# makes the meter three times slower: only the finished file's measurement needs it.
METER = "ebur128=peak=true:framelog=verbose"
LEVEL = "ebur128=framelog=verbose"


def run_ffmpeg(args: list[str], what: str, stdin: bytes | memoryview | None = None) -> tuple[bytes, str]:
    """Run ffmpeg with ``args``; return its stdout and its log. ``what`` names the input for
    the error message."""
    command = [ffmpeg_exe(), "-hide_banner", "-nostats", "-nostdin", "-loglevel", "info", "-y", *args]
    result = subprocess.run(command, input=stdin, capture_output=True, check=False)
    log = result.stderr.decode(errors="replace")
    if result.returncode != 0:
        last = log.strip().splitlines()[-1] if log.strip() else "no message"
        raise PublishError(f"{what}: ffmpeg failed ({last}). Check that ffmpeg works: 'ffmpeg -version'.")
    return result.stdout, log


def run_ffmpeg_chain(stages: list[list[str]], what: str, stdin: memoryview) -> list[str]:
    """Run ffmpeg processes side by side, each reading what the one before writes (the first
    reads ``stdin``): on two cores a chain of stages takes about as long as its slowest. Returns
    each stage's log."""
    import threading

    processes: list[subprocess.Popen] = []
    for number, args in enumerate(stages):
        command = [ffmpeg_exe(), "-hide_banner", "-nostats", "-loglevel", "info", "-y", *args]
        source = subprocess.PIPE if number == 0 else processes[-1].stdout
        sink = subprocess.PIPE if number < len(stages) - 1 else subprocess.DEVNULL
        processes.append(subprocess.Popen(command, stdin=source, stdout=sink, stderr=subprocess.PIPE))
        if number:
            processes[-2].stdout.close()  # the next stage owns it now: a failure there ends this one
    logs: list[bytes] = [b""] * len(stages)

    def feed() -> None:
        try:
            processes[0].stdin.write(stdin)
        except BrokenPipeError:  # the first stage failed; its log says why
            pass
        finally:
            processes[0].stdin.close()

    def drain(index: int) -> None:
        logs[index] = processes[index].stderr.read()

    threads = [threading.Thread(target=feed)] + [threading.Thread(target=drain, args=(i,)) for i in range(len(stages))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    texts = [log.decode(errors="replace") for log in logs]
    for process, text in zip(processes, texts, strict=True):
        if process.wait() != 0:
            last = text.strip().splitlines()[-1] if text.strip() else "no message"
            raise PublishError(f"{what}: ffmpeg failed ({last}). Check that ffmpeg works: 'ffmpeg -version'.")
    return texts


def tee_target(path: Path) -> str:
    """``path`` escaped for ffmpeg's tee muxer, whose outputs are separated by ``|``."""
    return "".join("\\" + c if c in "\\|[]'" else c for c in str(path))


def measure_pcm(rendered: Rendered) -> float:
    """The integrated loudness (LUFS) of a render, from its 16-bit samples."""
    command = ["-f", "s16le", "-ar", str(rendered.sample_rate), "-ac", "1", "-i", "pipe:0", "-af", LEVEL, "-f", "null", "-"]
    return parse_integrated(run_ffmpeg(command, "the narration", pcm_bytes(rendered))[1])


def decode_file(path: Path, rate: int = OUTPUT_RATE) -> tuple[np.ndarray, float]:
    """Decode any audio file to mono float32 at ``rate`` and measure its integrated loudness,
    in one pass."""
    raw, log = run_ffmpeg(
        ["-i", str(path), "-vn", "-af", f"aresample={rate},{LEVEL}", "-ac", "1", "-f", "f32le", "pipe:1"],
        str(path),
    )  # fmt: skip
    return np.frombuffer(raw, dtype="<f4").copy(), parse_integrated(log)


def encode_mp3(rendered: Rendered, path: Path, bitrate: str = BITRATE) -> None:
    """Encode mono MP3 at 44.1 kHz, constant bitrate, atomically into ``path`` (``audionews
    say``; an episode is mastered, see mastering.py)."""
    command = [
        ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
        "-f", "s16le", "-ar", str(rendered.sample_rate), "-ac", "1", "-i", "pipe:0",
        "-ar", str(OUTPUT_RATE), "-ac", "1", "-c:a", "libmp3lame", "-b:a", bitrate,
        "-f", "mp3", "pipe:1",
    ]  # fmt: skip
    with atomic_open(path, "wb") as out:
        result = subprocess.run(command, input=pcm_bytes(rendered), stdout=out, stderr=subprocess.PIPE, check=False)
        if result.returncode != 0:
            message = result.stderr.decode(errors="replace").strip().splitlines()
            raise PublishError(
                f"{path}: ffmpeg could not encode the MP3 ({message[-1] if message else 'no message'}). "
                "Check that ffmpeg works: 'ffmpeg -version'."
            )


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
