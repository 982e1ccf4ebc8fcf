"""Hostile and broken input (issue 19), each case through the CLI as a producer meets it.

These tests speak with the fake engine (tests/fakeengine.py): their subject is what reaches
the catalog, the feed and the files, not the sound. Each names the case of the issue it covers.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import feedparser
import pytest

from .conftest import run_cli
from .newssite import Server

FAKE = ("--voice", "fake")


def publish(*args: str, **kwargs):
    return run_cli("publish", *args, *FAKE, fake=True, **kwargs)


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
    result = run_cli("ingest", f"{site.base}/control.rss", "--out", str(out), *FAKE, fake=True)
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
    result = run_cli("ingest", f"{site.base}/nolink.rss", "--out", str(out), *FAKE, fake=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "published Museum Reopens (read from the feed's own text)" in result.stdout
    assert not site.requests_for("/gazette-7")  # never fetched a page that was never there
    entry = feedparser.parse((out / "feed.xml").read_bytes()).entries[0]
    assert "gazette-7" not in entry.get("link", "")


def _article(folder: Path, headline: str) -> Path:
    path = folder / f"{headline.lower().replace(' ', '-')}.txt"
    path.write_text(f"{headline}\n\nThe council met on Tuesday and agreed the plan.\n", encoding="utf-8")
    return path
