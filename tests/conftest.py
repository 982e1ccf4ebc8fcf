"""Shared fixtures: a short article, the CLI run as a real process, and MP3 decoding."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "voa-putin-not-us-enemy.txt"
DATA = Path(__file__).resolve().parent / "data"

SHORT_ARTICLE = """Accessibility links

Breaking News

City Opens New Library

The new library opened on Main Street, Springfield, May 2, 2024.

The city opened its new library on Monday.

Hours

It is open every day.
"""


@pytest.fixture(scope="session", autouse=True)
def _session_cache(tmp_path_factory: pytest.TempPathFactory):
    """The suite never writes to the user's segment cache (module fixtures share this one)."""
    saved = os.environ.get("AUDIONEWS_CACHE_DIR")
    os.environ["AUDIONEWS_CACHE_DIR"] = str(tmp_path_factory.mktemp("segment-cache"))
    yield
    if saved is None:
        os.environ.pop("AUDIONEWS_CACHE_DIR", None)
    else:
        os.environ["AUDIONEWS_CACHE_DIR"] = saved


@pytest.fixture(autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test starts with an empty segment cache of its own, so no test sees another's audio."""
    path = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("AUDIONEWS_CACHE_DIR", str(path))
    return path


@pytest.fixture
def fake_voice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Piper replaced by tests/fakevoice.py's instant stand-in, in this process and its workers."""
    from audionews.speech import engines

    monkeypatch.setitem(engines.REGISTRY, "piper", "tests.fakevoice:FakePiper")


@pytest.fixture
def short_article(tmp_path: Path) -> Path:
    path = tmp_path / "library.txt"
    path.write_text(SHORT_ARTICLE, encoding="utf-8")
    return path


def run_cli(
    *args: str, cwd: Path | None = None, real_voice: bool = False, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``audionews`` as a user would, in its own process, and capture what it prints.

    Piper is replaced by tests/fakevoice.py's instant stand-in unless ``real_voice``: tests about
    the sound itself ask for the real voice. ``env``: variables to add to the environment.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}  # this checkout's code, wherever cwd is
    entry = "audionews" if real_voice else "tests.fakevoice"
    return subprocess.run(
        [sys.executable, "-m", entry, *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=600, check=False,
    )  # fmt: skip


def decode_audio(path: Path, rate: int | None = None) -> tuple[np.ndarray, int]:
    """Decode any audio file to mono int16 with ffmpeg; returns samples and sample rate."""
    from audionews.audio import ffmpeg_exe

    if rate is None:
        from mutagen import File

        rate = File(path).info.sample_rate
    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(rate), "-"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    return np.frombuffer(raw, dtype="<i2"), rate


def ebur128(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) of a file, measured by ffmpeg's ebur128
    filter independently of audionews's own mastering code."""
    import re

    from audionews.audio import ffmpeg_exe

    log = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(path), "-af",
         "ebur128=peak=true:framelog=verbose", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    summary = log[log.rfind("Summary:") :]
    integrated = re.search(r"I:\s+(-?[\d.]+) LUFS", summary)
    peak = re.search(r"True peak:\s+Peak:\s+(-?[\d.]+) dBFS", summary)
    assert integrated and peak, summary
    return float(integrated.group(1)), float(peak.group(1))


def vtt_cues(text: str) -> list[tuple[float, float, list[str]]]:
    """(start, end, lines) of each cue of a WebVTT file."""

    def seconds(stamp: str) -> float:
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    found = []
    for block in text.split("\n\n")[1:]:
        lines = block.strip().splitlines()
        if lines and " --> " in lines[0]:
            start, end = lines[0].split(" --> ")
            found.append((seconds(start), seconds(end), lines[1:]))
    return found
