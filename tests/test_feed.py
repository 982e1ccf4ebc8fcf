"""The published feed, read the way podcast apps read it: feedparser, podcastparser, and by namespace."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
import uuid
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import podcastparser
import pytest
from mutagen.mp3 import MP3
from filelock import FileLock
from PIL import Image

from audionews.podcast.catalog import Catalog
from audionews.podcast.namespace import podcast_guid
from audionews.podcast.output import LOCK_NAME, Output, article_date
from audionews.podcast.show import Show

from .conftest import ROOT, run_cli
from .feedhelpers import NS, article_script, channel, write_config

PORT = 8123  # only written into URLs here; nothing listens


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two articles published into one configured show: one with a URL and date, one without."""
    tmp = tmp_path_factory.mktemp("site")
    config = write_config(tmp, PORT)
    dated = article_script(
        tmp, "Library Opens on Main Street", "The city opened its new library on Monday.",
        url="https://gazette.example/news/library", date="2024-05-02T09:30:00-04:00",
    )  # fmt: skip
    undated = article_script(tmp, "Bridge Closes for Repairs", "The old bridge closes for a month.")
    result = run_cli("publish", str(dated), str(undated), "--out", str(tmp / "out"), "--config", str(config))
    assert result.returncode == 0, result.stderr
    return tmp


def items_by_title(feed_path: Path) -> dict:
    return {item.findtext("title"): item for item in channel(feed_path).findall("item")}


def test_podcast_guid_matches_the_spec_vectors() -> None:
    assert podcast_guid("https://podnews.net/rss") == "9b024349-ccf0-5f69-a609-6b82873eab3c"
    assert podcast_guid("http://podnews.net/rss/") == "9b024349-ccf0-5f69-a609-6b82873eab3c"
    assert podcast_guid("mp3s.nashownotes.com/pc20rss.xml") == "917393e3-1b1e-5cef-ace4-edaa54e1f810"


def test_feedparser_and_podcastparser_read_the_feed(site: Path) -> None:
    data = (site / "out" / "feed.xml").read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "Springfield Gazette Audio"
    assert len(parsed.entries) == 2
    feed_url = f"http://127.0.0.1:{PORT}/feed.xml"
    gpodder = podcastparser.parse(feed_url, (site / "out" / "feed.xml").open("rb"))
    assert gpodder["title"] == "Springfield Gazette Audio"
    assert gpodder["link"] == "https://gazette.example/"
    assert gpodder["itunes_categories"] == [["News", "Daily News"]]
    assert gpodder["explicit"] is False
    (cover,) = (site / "out").glob("artwork-*.png")
    assert gpodder["cover_url"] == f"http://127.0.0.1:{PORT}/{cover.name}"
    for episode in gpodder["episodes"]:
        (enclosure,) = episode["enclosures"]
        path = site / "out" / enclosure["url"].removeprefix(f"http://127.0.0.1:{PORT}/").split("?")[0]
        assert enclosure["file_size"] == path.stat().st_size
        assert enclosure["mime_type"] == "audio/mpeg"
        assert abs(episode["total_time"] - MP3(path).info.length) <= 1
        assert episode["type"] == "full"
        assert episode["explicit"] is False


def test_channel_has_apples_required_and_recommended_tags(site: Path) -> None:
    chan = channel(site / "out" / "feed.xml")
    feed_url = f"http://127.0.0.1:{PORT}/feed.xml"
    # Regression: the channel <link> was the feed's own URL (feedgen takes the last link).
    assert chan.findtext("link") == "https://gazette.example/"
    self_link = chan.find("atom:link", NS)
    assert (self_link.get("rel"), self_link.get("href"), self_link.get("type")) == (
        "self", feed_url, "application/rss+xml",
    )  # fmt: skip
    assert chan.findtext("title") == "Springfield Gazette Audio"
    assert chan.findtext("description") == "The Gazette's stories, read aloud."
    assert chan.findtext("language") == "en"
    assert chan.findtext("copyright") == "© Springfield Gazette"
    assert chan.findtext("itunes:author", namespaces=NS) == "Springfield Gazette"
    assert chan.findtext("itunes:explicit", namespaces=NS) == "false"
    assert chan.findtext("itunes:type", namespaces=NS) == "episodic"
    assert chan.findtext("itunes:owner/itunes:email", namespaces=NS) == "podcasts@gazette.example"
    assert chan.findtext("itunes:owner/itunes:name", namespaces=NS) == "Springfield Gazette"
    category = chan.find("itunes:category", NS)
    assert category.get("text") == "News"
    assert [c.get("text") for c in category.findall("itunes:category", NS)] == ["Daily News"]
    image_url = chan.find("itunes:image", NS).get("href")
    (path,) = (site / "out").glob("artwork-*.png")
    assert image_url == f"http://127.0.0.1:{PORT}/{path.name}"
    with Image.open(path) as cover:
        assert (cover.format, cover.size) == ("PNG", (3000, 3000))


def test_podcasting20_channel_tags(site: Path) -> None:
    chan = channel(site / "out" / "feed.xml")
    guid = chan.findtext("podcast:guid", namespaces=NS)
    assert uuid.UUID(guid).version == 5
    assert guid == podcast_guid(f"127.0.0.1:{PORT}/feed.xml")
    locked = chan.find("podcast:locked", NS)
    assert (locked.text, locked.get("owner")) == ("yes", "podcasts@gazette.example")


def test_items_carry_exact_enclosures_dates_and_companions(site: Path) -> None:
    out = site / "out"
    items = items_by_title(out / "feed.xml")
    dated = items["Library Opens on Main Street"]
    assert parsedate_to_datetime(dated.findtext("pubDate")).isoformat() == "2024-05-02T09:30:00-04:00"
    assert dated.findtext("link") == "https://gazette.example/news/library"
    for item in items.values():
        enclosure = item.find("enclosure")
        relative = enclosure.get("url").removeprefix(f"http://127.0.0.1:{PORT}/").split("?")[0]
        mp3 = out / relative
        assert int(enclosure.get("length")) == mp3.stat().st_size
        assert enclosure.get("type") == "audio/mpeg"
        duration = item.findtext("itunes:duration", namespaces=NS)
        assert duration.isdigit() and abs(int(duration) - MP3(mp3).info.length) <= 1
        assert item.findtext("itunes:explicit", namespaces=NS) == "false"
        assert item.findtext("itunes:episodeType", namespaces=NS) == "full"
        assert item.find("guid").get("isPermaLink") == "false"
        assert item.findtext("description")
        transcripts = {t.get("type"): t for t in item.findall("podcast:transcript", NS)}
        assert set(transcripts) == {"text/vtt", "application/x-subrip", "text/html"}
        assert [transcripts[t].get("rel") for t in sorted(transcripts)] == ["captions", None, "captions"]
        for element in transcripts.values():
            assert (out / element.get("url").removeprefix(f"http://127.0.0.1:{PORT}/")).is_file()
        chapters = item.find("podcast:chapters", NS)
        assert chapters.get("type") == "application/json+chapters"
        assert (out / chapters.get("url").removeprefix(f"http://127.0.0.1:{PORT}/")).is_file()
        assert item.findtext("link") in (
            "https://gazette.example/news/library",  # the article's own URL when known
            f"http://127.0.0.1:{PORT}/{relative.rsplit('/', 1)[0]}/index.html",  # else its page
        )


def test_rebuilding_the_feed_is_idempotent(site: Path) -> None:
    config = site / "audionews.toml"
    feed = site / "out" / "feed.xml"
    before = feed.read_bytes()
    result = run_cli("feed", "--out", str(site / "out"), "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert feed.read_bytes() == before


def test_same_headline_from_two_urls_gets_two_folders(tmp_path: Path) -> None:
    config = write_config(tmp_path, PORT)
    first = article_script(tmp_path, "Council Meets", "The council met.", url="https://a.example/1")
    second = article_script(tmp_path, "Council Meets", "It met again.", url="https://a.example/2")
    out = tmp_path / "out"
    result = run_cli("publish", str(first), str(second), "--out", str(out), "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (out / "episodes").iterdir()) == ["council-meets", "council-meets-2"]
    guids = [i.findtext("guid") for i in channel(out / "feed.xml").findall("item")]
    assert len(set(guids)) == 2


def test_list_and_remove(tmp_path: Path, short_article: Path) -> None:
    config = write_config(tmp_path, PORT)
    other = article_script(tmp_path, "Bridge Closes for Repairs", "The old bridge closes for a month.")
    out = tmp_path / "out"
    result = run_cli("publish", str(short_article), str(other), "--out", str(out), "--config", str(config))
    assert result.returncode == 0, result.stderr
    listed = run_cli("list", "--out", str(out))
    assert listed.returncode == 0, listed.stderr
    slugs = [line.split("\t")[0] for line in listed.stdout.splitlines()]
    assert sorted(slugs) == ["bridge-closes-for-repairs", "city-opens-new-library"]
    for slug in slugs:  # check reports, as `audionews check` leaves them
        (out / ".check" / slug).mkdir(parents=True)
        (out / ".check" / slug / "check.json").write_text("{}")
    removed = run_cli("remove", "bridge-closes-for-repairs", "--out", str(out), "--config", str(config))
    assert removed.returncode == 0, removed.stderr
    assert not (out / "episodes" / "bridge-closes-for-repairs").exists()
    # the episode's check report goes with it (it was left behind); the other's stays
    assert sorted(p.name for p in (out / ".check").iterdir()) == ["city-opens-new-library"]
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert [e.title for e in parsed.entries] == ["City Opens New Library"]
    index = (out / "index.html").read_text()  # the web edition's front page lists what the feed does
    assert "City Opens New Library" in index and "Bridge Closes" not in index
    assert run_cli("list", "--out", str(out)).stdout.count("\n") == 1
    by_key = run_cli("remove", "headline:City Opens New Library", "--out", str(out), "--config", str(config))
    assert by_key.returncode == 0, by_key.stderr
    assert feedparser.parse((out / "feed.xml").read_bytes()).entries == []
    missing = run_cli("remove", "bridge-closes-for-repairs", "--out", str(out), "--config", str(config))
    assert missing.returncode == 1
    assert "no such episode" in missing.stderr and "Traceback" not in missing.stderr


def test_configured_image_is_copied_and_referenced(tmp_path: Path, short_article: Path) -> None:
    Image.new("RGB", (1400, 1400), (200, 30, 30)).save(tmp_path / "cover.jpg", "JPEG")
    config = write_config(tmp_path, PORT, image="cover.jpg")
    out = tmp_path / "out"
    result = run_cli("publish", str(short_article), "--out", str(out), "--config", str(config))
    assert result.returncode == 0, result.stderr
    (copy,) = out.glob("artwork*")
    assert re.fullmatch(r"artwork-[0-9a-f]{12}\.jpg", copy.name)
    assert copy.read_bytes() == (tmp_path / "cover.jpg").read_bytes()
    href = channel(out / "feed.xml").find("itunes:image", NS).get("href")
    assert href == f"http://127.0.0.1:{PORT}/{copy.name}"


def test_artwork_url_changes_with_the_cover_and_the_old_file_goes(tmp_path: Path, short_article: Path) -> None:
    """Apps and CDNs keep a cover by its URL: a new title draws a new cover under a new URL;
    the old file is removed once the feed points at the new one; rebuilding changes nothing."""
    config = write_config(tmp_path, PORT)
    out = tmp_path / "out"
    assert run_cli("publish", str(short_article), "--out", str(out), "--config", str(config)).returncode == 0
    (out / "artwork.png").write_bytes(b"the cover of an audionews from before")  # unreferenced now

    def cover() -> str:
        assert run_cli("feed", "--out", str(out), "--config", str(config)).returncode == 0
        href = channel(out / "feed.xml").find("itunes:image", NS).get("href")
        assert sorted(p.name for p in out.glob("artwork*")) == [href.rsplit("/", 1)[1]]
        return href

    first = cover()
    assert cover() == first  # nothing changed: same URL, nothing redrawn
    config.write_text(config.read_text().replace("Springfield Gazette Audio", "Springfield Gazette Daily"))
    second = cover()
    assert second != first and re.search(r"/artwork-[0-9a-f]{12}\.png$", second)
    with Image.open(out / second.rsplit("/", 1)[1]) as image:
        assert image.info["audionews-title"] == "Springfield Gazette Daily"


def test_an_old_catalog_is_migrated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    with sqlite3.connect(path) as db:  # the schema audionews 0.1 wrote, with no version
        db.execute(
            "CREATE TABLE episodes (key TEXT PRIMARY KEY, guid TEXT NOT NULL UNIQUE, slug TEXT NOT NULL,"
            " title TEXT NOT NULL, description TEXT NOT NULL, pub_date TEXT NOT NULL,"
            " duration REAL NOT NULL, size INTEGER NOT NULL, link TEXT NOT NULL DEFAULT '',"
            " language TEXT NOT NULL DEFAULT 'en')"
        )
        db.execute(
            "INSERT INTO episodes VALUES ('headline:a', 'audionews:a', 'a', 'A', 'd',"
            " '2024-01-01T00:00:00+00:00', 3.0, 100, '', 'en')"
        )
    db.close()
    catalog = Catalog(path)
    assert catalog.find("a").guid == "audionews:a"
    assert catalog.find("a").key == "headline:A"  # version 3: keyed by the headline itself
    assert catalog.meta("podcast_guid", "x") == "x"
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 4  # 4: audio digest, articles, credits
    db.close()


def test_podcast_guid_is_kept_once_the_show_is_public_and_never_taken_from_a_local_url(tmp_path: Path) -> None:
    def guid_for(base_url: str) -> str:
        Output(tmp_path, Show(base_url=base_url)).rebuild_feed()
        return channel(tmp_path / "feed.xml").findtext("podcast:guid", namespaces=NS)

    assert guid_for("http://127.0.0.1:8000/") == podcast_guid("127.0.0.1:8000/feed.xml")
    assert guid_for("http://192.168.1.20/") == podcast_guid("192.168.1.20/feed.xml")  # not kept
    public = podcast_guid("gazette.example/podcast/feed.xml")
    assert guid_for("https://gazette.example/podcast/") == public
    assert guid_for("https://cdn.gazette.example/") == public  # moved host, same identity


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2024-05-02", "2024-05-02T12:00:00+00:00"),
        ("2024-05-02T09:30:00", "2024-05-02T09:30:00+00:00"),
        ("2024-05-02T09:30:00-04:00", "2024-05-02T09:30:00-04:00"),
        ("Thu, 02 May 2024 09:30:00 +0200", "2024-05-02T09:30:00+02:00"),
        ("last Tuesday", ""),
        ("", ""),
    ],
)
def test_article_dates_become_aware_iso_dates(given: str, stored: str) -> None:
    assert article_date(given) == stored


def test_a_held_lock_makes_a_second_writer_wait(tmp_path: Path) -> None:
    Output(tmp_path, Show()).rebuild_feed()
    before = (tmp_path / "feed.xml").stat().st_mtime_ns
    with FileLock(tmp_path / LOCK_NAME):
        process = subprocess.Popen(
            [sys.executable, "-m", "audionews", "feed", "--out", str(tmp_path)],
            env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=tmp_path,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(2.0)
        assert process.poll() is None  # waiting for the lock
        assert (tmp_path / "feed.xml").stat().st_mtime_ns == before
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert (tmp_path / "feed.xml").stat().st_mtime_ns != before


def test_podcastparser_reads_the_chapters_as_psc_chapters(short_article: Path, tmp_path: Path) -> None:
    """gPodder's parser reads Podlove Simple Chapters (not podcast:chapters): every item carries
    the chapters.json chapters inline (to the millisecond; podcastparser keeps whole seconds)."""
    import json

    config = write_config(tmp_path, PORT)
    out = tmp_path / "out"
    result = run_cli("publish", str(short_article), "--out", str(out), "--config", str(config))
    assert result.returncode == 0, result.stderr
    (episode,) = podcastparser.parse(f"http://127.0.0.1:{PORT}/feed.xml", (out / "feed.xml").open("rb"))["episodes"]
    (folder,) = (out / "episodes").iterdir()
    expected = json.loads((folder / "chapters.json").read_text(encoding="utf-8"))["chapters"]
    assert len(expected) == 2  # the headline and lead, then "Hours"
    assert [(c["start"], c["title"]) for c in episode["chapters"]] == [
        (int(c["startTime"]), c["title"]) for c in expected
    ]
    psc = channel(out / "feed.xml").find("item").find("{http://podlove.org/simple-chapters}chapters")
    assert psc.get("version") == "1.2"
    assert [mark.get("start") for mark in psc] == ["00:00:00.000", f"00:00:{expected[1]['startTime']:06.3f}"]
    assert not feedparser.parse((out / "feed.xml").read_bytes()).bozo
