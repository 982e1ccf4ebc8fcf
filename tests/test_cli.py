"""The CLI's contract: commands, JSON script round trip, one-line errors with exit 1."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import pytest

from .conftest import EXAMPLE, decode_audio, run_cli

DATA = Path(__file__).parent / "data"


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("audionews ")


def test_script_json_matches_the_contract() -> None:
    result = run_cli("script", str(EXAMPLE), "--json")
    assert result.returncode == 0, result.stderr
    script = json.loads(result.stdout)
    assert script["title"] == "Putin Says Russia is Not US Enemy, Downplays New Sanctions"
    assert script["language"] == "en"
    roles = [s["role"] for s in script["segments"]]
    assert roles[0] == "intro" and roles[-1] == "outro"
    assert roles.count("heading") == 2 and roles.count("caption") == 1
    for segment in script["segments"]:
        assert set(segment) == {"role", "text", "source_text", "pause_ms", "voice"}


def test_script_diff_marks_what_the_voice_says_differently(tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text(
        "Senate Approves $1.2 Trillion Spending Bill\n\n"
        "Sen. Ted Cruz (R-Texas) said the FBI and NATO were briefed on Oct. 5.\n"
    )
    result = run_cli("script", str(article), "--diff")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "\x1b[" not in result.stdout  # not a terminal: plain text
    assert lines[1] == "[headline] Senate Approves [$1.2 Trillion → one point two trillion dollar] Spending Bill"
    assert lines[2] == (
        "[paragraph] [Sen. → Senator] Ted Cruz, [(R-Texas) → Republican of Texas,] said the [FBI → F B I] "
        "and Nato were briefed on [Oct. 5. → October fifth.]"
    )  # "NATO" said "Nato" is no change a listener hears
    assert lines[0] == "[intro] This is audionews."  # no written form to compare with
    refused = run_cli("script", str(article), "--diff", "--json")
    assert refused.returncode == 2 and "--diff marks the text" in refused.stderr


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("story.txt", "Harbour Reopens\n\nThe harbour opened again on Monday.\n", "en-GB"),  # says nothing
        ("story.md", "# Harbour Reopens\n\nThe harbour opened again on Monday.\n", "en-GB"),
        ("story.json", json.dumps({"headline": "Harbour", "sections": [{"paragraphs": ["It opened."]}], "language": "en-US"}), "en-US"),
        # a page declaring lang="en-US" (read as its primary language)
        ("story.html", DATA / "structure" / "election-recount.html", "en"),
    ],
)
def test_an_article_that_does_not_say_its_language_takes_the_shows(
    tmp_path: Path, name: str, text: str | Path, expected: str
) -> None:
    (tmp_path / "audionews.toml").write_text('[show]\ntitle = "Harbour Radio"\nlanguage = "en-GB"\n')
    data = text.read_bytes() if isinstance(text, Path) else text.encode()
    (tmp_path / name).write_bytes(data)
    result = run_cli("script", name, "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["language"] == expected


def test_edited_script_is_published_as_edited(tmp_path: Path) -> None:
    script = json.loads(run_cli("script", str(EXAMPLE), "--json").stdout)
    script["segments"] = script["segments"][:2]
    script["segments"][1]["text"] = "An edited headline."
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(script))
    out = tmp_path / "out"
    result = run_cli("publish", str(path), "--out", str(out))
    assert result.returncode == 0, result.stderr
    (folder,) = (out / "episodes").iterdir()
    published = json.loads((folder / "script.json").read_text())
    assert [s["text"] for s in published["segments"]] == ["This is audionews.", "An edited headline."]
    samples, rate = decode_audio(folder / f"{folder.name}.mp3")
    assert 1.0 < len(samples) / rate < 8.0


def test_say_writes_a_wav_of_real_speech(tmp_path: Path) -> None:
    out = tmp_path / "hello.wav"
    result = run_cli("say", "Hello from the newsroom.", "-o", str(out))
    assert result.returncode == 0, result.stderr
    with wave.open(str(out)) as wav:
        assert wav.getframerate() == 22050 and wav.getnchannels() == 1
        seconds = wav.getnframes() / wav.getframerate()
    assert 0.8 < seconds < 4.0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        (b"", "is empty"),
        (b"   \n\n  \t\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary"),
    ],
)
def test_bad_input_gets_one_line_and_exit_1(tmp_path: Path, content: bytes | None, expected: str) -> None:
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "out"
    result = run_cli("publish", str(path), "--out", str(out))
    assert result.returncode == 1
    assert expected in result.stderr
    assert str(path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_unknown_voice_is_a_clear_error(short_article: Path, tmp_path: Path) -> None:
    result = run_cli("publish", str(short_article), "--voice", "nobody", "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    assert "voice 'nobody'" in result.stderr and "Traceback" not in result.stderr


def test_show_settings_come_from_audionews_toml(short_article: Path, tmp_path: Path) -> None:
    import feedparser

    (tmp_path / "audionews.toml").write_text('[show]\ntitle = "Springfield Gazette Audio"\n')
    result = run_cli("publish", str(short_article), "--out", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    feed = feedparser.parse((tmp_path / "site" / "feed.xml").read_bytes())
    assert feed.feed.title == "Springfield Gazette Audio"


def test_bad_settings_file_is_a_clear_error(short_article: Path, tmp_path: Path) -> None:
    (tmp_path / "audionews.toml").write_text("[show\ntitle = 1\n")
    result = run_cli("publish", str(short_article), "--out", "site", cwd=tmp_path)
    assert result.returncode == 1
    assert "audionews.toml: is not valid TOML" in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["publish", str(EXAMPLE), "--timeout", "0"], "error: --timeout 0: must be at least 0.1. Give e.g. --timeout 30."),
        (["script", str(EXAMPLE), "--timeout", "-2"], "error: --timeout -2: must be at least 0.1. Give e.g. --timeout 30."),
        (["ingest", "feed.xml", "--limit", "0"], "error: --limit 0: must be at least 1. Give e.g. --limit 10."),
        (["ingest", "feed.xml", "--retries", "-1"], "error: --retries -1: must be at least 0. Give e.g. --retries 2."),
    ],
)
def test_out_of_range_numbers_are_one_line_and_exit_1(tmp_path: Path, args: list[str], line: str) -> None:
    result = run_cli(*args, "--out", str(tmp_path / "out")) if args[0] != "script" else run_cli(*args)
    assert result.returncode == 1
    assert result.stderr.strip() == line
    assert not (tmp_path / "out").exists()


def test_show_notes_are_said_when_the_feed_starts_and_by_feed(short_article: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_cli("publish", str(short_article), "--out", str(out), cwd=tmp_path)
    again = run_cli("publish", str(short_article), "--out", str(out), cwd=tmp_path)
    rebuilt = run_cli("feed", "--out", str(out), cwd=tmp_path)
    assert first.returncode == again.returncode == rebuilt.returncode == 0, first.stderr + again.stderr
    notes = [line for line in first.stderr.splitlines() if line.startswith("note: ")]
    assert len(notes) == 2 and "base_url" in notes[0] and "email" in notes[1]
    assert "note:" not in again.stderr
    assert [line for line in rebuilt.stderr.splitlines() if line.startswith("note: ")] == notes
