"""The ``[show]`` table: the podcast itself, validated before anything is rendered.

Every setting is checked here with a one-line message naming the setting, what is wrong and how
to fix it, so feedgen (which silently drops or mangles bad values) only ever sees good ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import ConfigError

# Apple Podcasts' categories and subcategories (Podcasts Connect, the list in force since 2019).
APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": (
        "Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit",
    ),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": (
        "Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality",
    ),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
        "Home & Garden", "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News", "Daily News", "Entertainment News", "News Commentary", "Politics",
        "Sports News", "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality",
    ),
    "Science": (
        "Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
        "Natural Sciences", "Nature", "Physics", "Social Sciences",
    ),
    "Society & Culture": (
        "Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships",
    ),
    "Sports": (
        "Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey",
        "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}  # fmt: skip

IMAGE_MIN, IMAGE_MAX = 1400, 3000  # Apple's bounds for show artwork, in pixels, square
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")
# RFC 5646 shape as RSS <language> wants it: a 2-3 letter primary tag, optional subtags.
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
DESCRIPTION_MAX = 4000  # Apple truncates longer show descriptions


@dataclass
class Show:
    """The podcast as listeners' apps see it. Field names are the ``[show]`` keys."""

    title: str = "audionews"
    description: str = "Audio editions of news articles, narrated by audionews."
    author: str = "audionews"
    email: str = ""  # the owner's; Apple and Spotify send ownership checks to it
    base_url: str = "http://127.0.0.1:8000/"  # where the output folder is served (audionews serve)
    language: str = "en"
    category: str = "News"
    subcategory: str = "Daily News"
    explicit: bool = False
    image: str = ""  # a square 1400-3000 px JPEG or PNG; empty: a generated cover
    copyright: str = ""  # empty: "© <author>"
    link: str = ""  # the show's website; empty: the web edition's index.html under base_url
    type: str = "episodic"  # or "serial"
    locked: bool = True  # podcast:locked: other hosts must not import this feed
    guid: str = ""  # podcast:guid; empty: derived once from the feed URL and kept

    def url(self, relative: str) -> str:
        return self.base_url.rstrip("/") + "/" + relative.lstrip("/")

    @property
    def site(self) -> str:
        return self.link or self.url("index.html")

    @property
    def is_local(self) -> bool:
        """base_url on this machine or a private network: no directory can fetch the feed."""
        import ipaddress

        host = urlsplit(self.base_url).hostname or ""
        if host == "localhost" or host.endswith((".localhost", ".local")):
            return True
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return address.is_loopback or address.is_private or address.is_link_local

    def notes(self) -> list[str]:
        """Advice for a feed that works locally but that Apple or Spotify would not accept."""
        notes = []
        if self.is_local:
            notes.append(
                f"[show] base_url is {self.base_url}: only this machine or network can fetch the "
                "feed. Set it to where the output folder is hosted before submitting the show."
            )
        if not self.email:
            notes.append(
                "[show] email is not set: Apple and Spotify verify a show's owner by email. Set it."
            )
        return notes

    @property
    def rights(self) -> str:
        return self.copyright or f"\N{COPYRIGHT SIGN} {self.author}"

    @classmethod
    def from_table(cls, table: dict[str, Any], where: str, folder: Path | None = None) -> Show:
        """Check every key of a ``[show]`` table; relative paths resolve against ``folder``."""
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: 'show' must be a table: write [show] on its own line.")
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(table) - set(known))
        if unknown:
            raise ConfigError(
                f"{where}: unknown [show] setting {unknown[0]!r}. Known: {', '.join(sorted(known))}."
            )
        for key, value in table.items():
            wanted = bool if isinstance(getattr(cls, key), bool) else str
            if type(value) is not wanted:
                hint = "true or false (no quotes)" if wanted is bool else "a string in quotes"
                raise ConfigError(f"{where}: [show] {key} = {value!r} must be {hint}.")
        show = cls(**table)
        if show.image and folder is not None and not Path(show.image).is_absolute():
            show.image = str(folder / show.image)
        show.validate(where)
        return show

    def validate(self, where: str) -> None:
        for key in ("title", "description", "author"):
            if not getattr(self, key).strip():
                raise ConfigError(f"{where}: [show] {key} is empty. Give the show's {key}.")
        if len(self.description) > DESCRIPTION_MAX:
            raise ConfigError(
                f"{where}: [show] description has {len(self.description)} characters; Apple "
                f"shows at most {DESCRIPTION_MAX}. Shorten it."
            )
        if self.email and not _EMAIL.match(self.email):
            raise ConfigError(
                f"{where}: [show] email {self.email!r} is not an email address. "
                "Give the owner's address, like podcasts@example.com."
            )
        _check_url(where, "base_url", self.base_url)
        if self.link:
            _check_url(where, "link", self.link)
        if not _LANGUAGE.match(self.language):
            raise ConfigError(
                f"{where}: [show] language {self.language!r} is not a language code. "
                "Use an ISO 639 code, like 'en' or 'en-US'."
            )
        self._check_category(where)
        if self.type not in ("episodic", "serial"):
            raise ConfigError(f"{where}: [show] type {self.type!r} must be 'episodic' or 'serial'.")
        if self.guid and not re.fullmatch(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}", self.guid):
            raise ConfigError(
                f"{where}: [show] guid {self.guid!r} is not a UUID. Copy the podcast:guid from "
                "the feed the show had before, or remove the setting."
            )
        if self.image:
            check_image(Path(self.image), f"{where}: [show] image")

    def _check_category(self, where: str) -> None:
        if self.category not in APPLE_CATEGORIES:
            close = [c for c in APPLE_CATEGORIES if self.category.lower() in c.lower()]
            raise ConfigError(
                f"{where}: [show] category {self.category!r} is not one of Apple's categories. "
                f"Use one of: {', '.join(close or APPLE_CATEGORIES)}."
            )
        allowed = APPLE_CATEGORIES[self.category]
        if self.subcategory and self.subcategory not in allowed:
            choices = ", ".join(allowed) if allowed else "none (leave subcategory empty)"
            raise ConfigError(
                f"{where}: [show] subcategory {self.subcategory!r} is not in Apple's "
                f"{self.category!r}. Use one of: {choices}."
            )


def _check_url(where: str, key: str, value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"{where}: [show] {key} {value!r} is not an http(s) URL. "
            "Give a full address, like https://example.com/podcast/."
        )


def check_image(path: Path, what: str) -> None:
    """Apple's artwork rules: a square JPEG or PNG, 1400 to 3000 pixels, RGB."""
    from PIL import Image, UnidentifiedImageError

    if not path.is_file():
        raise ConfigError(f"{what} {str(path)!r}: no such file. Fix the path or remove the setting.")
    try:
        with Image.open(path) as image:
            fmt, size, mode = image.format, image.size, image.mode
    except (UnidentifiedImageError, OSError) as error:
        raise ConfigError(f"{what} {str(path)!r}: is not an image ({error}). Give a JPEG or PNG.") from None
    if fmt not in ("JPEG", "PNG"):
        raise ConfigError(f"{what} {str(path)!r}: is {fmt}, not JPEG or PNG. Convert it.")
    width, height = size
    if width != height or not IMAGE_MIN <= width <= IMAGE_MAX:
        raise ConfigError(
            f"{what} {str(path)!r}: is {width}x{height} px; podcast artwork must be square, "
            f"{IMAGE_MIN} to {IMAGE_MAX} px a side. Resize it."
        )
    if mode not in ("RGB", "L", "P", "RGBA"):
        raise ConfigError(f"{what} {str(path)!r}: uses the {mode} colour space. Save it as RGB.")


TEMPLATE = """\
# audionews settings. Each table belongs to one stage; delete what you do not need.
# Run 'audionews feed' after changing [show] to rebuild feed.xml. The other tables
# ([narration], [cast], [audio]) are described in README.md.

[show]
# The podcast as listeners' apps show it.
title = "audionews"
description = "Audio editions of news articles, narrated by audionews."
author = "audionews"
# The owner's email: Apple and Spotify send ownership checks here (not shown to listeners).
# email = "podcasts@example.com"
# Where the output folder is served from; every enclosure URL starts with it.
# 'audionews serve' serves it at http://127.0.0.1:8000/ for local listening.
base_url = "http://127.0.0.1:8000/"
# The show's website (the feed's <link>); empty: the web edition, base_url + index.html.
# link = "https://example.com/"
language = "en"
# One of Apple's categories, and a subcategory of it (or "" for none).
category = "News"
subcategory = "Daily News"
# true or false (no quotes).
explicit = false
# Square JPEG or PNG, 1400-3000 px a side, relative to this file. Empty: a generated cover.
# image = "artwork.jpg"
# copyright = "© 2026 Springfield Gazette"
# "episodic" (newest first) or "serial" (in order).
type = "episodic"
# podcast:locked: other podcast hosts refuse to import the feed. Set false before moving hosts.
locked = true
# podcast:guid: empty derives it once from the feed URL and keeps it. Set it when moving a show.
# guid = ""
"""
