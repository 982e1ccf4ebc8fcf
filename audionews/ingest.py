"""Read a source (a file path for now) into an :class:`Article`.

Reading is kept apart from understanding: this module finds, bounds and decodes the input and
picks a parser by format; the parsers (``plaintext`` ...) find the article's structure.
"""

from __future__ import annotations

from pathlib import Path

from .errors import InputError
from .model import Article

MAX_BYTES = 5 * 1024 * 1024  # a long article is ~50 KB; 5 MB is far past any real one
FORMATS = ("text", "script")


def read_text(path: Path) -> str:
    """Read a text file with clear errors for missing, oversized, binary and empty files."""
    if not path.exists():
        raise InputError(f"{path}: no such file. Check the path, or give a URL.")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not an article. Give the article's file.")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(
            f"{path}: {size / 1e6:.1f} MB is over the {MAX_BYTES // (1024 * 1024)} MB limit for an "
            "article. Give a single article, not a whole archive."
        )
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: looks binary, not text. Give a UTF-8 text, Markdown or HTML file.")
    text = decode(data)
    if not text.strip():
        raise InputError(f"{path}: is empty. Paste the article's text into it and try again.")
    return text


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM); fall back to cp1252, which accepts any byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def detect_format(path: Path, text: str) -> str:
    stripped = text.lstrip()
    if path.suffix.lower() == ".json" or stripped.startswith("{"):
        return "script"
    return "text"


def load_article(source: str, fmt: str | None = None) -> Article:
    """Load ``source`` (a path) as an :class:`Article`."""
    from . import plaintext

    path = Path(source)
    text = read_text(path)
    fmt = fmt or detect_format(path, text)
    if fmt == "text":
        article = plaintext.parse(text)
    else:
        raise InputError(
            f"{source}: format {fmt!r} is not an article format here. Use one of: text."
        )
    article.source = str(source)
    if not article.headline:
        raise InputError(
            f"{source}: found no headline. Put the article's headline on its own first line."
        )
    if not article.blocks:
        raise InputError(
            f"{source}: found a headline but no article text under it. Is this an index page?"
        )
    return article
