"""The one place ffmpeg runs: which binary, how it is called, and how its failures become
audionews errors. ffmpeg comes from PATH, else from the imageio-ffmpeg package (nothing to install
by hand)."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import PublishError
from ..fsutil import atomic_open
from ..model import Rendered
from .pcm import BITRATE, OUTPUT_RATE, pcm_bytes


@functools.cache
def ffmpeg_exe() -> str:
    """ffmpeg from PATH, else the binary that imageio-ffmpeg ships."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


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
        raise failure(what, log)
    return result.stdout, log


class Chain:
    """ffmpeg processes side by side, each reading what the one before writes; the first reads
    what :meth:`write` is given, piece by piece (so a stage can run while its input is still
    being made). On two cores a chain takes about as long as its slowest stage.

    Use it as a context manager: leaving it early (an error) kills the processes."""

    def __init__(self, stages: list[list[str]], what: str) -> None:
        import threading

        self.what = what
        self.processes: list[subprocess.Popen] = []
        for number, args in enumerate(stages):
            command = [ffmpeg_exe(), "-hide_banner", "-nostats", "-loglevel", "info", "-y", *args]
            source = subprocess.PIPE if number == 0 else self.processes[-1].stdout
            sink = subprocess.PIPE if number < len(stages) - 1 else subprocess.DEVNULL
            self.processes.append(subprocess.Popen(command, stdin=source, stdout=sink, stderr=subprocess.PIPE))
            if number:
                self.processes[-2].stdout.close()  # the next stage owns it now: a failure there ends this one
        self._logs: list[bytes] = [b""] * len(stages)
        self._drains = [threading.Thread(target=self._drain, args=(i,), daemon=True) for i in range(len(stages))]
        for thread in self._drains:
            thread.start()
        self.open = True

    def _drain(self, index: int) -> None:
        self._logs[index] = self.processes[index].stderr.read()

    def write(self, data: bytes | memoryview) -> None:
        """Feed the first stage; a stage that failed is reported by :meth:`close`."""
        try:
            self.processes[0].stdin.write(data)
        except BrokenPipeError:  # the first stage failed; its log says why
            self._end_input()

    def _end_input(self) -> None:
        if self.open:
            self.open = False
            try:
                self.processes[0].stdin.close()
            except BrokenPipeError:
                pass

    def close(self) -> list[str]:
        """End the input, wait for every stage; returns each stage's log."""
        self._end_input()
        for thread in self._drains:
            thread.join()
        texts = [log.decode(errors="replace") for log in self._logs]
        for process, text in zip(self.processes, texts, strict=True):
            if process.wait() != 0:
                raise failure(self.what, text)
        return texts

    def kill(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
        self._end_input()
        for process in self.processes:
            process.wait()
        for thread in self._drains:
            thread.join()

    def __enter__(self) -> Chain:
        return self

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        if exc_type is not None:
            self.kill()


def run_ffmpeg_chain(stages: list[list[str]], what: str, stdin: memoryview) -> list[str]:
    """Run a :class:`Chain` on ``stdin`` at once; returns each stage's log."""
    with Chain(stages, what) as chain:
        chain.write(stdin)
        return chain.close()


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
            raise failure(str(path), result.stderr.decode(errors="replace"), "could not encode the MP3")


def failure(what: str, log: str, doing: str = "failed") -> PublishError:
    """The error for an ffmpeg run that failed: what it was working on, ffmpeg's last words."""
    lines = log.strip().splitlines()
    return PublishError(
        f"{what}: ffmpeg {doing} ({lines[-1] if lines else 'no message'}). "
        "Check that ffmpeg works: 'ffmpeg -version'."
    )


def convert_pcm(data: bytes, input_format: list[str], rate: int, tempo: float = 1.0) -> np.ndarray:
    """Decode ``data`` (described by ffmpeg ``input_format`` options) to int16 mono at ``rate``,
    played ``tempo`` times as fast (atempo keeps the pitch)."""
    command = [ffmpeg_exe(), "-v", "error", *input_format, "-i", "pipe:0"]
    if abs(tempo - 1.0) >= 1e-3:
        command += ["-af", f"atempo={tempo:.4f}"]
    command += ["-f", "s16le", "-ac", "1", "-ar", str(rate), "pipe:1"]
    result = subprocess.run(command, input=data, capture_output=True, check=False)
    if result.returncode != 0:
        raise failure("speech audio", result.stderr.decode(errors="replace"), "could not convert it")
    return np.frombuffer(result.stdout, dtype="<i2").astype(np.int16)
