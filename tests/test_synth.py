"""Synthesis orchestration: order across worker processes, de-duplication, cache use.

A fake engine whose samples spell out which sentence they came from checks the orchestration
exactly and fast; the last test does the same with real Piper speech in worker processes.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import numpy as np
import pytest

from audionews import audio
from audionews.speech import synthesizer as synth
from audionews.speech.cache import SegmentCache
from audionews.speech.cast import Cast, CastOptions
from audionews.speech.engines import REGISTRY
from audionews.speech.engines.base import Engine
from audionews.model import Script, Segment
from audionews.speech.sentences import split_sentences

LOG_ENV = "AUDIONEWS_TEST_TONE_LOG"


def tone(text: str) -> int:
    return zlib.crc32(text.encode()) % 30000 + 1


class ToneEngine(Engine):
    """Speaks a sentence as len(text) * 10 samples of one value derived from the text, and logs
    every call (from any process) to a file."""

    name = "tone"

    def synthesize(self, text: str, speed: float = 1.0) -> np.ndarray:
        with open(os.environ[LOG_ENV], "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()}\t{text}\n")
        return np.full(len(text) * 10, tone(text), dtype=np.int16)


@pytest.fixture
def tone_voice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setitem(REGISTRY, "tone", f"{__name__}:ToneEngine")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "voices").mkdir()
    (tmp_path / "voices" / "tone.toml").write_text('engine = "tone"\n')
    log = tmp_path / "calls.log"
    log.touch()
    monkeypatch.setenv(LOG_ENV, str(log))
    return log


def tone_cast() -> Cast:
    return Cast(CastOptions(voice="tone"))


def calls(log: Path) -> list[tuple[int, str]]:
    return [(int(pid), text) for pid, text in (line.split("\t") for line in log.read_text().splitlines())]


def article_script(paragraphs: list[str]) -> Script:
    return Script("t", [Segment("paragraph", p, p, 400) for p in paragraphs])


PARAGRAPHS = [
    "Short one. A much longer sentence follows it here, with many more words in it.",
    "Yes. No. Perhaps this time the sentence runs on for quite a while before it stops.",
    "Short one. The last paragraph repeats a sentence from the first.",
]


def check_render(rendered, script: Script) -> None:
    """Each sentence's samples sit where the timeline says, and are that sentence's (apart
    from the short fades at its edges, which audio.join adds against clicks)."""
    fade = round(audio.FADE_MS * rendered.sample_rate / 1000)
    for segment, timing in zip(script.segments, rendered.timeline, strict=True):
        assert timing.texts == split_sentences(segment.text)
        for piece, text in zip(timing.sentences, timing.texts, strict=True):
            samples = rendered.pcm[piece.start : piece.end]
            length, ramp = len(text) * 10, min(fade, len(text) * 10 // 2)
            assert length - 2 * ramp <= len(samples) <= length
            assert np.count_nonzero(samples == tone(text)) >= length - 2 * ramp
            assert 0.9 * tone(text) <= samples.max() <= tone(text)


def test_worker_pool_keeps_order_and_speaks_each_distinct_sentence_once(
    tone_voice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(synth, "POOL_MIN_CHARS", 0)
    script = article_script(PARAGRAPHS)
    with synth.Synthesizer(tone_cast(), jobs=2) as synthesizer:
        rendered = synthesizer.render(script)
        assert synthesizer._pool is not None
    check_render(rendered, script)
    spoken = calls(tone_voice)
    distinct = {s for p in PARAGRAPHS for s in split_sentences(p)}
    assert sorted(text for _, text in spoken) == sorted(distinct)
    assert os.getpid() not in {pid for pid, _ in spoken}  # the workers spoke, not this process
    assert synthesizer.stats.spoken == len(distinct)


def test_short_work_is_spoken_here_without_workers(tone_voice: Path) -> None:
    script = article_script(["Hello there. Goodbye."])
    with synth.Synthesizer(tone_cast(), jobs=2) as synthesizer:
        check_render(synthesizer.render(script), script)
        assert synthesizer._pool is None
    assert {pid for pid, _ in calls(tone_voice)} == {os.getpid()}


def test_cache_serves_unchanged_sentences(tone_voice: Path, tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path / "cache")
    with synth.Synthesizer(tone_cast(), cache=cache, jobs=1) as synthesizer:
        synthesizer.render(article_script(PARAGRAPHS))
    first = len(calls(tone_voice))
    edited = [PARAGRAPHS[0], "Yes. No. A new ending.", PARAGRAPHS[2]]
    with synth.Synthesizer(tone_cast(), cache=SegmentCache(tmp_path / "cache"), jobs=1) as synthesizer:
        rendered = synthesizer.render(article_script(edited))
    check_render(rendered, article_script(edited))
    assert [text for _, text in calls(tone_voice)[first:]] == ["A new ending."]
    assert synthesizer.stats.spoken == 1
    assert synthesizer.stats.cached == len({s for p in edited for s in split_sentences(p)}) - 1


def test_long_edition_spills_to_the_cache_and_stops_the_workers_before_stitching(
    tone_voice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(synth, "POOL_MIN_CHARS", 0)
    monkeypatch.setattr(synth, "LONG_EDITION_S", 0)  # every edition counts as long
    script = article_script(PARAGRAPHS)
    distinct = {s for p in PARAGRAPHS for s in split_sentences(p)}
    cache = SegmentCache(tmp_path / "cache")
    with synth.Synthesizer(tone_cast(), cache=cache, jobs=2) as synthesizer:
        rendered = synthesizer.render(script)
        assert synthesizer._pool is None  # stopped before stitching
    check_render(rendered, script)
    assert len(calls(tone_voice)) == len(distinct)  # spoken once, in the workers
    assert cache.stats.hits == len(distinct)  # every sentence read back from the cache


def test_a_spilled_sentence_whose_entry_vanished_is_spoken_again(
    tone_voice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(synth, "POOL_MIN_CHARS", 0)

    class Forgetful(SegmentCache):
        """Loses every entry once it is written (another run cleaning up, say)."""

        def put(self, key: str, samples: np.ndarray, sample_rate: int) -> bool:
            stored = super().put(key, samples, sample_rate)
            for entry in self.root.rglob(f"{key}.pcm"):
                entry.unlink()
            return stored

    script = article_script(PARAGRAPHS)
    with synth.Synthesizer(tone_cast(), cache=Forgetful(tmp_path / "cache"), jobs=2) as synthesizer:
        rendered = synthesizer.render(script)
    check_render(rendered, script)
    here = [text for pid, text in calls(tone_voice) if pid == os.getpid()]
    assert sorted(here) == sorted({s for p in PARAGRAPHS for s in split_sentences(p)})


def test_real_piper_in_worker_processes_keeps_sentence_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(synth, "POOL_MIN_CHARS", 0)
    long = (
        "The council met on Tuesday evening to discuss the new budget for schools, roads and "
        "the public library in the center of town."
    )
    script = article_script([f"Yes. {long}", f"{long} No."])
    with synth.Synthesizer(jobs=2) as synthesizer:
        rendered = synthesizer.render(script)
        assert synthesizer._pool is not None
    seconds = [
        [(piece.end - piece.start) / rendered.sample_rate for piece in timing.sentences]
        for timing in rendered.timeline
    ]
    (yes, long_1), (long_2, no) = seconds
    assert max(yes, no) < 1.5 < 4 < min(long_1, long_2)
    assert rendered.pcm.std() > 500


def test_bad_jobs_setting_is_one_clear_line(
    short_article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .conftest import run_cli

    monkeypatch.setenv("AUDIONEWS_JOBS", "many")
    result = run_cli("publish", str(short_article), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: AUDIONEWS_JOBS='many': not a positive whole number. Set it to the number of speech "
        "processes (1 for one), or unset it to use every core."
    ]
    assert not (tmp_path / "out" / "feed.xml").exists()


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found |= {int(child) for child in task.read_text().split()}
    return found


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has exited; only its parent's reaping is left


def test_workers_exit_when_the_publish_is_killed(tmp_path: Path) -> None:
    """Regression: workers of a SIGKILLed publish waited for work forever, ~450 MB each."""
    import signal
    import subprocess
    import sys
    import time

    from .conftest import EXAMPLE, ROOT

    process = subprocess.Popen(
        [sys.executable, "-m", "audionews", "publish", str(EXAMPLE), "--out", str(tmp_path / "out"),
         "--no-cache"],
        env={**os.environ, "PYTHONPATH": str(ROOT), "AUDIONEWS_JOBS": "2"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while len(workers := _children(process.pid)) < 2:
            assert process.poll() is None and time.monotonic() < deadline, "no workers started"
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if _running(pid)]


def test_piper_past_its_memory_limit_gives_back_working_memory_and_still_speaks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from audionews.speech.engines import load_engine
    from audionews.speech.engines.piper import BoundedSession, resident_bytes
    from audionews.speech.voices import load_voice

    monkeypatch.setattr(Engine, "working_memory", 300 * 2**20)  # as a worker sets it
    engine = load_engine(load_voice())
    session = engine.voice.session
    assert isinstance(session, BoundedSession)
    assert 0 < session.limit - 300 * 2**20 <= resident_bytes()  # the loaded size plus the allowance
    session.limit = 0  # past it: every run gives the arena back
    first = engine.synthesize("The council met on Tuesday.")
    second = engine.synthesize("The council met on Tuesday.")
    assert session.shrinks == 2
    session.limit = 2**50  # within it: the arena is kept
    engine.synthesize("The council met on Tuesday.")
    assert session.shrinks == 2
    assert 1.0 < len(first) / engine.sample_rate < 3.0 and abs(len(first) - len(second)) < 0.15 * len(first)
    assert first.std() > 300
