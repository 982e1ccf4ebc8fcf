"""Bytes to text: a file or page read within a size bound and decoded from whatever common
encoding it is in, saying so when it had to guess or replace."""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path

from ..errors import InputError
from ..sanitize import clean_text

MAX_BYTES = 5 * 1024 * 1024  # a long article is ~50 KB, a heavy news page ~1.5 MB
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
