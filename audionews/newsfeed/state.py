"""What feed ingestion remembers between runs, in ``DIR/ingest.sqlite`` beside the catalog.

Four tables, kept apart because a fetch can succeed and the publish fail:

- ``pages``: the page's validators (ETag, Last-Modified) for the next conditional GET, and the
  article extracted from it, so that a 304 still yields the article (a digest needs every
  article's text, changed or not);
- ``feeds``: the feed's own validators and last body, so polling an unchanged feed costs a 304;
- ``published``: which content each episode (an article's URL, or an edition) was last rendered
  from, so unchanged content is never rendered twice and changed content updates its episode;
- ``items``: which episode each feed guid was published as, so an article the site re-slugs
  (same guid, new URL) updates its episode instead of making a second one.

The schema carries its version in ``PRAGMA user_version``, as the catalog's does: a file from an
older audionews is migrated when opened (``items`` is seeded from the guids ``pages`` kept).

The catalog stays the feed's; this file only saves work and can be deleted at any time (the next
run then fetches and renders everything again, updating the same episodes in place).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from dataclasses import asdict, dataclass
from pathlib import Path

from ..model import Article, Block
from ..podcast.output import now_iso
from ..migrations import migrate
from ..sources.fetch import Validators

STATE_NAME = "ingest.sqlite"
_V1 = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    guid TEXT NOT NULL DEFAULT '',
    etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    article TEXT NOT NULL,
    checked_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    body BLOB NOT NULL,
    checked_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS published (
    key TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    published_at TEXT NOT NULL
);
"""
_MIGRATIONS = [
    _V1,  # 1: audionews 0.1 (files from then have user_version 0 and these tables already)
    # 2: the episode each permanent guid became; guessed for old files from the pages fetched
    # (an old run keyed episodes by URL, and a page's row names the guid it was fetched for)
    """
    CREATE TABLE IF NOT EXISTS items (guid TEXT PRIMARY KEY, key TEXT NOT NULL);
    INSERT OR IGNORE INTO items (guid, key)
        SELECT guid, url FROM pages WHERE guid != '' AND guid != url ORDER BY checked_at DESC;
    """,
]


@dataclass
class PageState:
    url: str
    guid: str
    validators: Validators
    article: Article


def content_hash(*articles: Article) -> str:
    """A digest of everything that would be spoken, to tell a changed article from a re-sent one."""
    data = json.dumps([article_to_dict(a) for a in articles], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def article_to_dict(article: Article) -> dict:
    return asdict(article)


def article_from_dict(data: dict) -> Article:
    blocks = [Block(**block) for block in data.get("blocks", [])]
    return Article(**{**data, "blocks": blocks})


class IngestState:
    """Opened lazily: a run that fails before fetching anything leaves no file behind."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / STATE_NAME
        self._ready = False

    def _connect(self) -> sqlite3.Connection:
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=30)) as db:
                migrate(db, _MIGRATIONS, self.path, "ingest state")
            self._ready = True
        return sqlite3.connect(self.path, timeout=30)

    def _read(self, query: str, *args: str) -> tuple | None:
        if not self._ready and not self.path.exists():
            return None  # nothing remembered yet, and nothing to create for a read
        with closing(self._connect()) as db:
            return db.execute(query, args).fetchone()

    def page(self, url: str) -> PageState | None:
        row = self._read("SELECT url, guid, etag, last_modified, article FROM pages WHERE url = ?", url)
        if row is None:
            return None
        try:
            article = article_from_dict(json.loads(row[4]))
        except (TypeError, ValueError):
            return None  # saved by a version with another Article shape: fetch afresh
        return PageState(
            url=row[0],
            guid=row[1],
            validators=Validators(etag=row[2], last_modified=row[3]),
            article=article,
        )

    def save_page(self, url: str, guid: str, validators: Validators, article: Article) -> None:
        """Remember the article extracted from a page, and the page's validators."""
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?)",
                (
                    url, guid, validators.etag, validators.last_modified,
                    json.dumps(article_to_dict(article), ensure_ascii=False), now_iso(),
                ),
            )  # fmt: skip

    def feed(self, url: str) -> tuple[Validators, bytes] | None:
        row = self._read("SELECT etag, last_modified, body FROM feeds WHERE url = ?", url)
        return (Validators(etag=row[0], last_modified=row[1]), row[2]) if row else None

    def save_feed(self, url: str, validators: Validators, body: bytes) -> None:
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT OR REPLACE INTO feeds VALUES (?, ?, ?, ?, ?)",
                (url, validators.etag, validators.last_modified, body, now_iso()),
            )

    def episode_of(self, guid: str) -> str | None:
        """The key of the episode the item with this permanent ``guid`` was published as."""
        row = self._read("SELECT key FROM items WHERE guid = ?", guid)
        return row[0] if row else None

    def remember_item(self, guid: str, key: str) -> None:
        with closing(self._connect()) as db, db:
            db.execute("INSERT OR REPLACE INTO items VALUES (?, ?)", (guid, key))

    def rekey(self, old: str, new: str) -> None:
        """Episode ``old`` is now ``new`` (its article moved): its published content goes along."""
        with closing(self._connect()) as db, db:
            db.execute("UPDATE OR REPLACE published SET key = ? WHERE key = ?", (new, old))
            db.execute("UPDATE items SET key = ? WHERE key = ?", (new, old))

    def published_hash(self, key: str) -> str | None:
        row = self._read("SELECT content_hash FROM published WHERE key = ?", key)
        return row[0] if row else None

    def mark_published(self, key: str, digest: str) -> None:
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT OR REPLACE INTO published VALUES (?, ?, ?)", (key, digest, now_iso())
            )


