"""Mastering while the voice speaks: the stitched stream, the live master's gain and its misses,
the order the workers take sentences in, and the progress a producer sees.

The stages here are not about how the voice sounds: the fake voice speaks (the real one is in
test_audioprod.py and test_publish.py, whose publishes go through the live master too). Every
file is decoded and measured with ffmpeg's own meter.
"""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from audionews.audio import join
from audionews.audio.pcm import Stitcher
from audionews.episode import mastering
from audionews.model import Script, Segment
from audionews.pipeline import publish
from audionews.progress import MASTERING, SPEAKING, Progress
from audionews.settings import load_settings
from audionews.speech import cache as segment_cache
from audionews.speech.synthesizer import Synthesizer, streaming_order

from .conftest import ROOT, ebur128

RATE = 22050
PARAGRAPH = (
    "The council met on {day} to weigh the budget for the coming year, and members argued for "
    "more than an hour over the cost of repairing the old bridge on the river road."
)
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Easter"]


def article(path: Path, days: list[str]) -> Path:
    """An article of about 8 s of (fake) speech a paragraph."""
    body = "\n\n".join(PARAGRAPH.format(day=day) for day in days)
    path.write_text(f"Council Weighs the Budget\n\n{body}\n", encoding="utf-8")
    return path


def buzz(seconds: float, level: float = 6000.0, seed: int = 0) -> np.ndarray:
    """Speech-like sound: a buzz opening and closing like syllables."""
    t = np.arange(round(seconds * RATE)) / RATE
    wobble = 0.55 + 0.45 * np.sin(2 * np.pi * (4 + seed % 3) * t)
    return (sum(np.sin(2 * np.pi * 140 * k * t) / k for k in (1, 2, 3)) * wobble * level).astype(np.int16)


class Stages(Progress):
    """Records each stage, and whether the episode's MP3 already had bytes when speaking ended."""

    def __init__(self, out: Path) -> None:
        self.out, self.log, self.encoded_while_speaking = out, [], 0
        self.total = self.said_count = 0

    def begin(self, stage: str) -> None:
        self.log.append(("begin", stage))

    def end(self, stage: str) -> None:
        self.log.append(("end", stage))
        if stage == SPEAKING:
            staged = list((self.out / ".staging").glob("*/audio.mp3"))
            self.encoded_while_speaking = staged[0].stat().st_size if staged else 0

    def sentences(self, total: int) -> None:
        self.total, self.said_count = total, 0

    def said(self, count: int = 1) -> None:
        self.said_count += count


def test_the_stitcher_hands_out_exactly_what_join_lays() -> None:
    rng = np.random.default_rng(7)
    for _ in range(40):
        segments = [
            [rng.normal(0, 3000, rng.integers(1, 4000)).astype(np.int16) for _ in range(rng.integers(0, 4))]
            for _ in range(rng.integers(1, 6))
        ]
        if not any(segments):
            continue
        pauses = [int(rng.integers(0, 900)) for _ in segments]
        texts = [[f"s{i}" for i in range(len(s))] for s in segments]
        whole = join(segments, pauses, RATE, texts)
        stitcher = Stitcher([len(s) for s in segments], pauses, RATE, texts)
        pieces = [stitcher.add(sentence).copy() for sentences in segments for sentence in sentences]
        assert np.array_equal(np.concatenate(pieces), whole.pcm)  # empty segments' pauses too
        assert stitcher.rendered().timeline == whole.timeline


def test_the_workers_take_sentences_in_script_order_and_the_last_few_longest_first() -> None:
    from audionews.speech.pool import Job

    work = [(i, Job(None, "x" * length)) for i, length in enumerate([5, 50, 7, 9, 80, 3, 60, 20])]
    order = [i for i, _ in streaming_order(work, workers=2)]
    assert order == [0, 1, 2, 3, 4, 6, 7, 5]


def test_a_live_master_meets_the_target_and_keeps_the_voice_loudness(tmp_path: Path) -> None:
    cache = segment_cache.SegmentCache(tmp_path / "cache")
    speech = np.concatenate([buzz(3.0, seed=i) for i in range(12)])
    live = mastering.LiveMaster(tmp_path / "first.mp3", None, cache, "voice-a")  # no make-up known
    for chunk in np.array_split(speech, 40):
        live.take(chunk, RATE)
    first = live.finish(mastering.Rendered(speech, RATE, []))
    integrated, peak = ebur128(tmp_path / "first.mp3")
    assert abs(integrated + 16.0) <= mastering.TOLERANCE_LU and peak <= -1.0
    assert first.timed.samples == round(len(speech) * 44100 / RATE)
    assert first.encodes == 1 and live.missed is None  # its first 20 s taught it the make-up
    assert segment_cache.recall("make-up voice-a") == f"{first.makeup:.2f}" != f"{mastering.MAKEUP_PRIOR_DB:.2f}"
    # The next edition in this voice starts with the make-up kept: no trial, one encode.
    second = mastering.LiveMaster(tmp_path / "second.mp3", None, cache, "voice-a", makeup=9.9)
    assert second.makeup == round(first.makeup, 2)
    for chunk in np.array_split(speech, 10):
        second.take(chunk, RATE)
    again = second.finish(mastering.Rendered(speech, RATE, []))
    assert second.missed is None and again.encodes == 1
    integrated, peak = ebur128(tmp_path / "second.mp3")
    assert abs(integrated + 16.0) <= mastering.TOLERANCE_LU and peak <= -1.0


def test_publish_masters_while_speaking_and_a_miss_is_mastered_again(
    tmp_path: Path, cache_dir: Path, fake_voice: None
) -> None:
    out = tmp_path / "out"
    stages = Stages(out)
    source = article(tmp_path / "a.txt", DAYS)
    run = publish([str(source)], out, load_settings(None), progress=stages)
    assert run.results[0].remastered is None  # the fake voice's make-up is its engine's
    assert stages.encoded_while_speaking > 0  # the MP3 was being written before the voice stopped
    assert stages.said_count == stages.total > len(DAYS)  # the headline and a sentence a paragraph
    assert stages.log.index(("end", SPEAKING)) < stages.log.index(("begin", MASTERING))
    integrated, _ = ebur128(run.results[0].audio_path)
    assert abs(integrated + 16.0) <= mastering.TOLERANCE_LU
    # An edit: the first 20 s come from the cache, then the workers start mid-stream; and the
    # make-up kept for the voice is made 21 dB too high, so the live master misses.
    (memo,) = [p for p in (cache_dir / "memo").glob("*.txt") if p.read_text().startswith("make-up")]
    label = memo.read_text().split("\n", 1)[0]
    memo.write_text(f"{label}\n25.0")
    again = publish([str(article(tmp_path / "a.txt", [*DAYS, "Christmas"]))], out, load_settings(None))
    result = again.results[0]
    assert again.stats.spoken == 1
    assert result.remastered is not None and result.remastered.integrated > -14.0
    integrated, peak = ebur128(result.audio_path)
    assert abs(integrated + 16.0) <= mastering.TOLERANCE_LU and peak <= -1.0
    assert abs(float(memo.read_text().split("\n")[1]) - 3.9) < 0.5  # the make-up found again is kept


class Sink:
    def __init__(self) -> None:
        self.taken, self.abandoned = 0, False

    def take(self, samples: np.ndarray, sample_rate: int) -> None:
        self.taken += len(samples)

    def abandon(self) -> None:
        self.abandoned = True


def test_voices_of_other_rates_abandon_the_stream_and_stitch_at_the_highest(monkeypatch: pytest.MonkeyPatch) -> None:
    said = [(buzz(1.0), RATE), (buzz(1.0)[:16000], 16000), (buzz(1.0), RATE)]
    synth = Synthesizer()
    monkeypatch.setattr(synth, "_in_order", lambda jobs, keys, unspoken: iter(said))
    sink = Sink()
    rendered = synth._render_streaming([None] * 3, ["a", "b", "c"], {"a", "b", "c"}, [["a", "b"], ["c"]], [0, 0], sink)
    assert sink.abandoned and rendered.sample_rate == RATE
    assert len(rendered.pcm) == 3 * RATE + round(0.18 * RATE)  # the 16 kHz sentence resampled


def test_nothing_to_speak_or_a_long_edition_does_not_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    from audionews.speech import synthesizer

    synth = Synthesizer()
    script = Script("Title", [Segment("paragraph", "One short sentence here.")])
    monkeypatch.setattr(synthesizer, "LONG_EDITION_S", 0.5)
    sink = Sink()
    monkeypatch.setattr(synth, "_speak_all", lambda jobs, keys: [(buzz(1.0), RATE)] * len(jobs))
    synth.render(script, "en", sink=sink)
    assert sink.abandoned and sink.taken == 0


def _in_a_terminal(*args: str, tmp_path: Path) -> str:
    """Run the CLI (fake voice) with its output on a pseudo-terminal; what the terminal got."""
    leader, follower = os.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm", "COLUMNS": "100"}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakevoice", *args], stdout=follower, stderr=follower, env=env, cwd=tmp_path
    )
    os.close(follower)
    received = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        try:
            data = os.read(leader, 65536) if ready else b""
        except OSError:  # the terminal closed: the process is done
            data = b""
        if not data:
            break
        received += data
    process.wait(timeout=60)
    os.close(leader)
    assert process.returncode == 0, received.decode(errors="replace")
    return received.decode(errors="replace")


def test_the_progress_bar_shows_on_a_terminal(tmp_path: Path) -> None:
    shown = _in_a_terminal("publish", str(article(tmp_path / "a.txt", DAYS)), "--out", str(tmp_path / "out"), tmp_path=tmp_path)
    assert "speaking" in shown and " sentences" in shown and " left" in shown and "published 'Council" in shown


@pytest.mark.parametrize(("terminal", "enabled", "drawn"), [(True, True, True), (True, False, False), (False, True, False)])
def test_the_bar_is_drawn_only_on_a_terminal_and_never_with_no_progress(terminal: bool, enabled: bool, drawn: bool) -> None:
    import io

    from rich.console import Console

    from audionews.cli.progressbar import ProgressBar

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=terminal, width=100)
    with ProgressBar(console, enabled=enabled) as bar:
        bar.episode("Council Weighs the Budget")
        bar.begin(SPEAKING)
        bar.sentences(9)
        bar.said(4)
        bar.bar.refresh()
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert ("speaking  Council Weighs the Budget" in plain and "4/9 sentences" in plain) is drawn
    assert ("\x1b[" in screen.getvalue()) is drawn  # off a terminal, or with --no-progress: nothing at all


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Council Desk</title><link>http://127.0.0.1:9/</link><description>Budget news.</description>
{items}
</channel></rss>"""
ITEM = """<item><title>Budget Day {n}</title><guid isPermaLink="false">budget-{n}</guid>
<pubDate>Fri, 27 Nov 2026 0{n}:00:00 +0000</pubDate>
<content:encoded><![CDATA[<p>{text}</p>]]></content:encoded></item>"""


def test_ingest_digest_shows_the_items_and_the_edition_being_spoken_on_one_bar(tmp_path: Path) -> None:
    story = "</p><p>".join(PARAGRAPH.format(day=day) for day in DAYS[:3])
    items = "\n".join(ITEM.format(n=n, text=story.replace("council", f"council of ward {n}")) for n in (1, 2, 3))
    feed = tmp_path / "feed.rss"
    feed.write_text(FEED.format(items=items), encoding="utf-8")
    shown = _in_a_terminal("ingest", str(feed), "--digest", "--out", str(tmp_path / "one"), tmp_path=tmp_path)
    assert "ingesting" in shown and " items" in shown and "speaking" in shown and " sentences" in shown
    assert "in edition" in shown
