"""Feed ingest against a real HTTP server on 127.0.0.1: feeds, retries, conditional GET,
failures that do not stop a run, and idempotent re-ingest, with real Piper speech."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest

from audionews.errors import InputError
from audionews.newsfeed.reader import FeedItem, parse_feed, parse_since, read_feed, select
from audionews.normalize import normalize
from audionews.sources.fetch import Fetcher, Validators

from .conftest import run_cli
from .newssite import DATA, Server

FAILING = ("missing.html", "slow.html", "index.html")
ARTICLES = ("City Opens New Library", "Bridge Repairs Begin", "Farmers Market Returns")


@pytest.fixture(scope="module")
def site():
    with Server() as running:
        yield running


def ingest(*args: str):
    # A low timeout keeps the slow page's cost to about a second; one retry covers the 503.
    return run_cli("ingest", *args, "--timeout", "0.5", "--retries", "1")


# -- reading feeds -------------------------------------------------------------------------------


def test_rss_and_atom_items_carry_link_guid_title_author_and_date(site) -> None:
    fetcher = Fetcher(timeout=2)
    rss = read_feed(f"{site.base}/feed.rss", fetcher)
    atom = read_feed(f"{site.base}/feed.atom", fetcher)
    assert rss.title == "Springfield Gazette: Latest news"
    assert [i.title for i in rss.items[:3]] == [i.title for i in atom.items] == list(ARTICLES)
    for feed, guid in ((rss, "gazette-1001"), (atom, "tag:gazette.example,2026:1001")):
        first = feed.items[0]
        assert first.url == f"{site.base}/news/library.html"
        assert first.guid == guid
        assert first.author == "Ana Ruiz"
        assert first.date == "2026-11-27T06:30:00+00:00"
    assert rss.items[1].date == "2026-11-26T16:00:00+00:00"  # +0100 in the feed, kept as UTC


def test_a_saved_feed_file_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    path.write_text((DATA / "feed.atom").read_text().replace("{base}", "https://gazette.example"))
    feed = read_feed(str(path), Fetcher())
    assert feed.items[2].url == "https://gazette.example/news/market.html"


def test_a_page_is_not_a_feed() -> None:
    with pytest.raises(InputError, match="is not an RSS or Atom feed"):
        parse_feed((DATA / "library.html").read_bytes(), "library.html")


def test_since_and_limit_pick_the_newest_items() -> None:
    items = [
        FeedItem("https://a.example/1", date="2026-11-27T06:30:00+00:00"),
        FeedItem("https://a.example/2", date="2026-11-20T06:30:00+00:00"),
        FeedItem("https://a.example/3"),  # undated: kept, it may be new
        FeedItem("https://a.example/1", date="2026-11-27T06:30:00+00:00"),  # listed twice
        FeedItem("https://a.example/4", date="2026-11-28T00:00:00+00:00"),
    ]
    since = parse_since("2026-11-21")
    assert since == datetime(2026, 11, 21, tzinfo=timezone.utc)
    assert [i.url[-1] for i in select(items, since)] == ["4", "1", "3"]
    assert [i.url[-1] for i in select(items, None, limit=2)] == ["4", "1"]
    assert parse_since("2026-11-27T06:00+01:00").utcoffset().total_seconds() == 3600


def test_since_that_is_not_a_date_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="--since 'yesterday': not a date"):
        parse_since("yesterday")


# -- fetching pages ------------------------------------------------------------------------------


def test_a_503_is_retried_with_backoff_then_the_page_comes(site) -> None:
    site.flaky.add("/news/bridge.html")
    before = len(site.requests_for("/news/bridge.html"))
    page = Fetcher(timeout=2, retries=1, backoff=0.05).get(f"{site.base}/news/bridge.html")
    statuses = [r.status for r in site.requests_for("/news/bridge.html")[before:]]
    assert statuses == [503, 200]
    assert b"Bridge Repairs Begin" in page.body


def test_conditional_get_answers_304_without_a_body(site) -> None:
    fetcher = Fetcher(timeout=2)
    first = fetcher.get(f"{site.base}/news/library.html")
    assert first.status == 200 and first.validators.etag
    again = fetcher.get(f"{site.base}/news/library.html", first.validators)
    assert again.not_modified and again.body == b""
    stale = fetcher.get(f"{site.base}/news/library.html", Validators(etag='"old"'))
    assert stale.status == 200 and stale.body == first.body


def test_404_and_timeout_are_clear_errors(site) -> None:
    fetcher = Fetcher(timeout=0.3, retries=1, backoff=0.05)
    with pytest.raises(InputError, match=r"missing\.html: HTTP 404 Not Found"):
        fetcher.get(f"{site.base}/news/missing.html")
    with pytest.raises(InputError, match=r"slow\.html: timed out after 0\.3 s \(2 tries\)"):
        fetcher.get(f"{site.base}/news/slow.html")


# -- the command, end to end ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def runs(site, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Ingest the RSS feed three times into one folder: first, again unchanged, then again after
    the site edited one article."""
    out = tmp_path_factory.mktemp("ingest")
    feed_url = f"{site.base}/feed.rss"
    found: dict = {"out": out}
    found["first"] = ingest(feed_url, "--out", str(out))
    found["feed1"] = (out / "feed.xml").read_bytes()
    mark = len(site.log)
    found["second"] = ingest(feed_url, "--out", str(out))
    found["log2"] = site.log[mark:]
    found["feed2"] = (out / "feed.xml").read_bytes()
    page = site.pages["/news/bridge.html"]
    site.pages["/news/bridge.html"] = page.replace(
        b"</article>", b"<p>The council said on Friday that the work will finish two weeks early.</p></article>"
    )
    found["third"] = ingest(feed_url, "--out", str(out))
    found["feed3"] = (out / "feed.xml").read_bytes()
    site.pages["/news/bridge.html"] = page
    return found


def test_first_ingest_publishes_articles_and_names_each_failure(runs, site) -> None:
    result = runs["first"]
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    out = result.stdout
    for name in FAILING:
        assert f"{site.base}/news/{name}" in out  # named, with its cause
    assert "HTTP 404 Not Found" in out and "timed out after 0.5 s" in out
    assert "found no article on the page" in out
    assert "3 published, 0 updated, 0 unchanged, 3 failed" in out
    feed = feedparser.parse(runs["feed1"])
    assert not feed.bozo, feed.bozo_exception
    assert sorted(e.title for e in feed.entries) == sorted(ARTICLES)
    library = next(e for e in feed.entries if e.title == ARTICLES[0])
    assert library.link == f"{site.base}/news/library.html"
    assert library.published_parsed[:5] == (2026, 11, 27, 6, 30)  # the item's date, not today's


def test_episode_uses_the_items_metadata_and_the_page_body(runs) -> None:
    folder = runs["out"] / "episodes" / "city-opens-new-library"
    script = json.loads((folder / "script.json").read_text())
    assert script["byline"] == "By Ana Ruiz"  # from the feed's dc:creator
    assert script["date"] == "2026-11-27T06:30:00+00:00"
    spoken = [s["source_text"] for s in script["segments"]]
    assert "Opening hours" in spoken
    assert any(s.startswith("Children can borrow up to ten books") for s in spoken)
    assert not any("Copyright" in s or "Sport" in s for s in spoken)  # page chrome left out


def test_reingest_adds_nothing_and_asks_only_conditionally(runs, site) -> None:
    result = runs["second"]
    assert result.returncode == 1  # the broken items are still broken
    assert "0 published, 0 updated, 3 unchanged, 3 failed" in result.stdout
    assert runs["feed2"] == runs["feed1"]
    for path in ("/feed.rss", "/news/library.html", "/news/bridge.html", "/news/market.html"):
        (request,) = [r for r in runs["log2"] if r.path == path]
        assert request.if_none_match.startswith('"') and request.if_modified_since
        assert request.status == 304


def test_a_changed_article_updates_its_episode_in_place(runs) -> None:
    result = runs["third"]
    assert "0 published, 1 updated, 2 unchanged, 3 failed" in result.stdout
    before = {e.title: e for e in feedparser.parse(runs["feed1"]).entries}
    after = {e.title: e for e in feedparser.parse(runs["feed3"]).entries}
    assert set(after) == set(before)
    assert after[ARTICLES[1]].id == before[ARTICLES[1]].id
    assert after[ARTICLES[1]].enclosures[0].length != before[ARTICLES[1]].enclosures[0].length
    assert after[ARTICLES[0]].enclosures[0].length == before[ARTICLES[0]].enclosures[0].length
    script = json.loads((runs["out"] / "episodes" / "bridge-repairs-begin" / "script.json").read_text())
    assert "two weeks early" in script["segments"][-2]["source_text"]


def test_a_missing_feed_is_one_clear_line(tmp_path: Path) -> None:
    result = run_cli("ingest", str(tmp_path / "nofeed.xml"), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: {tmp_path / 'nofeed.xml'}: no such feed file. Give the feed's URL or a saved RSS/Atom file."
    ]
    assert not (tmp_path / "out").exists()


# -- items read from the feed's own text, and items the site moved -----------------------------


@pytest.fixture(scope="module")
def fulltext(site, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Ingest a feed whose items carry their own text (or nothing) twice; then the site re-slugs
    one article (same guid, new link) and the feed is ingested twice more."""
    out = tmp_path_factory.mktemp("fulltext")
    found: dict = {"out": out}
    original = site.pages["/fulltext.rss"]
    site.pages["/news/bridge-repairs-begin.html"] = site.pages["/news/bridge.html"]
    moved = original.replace(b"/news/bridge.html", b"/news/bridge-repairs-begin.html")
    for run, feed in (("first", original), ("second", original), ("moved", moved), ("moved_again", moved)):
        site.pages["/fulltext.rss"] = feed
        found[run] = ingest(f"{site.base}/fulltext.rss", "--out", str(out))
        found[f"feed_{run}"] = (out / "feed.xml").read_bytes()
    site.pages["/fulltext.rss"] = original
    return found


def test_items_without_an_article_page_are_narrated_from_the_feeds_text(fulltext, site) -> None:
    result = fulltext["first"]
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    for title in ("Cycle Lanes Approved", "Museum Reopens Its Doors"):  # no link; an index page
        assert f" published {title} (read from the feed's own text)" in lines
    assert " published Bridge Repairs Begin" in lines  # from its page, so no note
    assert (
        "    failed Weather Warning Issued: the feed item has neither a link nor text of its own. "
        "Ask the site to add <link>, or the full text in <content:encoded> (Atom: <content>)."
    ) in lines
    assert (
        "    failed Parking Fees Rise: the item has no link, and the feed's own text is too short to "
        "narrate instead (a teaser?). Ask the site to put the full text in <content:encoded> (Atom: <content>)."
    ) in lines
    assert "3 published, 0 updated, 0 unchanged, 2 failed" in result.stdout
    feed = feedparser.parse(fulltext["feed_first"])
    assert sorted(e.title for e in feed.entries) == ["Bridge Repairs Begin", "Cycle Lanes Approved", "Museum Reopens Its Doors"]
    museum = next(e for e in feed.entries if e.title == "Museum Reopens Its Doors")
    assert museum.link == f"{site.base}/news/index.html"  # the item's link, though its page had no article
    script = json.loads((fulltext["out"] / "episodes" / "cycle-lanes-approved" / "script.json").read_text())
    spoken = [(s["role"], s["source_text"]) for s in script["segments"]]
    assert ("heading", "Where the lanes go") in spoken
    assert any(role == "paragraph" and text.startswith("The first lane will run along Main Street") for role, text in spoken)
    assert script["date"] == "2026-11-27T08:00:00+00:00"


def test_reingesting_feed_text_items_adds_nothing(fulltext) -> None:
    assert "0 published, 0 updated, 3 unchanged, 2 failed" in fulltext["second"].stdout
    assert fulltext["feed_second"] == fulltext["feed_first"]


def test_a_reslugged_article_updates_its_episode_not_a_second_one(fulltext, site) -> None:
    assert "0 published, 1 updated, 2 unchanged, 2 failed" in fulltext["moved"].stdout
    before = {e.title: e for e in feedparser.parse(fulltext["feed_second"]).entries}
    after = {e.title: e for e in feedparser.parse(fulltext["feed_moved"]).entries}
    assert set(after) == set(before)
    bridge = "Bridge Repairs Begin"
    assert after[bridge].id == before[bridge].id  # the same episode for podcast apps
    assert after[bridge].link == f"{site.base}/news/bridge-repairs-begin.html"
    assert sorted(p.name for p in (fulltext["out"] / "episodes").iterdir()) == [
        "bridge-repairs-begin", "cycle-lanes-approved", "museum-reopens-its-doors"
    ]
    assert "0 published, 0 updated, 3 unchanged, 2 failed" in fulltext["moved_again"].stdout
    assert fulltext["feed_moved_again"] == fulltext["feed_moved"]


def test_atom_content_and_plain_descriptions_are_the_items_own_text() -> None:
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><title>A</title><id>tag:a,2026:1</id><content type="html">&lt;p&gt;Full text.&lt;/p&gt;</content></entry>
    <entry><title>P</title><id>tag:a,2026:2</id><summary type="text">Fish &amp; chips.

Second.</summary></entry>
    </feed>"""
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
    <item><title>B</title><guid isPermaLink="false">b-1</guid><description>One &amp; two.</description></item>
    <item><title>C</title><link>https://c.example/c</link><guid>https://c.example/c</guid></item>
    </channel></rss>"""
    a, plain = parse_feed(atom, "a.atom").items
    # feedparser fills a missing link with the id; an id that is no address is not a link
    assert (a.url, a.permanent_guid, a.content) == ("", "tag:a,2026:1", "<p>Full text.</p>")
    assert plain.content == "<p>Fish &amp; chips.</p><p>Second.</p>"  # plain text, as HTML
    b, c = parse_feed(rss, "b.rss").items
    assert (b.url, b.content, b.permanent_guid) == ("", "One & two.", "b-1")
    assert c.permanent_guid == "" and c.identity == "https://c.example/c"  # a guid that is its link


def test_an_ingest_state_from_before_guids_were_identities_is_migrated(tmp_path: Path) -> None:
    import sqlite3
    from contextlib import closing

    from audionews.newsfeed.state import _MIGRATIONS, IngestState

    with closing(sqlite3.connect(tmp_path / "ingest.sqlite")) as db, db:
        db.executescript(_MIGRATIONS[0])  # the 0.1 schema, user_version 0
        db.execute(
            "INSERT INTO pages VALUES ('https://a.example/old-slug', 'a-1', '', '', '{}', '2026-11-26T00:00:00+00:00')"
        )
        db.execute("INSERT INTO published VALUES ('https://a.example/old-slug', 'abc', '2026-11-26T00:00:00+00:00')")
    state = IngestState(tmp_path)
    assert state.episode_of("a-1") == "https://a.example/old-slug"
    assert state.published_hash("https://a.example/old-slug") == "abc"
    state.rekey("https://a.example/old-slug", "https://a.example/new-slug")
    assert state.episode_of("a-1") == "https://a.example/new-slug"
    assert state.published_hash("https://a.example/new-slug") == "abc"
    with closing(sqlite3.connect(tmp_path / "ingest.sqlite")) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(_MIGRATIONS)


# -- the digest: one edition episode -------------------------------------------------------------


@pytest.fixture(scope="module")
def edition(site, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Ingest the Atom feed as one edition, titled by the producer's template; then again."""
    work = tmp_path_factory.mktemp("digest")
    (work / "audionews.toml").write_text('[edition]\ntitle = "Gazette edition for {weekday} {day} {month} {year}"\n')
    feed_url = f"{site.base}/feed.atom"
    first = run_cli("ingest", feed_url, "--digest", "--out", "out", "--timeout", "2", cwd=work)
    feed1 = (work / "out" / "feed.xml").read_bytes()
    again = run_cli("ingest", feed_url, "--digest", "--out", "out", "--timeout", "2", cwd=work)
    return {"out": work / "out", "first": first, "again": again, "feed1": feed1}


def test_digest_publishes_one_edition_holding_every_article(edition) -> None:
    result = edition["first"]
    assert result.returncode == 0, result.stdout + result.stderr
    for title in ARTICLES:
        assert f"in edition {title}" in result.stdout
    assert "1 published, 0 updated, 0 unchanged, 0 failed" in result.stdout
    (item,) = feedparser.parse(edition["feed1"]).entries
    today = datetime.now().astimezone()
    assert item.title == f"Gazette edition for {today:%A} {today.day} {today:%B} {today.year}"
    (folder,) = (edition["out"] / "episodes").iterdir()
    script = json.loads((folder / "script.json").read_text())
    assert [p["title"] for p in script["parts"]] == list(ARTICLES)  # newest first
    headlines = [s["text"] for s in script["segments"] if s["role"] == "headline"]
    # the spoken text is normalized ("Article one of three: ...")
    assert headlines == [normalize(f"Article {n} of 3: {title}") for n, title in enumerate(ARTICLES, start=1)]
    for part in script["parts"]:
        assert script["segments"][part["start"]]["source_text"] == part["title"]
    vtt = (folder / "transcript.vtt").read_text()
    first, second = normalize("Article 1 of 3"), normalize("Article 2 of 3")
    assert vtt.index(first) < vtt.index("Opening hours") < vtt.index(second)
    assert "Buses run every ten minutes" in vtt


def test_digest_chapters_are_a_tree_of_edition_articles_and_sections(edition) -> None:
    from mutagen.id3 import ID3, CTOCFlags
    from mutagen.mp3 import MP3

    (folder,) = (edition["out"] / "episodes").iterdir()
    mp3 = folder / f"{folder.name}.mp3"
    id3 = ID3(mp3)
    tocs = {frame.element_id: frame for frame in id3.getall("CTOC")}
    chaps = {frame.element_id: frame for frame in id3.getall("CHAP")}

    def title(element: str) -> str:
        frame = tocs.get(element) or chaps[element]
        return frame.sub_frames.getall("TIT2")[0].text[0]

    def tree(element: str):
        if element in chaps:
            return title(element)
        return (title(element), [tree(child) for child in tocs[element].child_element_ids])

    (top,) = [t for t in tocs.values() if t.flags & CTOCFlags.TOP_LEVEL]
    (root,) = top.child_element_ids
    edition_title = feedparser.parse(edition["feed1"]).entries[0].title
    assert tree(root) == (
        edition_title,
        [
            edition_title,  # the edition's introduction
            (ARTICLES[0], [ARTICLES[0], "Opening hours"]),
            ARTICLES[1],  # no sections: one chapter
            (ARTICLES[2], [ARTICLES[2], "Getting there"]),
        ],
    )
    # The leaves cover the audio in order, without gaps, and each article's chapter starts
    # where its "Article n of 3" cue starts in the transcript.
    leaves = sorted(chaps.values(), key=lambda c: c.start_time)
    assert leaves[0].start_time == 0
    assert all(a.end_time == b.start_time for a, b in zip(leaves, leaves[1:]))
    assert abs(leaves[-1].end_time / 1000 - MP3(mp3).info.length) < 0.2
    cues = _vtt_starts((folder / "transcript.vtt").read_text())
    for number, name in enumerate(ARTICLES, start=1):
        (chapter,) = [c for c in leaves if c.sub_frames.getall("TIT2")[0].text[0] == name]
        cue = f"[{normalize(f'Article {number} of 3')}] "  # the spoken link, marked; then the headline
        (start,) = [at for line, at in cues.items() if line.startswith(cue)]
        assert abs(chapter.start_time / 1000 - start) < 0.05
    json_chapters = json.loads((folder / "chapters.json").read_text())["chapters"]
    assert [c["title"] for c in json_chapters] == [title(c.element_id) for c in leaves]


def _vtt_starts(vtt: str) -> dict[str, float]:
    """Each cue's first line of text -> its start in seconds."""
    found, lines = {}, vtt.splitlines()
    for index, line in enumerate(lines):
        if " --> " in line:
            h, m, s = line.split(" --> ")[0].split(":")
            found.setdefault(lines[index + 1], int(h) * 3600 + int(m) * 60 + float(s))
    return found


def test_digest_transcript_is_one_edition_of_timed_linked_articles(edition, site) -> None:
    from lxml import html as lxml_html

    from audionews.episode.chapters import stamp

    (folder,) = (edition["out"] / "episodes").iterdir()
    page = lxml_html.fromstring((folder / "transcript.html").read_bytes())
    chapters = {c["title"]: c for c in json.loads((folder / "chapters.json").read_text())["chapters"]}
    edition_title = feedparser.parse(edition["feed1"]).entries[0].title
    assert [h.text_content() for h in page.iter("h1")] == [edition_title]  # the one h1

    def starts(heading) -> float:
        """The time link that follows a heading (times are not in headings' names)."""
        return float(heading.getnext().find(".//a[@data-t]").get("data-t"))

    articles = page.findall(".//section")
    assert [s.find("h2").text_content() for s in articles] == list(ARTICLES)
    for section in articles:
        for heading in section.iter("h2", "h3"):
            assert abs(starts(heading) - chapters[heading.text_content()]["startTime"]) < 0.01
            assert stamp(chapters[heading.text_content()]["startTime"]) in heading.getnext().text_content()
    pages = ("library.html", "bridge.html", "market.html")
    assert [s.xpath(".//a[not(@data-t)]/@href") for s in articles] == [[f"{site.base}/news/{name}"] for name in pages]
    assert [[h.text_content() for h in s.iter("h3")] for s in articles] == [["Opening hours"], [], ["Getting there"]]
    assert "Children can borrow up to ten books" in articles[0].text_content()
    assert "Buses run every ten minutes" in articles[2].text_content()


def test_digest_again_with_nothing_new_adds_nothing(edition) -> None:
    result = edition["again"]
    assert result.returncode == 0
    assert "0 published, 0 updated, 1 unchanged, 0 failed" in result.stdout
    assert (edition["out"] / "feed.xml").read_bytes() == edition["feed1"]


def test_edition_templates_are_checked() -> None:
    from audionews.script.edition import EditionOptions
    from audionews.errors import ConfigError

    with pytest.raises(ConfigError, match=r"\[edition\] title has a bad placeholder \('dat'\)"):
        EditionOptions.from_table({"title": "Edition {dat}"}, "audionews.toml")
    with pytest.raises(ConfigError, match="unknown \\[edition\\] setting 'name'"):
        EditionOptions.from_table({"name": "x"})


def test_an_ingest_state_from_a_newer_audionews_is_refused_not_changed(tmp_path: Path) -> None:
    import sqlite3

    from audionews.errors import PublishError
    from audionews.newsfeed.state import STATE_NAME, IngestState

    path = tmp_path / STATE_NAME
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    before = path.read_bytes()
    with pytest.raises(PublishError, match=r"the ingest state is from a newer audionews \(schema 99, this one knows 2\)"):
        IngestState(tmp_path).page("https://example.org/a")
    assert path.read_bytes() == before
