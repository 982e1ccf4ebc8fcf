"""The output folder as a unit: lock, staging, committing an episode, removing one, the feed
and the web edition's front page (``index.html``), which list the same episodes.

Publishing renders into ``.staging/<pid>-*`` (the slow part, no lock held), then commits under
the folder's lock: files renamed into ``episodes/<slug>/``, the catalog row written, feed.xml
rewritten, each step atomic. A run killed while rendering leaves the published episodes, the
catalog and the feed exactly as they were; the next run sweeps its staging folder away.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

from ..episode.book import STAGED_BOOK
from .artwork import ensure_artwork, sweep_artwork
from .catalog import Catalog
from ..errors import PublishError
from .feed import FeedInfo, episode_path, parse_date, write_feed
from .layout import EPISODES_DIR, FEED_NAME, REPORT_DIR
from .namespace import podcast_guid
from ..model import Episode
from .show import Show
from .web import write_index

LOCK_NAME = ".audionews.lock"
STAGING = ".staging"
STAGED_AUDIO = "audio.mp3"  # in a staging folder; becomes episodes/<slug>/<slug>.mp3
LOCK_WAIT = 300.0  # seconds; another run only holds the lock while committing, not rendering


# What to do when the output folder cannot be written, by the reason the system gave.
_FIXES = {
    errno.EROFS: "the folder is on a read-only file system: give a writable --out",
    errno.ENOSPC: "the disk is full: free some space and run again",
    errno.EDQUOT: "the disk quota is used up: free some space and run again",
    errno.EACCES: "permission denied: give a folder you may write to with --out",
    errno.EPERM: "permission denied: give a folder you may write to with --out",
}
_SQLITE_FIXES = {"readonly": errno.EROFS, "disk is full": errno.ENOSPC, "disk i/o": errno.EIO}


@contextmanager
def writing(folder: Path) -> Iterator[None]:
    """Turn a failure to write the output folder (read-only, full disk, no permission) into one
    line naming the file, the cause and the fix; what was published before stays as it was."""
    try:
        yield
    except TimeoutError:
        raise  # the lock's wait ran out (filelock's Timeout is one): the caller says so
    except OSError as error:
        fix = _FIXES.get(error.errno, "check the folder and the disk, and run again")
        where = error.filename or folder
        raise PublishError(
            f"{where}: cannot write the output ({error.strerror or error}); {fix}. "
            "The feed and the published episodes are as they were."
        ) from None
    except sqlite3.OperationalError as error:
        code = next((c for word, c in _SQLITE_FIXES.items() if word in str(error).lower()), None)
        fix = _FIXES.get(code, "check the folder and the disk, and run again")
        raise PublishError(
            f"{folder}: cannot write the catalog ({error}); {fix}. "
            "The feed and the published episodes are as they were."
        ) from None


class Output:
    def __init__(self, out_dir: Path, show: Show) -> None:
        self.dir = out_dir
        self.show = show

    @property
    def catalog(self) -> Catalog:
        return Catalog.in_folder(self.dir)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Only one audionews at a time changes the folder's files, catalog and feed."""
        from filelock import FileLock, Timeout

        self._ensure_dir()
        try:
            with writing(self.dir), FileLock(self.dir / LOCK_NAME, timeout=LOCK_WAIT):
                yield
        except Timeout:
            raise PublishError(
                f"{self.dir}: another audionews has held {LOCK_NAME} for {LOCK_WAIT:.0f} s. "
                "Wait for it to finish, or stop it, and run again."
            ) from None

    def _ensure_dir(self) -> None:
        with writing(self.dir):
            self.dir.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def staging(self) -> Iterator[Path]:
        """A private folder beside the episodes (same file system, so commits are renames);
        failures to write it (a full disk while mastering or tagging) are reported by
        :func:`writing`."""
        root = self.dir / STAGING
        self._ensure_dir()
        with writing(self.dir):
            root.mkdir(exist_ok=True)
            _sweep(root)
            folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=root))
            try:
                yield folder
            finally:
                shutil.rmtree(folder, ignore_errors=True)

    def commit(
        self, stage: Path, draft: Episode, finish: Callable[[Path, Episode], None] | None = None
    ) -> Episode:
        """Move a rendered episode from ``stage`` into place and republish the feed.

        ``draft`` carries what the article says (key, wished slug, title, date or "", ...); the
        catalog decides slug, guid and first publication date for an article it already has.
        ``finish(stage, episode)`` then writes what must name them (the pages link to
        ``<slug>.mp3``, the talking book carries the guid), still under the lock.
        """
        with self.lock():
            catalog = self.catalog
            previous = catalog.get(draft.key)
            guid_seed = self._podcast_guid(catalog)
            episode = replace(
                draft,
                slug=previous.slug if previous else catalog.free_slug(draft.slug, draft.key, self._folders()),
                guid=previous.guid if previous else str(uuid.uuid5(uuid.UUID(guid_seed), draft.key)),
                pub_date=draft.pub_date or (previous.pub_date if previous else now_iso()),
                size=(stage / STAGED_AUDIO).stat().st_size,
            )
            if previous:
                episode = superseding(previous, episode, guid_seed)
            if finish is not None:
                finish(stage, episode)
            self._move_into_place(stage, episode.slug)
            catalog.upsert(episode)
            self._write_feed(catalog.all(), guid_seed)
        return episode

    def _folders(self) -> set[str]:
        """Episode folders on disk (a row removed by hand may leave one): never reused."""
        folder = self.dir / EPISODES_DIR
        return {p.name for p in folder.iterdir()} if folder.is_dir() else set()

    def _move_into_place(self, stage: Path, slug: str) -> None:
        folder = self.dir / EPISODES_DIR / slug
        folder.mkdir(parents=True, exist_ok=True)
        names = set()
        # The audio last: until it is renamed, the published MP3 and the feed still agree.
        for item in sorted(stage.iterdir(), key=lambda p: p.name == STAGED_AUDIO):
            name = {STAGED_AUDIO: f"{slug}.mp3", STAGED_BOOK: f"{slug}.epub"}.get(item.name, item.name)
            os.replace(item, folder / name)
            names.add(name)
        for stale in folder.iterdir():  # companions the new render no longer has
            if stale.name not in names and stale.is_file():
                stale.unlink()

    def rebuild_feed(self) -> Path:
        with self.lock():
            catalog = self.catalog
            return self._write_feed(catalog.all(), self._podcast_guid(catalog))

    def remove(self, ref: str) -> Episode:
        """Take an episode out of the feed first, then delete its row and files, its check
        report last (so a folder that cannot be written keeps all of them)."""
        with self.lock():
            catalog = self.catalog
            episode = catalog.find(ref)
            guid = self._podcast_guid(catalog)
            self._write_feed([e for e in catalog.all() if e.key != episode.key], guid)
            catalog.remove(episode.key)
            shutil.rmtree(self.dir / EPISODES_DIR / episode.slug, ignore_errors=True)
            shutil.rmtree(self.dir / REPORT_DIR / episode.slug, ignore_errors=True)
        return episode

    def _podcast_guid(self, catalog: Catalog) -> str:
        # Assigned once from the feed URL and kept, so moving base_url keeps the show's identity;
        # but not from a local URL, which every audionews user starts with.
        if self.show.guid:
            return self.show.guid
        derived = podcast_guid(self.show.url(FEED_NAME))
        return catalog.meta("podcast_guid", derived, store=not self.show.is_local)

    def _write_feed(self, episodes: list[Episode], guid: str) -> Path:
        """feed.xml and the web edition's front page, which lists what the feed does (a catalog
        row the feed leaves out is left out of the page too)."""
        artwork = ensure_artwork(self.show, self.dir)
        listed = write_feed(self.dir, self.show, episodes, FeedInfo(guid, artwork))
        write_index(self.dir, self.show, listed, artwork)
        sweep_artwork(self.dir, artwork)  # the feed and the page point at the new cover: the old one can go
        return self.dir / FEED_NAME

    def audio_path(self, episode: Episode) -> Path:
        return self.dir / episode_path(episode.slug)


UPDATED = "{title} (updated)"  # the title of an edition that gained or lost articles


def superseding(previous: Episode, episode: Episode, guid_seed: str) -> Episode:
    """``episode`` republished over ``previous`` (same key), as subscribers should get it.

    An edition whose articles changed (one gained, one dropped) is new audio for everyone: a new
    guid (derived from the old one and the articles, so the same run gives the same guid), a
    title that says "updated" and, for gPodder's sake, no date older than now; the superseded
    item leaves the feed with its catalog row. Any other republish keeps its guid (apps keep the
    listener's place and history) and its enclosure URL changes only if the audio's content
    does (``Episode.audio`` is in the URL). A row from before audionews kept ``articles`` ("")
    is never taken for a changed edition.
    """
    if episode.articles and previous.articles and episode.articles != previous.articles:
        guid = str(uuid.uuid5(uuid.UUID(guid_seed), f"{previous.guid}\n{episode.articles}"))
        return replace(
            episode, guid=guid, title=UPDATED.format(title=episode.title), pub_date=_latest(episode.pub_date, now_iso())
        )
    if previous.title == UPDATED.format(title=episode.title):
        return replace(episode, title=previous.title)  # still the updated edition
    return episode


def _latest(*moments: str) -> str:
    return max((m for m in moments if m), key=parse_date)


def _sweep(root: Path) -> None:
    """Remove staging folders whose process is gone (killed mid-render)."""
    for folder in root.iterdir():
        pid = folder.name.split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def article_date(value: str) -> str:
    """An article's date (ISO 8601 or RFC 2822) as aware ISO 8601; "" when absent or unreadable.

    A bare date gets noon UTC, so it shows as the same day in every time zone near it.
    """
    value = value.strip()
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
        if len(value) <= 10:
            moment = moment.replace(hour=12)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.isoformat()
