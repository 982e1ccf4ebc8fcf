"""Property tests (hypothesis): arbitrary Unicode in every field, on the path text -> Article ->
Script -> catalog -> feed.xml.

Whatever the input (controls, lone surrogates, bidi overrides, emoji sequences, noncharacters,
very long lines): the command either succeeds or raises one user error (one line); what reaches
the catalog and the voice is clean; feed.xml always parses; and the next publish into the same
folder works.

Thousands of examples run in this process with a mute engine in Piper's place and a stub MP3,
so the catalog and feed code is the real one but no audio is made (320 article files, 200 feed
items, 200 catalog rows, 1,200 strings through the sanitizer alone: 1,920); four go through the
CLI with the stand-in voice (tests/fakevoice.py), and two with the real voice. Examples are drawn from a fixed
seed (the "ci" profile), so a run is repeatable; ``pytest --hypothesis-profile=explore`` draws
new ones, more of them.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from html import escape as html_escape
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from audionews.speech.cast import Cast
from audionews.speech.engines import REGISTRY
from audionews.speech.engines.base import Engine
from audionews.errors import AudioNewsError
from audionews.newsfeed.ingester import feed_text_article, with_feed_metadata
from audionews.newsfeed.reader import parse_feed
from audionews.sources.load import load
from audionews.model import Article, Episode, Script, Segment
from audionews.podcast.output import STAGED_AUDIO, Output, article_date
from audionews.podcast.layout import SCRIPT_JSON, episode_key, slugify
from audionews.sanitize import clean_text
from audionews.script.builder import build_script, to_json
from audionews.speech.sentences import MAX_CHARS
from audionews.podcast.show import Show
from audionews.speech.synthesizer import Synthesizer

from .conftest import run_cli

settings.register_profile(
    "ci", derandomize=True, deadline=None, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)  # fmt: skip
settings.register_profile("explore", parent=settings.get_profile("ci"), derandomize=False, max_examples=5000)
settings.load_profile("ci")

# Characters that have broken things, drawn often; the rest of Unicode (surrogates included) too.
NASTY = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f\x85\x9f\ud800\udbff\udc00\udfff\ufffe\uffff\ufdd0"
    "\U0001fffe\U0010ffff\u202e\u202d\u2066\u2067\u2069\u200e\u200f\u061c\u200d\ufeff\u00ad"
    "\u2028\u2029\r\n\t &<>\"'\\/.\u0301e\u0065\u0301\u212b\u00c5"
)
EMOJI = ("\U0001f469\u200d\U0001f469\u200d\U0001f467", "\U0001f1fa\U0001f1e6", "\U0001f44d\U0001f3fd")
WORDS = ("Council", "Новости", "أخبار", "北京新闻", "שלום", "Ελλάδα", "नमस्ते", "meets", "on", "Tuesday")

character = st.one_of(
    st.sampled_from(NASTY),
    st.characters(exclude_categories=()),  # every code point, lone surrogates included
    st.sampled_from("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ.,!?"),
)
fragment = st.one_of(st.text(character, max_size=40), st.sampled_from(WORDS + EMOJI))
hostile = st.lists(fragment, max_size=6).map("".join)
long_line = st.tuples(st.sampled_from(WORDS), st.integers(40, 150)).map(lambda p: " ".join([p[0]] * p[1]))
paragraph = st.one_of(hostile, hostile, long_line)
FORMATS = ("text", "markdown", "html", "json")


def xml_safe(text: str) -> bool:
    """Whether XML 1.0 can carry ``text`` (what lxml accepts)."""
    try:
        etree.Element("x").text = text
    except ValueError:
        return False
    return True


def assert_clean(text: str) -> None:
    assert xml_safe(text), repr(text)
    assert clean_text(text) == text, repr(text)
    assert unicodedata.is_normalized("NFC", text), repr(text)


def source_bytes(fmt: str, headline: str, byline: str, paragraphs: list[str]) -> bytes:
    """An article in ``fmt`` carrying the given (hostile) fields, as a file would hold it."""
    if fmt == "json":  # json.dumps escapes surrogates and controls (\ud800, \u0000)
        data = {"headline": headline, "byline": byline, "sections": [{"paragraphs": paragraphs or ["."]}]}
        return json.dumps(data).encode()
    if fmt == "html":
        body = "".join(f"<p>{html_escape(p)}</p>" for p in paragraphs)
        text = f"<html><head><title>{html_escape(headline)}</title></head><body><article><h1>{html_escape(headline)}</h1><p>{html_escape(byline)}</p>{body}</article></body></html>"
    elif fmt == "markdown":
        text = "\n\n".join([f"# {headline}", byline, *paragraphs])
    else:
        text = "\n\n".join([headline, byline, *paragraphs])
    return text.encode("utf-8", "surrogatepass")  # lone surrogates become bytes that are not UTF-8


class Folder:
    """One output folder the examples publish into (kept small: old episodes are removed)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.out = root / "out"
        self.output = Output(self.out, Show())
        self.synth = Synthesizer(Cast(), jobs=1)
        self.published: list[str] = []

    def publish(self, script: Script) -> Episode:
        """What publish_script does, with a stub MP3 instead of mastered audio."""
        self.synth.render(script, script.language or "en")  # the engine refuses NUL, surrogates
        with self.output.staging() as stage:
            (stage / STAGED_AUDIO).write_bytes(b"\xff\xfb" + bytes(400))
            (stage / SCRIPT_JSON).write_text(to_json(script), encoding="utf-8")
            paragraphs = [s.source_text for s in script.segments if s.role == "paragraph"]
            episode = self.output.commit(
                stage,
                Episode(
                    key=episode_key(script), guid="", slug=slugify(script.title), title=script.title,
                    description=paragraphs[0] if paragraphs else script.title,
                    pub_date=article_date(script.date), duration=1.0, size=0, link=script.url,
                    language=script.language,
                ),
            )  # fmt: skip
        if episode.key in self.published:
            self.published.remove(episode.key)
        self.published.append(episode.key)
        if len(self.published) > 12:  # keep each feed write cheap
            self.output.remove(self.published.pop(0))
        return episode

    def feed_titles(self) -> list[str]:
        root = etree.parse(str(self.out / "feed.xml")).getroot()  # raises if it does not parse
        return [item.findtext("title") for item in root.iter("item")]


class Mute(Engine):
    """Piper's refusals (NUL, unencodable text) and the sentence bound, without the sound: these
    examples never master audio, so even the stand-in voice's tone would be wasted work."""

    name = "piper"

    def synthesize(self, text: str, speed: float = 1.0) -> np.ndarray:
        assert "\x00" not in text and len(text) <= MAX_CHARS, repr(text[:80])
        text.encode("utf-8")
        return np.ones(max(1, len(text)), dtype=np.int16)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(REGISTRY, "piper", f"{__name__}:Mute")
        yield Folder(tmp_path_factory.mktemp("properties"))


def publish_or_refuse(folder: Folder, loaded: Article | Script) -> Episode | None:
    """Publish; a user error is allowed, as one line. Anything else is a bug."""
    try:
        script = loaded if isinstance(loaded, Script) else build_script(loaded)
        for segment in script.segments:
            assert_clean(segment.text)
            assert_clean(segment.source_text)
        return folder.publish(script)
    except AudioNewsError as error:
        assert "\n" not in str(error) and str(error).strip(), repr(str(error))
        return None


@settings(max_examples=320)
@given(fmt=st.sampled_from(FORMATS), headline=hostile, byline=hostile, paragraphs=st.lists(paragraph, max_size=4))
def test_any_article_file_publishes_cleanly_or_is_refused_in_one_line(
    folder: Folder, fmt: str, headline: str, byline: str, paragraphs: list[str]
) -> None:
    path = folder.root / f"article.{ {'text': 'txt', 'markdown': 'md'}.get(fmt, fmt) }"
    path.write_bytes(source_bytes(fmt, headline, byline, paragraphs))
    try:
        loaded = load(str(path))
    except AudioNewsError as error:
        assert "\n" not in str(error), repr(str(error))
        return
    assert isinstance(loaded, Article)
    for text in (loaded.headline, loaded.byline, loaded.dateline, *(b.text for b in loaded.blocks)):
        assert_clean(text)
    episode = publish_or_refuse(folder, loaded)
    titles = folder.feed_titles()
    if episode is not None:
        assert episode.title in titles


@settings(max_examples=200)
@given(title=hostile, author=hostile, guid=hostile, paragraphs=st.lists(paragraph, min_size=1, max_size=4), raw=st.booleans())
def test_any_feed_item_publishes_cleanly_or_is_refused_in_one_line(
    folder: Folder, title: str, author: str, guid: str, paragraphs: list[str], raw: bool
) -> None:
    def field(text: str) -> str:
        if raw:  # character references to anything, &#x1; included: feedparser's loose parser reads them
            return "".join(c if c.isalnum() or c == " " else f"&#x{ord(c):x};" for c in text)
        return xml_escape(clean_text(text).encode("utf-8", "replace").decode())

    body = "".join(f"<p>{html_escape(p)}</p>" for p in paragraphs)
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>'
        f'<item><title>{field(title)}</title><author>{field(author)}</author><guid isPermaLink="false">{field(guid)}</guid>'
        f"<content:encoded>{xml_escape(body.encode('utf-8', 'replace').decode())}</content:encoded></item></channel></rss>"
    ).encode("utf-8", "surrogatepass")
    try:
        items = parse_feed(feed, "feed.rss", base_url="http://127.0.0.1:9/feed.rss").items
    except AudioNewsError as error:
        assert "\n" not in str(error)
        return
    for item in items:
        for text in (item.title, item.author, item.guid, item.url, item.content):
            assert xml_safe(text) and clean_text(text) == text, repr(text)
        try:
            article = with_feed_metadata(feed_text_article(item, "the item has no link"), item)
        except AudioNewsError as error:
            assert "\n" not in str(error)
            continue
        if publish_or_refuse(folder, article) is not None:
            assert article.headline in folder.feed_titles()


@settings(max_examples=1200)
@given(text=st.text(character, max_size=200))
def test_the_sanitizer_leaves_text_xml_can_carry_in_nfc_and_keeps_bidi(text: str) -> None:
    cleaned = clean_text(text)
    assert_clean(cleaned)
    assert clean_text(cleaned) == cleaned  # idempotent
    for mark in "\u202e\u2066\u2069\u200e\u200f\u061c\u200d":  # bidi and joiners stay
        assert cleaned.count(mark) >= unicodedata.normalize("NFC", text.replace("\ud800", "")).count(mark) or mark not in text


@settings(max_examples=200)
@given(title=hostile, description=hostile, link=hostile, pub_date=st.one_of(hostile, st.just("2026-11-27T06:30:00+00:00")))
def test_a_catalog_row_holding_anything_never_wedges_the_feed(
    folder: Folder, title: str, description: str, link: str, pub_date: str
) -> None:
    """A row as an older audionews (or a hand edit) may have left it on disk."""
    from audionews.podcast.catalog import Catalog

    if not folder.published:  # run alone: one good episode to keep in the feed
        folder.publish(Script("Council Meets", [Segment("headline", "Council Meets", "Council Meets")]))
    catalog = Catalog.in_folder(folder.out)
    existing = next(e for e in catalog.all() if e.key == folder.published[-1])
    clean = lambda s: s.encode("utf-8", "replace").decode()  # SQLite stores text as UTF-8
    bad = Episode(
        key="bad-row", guid="bad-row-guid", slug=existing.slug, title=clean(title).replace("\x00", ""),
        description=clean(description).replace("\x00", ""), pub_date=clean(pub_date).replace("\x00", ""),
        duration=1.0, size=1, link=clean(link).replace("\x00", ""),
    )  # fmt: skip
    catalog.upsert(bad)
    try:
        folder.output.rebuild_feed()
        titles = folder.feed_titles()
        assert existing.title in titles
    finally:
        catalog.remove("bad-row")


# -- through the CLI -------------------------------------------------------------------------------


@settings(max_examples=4)
@given(headline=hostile, paragraphs=st.lists(hostile, min_size=1, max_size=3), fmt=st.sampled_from(FORMATS))
def test_the_cli_publishes_anything_or_says_why_in_one_line_and_publishes_again(
    tmp_path_factory: pytest.TempPathFactory, headline: str, paragraphs: list[str], fmt: str
) -> None:
    tmp = tmp_path_factory.mktemp("cli")
    source = tmp / f"article.{ {'text': 'txt', 'markdown': 'md'}.get(fmt, fmt) }"
    source.write_bytes(source_bytes(fmt, headline, "", paragraphs))
    out = tmp / "out"
    first = run_cli("publish", str(source), "--out", str(out))
    _one_line_or_success(first)
    follow_up = tmp / "next.txt"
    follow_up.write_text("Later News\n\nThe council met again on Wednesday.\n")
    second = run_cli("publish", str(follow_up), "--out", str(out))
    assert second.returncode == 0, second.stderr
    assert "Later News" in [t for t in _titles(out)]
    shutil.rmtree(tmp)


def _one_line_or_success(result) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    if result.returncode != 0:
        assert result.returncode == 1
        assert len([x for x in result.stderr.splitlines() if x.startswith("error: ")]) == 1, result.stderr


def _titles(out: Path) -> list[str]:
    return [item.findtext("title") for item in etree.parse(str(out / "feed.xml")).getroot().iter("item")]


@settings(max_examples=2)
@given(headline=hostile, paragraph=hostile)
def test_the_real_voice_speaks_whatever_survives_the_sanitizer(
    tmp_path_factory: pytest.TempPathFactory, headline: str, paragraph: str
) -> None:
    tmp = tmp_path_factory.mktemp("real")
    source = tmp / "article.json"
    source.write_text(json.dumps({
        "headline": f"Council {headline}", "sections": [{"paragraphs": [f"The council met. {paragraph}"]}],
    }))  # fmt: skip
    out = tmp / "out"
    result = run_cli("publish", str(source), "--out", str(out), real_voice=True)
    _one_line_or_success(result)
    assert result.returncode == 0, result.stderr
    assert len(_titles(out)) == 1
    shutil.rmtree(tmp)
