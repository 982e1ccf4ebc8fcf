"""The episode catalog: one SQLite row per episode, keyed by the article's stable key.

SQLite commits atomically (its journal survives a kill mid-write), so the catalog needs no temp
file. The schema carries its version in ``PRAGMA user_version``; each entry of ``_MIGRATIONS``
moves a catalog one version up, so an old output folder opens with a newer audionews.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from contextlib import closing
from dataclasses import asdict, fields
from pathlib import Path

from ..errors import InputError, PublishError
from ..model import Episode
from ..sanitize import clean_line
from ..migrations import migrate

CATALOG_NAME = "catalog.sqlite"
_COLUMNS = [f.name for f in fields(Episode)]
_MIGRATIONS = [
    # 1: the first catalog (audionews 0.1)
    """
    CREATE TABLE IF NOT EXISTS episodes (
        key TEXT PRIMARY KEY,
        guid TEXT NOT NULL UNIQUE,
        slug TEXT NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        pub_date TEXT NOT NULL,
        duration REAL NOT NULL,
        size INTEGER NOT NULL,
        link TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT 'en'
    )
    """,
    # 2: one folder per episode, and facts about the show kept across runs (its podcast:guid)
    """
    CREATE INDEX IF NOT EXISTS episodes_slug ON episodes (slug);
    CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 3: an article without a URL is keyed by its headline itself, no longer by its ASCII slug
    # (every Russian, Arabic or Chinese headline was "headline:episode", one overwriting the
    # next). An episode keyed the old way by its own title takes the new key, so publishing that
    # article again updates it.
    """
    UPDATE OR IGNORE episodes SET key = headline_key(title)
        WHERE key LIKE 'headline:%' AND key = headline_key_v2(title)
    """,
    # 4: what an episode's audio says and which articles an edition holds, so a changed episode
    # reaches subscribers (README, "Updates"); its credits (byline, voices). Existing rows get "": their guid and enclosure URL
    # stay as they were until their article is published again.
    """
    ALTER TABLE episodes ADD COLUMN audio TEXT NOT NULL DEFAULT '';
    ALTER TABLE episodes ADD COLUMN articles TEXT NOT NULL DEFAULT '';
    ALTER TABLE episodes ADD COLUMN author TEXT NOT NULL DEFAULT '';
    ALTER TABLE episodes ADD COLUMN narrators TEXT NOT NULL DEFAULT ''
    """,
]


def headline_key(headline: str) -> str:
    """The key of an article that has no URL: its headline, cleaned and NFC."""
    return f"headline:{clean_line(headline)}"


def _headline_key_v2(headline: str) -> str:
    """The key audionews gave such an article before catalog version 3 (for the migration)."""
    ascii_text = unicodedata.normalize("NFKD", headline).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return f"headline:{slug[:200].rstrip('-') or 'episode'}"


class Catalog:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db:
            db.create_function("headline_key", 1, headline_key, deterministic=True)
            db.create_function("headline_key_v2", 1, _headline_key_v2, deterministic=True)
            migrate(db, _MIGRATIONS, path, "catalog")

    @classmethod
    def in_folder(cls, out_dir: Path) -> Catalog:
        return cls(out_dir / CATALOG_NAME)

    def _connect(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path, timeout=30)
        except sqlite3.OperationalError as error:
            raise PublishError(f"{self.path}: cannot open the catalog ({error}). Check the folder.") from None
        db.row_factory = sqlite3.Row
        return db

    @staticmethod
    def _episode(row: sqlite3.Row) -> Episode:
        return Episode(**{c: row[c] for c in _COLUMNS})

    def get(self, key: str) -> Episode | None:
        with closing(self._connect()) as db:
            row = db.execute("SELECT * FROM episodes WHERE key = ?", (key,)).fetchone()
        return self._episode(row) if row else None

    def find(self, ref: str) -> Episode:
        """An episode by its slug or its key (what ``audionews list`` shows)."""
        with closing(self._connect()) as db:
            row = db.execute(
                "SELECT * FROM episodes WHERE slug = ? OR key = ? ORDER BY slug = ? DESC",
                (ref, ref, ref),
            ).fetchone()
        if row is None:
            raise InputError(f"{ref}: no such episode in {self.path}. See 'audionews list'.")
        return self._episode(row)

    def upsert(self, episode: Episode) -> None:
        placeholders = ", ".join(f":{c}" for c in _COLUMNS)
        with closing(self._connect()) as db, db:
            db.execute(
                f"INSERT OR REPLACE INTO episodes ({', '.join(_COLUMNS)}) VALUES ({placeholders})",
                asdict(episode),
            )

    def rekey(self, old: str, new: str) -> bool:
        """Give episode ``old`` the key ``new`` (its article moved to a new address), keeping its
        guid, slug and date; False when there is no ``old`` or ``new`` is already taken."""
        with closing(self._connect()) as db, db:
            try:
                moved = db.execute("UPDATE episodes SET key = ? WHERE key = ?", (new, old)).rowcount
            except sqlite3.IntegrityError:
                return False  # ``new`` has an episode of its own: leave both as they are
        return moved == 1

    def remove(self, key: str) -> None:
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM episodes WHERE key = ?", (key,))

    def all(self) -> list[Episode]:
        """Newest first."""
        with closing(self._connect()) as db:
            rows = db.execute("SELECT * FROM episodes ORDER BY pub_date DESC, key").fetchall()
        return [self._episode(row) for row in rows]

    def free_slug(self, slug: str, key: str, also_taken: set[str] | frozenset[str] = frozenset()) -> str:
        """``slug``, or ``slug-2``, ``slug-3``... when another article already has it (or it is
        in ``also_taken``: folders on disk that no catalog row names)."""
        with closing(self._connect()) as db:
            taken = set(also_taken) | {
                row[0]
                for row in db.execute(
                    "SELECT slug FROM episodes WHERE key != ? AND (slug = ? OR slug LIKE ?)",
                    (key, slug, f"{slug}-%"),
                )
            }
        candidate, number = slug, 1
        while candidate in taken:
            number += 1
            candidate = f"{slug}-{number}"
        return candidate

    def meta(self, name: str, default: str, store: bool = True) -> str:
        """A stored fact about the show, else ``default`` (stored too, when ``store``)."""
        with closing(self._connect()) as db, db:
            if store:
                db.execute("INSERT OR IGNORE INTO meta (name, value) VALUES (?, ?)", (name, default))
            row = db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else default
