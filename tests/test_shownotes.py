"""What a listener's app shows beside the audio: HTML show notes (content:encoded) and readable
plain notes, credits (itunes:author, podcast:person), the synthetic-voice disclosure, and the
[show] settings for moving or ending a show."""

from __future__ import annotations

from pathlib import Path

import feedparser
import podcastparser
import pytest
from lxml import html

from .conftest import run_cli
from .feedhelpers import NS, channel, write_config

PORT = 8124  # only written into URLs here
ARTICLE = """City Opens New Library

By Jane Roe

The city opened its new library on Monday.

Hours

It is open every day.
"""
URL = "https://gazette.example/news/library"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("notes")
    config = write_config(
        tmp, PORT, disclosure="Read by {voice}, a computer voice.",
        new_feed_url="https://podcasts.gazette.example/feed.xml", block=True, complete=True,
    )  # fmt: skip
    source = tmp / "library.json"
    text = tmp / "library.txt"
    text.write_text(ARTICLE, encoding="utf-8")
    script = run_cli("script", str(text), "--json")
    assert script.returncode == 0, script.stderr
    source.write_text(script.stdout.replace('"url": ""', f'"url": "{URL}"'), encoding="utf-8")
    result = run_cli("publish", str(source), "--out", str(tmp / "out"), "--config", str(config))
    assert result.returncode == 0, result.stderr
    return tmp / "out"


def the_item(out: Path):
    (item,) = channel(out / "feed.xml").findall("item")
    return item


def test_html_notes_hold_summary_credit_link_chapters_and_disclosure(out: Path) -> None:
    item = the_item(out)
    notes = html.fragment_fromstring(item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded"), create_parent="div")
    paragraphs = [p.text_content() for p in notes.findall("p")]
    assert paragraphs[0] == "The city opened its new library on Monday."
    assert "Written by Jane Roe." in paragraphs
    assert set(notes.xpath("//a/@href")) == {URL}  # the source link, and the first chapter's
    assert [li.text_content() for li in notes.findall("ul/li")] == ["00:00 City Opens New Library", f"{stamp(out)} Hours"]
    assert paragraphs[-1] == "Read by joe, a computer voice."


def stamp(out: Path) -> str:
    import json

    (folder,) = (out / "episodes").iterdir()
    start = json.loads((folder / "chapters.json").read_text())["chapters"][1]["startTime"]
    return f"00:{round(start):02d}"


def test_plain_description_stays_readable_text(out: Path) -> None:
    description = the_item(out).findtext("description")
    assert "<" not in description
    assert description.split("\n\n") == [
        "The city opened its new library on Monday.",
        f"Chapters:\n00:00 City Opens New Library\n{stamp(out)} Hours",
        "Written by Jane Roe.",
        "Read by joe, a computer voice.",
    ]


def test_credits_name_the_writer_and_the_narrator(out: Path) -> None:
    item = the_item(out)
    assert item.findtext("itunes:author", namespaces=NS) == "Jane Roe"
    persons = [(p.get("group"), p.get("role"), p.text) for p in item.findall("podcast:person", NS)]
    assert persons == [("writing", "author", "Jane Roe"), ("cast", "narrator", "joe")]
    (episode,) = podcastparser.parse(f"http://127.0.0.1:{PORT}/feed.xml", (out / "feed.xml").open("rb"))["episodes"]
    assert "Jane Roe" in episode["description"] and "Written by Jane Roe." in episode["description_html"]


def test_moving_or_ending_the_show_is_said_in_apples_tags(out: Path) -> None:
    show = channel(out / "feed.xml")
    assert show.findtext("itunes:new-feed-url", namespaces=NS) == "https://podcasts.gazette.example/feed.xml"
    assert show.findtext("itunes:block", namespaces=NS) == "Yes"
    assert show.findtext("itunes:complete", namespaces=NS) == "Yes"
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.entries[0].content[0].type == "text/html"
    assert podcastparser.parse(f"http://127.0.0.1:{PORT}/feed.xml", (out / "feed.xml").open("rb"))["new_url"] == (
        "https://podcasts.gazette.example/feed.xml"
    )


def test_a_show_that_sets_none_of_them_writes_none(tmp_path: Path, short_article: Path) -> None:
    config = write_config(tmp_path, PORT)
    result = run_cli("publish", str(short_article), "--out", str(tmp_path / "out"), "--config", str(config))
    assert result.returncode == 0, result.stderr
    show = channel(tmp_path / "out" / "feed.xml")
    for tag in ("new-feed-url", "block", "complete"):
        assert show.find(f"itunes:{tag}", NS) is None
    assert "Narrated by a synthetic voice (joe)" in show.find("item").findtext("description")
