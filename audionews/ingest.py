"""Read a source (a file or a URL) into an :class:`Article`, or a ready-made :class:`Script`.

Reading is kept apart from understanding: this module finds, bounds and decodes the input and
picks a parser by format; the parsers (``plaintext``, ``markdown``, ``webpage``,
``jsonarticle``) find the article's structure.
"""

from __future__ import annotations

import codecs
import json
import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .model import Article, Script
from .sanitize import clean_article, clean_text

if TYPE_CHECKING:
    from .webfetch import Page

MAX_BYTES = 5 * 1024 * 1024  # a long article is ~50 KB, a heavy news page ~1.5 MB
HTML_TYPES = ("text/html", "application/xhtml+xml")
TIMEOUT_ENV = "AUDIONEWS_TIMEOUT"  # seconds; a producer on a slow link can wait longer
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
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", re.I)
_SINGLE_BYTE_LATIN = frozenset(
    "cp1250 cp1252 cp1254 cp1257 latin_1 iso8859_2 iso8859_3 iso8859_4 iso8859_9 iso8859_10 "
    "iso8859_13 iso8859_14 iso8859_15 iso8859_16 mac_latin2 mac_roman cp850 cp437".split()
)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
log = logging.getLogger("audionews")


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """A file's bytes, with clear errors for a missing path, a folder and an oversized file."""
    if not path.exists():
        raise InputError(f"{path}: no such file. Check the path, or give a URL.")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not an article. Give the article's file.")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"{path}: {size / 1e6:.1f} MB is over the {max_bytes / (1024 * 1024):g} MB limit for an "
            "article. Give a single article, not a whole archive."
        )
    return path.read_bytes()


def read_text(path: Path) -> str:
    """Read a text file with clear errors for missing, oversized, binary and empty files."""
    text = decode(read_bytes(path), str(path))
    if not text.strip():
        raise InputError(f"{path}: is empty. Paste the article's text into it and try again.")
    return text


def decode(data: bytes, name: str = "input", declared: str | None = None) -> str:
    """Decode text in any common encoding: BOM, UTF-8, the declared or <meta> charset, else
    charset_normalizer's best guess. Binary data is refused. The text comes out sanitized
    (:func:`audionews.sanitize.clean_text`): no control characters, NFC."""
    return clean_text(_decode(data, name, declared))


def _decode(data: bytes, name: str, declared: str | None) -> str:
    if data.startswith(_UTF16_BOMS):
        return _replacing(data, "utf-16", name)
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks binary, not text. Give a text, Markdown, HTML or JSON file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    meta = _META_CHARSET.search(data[:4096])
    for charset in (declared, meta.group(1).decode("ascii") if meta else None):
        if charset:
            try:
                return data.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
    if _mostly_utf8(data):  # a few broken bytes in UTF-8 text: not a reason to misread the rest
        return _replacing(data, "utf-8-sig", name)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: is not text in any encoding I know. Save it as UTF-8 text and try again.")
    encoding = best.encoding
    text = str(best)
    if encoding in _SINGLE_BYTE_LATIN:
        # On short texts the guess among these is a coin toss (cp1250 for cp1252); Windows-1252
        # is by far the most common legacy encoding of news text, so it wins when it fits.
        try:
            encoding, text = "cp1252", data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    log.warning(
        "%s: is not UTF-8 and does not say its encoding; read as %s, a guess. If words look "
        "wrong, save it as UTF-8 (or declare its charset).",
        name, _encoding_name(encoding),
    )  # fmt: skip
    return text


def _encoding_name(encoding: str) -> str:
    """An encoding as people name it: Windows-1252, not cp1252."""
    name = codecs.lookup(encoding).name
    return f"Windows-{name[2:]}" if re.fullmatch(r"cp12\d\d", name) else name.upper()


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few bad bytes: more characters decode to non-ASCII than fail to decode."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    return sum(1 for c in text if ord(c) > 127 and c != "\ufffd") > bad


def _replacing(data: bytes, encoding: str, name: str) -> str:
    """``data`` decoded, bytes that do not decode replaced by U+FFFD, with a warning if any were."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        text = data.decode(encoding, errors="replace")
        log.warning(
            "%s: is not valid %s at byte %d (and perhaps elsewhere); the bytes that are not were "
            "replaced by \ufffd. Check the file's encoding.",
            name, _encoding_name(encoding).removesuffix("-SIG"), error.start,
        )  # fmt: skip
        return text


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
    ``timeout``: seconds to wait for a URL (default :func:`url_timeout`)."""
    check_format(fmt)
    if is_url(source):
        return _load_url(source, fmt, timeout)
    path = Path(source)
    text = read_text(path)
    fmt = fmt or detect_format(path.name, text)
    if fmt == "script":
        from .script import script_from_text

        return script_from_text(text, source)
    return _checked(parse(text, fmt, source), source)


def load_article(source: str, fmt: str | None = None) -> Article:
    """Load ``source`` as an :class:`Article` (a Script JSON is refused)."""
    loaded = load(source, fmt)
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
        from .webpage import article_from_html

        return article_from_html(text, url, source=source)
    if fmt == "json":
        from . import jsonarticle

        return jsonarticle.parse(text, source)
    raise InputError(f"{source}: format {fmt!r} is not an article format. Use one of: {', '.join(FORMATS)}.")


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def url_timeout() -> float:
    """Seconds to wait for a page: ``$AUDIONEWS_TIMEOUT``, else the fetcher's default."""
    from .webfetch import TIMEOUT

    value = os.environ.get(TIMEOUT_ENV, "").strip()
    if not value:
        return TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if seconds <= 0:
        raise InputError(f"{TIMEOUT_ENV}={value!r}: not a number of seconds. Set it to e.g. 30, or unset it.")
    return seconds


def _load_url(url: str, fmt: str | None, timeout: float | None = None) -> Article | Script:
    """Fetch ``url`` as feed ingest does (redirects, size cap, timeout) and read the page."""
    from .webfetch import Fetcher

    fetcher = Fetcher(timeout=timeout or url_timeout(), retries=URL_RETRIES)
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
        from .script import script_from_text

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
