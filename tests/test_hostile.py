"""Hostile and broken input (issue 19), each case through the CLI as a producer meets it.

These tests speak with the stand-in voice (tests/fakevoice.py, what ``run_cli`` uses): their
subject is what reaches the catalog, the feed and the files, not the sound; only the memory
bound is measured with the real voice. Each names the case of the issue it covers.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import feedparser
import pytest

from .conftest import run_cli
from .newssite import Server

def publish(*args: str, **kwargs):
    return run_cli("publish", *args, **kwargs)


def feed_titles(out: Path) -> list[str]:
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return [e.title for e in parsed.entries]


def one_line_error(result) -> str:
    """The one line a user error prints: exit 1, no traceback."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    return errors[0]


@pytest.fixture(scope="module")
def site():
    with Server() as running:
        yield running


# -- 1. control characters never reach the catalog, and never wedge the feed ---------------------


def test_case1_a_control_character_in_a_headline_does_not_wedge_the_feed(tmp_path: Path) -> None:
    bell = tmp_path / "bell.txt"
    bell.write_bytes(b"Bell \x07 Headline\n\nThe council met on Tuesday.\n")
    other = tmp_path / "other.txt"
    other.write_text("Other News\n\nThe mayor spoke on Wednesday.\n")
    out = tmp_path / "out"
    for source in (bell, other):
        result = publish(str(source), "--out", str(out))
        assert result.returncode == 0, result.stderr
    assert sorted(feed_titles(out)) == ["Bell Headline", "Other News"]
    listed = run_cli("list", "--out", str(out)).stdout
    assert "\x07" not in listed and "Bell Headline" in listed


def test_case1_an_ingested_title_with_a_character_reference_to_a_control(site, tmp_path: Path) -> None:
    body = "".join(f"<p>The council met on Tuesday evening and voted to expand the library, item {n}.</p>" for n in range(6))
    site.pages["/control.rss"] = (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Gazette</title><item><title>Council &#x1; Expands</title>"
        '<guid isPermaLink="false">c-1</guid>'
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>"
    ).encode()
    out = tmp_path / "out"
    result = run_cli("ingest", f"{site.base}/control.rss", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert feed_titles(out) == ["Council Expands"]
    again = publish(str(_article(tmp_path, "Later News")), "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert sorted(feed_titles(out)) == ["Council Expands", "Later News"]


def test_case1_a_bad_catalog_row_already_on_disk_is_named_and_the_rest_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for headline in ("First Story", "Second Story"):
        assert publish(str(_article(tmp_path, headline)), "--out", str(out)).returncode == 0
    with sqlite3.connect(out / "catalog.sqlite") as db:  # as an older audionews left them
        db.execute("UPDATE episodes SET title = ? WHERE title = 'First Story'", ("First \x07 Story\x00",))
        db.execute("UPDATE episodes SET pub_date = 'last Tuesday' WHERE title = 'Second Story'")
    result = run_cli("feed", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert feed_titles(out) == ["First  Story"]
    index = (out / "index.html").read_text(encoding="utf-8")  # the web edition lists what the feed does
    assert "First  Story" in index and "Second Story" not in index and "\x07" not in index
    warning = next(line for line in result.stderr.splitlines() if "Second" in line or "second" in line)
    assert warning.startswith("warning: episode second-story ")
    assert "'last Tuesday' is not ISO 8601" in warning and "left out of the feed" in warning


# -- 7. a remote item without <link> gets no made-up link -----------------------------------------


def test_case7_a_remote_item_without_a_link_is_not_given_one_from_its_guid(site, tmp_path: Path) -> None:
    body = "".join(f"<p>The museum reopened on Friday after two years of repairs to its roof, part {n}.</p>" for n in range(6))
    site.pages["/nolink.rss"] = (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Gazette</title><item><title>Museum Reopens</title><guid>gazette-7</guid>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>"
    ).encode()
    out = tmp_path / "out"
    result = run_cli("ingest", f"{site.base}/nolink.rss", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "published Museum Reopens (read from the feed's own text)" in result.stdout
    assert not site.requests_for("/gazette-7")  # never fetched a page that was never there
    entry = feedparser.parse((out / "feed.xml").read_bytes()).entries[0]
    assert "gazette-7" not in entry.get("link", "")


def _article(folder: Path, headline: str) -> Path:
    path = folder / f"{headline.lower().replace(' ', '-')}.txt"
    path.write_text(f"{headline}\n\nThe council met on Tuesday and agreed the plan.\n", encoding="utf-8")
    return path


# -- 3. headlines in any script get their own episode, slug and key ------------------------------


def _json_article(folder: Path, name: str, headline: str, text: str = "The council met on Tuesday.") -> Path:
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"headline": headline, "sections": [{"paragraphs": [text]}]}), encoding="utf-8")
    return path


HEADLINES = {  # name -> headline: none of them has an ASCII letter
    "r1": "Новости дня",
    "r2": "Погода завтра",
    "a1": "أخبار اليوم",
    "c1": "北京新闻",
    "c2": "北京新聞",  # the same words in traditional characters: the same transliteration
    "dots": "..",
    "slash": "/",
}


def test_case3_headlines_without_ascii_letters_never_overwrite_each_other(tmp_path: Path) -> None:
    out = tmp_path / "out"
    sources = [str(_json_article(tmp_path, name, headline, f"Story {name} was told.")) for name, headline in HEADLINES.items()]
    result = publish(*sources, "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in run_cli("list", "--out", str(out)).stdout.splitlines()]
    slugs = {title: slug for slug, _, _, title, _ in rows}
    assert set(slugs) == set(HEADLINES.values())  # seven episodes, none replaced
    assert len(set(slugs.values())) == 7 and len({key for *_, key in rows}) == 7
    assert slugs["Новости дня"] == "novosti-dnya" and slugs["Погода завтра"] == "pogoda-zavtra"
    assert {slugs["北京新闻"], slugs["北京新聞"]} == {"beijingxinwen", "beijingxinwen-2"}
    assert {slugs[".."], slugs["/"]} == {"episode", "episode-2"}
    assert sorted(p.name for p in (out / "episodes").iterdir()) == sorted(slugs.values())
    assert len(feed_titles(out)) == 7
    # Publishing one again updates its own episode, not another.
    again = publish(sources[1], "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert "episodes/pogoda-zavtra/pogoda-zavtra.mp3" in again.stdout
    assert len(run_cli("list", "--out", str(out)).stdout.splitlines()) == 7


def test_case3_a_catalog_from_before_is_migrated_so_old_articles_update_their_episodes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    latin = _json_article(tmp_path, "latin", "Café Opens on Main Street")
    russian = _json_article(tmp_path, "russian", "Новости дня")
    assert publish(str(latin), str(russian), "--out", str(out)).returncode == 0
    with sqlite3.connect(out / "catalog.sqlite") as db:  # keyed and slugged as audionews 0.1 did
        db.execute("UPDATE episodes SET key = 'headline:cafe-opens-on-main-street' WHERE title LIKE 'Caf%'")
        db.execute("UPDATE episodes SET key = 'headline:episode' WHERE title = 'Новости дня'")
        for column in ("audio", "articles", "author", "narrators"):  # added by schema 4
            db.execute(f"ALTER TABLE episodes DROP COLUMN {column}")
        db.execute("PRAGMA user_version = 2")
    before = {e.title: e.id for e in feedparser.parse((out / "feed.xml").read_bytes()).entries}
    result = publish(str(latin), str(russian), "--out", str(out))
    assert result.returncode == 0, result.stderr
    after = {e.title: e.id for e in feedparser.parse((out / "feed.xml").read_bytes()).entries}
    assert after == before  # the same two episodes, same guids: updated, not duplicated
    keys = {line.split("\t")[-1] for line in run_cli("list", "--out", str(out)).stdout.splitlines()}
    assert keys == {"headline:Café Opens on Main Street", "headline:Новости дня"}


# -- 2. a line with no sentence end reaches the voice in bounded pieces ---------------------------


def _long_line(chars: int, seed: int = 19) -> str:
    """Words without a full stop, not repeating (so no piece is spoken once for many)."""
    import random

    rng = random.Random(seed)
    vocabulary = (
        "the council met on tuesday and mayor said that plan would go ahead with new library old "
        "bridge river city park school road budget vote members people week year night morning"
    ).split()
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < chars:
        words.append(rng.choice(vocabulary))
    return " ".join(words)[:chars].rstrip()


def test_case2_a_20000_character_line_reaches_the_voice_in_pieces_of_300(tmp_path: Path) -> None:
    """Through ``say``, which has no mastering to wait for (the stand-in's 22 minutes of audio
    would take long to master); ``publish`` cuts its sentences with the same rule."""
    from .fakevoice import LENGTHS_ENV

    line = _long_line(20_000)
    record = tmp_path / "lengths.log"
    said = run_cli("say", line, "-o", str(tmp_path / "line.wav"), env={LENGTHS_ENV: str(record)})
    assert said.returncode == 0, said.stderr
    lengths = [int(x) for x in record.read_text().split()]
    assert max(lengths) <= 300 and sum(lengths) >= 19_000  # every word spoken, in bounded pieces


PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(done.stderr)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
"""


def test_case2_a_speech_worker_stays_within_its_memory_bound_on_a_long_line(tmp_path: Path) -> None:
    """Real Piper in two worker processes. A 1,000-character line took 1.6 GB in one worker
    (20,000 characters: 24 GB); in pieces of 300 characters a worker peaks near 0.5 GB."""
    import os
    import subprocess
    import sys

    from .conftest import ROOT

    source = tmp_path / "line.txt"
    source.write_text(f"A Long Line\n\n{_long_line(1_000)}\n", encoding="utf-8")
    command = [sys.executable, "-m", "audionews", "publish", str(source), "--out", str(tmp_path / "out")]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "AUDIONEWS_JOBS": "2"}
    measured = subprocess.run(
        [sys.executable, "-c", PEAK, *command], capture_output=True, text=True, env=env, timeout=300
    )  # fmt: skip
    code, peak_mb = map(int, measured.stdout.split())
    assert code == 0, measured.stderr
    assert peak_mb < 1000, f"the largest process peaked at {peak_mb} MB"


# -- 4 and 8. serve: nothing outside the folder; a Range it cannot honour is ignored --------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    from .feedhelpers import free_port, serving

    tmp = tmp_path_factory.mktemp("served")
    out = tmp / "out"
    assert publish(str(_article(tmp, "City Opens New Library")), "--out", str(out)).returncode == 0
    (out / "etclink").symlink_to("/etc")
    (out / "x.mp3").symlink_to("/etc/passwd")
    (out / "catalog.mp3").symlink_to(out / "catalog.sqlite")  # inside, but private
    (out / "latest.mp3").symlink_to(out / "episodes" / "city-opens-new-library" / "city-opens-new-library.mp3")
    with serving(out, free_port()) as base:
        yield base, out


def _fetch(url: str, headers: dict[str, str] | None = None):
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_case4_serve_refuses_symbolic_links_that_lead_out_of_the_folder(served) -> None:
    base, out = served
    for path in ("etclink/passwd", "etclink/hostname", "x.mp3", "catalog.mp3"):
        status, body = _fetch(base + path)
        assert status == 404, path
        assert b"root:" not in body
    status, body = _fetch(base + "latest.mp3")  # a link that stays inside the folder still works
    assert status == 200 and body == (out / "latest.mp3").read_bytes()


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "bytes=0-10, 20-30, 40-50", "bytes=abc", "bytes=9-2", "items=0-5"])
def test_case8_a_range_that_cannot_be_honoured_is_ignored(served, header: str) -> None:
    base, out = served
    status, body = _fetch(base + "latest.mp3", {"Range": header})
    assert status == 200
    assert body == (out / "latest.mp3").read_bytes()
    status, body = _fetch(base + "latest.mp3", {"Range": "bytes=10-19"})  # one range: still 206
    assert status == 206 and len(body) == 10


# -- 5. a read-only or full output folder, a NUL: one line, exit 1, nothing changed ---------------

# Run inside a private mount namespace (``unshare -m``, as root): the output folder is a small
# tmpfs holding one published episode, then made read-only or filled up; each command then runs
# against it, and what it printed and the folder's files before and after come back as JSON.
FAULTY_FOLDER = r"""
import hashlib, json, os, subprocess, sys
from pathlib import Path
from tests.conftest import run_cli

mount, mode, first, second, report = map(Path, sys.argv[1:6])
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], check=True)
out = mount / "out"
made = run_cli("publish", str(first), "--out", str(out), )
assert made.returncode == 0, made.stderr

def files():
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != "filler"}

before = files()
if str(mode) == "readonly":
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
else:
    with open(out / "filler", "wb") as filler:
        try:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        except OSError:
            pass
        if str(mode) == "nearly-full":  # room to master the MP3, none to tag it
            filler.truncate(filler.tell() - 40 * 1024)
runs = {}
commands = {
    "publish": ["publish", str(second)],
    "feed": ["feed"],
    "remove": ["remove", "city-opens-new-library"],
}
for name, args in commands.items():
    if str(mode) == "nearly-full" and name != "publish":
        continue  # room enough for them
    done = run_cli(*args, "--out", str(out))
    runs[name] = {"code": done.returncode, "stderr": done.stderr}
report.write_text(json.dumps({"runs": runs, "same": files() == before, "staging": os.listdir(out / ".staging")}))
"""


@pytest.mark.parametrize("mode", ["readonly", "full", "nearly-full"])
def test_case5_a_read_only_or_full_output_folder_is_one_line_and_changes_nothing(tmp_path: Path, mode: str) -> None:
    import os
    import shutil
    import subprocess
    import sys

    from .conftest import ROOT

    # A real read-only or full file system needs a mount of our own: root (as in CI) and unshare.
    assert os.geteuid() == 0 and shutil.which("unshare"), "run the suite as root (CI does): it mounts a tmpfs"
    (tmp_path / "mnt").mkdir()
    report = tmp_path / "report.json"
    first, second = _article(tmp_path, "City Opens New Library"), _article(tmp_path, "Bridge Closes")
    done = subprocess.run(
        ["unshare", "-m", "--propagation", "private", sys.executable, "-c", FAULTY_FOLDER,
         str(tmp_path / "mnt"), mode, str(first), str(second), str(report)],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = json.loads(report.read_text())
    cause = "Read-only file system" if mode == "readonly" else "No space left on device"
    for name, run in found["runs"].items():
        line = one_line_error(type("Run", (), {"returncode": run["code"], "stderr": run["stderr"], "stdout": ""}))
        assert cause in line, (name, line)
        assert "The feed and the published episodes are as they were." in line, (name, line)
    assert found["same"], "a file of the output folder changed"
    assert found["staging"] == []


def test_case5_a_nul_in_a_json_article_or_script_is_dropped_not_a_traceback(tmp_path: Path) -> None:
    article = tmp_path / "nul.json"
    article.write_text(
        '{"headline": "Council\\u0000 Meets", "byline": "By Ana\\u0000 Ruiz", '
        '"sections": [{"paragraphs": ["The council\\u0000 met on Tuesday.", {"kind": "quote", "text": "\\u0000"}]}]}'
    )
    out = tmp_path / "out"
    result = publish(str(article), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert feed_titles(out) == ["Council Meets"]
    script = (out / "episodes" / "council-meets" / "script.json").read_text()
    assert "\\u0000" not in script and "The council met on Tuesday." in script
    edited = tmp_path / "edited.json"  # a producer's edited script JSON, escaping a NUL
    edited.write_text(script.replace("The council met", "The council\\u0000\\u0007 met"))
    again = publish(str(edited), "--out", str(out))
    assert again.returncode == 0, again.stderr
    only_nul = tmp_path / "only.json"
    only_nul.write_text('{"headline": "\\u0000", "sections": [{"paragraphs": ["Text."]}]}')
    assert "found no headline" in one_line_error(publish(str(only_nul), "--out", str(out)))


# -- 6. warnings that say what happened ------------------------------------------------------------


def warnings_in(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("warning: ")]


def test_case6_invalid_utf8_is_read_as_utf8_with_its_bad_bytes_named(tmp_path: Path) -> None:
    source = tmp_path / "broken.txt"
    source.write_bytes(b"Caf\xc3\xa9 Opens\n\nThe caf\xc3\xa9 on Main Street opened \xff on Monday.\n")
    result = run_cli("script", str(source))
    assert result.returncode == 0, result.stderr
    assert "[headline] Café Opens" in result.stdout  # not mojibake (CafÃ©) from a Windows-1252 guess
    assert warnings_in(result) == [
        f"warning: {source}: is not valid UTF-8 at byte 45 (and perhaps elsewhere); the bytes that "
        "are not were replaced by \ufffd. Check the file's encoding."
    ]


def test_case6_a_guessed_encoding_is_named(tmp_path: Path) -> None:
    source = tmp_path / "legacy.txt"
    source.write_bytes("Café Opens\n\nThe café on Main Street opened on Monday.\n".encode("cp1252"))
    result = run_cli("script", str(source))
    assert result.returncode == 0, result.stderr
    assert "[headline] Café Opens" in result.stdout
    assert warnings_in(result) == [
        f"warning: {source}: is not UTF-8 and does not say its encoding; read as Windows-1252, a "
        "guess. If words look wrong, save it as UTF-8 (or declare its charset)."
    ]


def test_case6_a_truncated_feed_says_how_many_items_it_read(tmp_path: Path) -> None:
    body = "".join(f"<p>The museum reopened on Friday after two years of repairs to its roof, part {n}.</p>" for n in range(6))
    feed = tmp_path / "cut.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
        '<channel><title>Gazette</title>\n<item><title>Museum Reopens</title><guid isPermaLink="false">m-1</guid>'
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>\n<item><ti"
    )
    result = run_cli("ingest", str(feed), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "published Museum Reopens" in result.stdout
    [warning] = warnings_in(result)
    assert warning.startswith(f"warning: {feed}: is not well-formed XML (")
    assert "read 1 of at least 2 items; the feed ends early" in warning


def test_case6_text_in_a_writing_system_the_voice_does_not_read_is_named(tmp_path: Path) -> None:
    source = tmp_path / "russian.txt"
    source.write_text("Новости дня\n\nГород открыл новую библиотеку в понедельник.\n", encoding="utf-8")
    result = publish(str(source), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert warnings_in(result) == [
        f"warning: {source}: this article looks Russian; the voice joe speaks English: choose a "
        "voice with --voice, or --engine gtts."
    ]
    strict = tmp_path / "audionews.toml"
    strict.write_text("[cast]\nstrict_language = true\n")
    line = one_line_error(publish(str(source), "--out", str(tmp_path / "strict"), "--config", str(strict)))
    assert "this article looks Russian" in line and "strict_language" in line
    assert not (tmp_path / "strict" / "feed.xml").exists()


def test_case6_a_deeply_nested_page_is_named_as_such_without_stray_warnings(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    prose = "The council met on Tuesday and agreed to open the new library on Main Street next spring. " * 5
    page.write_text(f"<html><head><title>Deep</title></head><body>{'<div>' * 50_000}<p>{prose}</p>{'</div>' * 50_000}</body></html>")
    result = run_cli("script", str(page))
    line = one_line_error(result)
    assert "nest more than 256 deep" in line and "index" not in line
    assert warnings_in(result) == []  # trafilatura's "discarding data: None" is not ours to print
