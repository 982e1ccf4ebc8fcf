"""The Python API a producer scripts with: load, build_script, speak, publish."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

import audionews

from .conftest import EXAMPLE


def test_load_and_build_script_read_the_example() -> None:
    article = audionews.load(str(EXAMPLE))
    assert article.headline == "Putin Says Russia is Not US Enemy, Downplays New Sanctions"
    script = audionews.build_script(article)
    roles = [segment.role for segment in script.segments]
    assert roles[:2] == ["intro", "headline"] and roles[-1] == "outro"
    assert "U S" in script.segments[1].text  # spoken form; the written one is kept beside it
    assert script.segments[1].source_text == article.headline


def test_speak_returns_an_audio_segment_of_real_speech() -> None:
    clip = audionews.speak("The council met on Tuesday.")
    assert (clip.channels, clip.sample_width, clip.frame_rate) == (1, 2, 22050)
    assert 0.8 < clip.duration_seconds < 4.0
    assert clip.rms > 300  # speech, not silence
    faster = audionews.speak("The council met on Tuesday.", speed=1.5)
    assert faster.duration_seconds < clip.duration_seconds * 0.85


def test_speak_exports_with_the_bundled_ffmpeg(tmp_path: Path) -> None:
    clip = audionews.speak("Hello.")
    target = tmp_path / "hello.mp3"
    clip.export(target, format="mp3")
    assert target.stat().st_size > 1000


def test_publish_returns_the_episodes_it_put_in_the_feed(short_article: Path, tmp_path: Path, fake_voice) -> None:
    episodes = audionews.publish([short_article], out=tmp_path / "out")
    (episode,) = episodes
    assert episode.title == "City Opens New Library"
    feed = feedparser.parse((tmp_path / "out" / "feed.xml").read_bytes())
    assert [entry.id for entry in feed.entries] == [episode.guid]


def test_errors_are_the_ones_the_cli_prints(tmp_path: Path) -> None:
    with pytest.raises(audionews.errors.AudioNewsError, match="no such file"):
        audionews.load(str(tmp_path / "missing.txt"))
