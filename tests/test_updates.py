"""What a subscriber gets when an episode changes (README, "Updates"), checked with gPodder's
`gpo` as the listener: an edition that gains an article arrives as new audio under a new guid;
a single article whose audio changed keeps its guid and gets a new enclosure URL; a republish
or rebuild that changes nothing said changes nothing in the feed."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from pathlib import Path

import feedparser
import podcastparser

from .conftest import run_cli
from .feedhelpers import article_script, free_port, serving, write_config

NEWS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Gazette</title><link>https://gazette.example/</link><description>News</description>
{items}
</channel></rss>
"""
ITEM = """<item><title>{title}</title><guid isPermaLink="false">gazette-{number}</guid>
<pubDate>Mon, 30 Nov 2026 0{number}:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>{title} is the story of the day in Springfield, and the council met about it on
Monday evening.</p><p>Residents asked questions about {title} for an hour, and the mayor answered
each of them in turn before the meeting closed.</p>]]></content:encoded></item>"""
TITLES = ["Library Opens", "Bridge Closes", "Market Returns", "Park Reopens"]


def news_feed(path: Path, count: int) -> None:
    items = "\n".join(ITEM.format(title=t, number=n) for n, t in enumerate(TITLES[:count], start=1))
    path.write_text(NEWS.format(items=items), encoding="utf-8")


class Listener:
    """One gPodder profile (its own database and download folder)."""

    def __init__(self, home: Path) -> None:
        self.downloads = home / "downloads"
        self.env = {**os.environ, "GPODDER_HOME": str(home / "gpodder"), "GPODDER_DOWNLOAD_DIR": str(self.downloads)}

    def __call__(self, *args: str) -> str:
        result = subprocess.run(["gpo", *args], env=self.env, capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def files(self) -> dict[str, str]:
        """sha256 -> name of every MP3 the listener holds."""
        return {sha256(p): p.name for p in self.downloads.rglob("*.mp3")}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def items(out: Path) -> list[dict]:
    """The feed's items as gPodder's parser reads them."""
    with (out / "feed.xml").open("rb") as stream:
        return podcastparser.parse("http://127.0.0.1/feed.xml", stream)["episodes"]


def served_file(out: Path, url: str) -> Path:
    return out / url.split("/", 3)[3].split("?")[0]


def test_an_edition_that_gains_an_article_reaches_subscribers_as_new_audio(tmp_path: Path) -> None:
    port = free_port()
    config = write_config(tmp_path, port)
    news, out = tmp_path / "news.rss", tmp_path / "out"
    news_feed(news, 3)
    first = run_cli("ingest", str(news), "--digest", "--out", str(out), "--config", str(config))
    assert first.returncode == 0, first.stdout + first.stderr
    (before,) = items(out)
    with serving(out, port) as base:
        listener = Listener(tmp_path / "listener")
        assert "Successfully added" in listener("subscribe", base + "feed.xml")
        listener("update")
        assert "1 episodes downloaded" in listener("download")
        assert set(listener.files()) == {sha256(served_file(out, before["enclosures"][0]["url"]))}

        news_feed(news, 4)  # a fourth article, the same part of the day: the same edition, updated
        again = run_cli("ingest", str(news), "--digest", "--out", str(out), "--config", str(config))
        assert again.returncode == 0, again.stdout + again.stderr
        (after,) = items(out)  # the superseded item has left the feed
        assert after["guid"] != before["guid"]
        assert after["title"] == before["title"] + " (updated)"
        assert after["enclosures"][0]["url"] != before["enclosures"][0]["url"]
        assert after["published"] >= before["published"]
        assert "Park Reopens" in after["description"]

        assert "1 new episode" in listener("update")
        assert "1 episodes downloaded" in listener("download")
        new_audio = sha256(served_file(out, after["enclosures"][0]["url"]))
        assert new_audio in listener.files()  # the listener's new file is the updated edition

        # The same articles again: nothing to publish, and the feed keeps the updated item as it is.
        third = run_cli("ingest", str(news), "--digest", "--out", str(out), "--config", str(config))
        assert third.returncode == 0, third.stdout + third.stderr
        assert items(out) == [after]
        assert "0 new episodes" in listener("update")


def test_a_changed_article_keeps_its_guid_and_gets_a_new_enclosure_url(tmp_path: Path) -> None:
    port = free_port()
    config = write_config(tmp_path, port)
    out = tmp_path / "out"
    url = "https://gazette.example/news/library"

    def publish(body: str, *extra: str) -> dict:
        source = article_script(tmp_path, "City Opens New Library", body, url=url, date="2026-11-30T09:00:00+00:00")
        result = run_cli("publish", str(source), "--out", str(out), "--config", str(config), *extra)
        assert result.returncode == 0, result.stderr
        (item,) = items(out)
        return item

    before = publish("The city opened its new library on Monday.")
    with serving(out, port) as base:
        early, late = Listener(tmp_path / "early"), Listener(tmp_path / "late")
        for listener in (early, late):
            assert "Successfully added" in listener("subscribe", base + "feed.xml")
            listener("update")
        assert "1 episodes downloaded" in early("download")
        old_audio = sha256(served_file(out, before["enclosures"][0]["url"]))
        assert set(early.files()) == {old_audio}

        # A correction: the same article, other words. Same guid and date; new URL.
        after = publish("The city opened its new library on Tuesday, a day late.")
        assert after["guid"] == before["guid"] and after["published"] == before["published"]
        assert after["enclosures"][0]["url"] != before["enclosures"][0]["url"]
        new_audio = sha256(served_file(out, after["enclosures"][0]["url"]))
        assert new_audio != old_audio

        # gPodder keys episodes on the guid: no new episode, but it takes the new URL. A listener
        # who had not downloaded it yet gets the corrected audio...
        assert "0 new episodes" in early("update")
        assert "1 new episode\n" in late("update")  # still the one it had not fetched: no second
        assert "1 episodes downloaded" in late("download")
        assert set(late.files()) == {new_audio}
        # ...and one who had keeps the old file (gPodder never re-fetches a downloaded episode)
        # until it is deleted and fetched again, which then gives the corrected audio.
        assert set(early.files()) == {old_audio}
        early("delete", base + "feed.xml", after["guid"])
        early("download", base + "feed.xml", after["guid"])
        assert set(early.files()) == {new_audio}


def test_what_was_said_decides_the_url_not_the_bytes(tmp_path: Path, cache_dir: Path) -> None:
    """A cold re-render (no cached sentence or master) of the same script, a rebuilt feed, and
    a publish with another voice speed: only the last changes the enclosure URL."""
    config = write_config(tmp_path, free_port())
    out = tmp_path / "out"
    source = article_script(tmp_path, "Bridge Closes", "The old bridge closes for a month.", url="https://g.example/b")

    def publish(*extra: str) -> dict:
        result = run_cli("publish", str(source), "--out", str(out), "--config", str(config), *extra)
        assert result.returncode == 0, result.stderr
        (item,) = items(out)
        return item

    first = publish()
    cold = publish("--no-cache")
    assert cold["enclosures"][0]["url"] == first["enclosures"][0]["url"] and cold["guid"] == first["guid"]
    assert run_cli("feed", "--out", str(out), "--config", str(config)).returncode == 0
    assert items(out) == [cold]
    faster = publish("--speed", "1.3")
    assert faster["guid"] == first["guid"] and faster["enclosures"][0]["url"] != first["enclosures"][0]["url"]


def test_episodes_from_before_keep_their_guid_and_url(tmp_path: Path) -> None:
    """An output folder from an audionews that kept no audio digest (catalog schema 3): opening
    it, rebuilding the feed, changes no item."""
    from audionews.podcast.catalog import _MIGRATIONS, _headline_key_v2, headline_key

    config = write_config(tmp_path, free_port())
    out = tmp_path / "out"
    source = article_script(tmp_path, "Market Returns", "The market returns to the square.", url="https://g.example/m")
    assert run_cli("publish", str(source), "--out", str(out), "--config", str(config)).returncode == 0
    (published,) = items(out)
    with sqlite3.connect(out / "catalog.sqlite") as db:
        row = db.execute("SELECT key, guid, slug, title, description, pub_date, duration, size, link, language FROM episodes").fetchone()
    (out / "catalog.sqlite").unlink()
    with sqlite3.connect(out / "catalog.sqlite") as db:  # the catalog as audionews 0.x left it
        db.create_function("headline_key", 1, headline_key)
        db.create_function("headline_key_v2", 1, _headline_key_v2)
        for script in _MIGRATIONS[:3]:
            for statement in filter(str.strip, script.split(";")):
                db.execute(statement)
        db.execute("PRAGMA user_version = 3")
        db.execute("INSERT INTO episodes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
    assert run_cli("feed", "--out", str(out), "--config", str(config)).returncode == 0
    (rebuilt,) = items(out)
    assert rebuilt["guid"] == published["guid"]
    assert rebuilt["enclosures"][0]["url"] == published["enclosures"][0]["url"].split("?")[0]
    assert feedparser.parse((out / "feed.xml").read_bytes()).bozo == 0
