"""Read a news site's RSS or Atom feed (a URL or a saved file) into its items: link, guid,
title, author, date and any text of its own; pick the new ones by date and count."""

from __future__ import annotations

import calendar
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from ..errors import InputError
from ..sanitize import clean_line, clean_text
from ..sources.fetch import Fetcher
from ..sources.load import is_url
from .state import IngestState

log = logging.getLogger("audionews")

_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_ITEM_START = re.compile(rb"<(?:[\w.-]+:)?(?:item|entry)[\s/>]")
@dataclass
class FeedItem:
    """One entry of the feed, with the metadata the newsroom gave it."""

    url: str
    guid: str = ""
    title: str = ""
    author: str = ""
    date: str = ""  # ISO 8601 with timezone, or "" when the feed gives none
    content: str = ""  # the feed's own text of the item (HTML): content:encoded, Atom content or description

    @property
    def name(self) -> str:
        return self.title or self.url or self.guid or "an untitled feed item"

    @property
    def permanent_guid(self) -> str:
        """The feed's own id for the item when it is more than its link: the item's identity,
        which survives the site re-slugging the article (a new link under the same guid)."""
        return self.guid if self.guid != self.url else ""

    @property
    def identity(self) -> str:
        return self.permanent_guid or self.url or self.title


@dataclass
class Feed:
    title: str
    items: list[FeedItem]


def read_feed(source: str, fetcher: Fetcher, state: IngestState | None = None) -> Feed:
    """Read an RSS or Atom feed from a URL (conditionally, when ``state`` knows it) or a file."""
    if is_url(source):
        known = state.feed(source) if state else None
        page = fetcher.get(source, known[0] if known else None)
        if page.not_modified and known:
            return parse_feed(known[1], source, base_url=source)
        if state:
            state.save_feed(source, page.validators, page.body)
        return parse_feed(page.body, source, base_url=page.url)
    path = Path(source)
    if not path.is_file():
        raise InputError(f"{source}: no such feed file. Give the feed's URL or a saved RSS/Atom file.")
    return parse_feed(path.read_bytes(), source)


def parse_feed(data: bytes, source: str, base_url: str = "") -> Feed:
    import feedparser

    headers = {"content-location": base_url} if base_url else {}
    data = _CHAR_REF.sub(_allowed_reference, data)
    parsed = feedparser.parse(data, response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        raise InputError(
            f"{source}: is not an RSS or Atom feed. Give the site's feed address (often /feed, "
            "/rss or /atom.xml), not a page."
        )
    # feedparser copies an item's id into a missing link ("tag:...", "gazette-7"), and given the
    # feed's address resolves that id against it (http://site/gazette-7, a page that was never
    # there): only an id that was an address as written is one. The raw parse tells.
    raw = feedparser.parse(data).entries if base_url else parsed.entries
    items = []
    for index, entry in enumerate(parsed.entries):
        written = raw[index] if index < len(raw) else entry
        url = clean_line(entry.get("link") or "")
        copied = written.get("guidislink") and not is_url(written.get("link") or "")
        url = url if is_url(url) and not copied else ""
        guid = clean_line(entry.get("id") or "")
        items.append(
            FeedItem(
                url=url,
                guid=guid or url,
                title=clean_line(entry.get("title") or ""),
                author=clean_line(entry.get("author") or ""),
                date=_entry_date(entry),
                content=clean_text(_entry_text(entry)),
            )
        )
    if parsed.get("bozo"):  # what a feed cut short leaves of its last item is no item
        items = [i for i in items if i.url or i.guid or i.title or i.content]
        _warn_malformed(source, parsed.get("bozo_exception"), len(items), data)
    return Feed(title=clean_line(parsed.feed.get("title", "")), items=items)


def _allowed_reference(match: re.Match[bytes]) -> bytes:
    """A character reference kept if it names a character XML can carry; else dropped (a
    reference to a surrogate crashed feedparser's loose parser; &#x1; is cleaned later too)."""
    hexa, decimal = match.groups()
    point = int(hexa, 16) if hexa else int(decimal)
    if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF or point in (0xFFFE, 0xFFFF):
        return b""
    return match.group(0)


def _warn_malformed(source: str, problem: Exception | None, read: int, data: bytes) -> None:
    """A feed that is not well-formed XML is read as far as it goes: say how far."""
    import feedparser

    if isinstance(problem, (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)):
        return  # a charset or content type that differs from what the feed says: harmless
    why = str(problem.getMessage()) if hasattr(problem, "getMessage") else str(problem or "not well-formed")
    if hasattr(problem, "getLineNumber"):
        why += f" at line {problem.getLineNumber()}"
    started = len(_ITEM_START.findall(data))
    how_far = (
        f"read {read} of at least {started} items; the feed ends early"
        if started > read
        else f"read {read} item{'s' * (read != 1)}, the last perhaps incomplete"
    )
    log.warning(
        "%s: is not well-formed XML (%s): %s. Ask the site to fix its feed, or fetch it again.",
        source, why, how_far,
    )  # fmt: skip


def _entry_text(entry) -> str:
    """The item's own text as HTML: its full content when the feed carries it, else its
    description (often a teaser: extraction then finds too little prose and says so)."""
    import html

    details = [*(entry.get("content") or []), entry.get("summary_detail") or {}]
    for detail in details:
        value = (detail.get("value") or "").strip()
        if not value:
            continue
        if detail.get("type") == "text/plain":
            return "".join(f"<p>{html.escape(p)}</p>" for p in value.split("\n\n"))
        return value
    return ""


def _entry_date(entry) -> str:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return ""
    # feedparser gives a UTC struct_time; timegm reads it as UTC (mktime would use local time).
    return datetime.fromtimestamp(calendar.timegm(stamp), timezone.utc).isoformat()


def parse_since(text: str) -> datetime:
    """``--since``: an ISO 8601 date or date-time; without a timezone it is UTC."""
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        try:
            found = datetime.combine(date.fromisoformat(text), datetime.min.time())
        except ValueError:
            raise InputError(
                f"--since {text!r}: not a date. Use ISO 8601, for example 2026-11-27 or "
                "2026-11-27T06:00+01:00."
            ) from None
    return found if found.tzinfo else found.replace(tzinfo=timezone.utc)


def select(items: list[FeedItem], since: datetime | None = None, limit: int | None = None) -> list[FeedItem]:
    """Items dated on or after ``since`` (undated items are kept: they may be new), newest
    first as far as dates tell, at most ``limit`` of them, each article (guid, else URL) once."""
    seen: set[str] = set()
    chosen = []
    for item in items:
        if item.identity in seen:
            continue
        seen.add(item.identity)
        if since and item.date and datetime.fromisoformat(item.date) < since:
            continue
        chosen.append(item)
    # A stable sort keeps the feed's own order among undated items and equal dates.
    chosen.sort(key=lambda i: i.date or "", reverse=True)
    return chosen[:limit] if limit is not None else chosen
