"""Plain data passed between the pipeline's stages.

``Article`` (ingest) -> ``Script`` of ``Segment`` (script builder) -> ``Rendered`` (synthesizer)
-> ``Episode`` (publisher). The on-disk JSON shape of a script is kept apart from attribute names
by ``to_dict``/``from_dict``, so either can change without breaking the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLES = (
    "intro",
    "headline",
    "byline",
    "dateline",
    "caption",
    "heading",
    "paragraph",
    "quote",
    "outro",
)

BLOCK_KINDS = ("paragraph", "heading", "caption", "quote", "endnote")
BODY_KINDS = ("paragraph", "quote", "endnote")  # the article's running text


@dataclass
class Block:
    """One piece of an article's body, in reading order.

    ``kind`` is ``paragraph``, ``heading``, ``caption``, ``quote`` or ``endnote`` (a closing
    credit such as "Some information for this report was provided by AP."). A caption's photo
    credit ("AP Photo/Jane Roe") is kept apart in ``credit``.
    """

    kind: str
    text: str
    credit: str = ""


@dataclass
class Article:
    """An article as found in its source, before any narration choices."""

    headline: str
    blocks: list[Block] = field(default_factory=list)
    byline: str = ""
    dateline: str = ""
    date: str = ""  # ISO 8601 when known
    url: str = ""
    language: str = ""  # as the source declares it (HTML lang, JSON); "": the show's language applies
    source: str = ""  # where it came from (path or URL), for messages
    dropped: list[str] = field(default_factory=list)  # page chrome left out, for review

    @property
    def body_text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks if b.kind in BODY_KINDS)


@dataclass
class Segment:
    """One narration unit: what is spoken, the article's own words, and the pause after it."""

    role: str
    text: str
    source_text: str = ""
    pause_ms: int = 0
    voice: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "text": self.text,
            "source_text": self.source_text,
            "pause_ms": self.pause_ms,
            "voice": self.voice,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Segment:
        return cls(
            role=str(data["role"]),
            text=str(data["text"]),
            source_text=str(data.get("source_text") or ""),
            pause_ms=int(data.get("pause_ms") or 0),
            voice=data.get("voice"),
        )


@dataclass
class Part:
    """One article inside a script that holds several (a daily edition): its headline, its link,
    and the index of its first segment; it runs until the next part's first segment."""

    title: str
    start: int
    url: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "start": self.start, "url": self.url}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Part:
        return cls(title=str(data["title"]), start=int(data["start"]), url=str(data.get("url") or ""))


@dataclass
class Script:
    """The ordered narration of one article, or of an edition of several articles (``parts``);
    what ``audionews script --json`` prints."""

    title: str
    segments: list[Segment]
    language: str = "en"
    byline: str = ""
    date: str = ""
    url: str = ""
    source: str = ""
    parts: list[Part] = field(default_factory=list)  # empty for a single article

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "title": self.title,
            "language": self.language,
            "byline": self.byline,
            "date": self.date,
            "url": self.url,
            "source": self.source,
            "segments": [s.to_dict() for s in self.segments],
        }
        if self.parts:  # a single article's JSON keeps the shape it always had
            data["parts"] = [p.to_dict() for p in self.parts]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Script:
        return cls(
            title=str(data["title"]),
            language=str(data.get("language") or "en"),
            byline=str(data.get("byline") or ""),
            date=str(data.get("date") or ""),
            url=str(data.get("url") or ""),
            source=str(data.get("source") or ""),
            segments=[Segment.from_dict(s) for s in data["segments"]],
            parts=[Part.from_dict(p) for p in data.get("parts") or []],
        )


@dataclass
class Timing:
    """Where a segment's (or a sentence's) speech sits in the audio, in samples (frame-accurate)."""

    start: int
    end: int  # end of speech; the pause follows until the next segment's start
    sentences: list[Timing] = field(default_factory=list)  # a segment's sentences, in order
    texts: list[str] = field(default_factory=list)  # the spoken text of each sentence


@dataclass
class Rendered:
    """Stitched mono PCM of a whole script plus each segment's place in it."""

    pcm: Any  # numpy int16 array, mono
    sample_rate: int
    timeline: list[Timing]
    # What was said, not how it came out: a digest of each sentence's cache key (voice
    # fingerprint, speed, spoken text) and each pause, in order. A cold re-render of the same
    # script has other samples but the same ``said``; "" when not known.
    said: str = ""
    voices: list[str] = field(default_factory=list)  # the voices that spoke, the busiest first

    @property
    def duration(self) -> float:
        return len(self.pcm) / self.sample_rate


@dataclass
class Timed:
    """Where each segment sits in a finished audio file, without the file's samples: what
    chapters and the HTML transcript need (a mastered edition's audio is only on disk)."""

    sample_rate: int
    timeline: list[Timing]
    samples: int  # the file's length

    @property
    def duration(self) -> float:
        return self.samples / self.sample_rate


@dataclass
class Episode:
    """A published episode as the catalog and the feed know it."""

    key: str  # stable identity: the article's URL, else "headline:" and its headline (NFC)
    guid: str
    slug: str
    title: str
    description: str
    pub_date: str  # ISO 8601 with timezone
    duration: float  # seconds
    size: int  # bytes of the MP3
    link: str = ""
    language: str = "en"
    # A short digest of what the MP3 says (see episode.mastering.audio_id); it is in the
    # enclosure URL, so the URL changes exactly when the audio's content does. "" for episodes
    # published before audionews kept it: their URL stays as it was.
    audio: str = ""
    # An edition's articles: a short digest of their keys (a single article's is ""). An edition
    # whose articles change becomes a new episode for subscribers (see podcast/output.py).
    articles: str = ""
    author: str = ""  # the article's byline, without "By"
    narrators: str = ""  # the voices that read it, comma-separated, the main one first
