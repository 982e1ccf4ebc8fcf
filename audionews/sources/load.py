"""Read a source (a file or a URL) into an :class:`Article`, or a ready-made :class:`Script`.

Reading is kept apart from understanding: this module finds, bounds and decodes the input and
picks a parser by format; the parsers (``plaintext``, ``markdown``, ``webpage``,
``jsonarticle``) find the article's structure.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Article, Script
from ..sanitize import clean_article
from .decode import decode, read_text

if TYPE_CHECKING:
    from .fetch import Page

HTML_TYPES = ("text/html", "application/xhtml+xml")
URL_RETRIES = 1  # one more try after a 5xx or a timeout: a person is waiting at the prompt
FORMATS = ("text", "markdown", "html", "json", "script")
SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
}
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype html|html|head|body|article|div|p)\b", re.I | re.S)
def detect_format(name: str, text: str) -> str:
    """The format of a source, from its suffix, else from how its content starts."""
    suffix = Path(name.split("?")[0]).suffix.lower()
    fmt = SUFFIXES.get(suffix)
    if fmt is None:
        stripped = text.lstrip()
        if stripped.startswith(("{", "[")):
            fmt = "json"
        elif _HTML_START.match(text):
            fmt = "html"
        elif re.match(r"#\s+\S", stripped):
            fmt = "markdown"
        else:
            fmt = "text"
    if fmt == "json":
        return "script" if _is_script_json(text) else "json"
    return fmt


def _is_script_json(text: str) -> bool:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return False  # the JSON parser will name the error
    return isinstance(data, dict) and "segments" in data


def check_format(fmt: str | None) -> str | None:
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"--format {fmt!r} is not a format here. Use one of: {', '.join(FORMATS)}.")
    return fmt


def load(source: str, fmt: str | None = None, timeout: float | None = None) -> Article | Script:
    """Load ``source`` (a path or an http(s) URL) as an Article, or as a Script if it is one.
    ``timeout``: seconds to wait for a URL (default: the fetcher's, 20 s)."""
    check_format(fmt)
    if is_url(source):
        return _load_url(source, fmt, timeout)
    path = Path(source)
    text = read_text(path)
    fmt = fmt or detect_format(path.name, text)
    if fmt == "script":
        from .scriptjson import script_from_text

        return script_from_text(text, source)
    return _checked(parse(text, fmt, source), source)


def load_article(source: str, fmt: str | None = None, timeout: float | None = None) -> Article:
    """Load ``source`` as an :class:`Article` (a Script JSON is refused)."""
    loaded = load(source, fmt, timeout)
    if isinstance(loaded, Script):
        raise InputError(f"{source}: is a narration script, not an article. Publish it as it is.")
    return loaded


def parse(text: str, fmt: str, source: str = "", url: str = "") -> Article:
    """Parse decoded ``text`` of format ``fmt`` into an Article."""
    if fmt == "text":
        from . import plaintext

        return plaintext.parse(text)
    if fmt == "markdown":
        from . import markdown

        return markdown.parse(text)
    if fmt == "html":
        from .html import article_from_html

        return article_from_html(text, url, source=source)
    if fmt == "json":
        from . import jsonarticle

        return jsonarticle.parse(text, source)
    raise InputError(f"{source}: format {fmt!r} is not an article format. Use one of: {', '.join(FORMATS)}.")


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def _load_url(url: str, fmt: str | None, timeout: float | None = None) -> Article | Script:
    """Fetch ``url`` as feed ingest does (redirects, size cap, timeout) and read the page."""
    from .fetch import TIMEOUT, Fetcher

    fetcher = Fetcher(timeout=timeout or TIMEOUT, retries=URL_RETRIES)
    return from_page(fetcher.get(url), url, fmt)


def from_page(page: Page, url: str, fmt: str | None = None) -> Article | Script:
    """Read a fetched page (``audionews publish URL``, a feed item's page) as its article."""
    kind = page.content_type.split(";")[0].strip().lower()
    if fmt is None and kind not in HTML_TYPES:
        raise InputError(
            f"{url}: is {kind or 'of no declared type'}, not a web page. Give the address of the "
            "article's page (or --format to read it as another format)."
        )
    charset = re.search(r"charset=[\"']?([\w.:-]+)", page.content_type, re.I)
    text = decode(page.body, url, charset.group(1) if charset else None)
    if not text.strip():
        raise InputError(f"{url}: the server sent an empty page. Check the address.")
    if fmt == "script":
        from .scriptjson import script_from_text

        return script_from_text(text, url)
    article = parse(text, fmt or "html", url, url=page.url)
    article.url = url
    return _checked(article, url)


def _checked(article: Article, source: str) -> Article:
    article = clean_article(article)  # JSON escapes (\u0000) and parsers' output: cleaned here
    article.source = source
    if not article.headline:
        raise InputError(f"{source}: found no headline. Put the article's headline on its own first line.")
    if not any(b.kind == "paragraph" for b in article.blocks):
        raise InputError(
            f"{source}: found a headline but no article text under it. Is this an index page? "
            "Give one article."
        )
    return article
