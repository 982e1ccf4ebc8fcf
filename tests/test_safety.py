"""Publishing is safe to interrupt and to run two or three at once (real processes, real
SIGKILL); feeds cannot make audionews read a file or expand entities without bound."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import feedparser

from .conftest import EXAMPLE, ROOT, run_cli
from .feedhelpers import write_config

PORT = 8124  # only written into URLs


def enclosures_on_disk(out: Path) -> dict[Path, int]:
    """Each enclosure of the feed as a local path with the length the feed claims."""
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return {
        out / e.enclosures[0].href.removeprefix(f"http://127.0.0.1:{PORT}/").split("?")[0]: int(e.enclosures[0].length)
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


# -- more faults, with the stand-in voice (tests/fakevoice.py): their subject is the folder ---------


def start_fake(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.fakevoice", "publish", *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = [int(x) for x in (task / "children").read_text().split()]
            except OSError:
                continue
            found += children
            todo += children
    return found


def is_ffmpeg(pid: int) -> bool:
    try:
        return "ffmpeg" in Path(f"/proc/{pid}/comm").read_text()
    except OSError:
        return False


def long_article(tmp_path: Path, words: int = 1000) -> Path:
    import random

    rng = random.Random(7)
    vocabulary = "the council met on tuesday and agreed a plan for the new library by the river".split()
    sentences = [" ".join(rng.choice(vocabulary) for _ in range(12)).capitalize() + "." for _ in range(words // 12)]
    path = tmp_path / "long.txt"
    path.write_text("Council Agrees Library Plan\n\n" + " ".join(sentences) + "\n", encoding="utf-8")
    return path


def test_killing_a_publish_mid_mastering_leaves_the_old_feed_whole(tmp_path: Path, short_article: Path) -> None:
    config = write_config(tmp_path, PORT)
    out = tmp_path / "out"
    first = run_cli("publish", str(short_article), "--out", str(out), "--config", str(config))
    assert first.returncode == 0, first.stderr
    feed_before = (out / "feed.xml").read_bytes()
    catalog_before = run_cli("list", "--out", str(out)).stdout

    process = start_fake(str(long_article(tmp_path)), "--out", str(out), "--config", str(config), "--no-cache")
    deadline = time.monotonic() + 120
    while not any(is_ffmpeg(pid) for pid in descendants(process.pid)):  # mastering has begun
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the publish never started mastering"
        time.sleep(0.02)
    time.sleep(0.2)
    assert process.poll() is None, "the publish finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    assert (out / "feed.xml").read_bytes() == feed_before
    assert run_cli("list", "--out", str(out)).stdout == catalog_before
    for path, length in enclosures_on_disk(out).items():
        assert path.stat().st_size == length
    assert not (out / "episodes" / "council-agrees-library-plan").exists()
    again = run_cli("publish", str(short_article), "--out", str(out), "--config", str(config))
    assert again.returncode == 0, again.stderr
    deadline = time.monotonic() + 30  # the killed run's ffmpeg leave once their input closes
    while any((out / ".staging").iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)
        run_cli("feed", "--out", str(out), "--config", str(config))  # any run sweeps staging
    assert not any((out / ".staging").iterdir())


def test_three_publishes_at_once_all_land(tmp_path: Path) -> None:
    config = write_config(tmp_path, PORT)
    out = tmp_path / "out"
    sources = []
    for number, headline in enumerate(("Library Opens", "Bridge Closes", "Market Returns")):
        path = tmp_path / f"a{number}.txt"
        path.write_text(f"{headline}\n\nThe council said so on Tuesday, story {number}.\n", encoding="utf-8")
        sources.append(path)
    runs = [start_fake(str(source), "--out", str(out), "--config", str(config)) for source in sources]
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr
    enclosures = enclosures_on_disk(out)
    assert len(enclosures) == 3
    for path, length in enclosures.items():
        assert path.stat().st_size == length
    assert len(run_cli("list", "--out", str(out)).stdout.splitlines()) == 3


XXE_FEED = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Gazette</title>
<item><title>Council Meets &secret;</title><guid isPermaLink="false">x-1</guid>
<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>
"""
LAUGHS_FEED = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol">{entities}]>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Gazette</title>
<item><title>Council Meets &lol9;</title><guid isPermaLink="false">x-2</guid>
<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>
"""
BODY = "".join(f"<p>The council met on Tuesday and agreed the library plan, item {n} of six.</p>" for n in range(6))


def test_feeds_with_external_entities_read_no_file(tmp_path: Path) -> None:
    feed = tmp_path / "xxe.rss"
    feed.write_text(XXE_FEED.format(body=BODY))
    out = tmp_path / "out"
    result = run_cli("ingest", str(feed), "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "root:" not in result.stdout + result.stderr
    listed = run_cli("list", "--out", str(out)).stdout
    assert "\tCouncil Meets &secret;\t" in listed  # the entity is not expanded, let alone fetched
    for path in [out / "feed.xml", *out.rglob("*.json"), *out.rglob("*.vtt")]:
        assert "root:x:0:0" not in path.read_text()


def test_feeds_with_entity_expansion_stay_small_and_quick(tmp_path: Path) -> None:
    entities = "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
    )
    feed = tmp_path / "laughs.rss"
    feed.write_text(LAUGHS_FEED.format(entities=entities, body=BODY))
    out = tmp_path / "out"
    started = time.monotonic()
    result = run_cli("ingest", str(feed), "--out", str(out))
    assert time.monotonic() - started < 60
    assert result.returncode == 0, result.stdout + result.stderr
    listed = run_cli("list", "--out", str(out)).stdout
    assert "\tCouncil Meets &lol9;\t" in listed and "lollol" not in listed
    assert (out / "feed.xml").stat().st_size < 20_000
