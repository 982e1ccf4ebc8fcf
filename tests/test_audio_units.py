"""Fast checks of the pieces of audio production that need no voice."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from mutagen.id3 import ID3

from audionews import audio
from audionews.episode import chapters, tags, transcript
from audionews.model import Timing


def test_join_fades_every_sentence_edge_so_nothing_clicks() -> None:
    rate = 22050
    square = np.full(2205, 20000, dtype=np.int16)  # full-level DC: the worst possible cut
    rendered = audio.join([[square, square], [square]], [300, 0], rate)
    pcm = rendered.pcm.astype(np.int32)
    steps = np.abs(np.diff(pcm))
    assert steps.max() < 20000 * 0.02  # no jump anywhere; an unfaded cut would jump 20000
    for segment in rendered.timeline:
        for sentence in segment.sentences:
            assert abs(pcm[sentence.start]) < 200 and abs(pcm[sentence.end - 1]) < 200


def test_timeline_marks_speech_not_the_voice_padding() -> None:
    rate = 22050
    sentence = np.zeros(3000, dtype=np.int16)
    sentence[500:2000] = 10000
    rendered = audio.join([[sentence]], [100], rate)
    (timing,) = rendered.timeline
    assert (timing.start, timing.end) == (500, 2000)


def test_rescale_is_exact_at_any_length() -> None:
    timeline = [Timing(0, 22050, [Timing(11025, 22050)]), Timing(22050 * 3600, 22050 * 3601)]
    scaled = audio.rescale(timeline, 22050, 44100, offset=66150)
    assert (scaled[0].start, scaled[0].end) == (66150, 66150 + 44100)
    assert scaled[0].sentences[0].start == 66150 + 22050
    assert scaled[1].start == 66150 + 44100 * 3600  # an hour in: no drift
    assert audio.rescale([Timing(16000, 16001)], 16000, 44100)[0].start == 44100


def test_long_text_splits_into_balanced_cues_at_a_comma() -> None:
    text = ("The council met on Tuesday evening to discuss the budget for next year, and after a long "
            "debate it voted to fund the new library, two parks and a bus line.")  # fmt: skip
    parts = transcript.split_text(text)
    assert len(parts) == 2
    assert parts[0].endswith("next year,")
    assert " ".join(parts) == text
    assert all(transcript.fits(part) for part in parts)
    assert transcript.split_text("Short.") == ["Short."]


def test_chapter_tree_becomes_nested_ctoc_frames(tmp_path: Path) -> None:
    """An edition of two articles (issue #9's shape): the tree survives in ID3."""
    edition = [
        chapters.Chapter("First story", 0, 60, [chapters.Chapter("Lead", 0, 30), chapters.Chapter("Part two", 30, 60)]),
        chapters.Chapter("Second story", 60, 90, [chapters.Chapter("Lead", 60, 90)]),
    ]
    path = tmp_path / "edition.mp3"
    path.write_bytes(b"")
    tags.write_tags(path, tags.EpisodeTags("Edition", "Desk", "Show", language="de"), edition)
    id3 = ID3(path)
    assert str(id3["TLAN"]) == "ger"
    tocs = {frame.element_id: frame for frame in id3.getall("CTOC")}
    top = tocs["toc"]
    assert [str(tocs[child].sub_frames["TIT2"]) for child in top.child_element_ids] == ["First story", "Second story"]
    chaps = {frame.element_id: frame for frame in id3.getall("CHAP")}
    first = tocs[top.child_element_ids[0]]
    assert [chaps[c].start_time for c in first.child_element_ids] == [0, 30000]
    assert [leaf.title for leaf in chapters.leaves(edition)] == ["Lead", "Part two", "Lead"]
    assert chapters.description_lines(edition)[1:] == ["00:00 Lead", "00:30 Part two", "01:00 Lead"]
    assert chapters.stamp(3725) == "1:02:05"


def test_mastering_the_same_mix_again_copies_it_from_the_cache(tmp_path: Path, monkeypatch) -> None:
    from audionews.episode import mastering
    from audionews.speech.cache import SegmentCache
    from audionews.model import Rendered

    rng = np.random.default_rng(5)
    bursts = [(rng.normal(0, 3000, 4410) * np.hanning(4410)).astype(np.int16) for _ in range(20)]
    rendered = audio.join([bursts], [200], 22050)
    cache = SegmentCache(tmp_path / "cache")
    first = mastering.master(rendered, tmp_path / "a.mp3", cache=cache)
    assert first.encodes >= 1 and abs(first.loudness.integrated + 16) <= 0.5

    def must_not_master(*args: object) -> None:
        raise AssertionError("mastered again")

    monkeypatch.setattr(mastering, "_master", must_not_master)
    again = mastering.master(Rendered(rendered.pcm.copy(), 22050, rendered.timeline), tmp_path / "b.mp3", cache=cache)
    assert (tmp_path / "b.mp3").read_bytes() == (tmp_path / "a.mp3").read_bytes()
    assert again.loudness == first.loudness and again.encodes == 0
    assert again.timed == first.timed and again.offset == first.offset == 0
    from .conftest import ebur128

    kept = (again.loudness.integrated, again.loudness.true_peak)
    assert kept == ebur128(tmp_path / "b.mp3")  # the figures kept are the file's


def test_mastering_cache_key_follows_the_music_and_the_settings(tmp_path: Path) -> None:
    import wave

    from audionews.episode import mastering
    from audionews.model import Rendered

    def jingle(name: str, level: int) -> Path:
        path = tmp_path / name
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1), out.setsampwidth(2), out.setframerate(22050)
            out.writeframes(np.full(2205, level, dtype="<i2").tobytes())
        return path

    rendered = Rendered(np.zeros(10, np.int16), 22050, [])
    first, second = jingle("a.wav", 1000), jingle("b.wav", 2000)
    recipes = {
        tuple(mastering._recipe(rendered, options))
        for options in (
            mastering.AudioOptions(),
            mastering.AudioOptions(bitrate=64),
            mastering.AudioOptions(intro_music=first),
            mastering.AudioOptions(intro_music=second),
            mastering.AudioOptions(outro_music=first),
        )
    }
    assert len(recipes) == 5
    assert mastering._recipe(Rendered(rendered.pcm, 16000, []), mastering.AudioOptions()) != mastering._recipe(
        rendered, mastering.AudioOptions()
    )


def test_music_around_speech_of_any_voice_rate_keeps_the_timeline_and_the_cache(tmp_path: Path) -> None:
    import wave

    from audionews.episode import mastering
    from audionews.speech.cache import SegmentCache

    from .conftest import decode_audio

    jingle = tmp_path / "jingle.wav"
    t = np.arange(48000) / 48000  # one second at another rate again
    with wave.open(str(jingle), "wb") as out:
        out.setnchannels(1), out.setsampwidth(2), out.setframerate(48000)
        out.writeframes((np.sin(2 * np.pi * 440 * t) * 20000).astype("<i2").tobytes())
    rng = np.random.default_rng(7)
    bursts = [(rng.normal(0, 3000, 8000) * np.hanning(8000)).astype(np.int16) for _ in range(6)]
    rendered = audio.join([bursts[:3], bursts[3:]], [300, 200], 16000)  # a 16 kHz voice
    cache = SegmentCache(tmp_path / "cache")
    for music in ({"intro_music": jingle}, {"outro_music": jingle}, {"intro_music": jingle, "outro_music": jingle}):
        options = mastering.AudioOptions(**music)
        name = "-".join(music)
        first = mastering.master(rendered, tmp_path / f"{name}.mp3", options, cache=cache)
        decoded, rate = decode_audio(tmp_path / f"{name}.mp3", 44100)
        intro = 44100 + round(mastering.MUSIC_GAP_MS * 44.1) if "intro_music" in music else 0
        assert first.offset == intro and first.timed.sample_rate == rate == 44100
        assert abs(first.timed.samples - len(decoded)) <= 2 * 1152  # an MP3 frame or two of padding
        speech = first.timed.timeline[0].sentences[0]
        assert speech.start == intro + round(rendered.timeline[0].sentences[0].start * 44100 / 16000)
        level = np.abs(decoded.astype(np.float32))
        if intro:  # the gap after the jingle is quiet; the speech starts where the timeline says
            assert level[speech.start : speech.end].mean() > 4 * level[speech.start - 8000 : speech.start - 500].mean()
        again = mastering.master(rendered, tmp_path / f"{name}-again.mp3", options, cache=cache)
        assert again.encodes == 0 and again.timed == first.timed and again.offset == first.offset


def test_silent_narration_is_one_clear_error_not_seventy_decibels_of_gain(tmp_path: Path) -> None:
    import pytest

    from audionews.episode import mastering
    from audionews.errors import PublishError

    silent = audio.join([[np.zeros(22050, np.int16)]], [0], 22050)
    with pytest.raises(PublishError, match="the narration is silent"):
        mastering.master(silent, tmp_path / "silent.mp3")
