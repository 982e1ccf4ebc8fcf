"""Publishing is safe to interrupt and to run twice at once (real processes, real SIGKILL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import feedparser

from .conftest import EXAMPLE, ROOT, run_cli
from .feedhelpers import article_script, write_config

PORT = 8124  # only written into URLs


def enclosures_on_disk(out: Path) -> dict[Path, int]:
    """Each enclosure of the feed as a local path with the length the feed claims."""
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return {
        out / e.enclosures[0].href.removeprefix(f"http://127.0.0.1:{PORT}/"): int(e.enclosures[0].length)
        for e in parsed.entries
    }


def start_publish(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "audionews", "publish", *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_killing_a_publish_mid_synthesis_leaves_the_old_feed_whole(tmp_path: Path, short_article: Path) -> None:
    config = write_config(tmp_path, PORT)
    out = tmp_path / "out"
    first = run_cli("publish", str(short_article), "--out", str(out), "--config", str(config))
    assert first.returncode == 0, first.stderr
    feed_before = (out / "feed.xml").read_bytes()
    catalog_before = run_cli("list", "--out", str(out)).stdout

    # A long article (~150 s of speech: several seconds of Piper), then the published one again
    # (whose files it would replace); killed while it synthesizes the long one.
    process = start_publish(
        str(EXAMPLE), str(short_article), "--out", str(out), "--config", str(config), "--no-cache"
    )
    staging = out / ".staging"
    deadline = time.monotonic() + 60
    while not (staging.is_dir() and any(staging.iterdir())):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the publish never started rendering"
        time.sleep(0.05)
    time.sleep(1.5)  # well inside synthesis of the long article
    assert process.poll() is None, "the publish finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    assert (out / "feed.xml").read_bytes() == feed_before
    for path, length in enclosures_on_disk(out).items():
        assert path.stat().st_size == length
    assert run_cli("list", "--out", str(out)).stdout == catalog_before
    assert any((out / ".staging").iterdir())  # the killed run's leftovers...

    again = run_cli("publish", str(short_article), "--out", str(out), "--config", str(config))
    assert again.returncode == 0, again.stderr
    assert not any((out / ".staging").iterdir())  # ...are swept by the next run
    for path, length in enclosures_on_disk(out).items():
        assert path.stat().st_size == length


def test_two_publishes_at_once_both_land(tmp_path: Path, short_article: Path) -> None:
    config = write_config(tmp_path, PORT)
    other = article_script(tmp_path, "Bridge Closes for Repairs", "The old bridge closes for a month.")
    out = tmp_path / "out"
    runs = [start_publish(str(source), "--out", str(out), "--config", str(config)) for source in (short_article, other)]
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr
    enclosures = enclosures_on_disk(out)
    assert len(enclosures) == 2
    for path, length in enclosures.items():
        assert path.stat().st_size == length
    assert len(run_cli("list", "--out", str(out)).stdout.splitlines()) == 2
