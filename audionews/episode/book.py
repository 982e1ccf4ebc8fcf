"""EPUB 3 talking books: the article's written text and its narration, in sync (Media Overlays).

Readers who use DAISY players and EPUB reading apps get ``episodes/<slug>/<slug>.epub``: one
XHTML document with the article's written words (headline, byline, sections as headings,
captions), the episode's MP3, and a SMIL document with one ``par`` per spoken sentence, pairing
the sentence's written words (a ``span`` with an id) with its clip of the audio. A reading
system that plays Media Overlays highlights each sentence as it is read and lets the reader move
by heading (the navigation document lists the sections, and in an edition the articles).

The sentence clips come from the render's timeline, so they are exact; the written words of a
sentence are found by mapping its spoken words back (:mod:`.written`). Clips run on into the
next sentence's start, so the narration's pauses are kept. The package carries the EPUB
Accessibility metadata (``schema:accessMode``, ``accessModeSufficient``,
``accessibilityFeature`` with ``synchronizedAudioText``, ``accessibilityHazard``,
``accessibilitySummary``). It holds its own copy of the MP3, so it about doubles an episode's
size on disk; ``[book] epub = false`` in ``audionews.toml`` turns it off.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from . import written
from ..errors import ConfigError
from ..fsutil import atomic_open
from ..model import Episode, Script, Segment, Timed, Timing
from ..normalize import Normalizer

STAGED_BOOK = "book.epub"  # in a staging folder; becomes episodes/<slug>/<slug>.epub
TEXT, SMIL, NAV, AUDIO, STYLE = "text.xhtml", "text.smil", "nav.xhtml", "audio.mp3", "style.css"
ACTIVE_CLASS = "-epub-media-overlay-active"

TEMPLATE = """
[book]
# An EPUB 3 talking book beside each episode (text and audio in sync, for DAISY players and
# reading apps). It holds its own copy of the MP3. false: none.
epub = true
"""


@dataclass
class BookOptions:
    """The ``[book]`` table of ``audionews.toml``."""

    epub: bool = True

    @classmethod
    def from_table(cls, table: dict[str, Any], where: str = "") -> BookOptions:
        """Check ``table``; ``where`` names the settings file in errors."""
        where = f"{where}: " if where else ""
        known = {f.name for f in fields(cls)}
        for key, value in table.items():
            if key not in known:
                raise ConfigError(f"{where}unknown [book] setting {key!r}. Known: {', '.join(sorted(known))}.")
            if not isinstance(value, bool):
                raise ConfigError(f"{where}[book] {key} = {value!r} must be true or false (no quotes).")
        return cls(**table)


@dataclass
class _Clip:
    ident: str
    start: float
    end: float


@dataclass
class BookInfo:
    """What the package says about the book beyond the script."""

    identifier: str  # the episode's guid
    author: str
    publisher: str  # the show
    date: str  # ISO 8601


def book_info(episode: Episode, author: str, publisher: str) -> BookInfo:
    return BookInfo(episode.guid, author, publisher, episode.pub_date)


class _Text:
    """The XHTML body being written and the clips that point into it."""

    def __init__(self, script: Script, timed: Timed, normalizer: Normalizer | None) -> None:
        self.script = script
        self.rate = timed.sample_rate
        self.language = script.language or "en"
        self.normalizer = normalizer
        self.out: list[str] = []
        self.clips: list[_Clip] = []
        self.toc: list[tuple[int, str, str]] = []  # (depth, id, title)

    def sentences(self, segment: Segment, timing: Timing) -> str:
        """The segment's written words, each spoken sentence's in a span with an id."""
        pairs = list(zip(timing.sentences, timing.texts)) if timing.texts else [(timing, segment.text)]
        if not segment.source_text.strip():  # the show's own words: as said, sentence by sentence
            return " ".join(self._span(text, piece) for piece, text in pairs)
        spans = written.sentence_spans(segment.text, [text for _, text in pairs])
        groups = written.by_sentence(written.pieces(segment, self.language, self.normalizer), spans)
        source, cursor, parts = segment.source_text, 0, []
        for (piece, _), span in zip(pairs, written.written_sentences(groups), strict=True):
            if span is None or span[1] <= cursor:
                continue
            start = max(span[0], cursor)
            if source[cursor:start].strip():
                parts.append(escape(source[cursor:start].strip()))
            parts.append(self._span(source[start : span[1]], piece))
            cursor = span[1]
        if source[cursor:].strip():
            parts.append(escape(source[cursor:].strip()))
        return " ".join(parts)

    def _span(self, words: str, piece: Timing) -> str:
        ident = f"s{len(self.clips) + 1}"
        self.clips.append(_Clip(ident, piece.start / self.rate, piece.end / self.rate))
        return f'<span id="{ident}">{escape(" ".join(words.split()))}</span>'

    def build(self, timed: Timed) -> str:
        script = self.script
        parts = {part.start: (number, part) for number, part in enumerate(script.parts, start=1)}
        edition = bool(parts)
        heading_level = 3 if edition else 2
        if edition:
            self.out.append(f'<h1 id="title">{escape(script.title)}</h1>\n')
            self.toc.append((0, "title", script.title))
        in_part = False
        for index, (segment, timing) in enumerate(zip(script.segments, timed.timeline, strict=True)):
            words = self.sentences(segment, timing)
            if not words:
                continue
            role = segment.role
            if index in parts:
                number, part = parts[index]
                if in_part:
                    self.out.append("</section>\n")
                ident = f"article-{number}"
                self.out.append(
                    f'<section epub:type="chapter" role="doc-chapter" aria-labelledby="{ident}">\n'
                    f'<h2 id="{ident}">{words if role == "headline" else escape(part.title)}</h2>\n'
                )
                self.toc.append((1, ident, part.title))
                in_part = True
                if role == "headline":
                    continue
            if role == "outro" and in_part:
                self.out.append("</section>\n")
                in_part = False
            if role == "headline":
                self.out.append(f'<h1 id="title">{words}</h1>\n')
                self.toc.append((0, "title", script.title))
            elif role == "heading":
                ident = f"section-{len(self.toc) + 1}"
                self.out.append(f'<h{heading_level} id="{ident}">{words}</h{heading_level}>\n')
                self.toc.append((2 if edition else 1, ident, " ".join(segment.source_text.split()) or segment.text))
            elif role == "quote":
                self.out.append(f"<blockquote><p>{words}</p></blockquote>\n")
            elif role == "caption":
                cue = written.spoken_cue(segment, self.language, self.normalizer)
                label = f'<span class="cue">{escape(cue)}:</span> ' if cue else ""
                self.out.append(f'<p class="caption">{label}{words}</p>\n')
            elif role in ("intro", "outro"):
                self.out.append(f'<p class="announcement">{words}</p>\n')
            else:
                css = f' class="{role}"' if role in ("byline", "dateline") else ""
                self.out.append(f"<p{css}>{words}</p>\n")
        if in_part:
            self.out.append("</section>\n")
        return "".join(self.out)


def _clock(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _xhtml(lang: str, title: str, body: str, extra_ns: bool = True) -> str:
    ns = ' xmlns:epub="http://www.idpf.org/2007/ops"' if extra_ns else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml"{ns} lang={quoteattr(lang)} xml:lang={quoteattr(lang)}>\n'
        f'<head>\n<meta charset="utf-8"/>\n<title>{escape(title)}</title>\n'
        f'<link rel="stylesheet" type="text/css" href="{STYLE}"/>\n</head>\n<body>\n{body}</body>\n</html>\n'
    )


def _nav(toc: list[tuple[int, str, str]]) -> str:
    """Nested lists from (depth, id, title) entries in reading order."""
    root: list = []  # [(ident, title, children)]
    stack: list[tuple[int, list]] = [(-1, root)]
    for depth, ident, title in toc:
        while stack[-1][0] >= depth:
            stack.pop()
        children: list = []
        stack[-1][1].append((ident, title, children))
        stack.append((depth, children))

    def render(nodes: list) -> str:
        items = "".join(
            f'<li><a href="{TEXT}#{ident}">{escape(title)}</a>{render(children) if children else ""}</li>\n'
            for ident, title, children in nodes
        )
        return f"<ol>\n{items}</ol>\n"

    return render(root)


_CSS = f"""body {{ font-family: serif; line-height: 1.5; }}
.announcement, .caption {{ font-style: italic; }}
.cue {{ font-style: normal; font-weight: bold; }}
.{ACTIVE_CLASS} {{ background-color: #ffef99; color: #000000; }}
"""

_SUMMARY = (
    "The full text of the article with its narration: every sentence is highlighted as it is "
    "read aloud (EPUB Media Overlays). Headings and a table of contents allow navigation by "
    "section{parts}. The audio is synthesized speech; photo captions are read where they stand."
)


def write_epub(
    path: Path, script: Script, timed: Timed, audio: Path, info: BookInfo, normalizer: Normalizer | None = None
) -> Path:
    """Write the talking book of ``script`` (rendered as ``timed``, heard in ``audio``) to ``path``."""
    text = _Text(script, timed, normalizer)
    body = text.build(timed)
    lang = script.language or "en"
    clips = text.clips
    for clip, following in zip(clips, clips[1:]):
        clip.end = max(clip.end, following.start)  # keep the pause before the next sentence
    total = sum(clip.end - clip.start for clip in clips)
    pars = "".join(
        f'<par id="p{n}"><text src="{TEXT}#{c.ident}"/>'
        f'<audio src="{AUDIO}" clipBegin="{_clock(c.start)}" clipEnd="{_clock(c.end)}"/></par>\n'
        for n, c in enumerate(clips, start=1)
    )
    smil = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">\n'
        f"<body>\n{pars}</body>\n</smil>\n"
    )
    nav_body = (
        f'<nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-title">\n'
        f'<h1 id="toc-title">Contents</h1>\n{_nav(text.toc)}</nav>\n'
        '<nav epub:type="landmarks" id="landmarks" hidden="hidden">\n<h2>Landmarks</h2>\n<ol>\n'
        f'<li><a epub:type="bodymatter" href="{TEXT}#title">{escape(script.title)}</a></li>\n</ol>\n</nav>\n'
    )
    modified = datetime.now(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    creator = script.byline.removeprefix("By ").strip() if script.byline and not script.parts else info.author
    summary = _SUMMARY.format(parts=" and article" if script.parts else "")
    source = f"<dc:source>{escape(script.url)}</dc:source>\n" if script.url else ""
    date = f"<dc:date>{escape(info.date[:10])}</dc:date>\n" if info.date else ""
    a11y = "".join(
        f'<meta property="schema:{name}">{value}</meta>\n'
        for name, value in (
            ("accessMode", "textual"),
            ("accessMode", "auditory"),
            ("accessModeSufficient", "textual"),
            ("accessModeSufficient", "auditory"),
            ("accessModeSufficient", "textual,auditory"),
            ("accessibilityFeature", "synchronizedAudioText"),
            ("accessibilityFeature", "structuralNavigation"),
            ("accessibilityFeature", "tableOfContents"),
            ("accessibilityFeature", "readingOrder"),
            ("accessibilityHazard", "none"),
            ("accessibilitySummary", escape(summary)),
        )
    )
    opf = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang={quoteattr(lang)}>\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'<dc:identifier id="uid">urn:uuid:{escape(info.identifier)}</dc:identifier>\n'
        f"<dc:title>{escape(script.title)}</dc:title>\n<dc:language>{escape(lang)}</dc:language>\n"
        f"<dc:creator>{escape(creator)}</dc:creator>\n<dc:publisher>{escape(info.publisher)}</dc:publisher>\n"
        f"{date}{source}"
        f'<meta property="dcterms:modified">{modified}</meta>\n'
        f'<meta property="media:duration" refines="#overlay">{_clock(total)}</meta>\n'
        f'<meta property="media:duration">{_clock(total)}</meta>\n'
        f'<meta property="media:active-class">{ACTIVE_CLASS}</meta>\n'
        f"{a11y}</metadata>\n<manifest>\n"
        f'<item id="nav" href="{NAV}" media-type="application/xhtml+xml" properties="nav"/>\n'
        f'<item id="text" href="{TEXT}" media-type="application/xhtml+xml" media-overlay="overlay"/>\n'
        f'<item id="overlay" href="{SMIL}" media-type="application/smil+xml"/>\n'
        f'<item id="audio" href="{AUDIO}" media-type="audio/mpeg"/>\n'
        f'<item id="style" href="{STYLE}" media-type="text/css"/>\n'
        '</manifest>\n<spine>\n<itemref idref="text"/>\n</spine>\n</package>\n'
    )
    container = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
        '<rootfiles>\n<rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>\n'
        "</rootfiles>\n</container>\n"
    )
    with atomic_open(path, "wb") as handle, zipfile.ZipFile(handle, "w") as book:
        book.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        deflated = zipfile.ZIP_DEFLATED
        book.writestr("META-INF/container.xml", container, compress_type=deflated)
        book.writestr("EPUB/package.opf", opf, compress_type=deflated)
        book.writestr(f"EPUB/{NAV}", _xhtml(lang, "Contents", nav_body), compress_type=deflated)
        book.writestr(f"EPUB/{TEXT}", _xhtml(lang, script.title, body), compress_type=deflated)
        book.writestr(f"EPUB/{SMIL}", smil, compress_type=deflated)
        book.writestr(f"EPUB/{STYLE}", _CSS, compress_type=deflated)
        book.write(audio, f"EPUB/{AUDIO}", compress_type=zipfile.ZIP_STORED)  # MP3 does not compress
    return path
