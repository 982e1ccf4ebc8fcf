"""The output folder's file names, in one place (the layout contract in README.md), and how an
article's episode is named and known: its slug and its key."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata

from ..model import Script
from .catalog import headline_key

FEED_NAME = "feed.xml"
EPISODES_DIR = "episodes"  # episodes/<slug>/<slug>.mp3 and, beside it:
TRANSCRIPT_VTT, TRANSCRIPT_SRT, TRANSCRIPT_HTML = "transcript.vtt", "transcript.srt", "transcript.html"
CHAPTERS_JSON, SCRIPT_JSON = "chapters.json", "script.json"
PAGE_NAME = "index.html"  # the web edition: the show's page in the folder, an episode's in its own
REPORT_DIR = ".check"  # listening-check reports, .check/<slug>/: a dotfolder, never served, fed or copied to the host


def slugify(text: str, max_length: int = 60) -> str:
    """A readable ASCII name for an episode's folder and file, transliterated from any script
    ("Новости дня" -> novosti-dnya, "北京新闻" -> beijingxinwen); "episode" when nothing is left.
    Not unique by itself: the catalog makes it so in the folder (``slug-2``, ...)."""
    from anyascii import anyascii

    slug = re.sub(r"[^a-z0-9]+", "-", anyascii(unicodedata.normalize("NFC", text)).lower()).strip("-")
    return slug[:max_length].rstrip("-") or "episode"


def episode_key(script: Script) -> str:
    """An article keeps its episode across re-publishes: its URL, else its headline itself (NFC),
    so two different headlines never share an episode, however alike they transliterate."""
    return script.url or headline_key(script.title)


def articles_id(script: Script) -> str:
    """An edition's articles as a short digest of their keys, in any order ("" for a single
    article): what tells an edition that gained or lost an article from one re-read."""
    if not script.parts:
        return ""
    keys = sorted({part.url or headline_key(part.title) for part in script.parts})
    return hashlib.sha256(json.dumps(keys).encode()).hexdigest()[:12]


def byline_name(byline: str) -> str:
    """Who wrote an article, from its byline: "By Jane Roe" -> "Jane Roe"."""
    return re.sub(r"^\s*by\s+", "", byline, flags=re.IGNORECASE).strip()
