"""SQLite files that carry their schema version in ``PRAGMA user_version`` (the catalog, the
ingest state): each entry of a migrations list moves a file one version up, so a file from an
older audionews opens with a newer one, and a file from a newer one is refused, not damaged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .errors import PublishError


def migrate(db: sqlite3.Connection, migrations: list[str], path: Path, what: str) -> None:
    """Bring ``db`` (the file at ``path``, ``what`` it is for messages) up to the last version."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > len(migrations):
        raise PublishError(
            f"{path}: the {what} is from a newer audionews (schema {version}, this one "
            f"knows {len(migrations)}). Upgrade audionews."
        )
    for number, script in enumerate(migrations[version:], start=version + 1):
        # Each migration and its version bump commit together, under the write lock, and only
        # if no other process opening the same new file has just made that step (an ALTER TABLE
        # is not idempotent; two publishes starting at once both find the version old).
        db.execute("BEGIN IMMEDIATE")
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] < number:
                for statement in filter(str.strip, script.split(";")):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            db.rollback()
            raise
        db.commit()
