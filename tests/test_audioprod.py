"""Audio production on real Piper speech: loudness, format, chapters, transcripts, tags, music.

One short article with two sections is published once with intro and outro music, a cover and a
configured bitrate; the tests decode, measure and read back what a listener's app would get.
"""

from __future__ import annotations

import json
import subprocess
import wave
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import numpy as np
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3, BitrateMode

from .conftest import decode_audio, ebur128, run_cli, vtt_cues

ARTICLE = """Springfield Opens New Library

The new library opened on Main Street, Springfield, May 2, 2024.

The city opened its new library on Monday, and officials said the building, which cost $12 million and took three years to finish, would serve readers from every part of the county.

Hours

It is open every day from nine to five.

Events

Children can hear stories on Saturday.
"""
URL = "https://news.example.org/springfield-library"
JINGLE_SECONDS = 1.5
SETTINGS = """
[show]
title = "Springfield Audio"
author = "Springfield Desk"
image = "cover.png"

[audio]
bitrate = "64k"
intro_music = "music/jingle.wav"
outro_music = "music/jingle.wav"
"""


def write_jingle(path: Path, rate: int = 48000) -> None:
    """A loud major chord with a soft attack: music peaking at full scale, at another rate."""
    t = np.arange(round(JINGLE_SECONDS * rate)) / rate
    chord = sum(np.sin(2 * np.pi * f * t) for f in (440.0, 554.37, 659.25))
    envelope = np.minimum(1.0, t / 0.05) * np.minimum(1.0, (JINGLE_SECONDS - t) / 0.3)
    samples = (chord * envelope / np.abs(chord).max() * 32767).astype("<i2")
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())


def write_png(path: Path) -> None:
    from audionews.audio import ffmpeg_exe

    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=navy:s=1400x1400", "-frames:v", "1", str(path)],
        check=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def show_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("show")
    (folder / "audionews.toml").write_text(SETTINGS)
    write_jingle(folder / "music" / "jingle.wav")
    write_png(folder / "cover.png")
    article = folder / "library.txt"
    article.write_text(ARTICLE)
    result = run_cli("script", str(article), "--json")
    assert result.returncode == 0, result.stderr
    script = json.loads(result.stdout)
    script["url"] = URL
    (folder / "library.json").write_text(json.dumps(script))
    return folder


@pytest.fixture(scope="module")
def episode(show_dir: Path) -> Path:
    out = show_dir / "out"
    result = run_cli("publish", "library.json", "--out", str(out), cwd=show_dir, real_voice=True)
    assert result.returncode == 0, result.stderr
    assert "LUFS" in result.stdout
    (folder,) = (out / "episodes").iterdir()
    return folder


def mp3_of(folder: Path) -> Path:
    return folder / f"{folder.name}.mp3"


def decoded_duration(folder: Path) -> float:
    samples, rate = decode_audio(mp3_of(folder))
    return len(samples) / rate


def ffmpeg_chapters(path: Path) -> list[dict]:
    """The file's chapters as ffmpeg's demuxer reads them (its FFMETADATA dump), independently of
    mutagen (-copyts: times as stored, not shifted by the encoder delay that decoding trims):
    [{"start_time": seconds, "title": str}, ...] in file order."""
    from audionews.audio import ffmpeg_exe

    dump = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-copyts", "-i", str(path), "-f", "ffmetadata", "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    chapters = []
    for block in dump.split("[CHAPTER]")[1:]:
        fields = dict(line.split("=", 1) for line in block.strip().splitlines() if "=" in line)
        num, den = fields["TIMEBASE"].split("/")
        chapters.append({"start_time": int(fields["START"]) * int(num) / int(den), "title": fields["title"]})
    return chapters


def test_loudness_and_true_peak_meet_the_spoken_word_target(episode: Path) -> None:
    integrated, true_peak = ebur128(mp3_of(episode))
    assert -16.6 <= integrated <= -15.4, integrated
    assert true_peak <= -1.0, true_peak


def test_mp3_is_mono_44k_constant_bitrate_as_configured(episode: Path) -> None:
    info = MP3(mp3_of(episode)).info
    assert (info.sample_rate, info.channels, info.bitrate) == (44100, 1, 64000)
    assert info.bitrate_mode in (BitrateMode.CBR, BitrateMode.UNKNOWN)  # LAME's "Info" tag: CBR
    assert info.bitrate_mode != BitrateMode.VBR


def test_chapters_read_back_with_mutagen_and_ffmpeg(episode: Path) -> None:
    tags = ID3(mp3_of(episode))
    (toc,) = tags.getall("CTOC")
    assert toc.flags & 0x2 and toc.flags & 0x1  # top level, ordered
    chaps = {frame.element_id: frame for frame in tags.getall("CHAP")}
    ordered = [chaps[element] for element in toc.child_element_ids]
    titles = [chap.sub_frames["TIT2"].text[0] for chap in ordered]
    assert titles == ["Springfield Opens New Library", "Hours", "Events"]
    assert ordered[0].start_time == 0
    for before, after in zip(ordered, ordered[1:]):
        assert before.end_time == after.start_time > before.start_time
    duration = decoded_duration(episode)
    assert abs(ordered[-1].end_time / 1000 - duration) < 0.01

    probed = ffmpeg_chapters(mp3_of(episode))
    assert [c["title"] for c in probed] == titles  # in time order in the file too
    assert [round(c["start_time"] * 1000) for c in probed] == [c.start_time for c in ordered]


def test_each_section_cue_starts_with_its_chapter_and_cues_stay_inside(episode: Path) -> None:
    cues = vtt_cues((episode / "transcript.vtt").read_text())
    chapters = ffmpeg_chapters(mp3_of(episode))
    for chapter in chapters[1:]:
        start = chapter["start_time"]
        (cue,) = [c for c in cues if abs(c[0] - start) <= 0.05]
        assert " ".join(cue[2]).startswith(f"[Section] {chapter['title']}")  # the cue, marked
    assert cues[-1][1] <= decoded_duration(episode)
    assert [c[0] for c in cues] == sorted(c[0] for c in cues)


def test_cue_starts_are_where_speech_starts(episode: Path) -> None:
    """Measured on the decoded MP3: before each cue that follows a pause the audio is quiet,
    and within 50 ms after its start the voice is there. This is where an intro's length or a
    resampling error would show."""
    samples, rate = decode_audio(mp3_of(episode))
    level = np.abs(samples.astype(np.float64))
    speech_level = np.percentile(level[level > 0], 90)
    cues = vtt_cues((episode / "transcript.vtt").read_text())
    checked = 0
    for previous, cue in zip(cues, cues[1:]):
        start = round(cue[0] * rate)
        if cue[0] - previous[1] < 0.15:
            continue
        before = level[start - round(0.12 * rate) : start - round(0.01 * rate)]
        after = level[start : start + round(0.05 * rate)]
        assert before.max() < speech_level / 2, cue
        assert after.max() > speech_level / 8, cue
        checked += 1
    assert checked >= 5


def test_intro_music_plays_before_the_first_words(episode: Path) -> None:
    samples, rate = decode_audio(mp3_of(episode))
    first_cue = vtt_cues((episode / "transcript.vtt").read_text())[0]
    assert first_cue[0] >= JINGLE_SECONDS
    music = samples[round(0.2 * rate) : round(1.0 * rate)].astype(np.float64)
    assert np.sqrt(np.mean(music**2)) > 1000  # the chord, not silence
    tail = samples[-round(1.0 * rate) : -round(0.4 * rate)].astype(np.float64)
    assert np.sqrt(np.mean(tail**2)) > 1000  # and the outro


def test_vtt_lines_are_short_and_a_long_sentence_is_split(episode: Path) -> None:
    cues = vtt_cues((episode / "transcript.vtt").read_text())
    for _, _, lines in cues:
        assert 1 <= len(lines) <= 2
        assert all(len(line) <= 42 for line in lines), lines
    texts = [" ".join(lines) for _, _, lines in cues]
    first = next(i for i, text in enumerate(texts) if text.startswith("The city opened"))
    last = next(i for i, text in enumerate(texts) if text.endswith("part of the county."))
    assert last > first  # one sentence, several cues
    # In the article's written words, each once, though the voice says "twelve million dollars".
    assert " ".join(texts[first : last + 1]) == (
        "The city opened its new library on Monday, and officials said the building, which cost $12 "
        "million and took three years to finish, would serve readers from every part of the county."
    )
    assert "twelve" not in " ".join(texts)
    assert texts[0] == "This is audionews."  # the show's own words (no written source), as said
    srt = (episode / "transcript.srt").read_text()
    assert srt.count(" --> ") == len(cues)
    assert "00:00:" in srt and "," in srt.splitlines()[1]


def test_chapters_json_and_description_list_the_same_chapters(episode: Path, show_dir: Path) -> None:
    document = json.loads((episode / "chapters.json").read_text())
    assert document["version"] == "1.2.0"
    probed = ffmpeg_chapters(mp3_of(episode))
    assert [c["title"] for c in document["chapters"]] == [c["title"] for c in probed]
    for item, chapter in zip(document["chapters"], probed):
        assert abs(item["startTime"] - chapter["start_time"]) < 0.002
    feed = feedparser.parse((show_dir / "out" / "feed.xml").read_bytes())
    (entry,) = feed.entries
    for item in document["chapters"]:
        minutes, seconds = divmod(int(item["startTime"]), 60)
        assert f"{minutes:02d}:{seconds:02d} {item['title']}" in entry.description


def test_id3_tags_for_podcast_apps(episode: Path) -> None:
    tags = ID3(mp3_of(episode))
    assert tags.version[:2] == (2, 3)
    assert str(tags["TIT2"]) == "Springfield Opens New Library"
    assert str(tags["TPE1"]) == "Springfield Desk"
    assert str(tags["TALB"]) == "Springfield Audio"
    assert str(tags["TLAN"]) == "eng"
    assert str(tags.getall("TYER")[0] if tags.getall("TYER") else tags["TDRC"])[:4].isdigit()
    (comment,) = tags.getall("COMM")
    assert "Chapters:" in comment.text[0]
    (cover,) = tags.getall("APIC")
    assert cover.mime == "image/png" and cover.data.startswith(b"\x89PNG")
    assert tags.getall("WOAS")[0].url == URL


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, str]] = []
        self.links: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("h1", "h2"):
            self._open = tag
            self.tags.append((tag, ""))
        if tag == "a":
            self.links.append(dict(attrs)["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            tag, text = self.tags[-1]
            self.tags[-1] = (tag, text + data)


def test_html_transcript_has_headings_and_the_source_link(episode: Path) -> None:
    page = (episode / "transcript.html").read_text()
    outline = _Outline()
    outline.feed(page)
    assert outline.tags[0] == ("h1", "Springfield Opens New Library")
    assert [text.split(" (")[0] for tag, text in outline.tags[1:]] == ["Hours", "Events"]
    assert URL in outline.links
    assert "$12 million" in page and "twelve" not in page and "<!DOCTYPE html>" in page


@pytest.mark.parametrize(
    ("audio_table", "expected"),
    [
        ('bitrate = "97k"', "bitrate"),
        ("loudness = -3", "loudness"),
        ("volume = 2", "unknown [audio] setting 'volume'"),
        ('intro_music = "missing.mp3"', "does not exist"),
        ('intro_music = "notes.txt"', "cannot be decoded"),
    ],
)
def test_bad_audio_settings_fail_before_synthesis(tmp_path: Path, audio_table: str, expected: str) -> None:
    (tmp_path / "notes.txt").write_text("not audio at all\n")
    (tmp_path / "audionews.toml").write_text(f"[audio]\n{audio_table}\n")
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = run_cli("publish", "a.txt", "--out", "out", cwd=tmp_path, real_voice=True)
    assert result.returncode == 1
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
