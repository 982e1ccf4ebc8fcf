"""Ingest a news site's RSS or Atom feed: every new or changed article becomes an episode.

One run reads the feed, fetches each selected item's page (conditionally: a page that did not
change costs a 304), extracts the article, and publishes what is new or changed, either one
episode per article or one edition episode holding them all (``digest``). An item that fails
(404, timeout, no article on the page) is reported and skipped; the rest are published.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..errors import AudioNewsError, InputError
from ..normalize import Normalizer
from ..script.edition import EditionOptions
from .state import IngestState, content_hash
from ..model import Article, Script
from ..sanitize import clean_article, clean_line
from ..sources.fetch import Fetcher, Page
from .reader import Feed, FeedItem, select

STATUSES = ("published", "updated", "unchanged", "in edition", "failed")
log = logging.getLogger("audionews")


@dataclass
class ItemResult:
    item: FeedItem
    status: str  # one of STATUSES
    detail: str = ""  # the episode's MP3, or why it failed
    article: Article | None = None
    note: str = ""  # how the article was found, when not from its page


@dataclass
class IngestReport:
    feed: Feed
    items: list[ItemResult] = field(default_factory=list)
    edition: ItemResult | None = None  # the digest's own episode, when --digest

    @property
    def results(self) -> list[ItemResult]:
        return self.items + ([self.edition] if self.edition else [])

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> bool:
        return self.count("failed") > 0


@dataclass
class IngestOptions:
    since: datetime | None = None
    limit: int | None = None
    digest: bool = False
    edition: EditionOptions = field(default_factory=EditionOptions)
    show_title: str = "audionews"
    normalizer: Normalizer | None = None  # the show's (with its lexicon), for the edition's own words


class Listener:
    """What a caller hears during a run (the CLI draws a progress bar); by default, nothing."""

    def start(self, total: int) -> None: ...

    def item_done(self, result: ItemResult) -> None: ...


class Ingester:
    """One ingest run into one output folder; publishing goes through ``publish``."""

    def __init__(self, out_dir: Path, publish: Callable[[Script], Path], make_script, fetcher: Fetcher):
        self.out_dir = out_dir
        self.state = IngestState(out_dir)
        self.publish = publish  # renders and publishes a Script, returns its MP3
        self.make_script = make_script  # Article -> Script, with the producer's narration options
        self.fetcher = fetcher

    def article(self, item: FeedItem) -> tuple[Article, str]:
        """The item's article and, when it was not read from its page, a note saying so: from
        the page, from the state when the page answers 304, or from the feed's own text when
        the item has no link or its page holds no article."""
        if not item.url:
            if not item.content:
                raise InputError(
                    f"{item.name}: the feed item has neither a link nor text of its own. Ask the "
                    "site to add <link>, or the full text in <content:encoded> (Atom: <content>)."
                )
            return with_feed_metadata(feed_text_article(item, "the item has no link"), item), FEED_TEXT_NOTE
        known = self.state.page(item.url)
        page = self.fetcher.get(item.url, known.validators if known else None)
        if page.not_modified and known:
            return with_feed_metadata(known.article, item), ""
        try:
            extracted = extract(page, item.url)
        except InputError:
            if not item.content:
                raise
            # Not saved as the page's article: the page may get one, the feed's text may change.
            why = f"found no article at {item.url}"
            return with_feed_metadata(feed_text_article(item, why), item), FEED_TEXT_NOTE
        self.state.save_page(item.url, item.guid, page.validators, extracted)
        return with_feed_metadata(extracted, item), ""

    def previous(self, key: str, digest: str) -> tuple[bool, bool]:
        """Whether the catalog holds episode ``key``, and whether it was made from ``digest``."""
        from ..podcast.catalog import Catalog

        exists = Catalog.in_folder(self.out_dir).get(key) is not None
        return exists, exists and self.state.published_hash(key) == digest

    def publish_once(self, script: Script, digest: str) -> tuple[str, str]:
        """Publish ``script`` unless its episode was made from the same content; returns the
        status and the MP3 (empty when unchanged)."""
        from ..podcast.layout import episode_key

        key = episode_key(script)
        exists, current = self.previous(key, digest)
        if current:
            return "unchanged", ""
        mp3 = self.publish(script)
        self.state.mark_published(key, digest)
        return ("updated" if exists else "published"), str(mp3)

    def publish_article(self, item: FeedItem, article: Article, note: str = "") -> ItemResult:
        from ..podcast.layout import episode_key

        script = self.make_script(article)
        guid = item.permanent_guid
        if guid:
            self.follow(guid, episode_key(script))
        status, mp3 = self.publish_once(script, content_hash(article))
        if guid:
            self.state.remember_item(guid, episode_key(script))
        return ItemResult(item, status, mp3, article, note)

    def follow(self, guid: str, key: str) -> None:
        """An item is its guid: when the site moved it (a new link, or a linkless item's new
        headline), its episode takes the new key, so publishing updates it, not a second one."""
        from ..podcast.catalog import Catalog

        old = self.state.episode_of(guid)
        if old and old != key and Catalog.in_folder(self.out_dir).rekey(old, key):
            self.state.rekey(old, key)

    def run(self, feed: Feed, options: IngestOptions, listener: Listener | None = None) -> IngestReport:
        listener = listener or Listener()
        items = select(feed.items, options.since, options.limit)
        report = IngestReport(feed)
        listener.start(len(items))
        for item in items:
            try:
                article, note = self.article(item)
                if options.digest:
                    result = ItemResult(item, "in edition", article=article, note=note)
                else:
                    result = self.publish_article(item, article, note)
            except AudioNewsError as error:
                # One broken item (gone, slow, not an article, unspeakable) costs only itself.
                result = ItemResult(item, "failed", str(error))
            report.items.append(result)
            listener.item_done(result)
        if options.digest:
            report.edition = self.publish_edition(report, options)
        return report

    def publish_edition(self, report: IngestReport, options: IngestOptions) -> ItemResult | None:
        from ..script.edition import build_edition

        included = [r for r in report.items if r.article is not None]
        if not included:
            return None
        articles = [r.article for r in included if r.article is not None]
        script = build_edition(
            articles, self.make_script, options.edition, options.show_title, normalizer=options.normalizer
        )
        edition = FeedItem(url="", title=script.title, date=script.date)
        try:
            # The edition's key comes from its title (which carries the date), so the content
            # hash only needs the articles: one more or one changed article updates the edition.
            status, mp3 = self.publish_once(script, content_hash(*articles))
        except AudioNewsError as error:
            return ItemResult(edition, "failed", str(error))
        return ItemResult(edition, status, mp3)


def with_feed_metadata(article: Article, item: FeedItem) -> Article:
    """The feed's own title, author, date and link win over what the page showed: they are what
    the newsroom published, and the link is the article's stable identity (the catalog key)."""
    from dataclasses import replace

    byline = article.byline
    if item.author and not byline:
        byline = item.author if item.author.lower().startswith("by ") else f"By {item.author}"
    return clean_article(replace(
        article,
        headline=item.title or article.headline,
        byline=byline,
        date=item.date or article.date,
        url=item.url,
        source=item.url or item.name,
    ))


FEED_TEXT_NOTE = "read from the feed's own text"


def feed_text_article(item: FeedItem, why: str) -> Article:
    """The article in the feed item's own text, read as a page is; ``why`` the page could not
    give it (for the message when the feed's text is no article either)."""
    import html

    from ..sources.html import article_from_html

    title = html.escape(item.title)
    document = (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article>"
        f"<h1>{title}</h1>{item.content}</article></body></html>"
    )
    try:
        article = article_from_html(document, item.url, source=item.name)
    except InputError:
        raise InputError(
            f"{item.name}: {why}, and the feed's own text is too short to narrate instead (a teaser?). "
            "Ask the site to put the full text in <content:encoded> (Atom: <content>)."
        ) from None
    if not clean_line(article.headline):
        raise InputError(
            f"{item.name}: {why}, and the item has no title to announce it by. Ask the site to "
            "give its items a <title>."
        )
    return article


def extract(page: Page, url: str) -> Article:
    """The article on a fetched page, read as ``audionews publish URL`` reads it."""
    from ..sources.load import from_page

    found = from_page(page, url)
    if not isinstance(found, Article):  # only an explicit format yields a Script; none is given
        raise InputError(f"{url}: is a narration script, not an article page. Check the feed item's link.")
    return found
