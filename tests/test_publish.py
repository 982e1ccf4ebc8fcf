"""End to end: real Piper speech, a decoded MP3, a parsed feed."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from mutagen.mp3 import MP3

from .conftest import EXAMPLE, decode_audio, ebur128, run_cli


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = run_cli("publish", str(EXAMPLE), "--out", str(out), real_voice=True)
    assert result.returncode == 0, result.stderr
    return out


def episode_dir(out: Path) -> Path:
    (folder,) = (out / "episodes").iterdir()
    return folder


def test_example_becomes_a_two_to_four_minute_mp3(published: Path) -> None:
    folder = episode_dir(published)
    mp3 = folder / f"{folder.name}.mp3"
    info = MP3(mp3).info
    assert info.sample_rate == 44100
    assert info.channels == 1
    samples, rate = decode_audio(mp3)
    duration = len(samples) / rate
    assert 120 <= duration <= 240
    assert abs(duration - info.length) < 0.2
    assert samples.std() > 500  # speech, not silence


def test_example_meets_the_spoken_word_loudness_target(published: Path) -> None:
    folder = episode_dir(published)
    integrated, true_peak = ebur128(folder / f"{folder.name}.mp3")
    assert -16.6 <= integrated <= -15.4, integrated
    assert true_peak <= -1.0, true_peak
    assert MP3(folder / f"{folder.name}.mp3").info.bitrate == 96000  # the default


def test_feed_enclosure_points_at_the_file(published: Path) -> None:
    feed = feedparser.parse((published / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    (item,) = feed.entries
    assert item.title == "Putin Says Russia is Not US Enemy, Downplays New Sanctions"
    (enclosure,) = item.enclosures
    folder = episode_dir(published)
    mp3 = folder / f"{folder.name}.mp3"
    assert enclosure.href.split("?")[0].endswith(f"episodes/{folder.name}/{folder.name}.mp3")
    assert int(enclosure.length) == mp3.stat().st_size
    assert enclosure.type == "audio/mpeg"
    assert 120 <= int(item.itunes_duration) <= 240


def test_episode_folder_follows_the_layout_contract(published: Path) -> None:
    folder = episode_dir(published)
    for name in ("transcript.vtt", "transcript.srt", "transcript.html", "chapters.json", "script.json"):
        assert (folder / name).stat().st_size > 0
    assert (folder / "transcript.vtt").read_text().startswith("WEBVTT")
    script = json.loads((folder / "script.json").read_text())
    assert script["title"] == "Putin Says Russia is Not US Enemy, Downplays New Sanctions"


def test_republishing_keeps_one_item_with_the_same_guid(short_article: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("publish", str(short_article), "--out", str(out)).returncode == 0
    first = feedparser.parse((out / "feed.xml").read_bytes()).entries
    short_article.write_text(short_article.read_text() + "\nA late correction.\n")
    assert run_cli("publish", str(short_article), "--out", str(out)).returncode == 0
    second = feedparser.parse((out / "feed.xml").read_bytes()).entries
    assert len(first) == len(second) == 1
    assert first[0].id == second[0].id
    assert int(second[0].enclosures[0].length) != int(first[0].enclosures[0].length)


def test_vtt_has_one_cue_per_sentence_inside_the_audio(published: Path) -> None:
    folder = episode_dir(published)
    vtt = (folder / "transcript.vtt").read_text()
    script = json.loads((folder / "script.json").read_text())
    stamps = [line for line in vtt.splitlines() if " --> " in line]
    assert len(stamps) > len(script["segments"])  # paragraphs hold several sentences

    def seconds(stamp: str) -> float:
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    ends = [seconds(line.split(" --> ")[1]) for line in stamps]
    starts = [seconds(line.split(" --> ")[0]) for line in stamps]
    assert starts == sorted(starts)
    assert max(ends) <= MP3(folder / f"{folder.name}.mp3").info.length
