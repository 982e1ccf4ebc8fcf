"""The episode catalog: one SQLite row per episode, keyed by the article's stable key."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import asdict, fields
from pathlib import Path

from .model import Episode

_COLUMNS = [f.name for f in fields(Episode)]
_SCHEMA = """
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
"""


class Catalog:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.row_factory = sqlite3.Row
        return db

    def get(self, key: str) -> Episode | None:
        with closing(self._connect()) as db:
            row = db.execute("SELECT * FROM episodes WHERE key = ?", (key,)).fetchone()
        return Episode(**{c: row[c] for c in _COLUMNS}) if row else None

    def upsert(self, episode: Episode) -> None:
        values = asdict(episode)
        placeholders = ", ".join(f":{c}" for c in _COLUMNS)
        with closing(self._connect()) as db, db:
            db.execute(
                f"INSERT OR REPLACE INTO episodes ({', '.join(_COLUMNS)}) VALUES ({placeholders})",
                values,
            )

    def all(self) -> list[Episode]:
        with closing(self._connect()) as db:
            rows = db.execute("SELECT * FROM episodes ORDER BY pub_date DESC, key").fetchall()
        return [Episode(**{c: row[c] for c in _COLUMNS}) for row in rows]
