"""The one text sanitizer, applied where text enters (every source format, feed field and script
JSON) and again by the feed writer on what it writes.

Text from pages and feeds we do not control can hold what no XML 1.0 document may carry (C0
controls such as BEL, ``&#x1;`` in a feed title, NUL escaped in JSON, lone surrogates), which
once committed to the catalog made every later feed.xml write fail. :func:`clean_text` drops
those and the other invisible controls (DEL, C1), turns the control characters that separate
lines or pages into line breaks, and normalizes to NFC (so one headline has one spelling).
Bidirectional marks and isolates (U+200E, U+2066 ...) and joiners (emoji sequences) are kept:
they are valid XML and carry meaning for right-to-left text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import fields, replace

from .model import Article, Block, Script

# Line and page separators among the controls (VT, FF, FS, GS, RS, US, NEL): a line break.
_BREAKS = re.compile("[\x0b\x0c\x1c-\x1f\x85]")
# Not allowed in XML 1.0, or a control with no visible meaning: C0 but TAB, LF and CR; DEL and
# C1; lone surrogates; the noncharacters U+FDD0..U+FDEF and U+xFFFE/U+xFFFF of every plane.
_DROP = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17))
    + "]"
)


def clean_text(text: str) -> str:
    """``text`` as XML 1.0 can carry it and a voice can read it: controls dropped (line and page
    separators become line breaks), NFC."""
    return unicodedata.normalize("NFC", _DROP.sub("", _BREAKS.sub("\n", text)))


def clean_line(text: str) -> str:
    """One line of text (a headline, a paragraph, a feed title): cleaned, whitespace collapsed."""
    return " ".join(clean_text(text).split())


def clean_article(article: Article) -> Article:
    """A copy of ``article`` with every field a clean line; blocks left empty are dropped."""
    blocks = [Block(b.kind, clean_line(b.text), clean_line(b.credit)) for b in article.blocks]
    return replace(
        article,
        **{f.name: clean_line(getattr(article, f.name)) for f in fields(article) if f.type in ("str", str)},
        blocks=[b for b in blocks if b.text],
        dropped=[clean_line(x) for x in article.dropped],
    )


def clean_script(script: Script) -> Script:
    """A copy of ``script`` with every text cleaned (a producer's edited JSON may escape anything)."""
    return replace(
        script,
        **{f.name: clean_text(getattr(script, f.name)) for f in fields(script) if f.type in ("str", str)},
        segments=[
            replace(s, text=clean_text(s.text), source_text=clean_text(s.source_text),
                    voice=None if s.voice is None else clean_text(str(s.voice)))
            for s in script.segments
        ],  # fmt: skip
        parts=[replace(p, title=clean_text(p.title), url=clean_text(p.url)) for p in script.parts],
    )
