"""The segment cache: unit checks of the entry format, then real Piper renders through the CLI."""

from __future__ import annotations

import json
import multiprocessing
import re
from pathlib import Path

import numpy as np
import pytest

from audionews.settings import read_environment
from audionews.speech.cache import SegmentCache, encoding_key, parse_size, sentence_key
from audionews.errors import ConfigError
from audionews.speech.sentences import split_sentences

from .conftest import decode_audio, run_cli


def test_entry_round_trips_samples_and_rate(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    samples = np.arange(-500, 500, dtype=np.int16)
    cache.put("ab" * 32, samples, 22050)
    found, rate = cache.get("ab" * 32)
    assert rate == 22050
    assert np.array_equal(found, samples)
    assert cache.get("cd" * 32) is None
    assert (cache.stats.hits, cache.stats.misses, cache.stats.corrupt) == (1, 1, 0)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # torn write
        lambda data: data[:-2] + bytes([data[-2] ^ 0xFF]) + data[-1:],  # flipped bits in the audio
        lambda data: b"garbage" + data[7:],  # not an entry
        lambda data: b"",
    ],
)
def test_damaged_entry_is_a_miss_not_audio(tmp_path: Path, damage) -> None:
    cache = SegmentCache(tmp_path)
    cache.put("ef" * 32, np.full(1000, 1234, dtype=np.int16), 22050)
    (entry,) = tmp_path.rglob("*.pcm")
    entry.write_bytes(damage(entry.read_bytes()))
    assert cache.get("ef" * 32) is None
    assert cache.stats.corrupt == 1


def test_encoded_edition_round_trips_and_a_damaged_one_is_a_miss(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    key = encoding_key(["ffmpeg", "-b:a", "96k"], memoryview(b"pcm"))
    assert key != encoding_key(["ffmpeg", "-b:a", "64k"], memoryview(b"pcm"))
    assert key != encoding_key(["ffmpeg", "-b:a", "96k"], memoryview(b"pcM"))
    cache.put_mastered(key, {}, b"ID3 mp3 bytes")
    assert bytes(cache.get_mastered(key)[1]) == b"ID3 mp3 bytes"
    (entry,) = tmp_path.rglob("*.mst")
    entry.write_bytes(entry.read_bytes()[:-1] + b"X")
    assert cache.get_mastered(key) is None


def test_mastered_edition_keeps_its_figures_and_a_damaged_one_is_a_miss(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    figures = {"loudness": [-16.0, -1.4], "offset": 0, "samples": 44100}
    cache.put_mastered("9a" * 32, figures, b"ID3 mp3\n bytes")
    found, data = cache.get_mastered("9a" * 32)
    assert found == figures and bytes(data) == b"ID3 mp3\n bytes"
    (entry,) = tmp_path.rglob("*.mst")
    entry.write_bytes(entry.read_bytes()[:-1] + b"X")
    assert cache.get_mastered("9a" * 32) is None
    assert cache.stats.corrupt == 1


def test_prune_removes_the_least_recently_used_and_a_hit_counts_as_use(tmp_path: Path) -> None:
    import os

    cache = SegmentCache(tmp_path)
    keys = [f"{n:02d}" * 32 for n in range(4)]
    for age, key in enumerate(keys):
        cache.put(key, np.zeros(1000, np.int16), 22050)
        (entry,) = tmp_path.rglob(f"{key}.pcm")
        os.utime(entry, ns=(10**18 + age * 10**9,) * 2)  # written in this order, long ago
    assert cache.stats.writes == 4
    assert cache.get(keys[0]) is not None  # the oldest, just used
    size = next(tmp_path.rglob("*.pcm")).stat().st_size
    assert cache.usage().sentences == 4 and cache.usage().total_bytes == 4 * size
    assert cache.prune(2 * size) == (2, 2 * size)
    assert [cache.get(key) is not None for key in keys] == [True, False, False, True]
    assert cache.prune(0) == (2, 2 * size) and cache.usage().total_bytes == 0


def test_prune_sweeps_temp_files_a_killed_run_left_and_clear_empties_everything(tmp_path: Path) -> None:
    import os
    import time

    cache = SegmentCache(tmp_path)
    cache.put("ab" * 32, np.zeros(100, np.int16), 22050)
    folder = next(tmp_path.rglob("*.pcm")).parent
    stale, writing = folder / ".x.pcm.1.tmp", folder / ".y.pcm.2.tmp"
    stale.write_bytes(b"half an entry"), writing.write_bytes(b"being written")
    os.utime(stale, (time.time() - 7200,) * 2)
    (tmp_path / "memo").mkdir()
    (tmp_path / "memo" / "hash.txt").write_text("sha256 x\nabc")
    assert cache.prune(10**9) == (1, len(b"half an entry"))  # the stale one only
    assert writing.exists() and cache.get("ab" * 32) is not None
    removed, _ = cache.clear()
    assert removed == 3 and not [p for p in tmp_path.rglob("*") if p.is_file()]  # entry, memo, temp file


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2G", 2 * 10**9), ("500M", 500 * 10**6), ("1.5GB", 15 * 10**8), ("750 kb", 750_000), ("4096", 4096)],
)
def test_sizes_read_as_people_write_them(text: str, expected: int) -> None:
    assert parse_size(text, "--max-size") == expected


def test_a_bad_size_setting_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match=r"AUDIONEWS_CACHE_MAX='lots': not a size\. Write it like 500M"):
        parse_size("lots", "AUDIONEWS_CACHE_MAX")
    monkeypatch.setenv("AUDIONEWS_CACHE_MAX", "-3G")
    with pytest.raises(ConfigError):
        read_environment()  # before any work is done
    result = run_cli("cache")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == ["error: AUDIONEWS_CACHE_MAX='-3G': not a size. Write it like 500M or 2G (bytes, K, M, G, T)."]


def test_key_changes_with_voice_speed_and_text() -> None:
    base = sentence_key("voice-a", 1.0, "Hello.")
    assert base == sentence_key("voice-a", 1.0, "Hello.")
    assert len({base, sentence_key("voice-b", 1.0, "Hello."), sentence_key("voice-a", 1.2, "Hello."),
                sentence_key("voice-a", 1.0, "Hello!")}) == 4  # fmt: skip


def _writer(root: str, value: int) -> None:
    cache = SegmentCache(Path(root))
    for _ in range(30):
        cache.put("12" * 32, np.full(20000, value, dtype=np.int16), 22050)


def test_concurrent_writers_and_readers_never_see_half_an_entry(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_writer, args=(str(tmp_path), v)) for v in (111, 222)]
    for writer in writers:
        writer.start()
    cache, seen = SegmentCache(tmp_path), set()
    while any(w.is_alive() for w in writers):
        found = cache.get("12" * 32)
        if found is not None:
            samples, _ = found
            assert len(samples) == 20000 and len(set(samples.tolist())) == 1
            seen.add(int(samples[0]))
    for writer in writers:
        writer.join()
        assert writer.exitcode == 0
    assert cache.stats.corrupt == 0
    assert seen <= {111, 222}
    assert not list(tmp_path.rglob("*.tmp"))  # no temp files left behind


# -- real Piper, through the CLI ------------------------------------------------------------


def spoken_counts(result) -> tuple[int, int]:
    match = re.search(r"sentences: (\d+) spoken, (\d+) from the cache", result.stdout)
    assert match, result.stdout
    return int(match[1]), int(match[2])


def script_sentences(source: Path) -> list[str]:
    script = json.loads(run_cli("script", str(source), "--json").stdout)
    return [s for segment in script["segments"] for s in split_sentences(segment["text"])]


def mp3_of(out: Path) -> Path:
    (mp3,) = (out / "episodes").glob("*/*.mp3")
    return mp3


def test_republish_speaks_nothing_and_keeps_the_audio(short_article: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_cli("publish", str(short_article), "--out", str(out), real_voice=True)
    assert first.returncode == 0, first.stderr
    sentences = script_sentences(short_article)
    assert spoken_counts(first) == (len(set(sentences)), 0)
    before, _ = decode_audio(mp3_of(out))

    second = run_cli("publish", str(short_article), "--out", str(out), real_voice=True)
    assert second.returncode == 0, second.stderr
    assert spoken_counts(second) == (0, len(set(sentences)))
    after, _ = decode_audio(mp3_of(out))
    assert np.array_equal(before, after)


def test_editing_one_paragraph_speaks_only_its_sentences(short_article: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("publish", str(short_article), "--out", str(out), real_voice=True).returncode == 0
    old = set(script_sentences(short_article))
    short_article.write_text(
        short_article.read_text().replace(
            "It is open every day.", "It is open every day. Entry is free for children."
        )
    )
    new = script_sentences(short_article)
    result = run_cli("publish", str(short_article), "--out", str(out), real_voice=True)
    assert result.returncode == 0, result.stderr
    spoken, cached = spoken_counts(result)
    assert spoken == len(set(new) - old) == 1  # "Entry is free for children."
    assert cached == len(set(new) & old)


def test_corrupt_entries_are_spoken_again(short_article: Path, tmp_path: Path, cache_dir: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("publish", str(short_article), "--out", str(out), real_voice=True).returncode == 0
    good, rate = decode_audio(mp3_of(out))
    entries = sorted(cache_dir.rglob("*.pcm"))
    for entry in entries[:2]:
        data = bytearray(entry.read_bytes())
        data[-100:] = bytes(b ^ 0xFF for b in data[-100:])  # same length: only the checksum can tell
        entry.write_bytes(bytes(data))
    entries[2].write_bytes(entries[2].read_bytes()[:50])

    result = run_cli("publish", str(short_article), "--out", str(out), real_voice=True)
    assert result.returncode == 0, result.stderr
    assert spoken_counts(result)[0] == 3
    audio, _ = decode_audio(mp3_of(out))
    assert abs(len(audio) - len(good)) / rate < 1.5  # the same script, re-spoken sentences vary
    assert audio.std() > 500
    again = run_cli("publish", str(short_article), "--out", str(out), real_voice=True)
    assert spoken_counts(again)[0] == 0  # the entries were rewritten whole


def test_no_cache_speaks_everything_and_writes_no_entries(
    short_article: Path, tmp_path: Path, cache_dir: Path
) -> None:
    out = tmp_path / "out"
    assert run_cli("publish", str(short_article), "--out", str(out), real_voice=True).returncode == 0
    entries = {p: p.stat().st_mtime_ns for p in cache_dir.rglob("*") if p.is_file()}
    result = run_cli("publish", str(short_article), "--out", str(out), "--no-cache", real_voice=True)
    assert result.returncode == 0, result.stderr
    assert spoken_counts(result) == (len(set(script_sentences(short_article))), 0)
    assert {p: p.stat().st_mtime_ns for p in cache_dir.rglob("*") if p.is_file()} == entries
    assert decode_audio(mp3_of(out))[0].std() > 500


def test_a_run_keeps_the_cache_within_its_limit(
    short_article: Path, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUDIONEWS_CACHE_MAX", "300K")
    result = run_cli("publish", str(short_article), "--out", str(tmp_path / "out"), real_voice=True)
    assert result.returncode == 0, result.stderr
    sizes = [p.stat().st_size for p in cache_dir.rglob("*") if p.suffix in (".pcm", ".mst", ".bin")]
    assert sizes and sum(sizes) <= 300_000
    assert decode_audio(mp3_of(tmp_path / "out"))[0].std() > 500  # the episode is whole


def test_cache_command_shows_trims_and_clears(short_article: Path, tmp_path: Path, cache_dir: Path) -> None:
    assert run_cli("publish", str(short_article), "--out", str(tmp_path / "out"), real_voice=True).returncode == 0
    sentences = len(set(script_sentences(short_article)))
    shown = run_cli("cache")
    assert shown.returncode == 0, shown.stderr
    assert f"cache: {cache_dir}: {sentences} sentences (" in shown.stdout and "1 edition (" in shown.stdout
    trimmed = run_cli("cache", "--max-size", "1K")
    assert re.search(r"removed \d+ files", trimmed.stdout) and "0 sentences" in trimmed.stdout
    assert not list(cache_dir.rglob("*.pcm")) and not list(cache_dir.rglob("*.mst"))
    assert "0 editions" in run_cli("cache", "--clear").stdout
    bad = run_cli("cache", "--max-size", "lots")
    assert bad.returncode == 1 and bad.stderr.strip() == (
        "error: --max-size='lots': not a size. Write it like 500M or 2G (bytes, K, M, G, T)."
    )
