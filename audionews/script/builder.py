"""Build the narration script: an article's blocks become spoken segments with cues and pauses.

Cues ("Photo caption:", "Section:") and pauses are producer choices held in
:class:`ScriptOptions`; the defaults are tuned for listening without the page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from typing import Any

from ..errors import ConfigError
from ..model import Article, Block, Script, Segment
from ..normalize import Normalizer, default_normalizer
from ..sanitize import clean_text
from ..sources.linerules import caption_key

# Pause after each role, in milliseconds: long after the headline so it lands, a breath
# between paragraphs, and a longer one before a new section (added to what precedes it).
PAUSES = {
    "intro": 700,
    "headline": 1000,
    "byline": 500,
    "dateline": 300,
    "caption": 700,
    "heading": 600,
    "paragraph": 450,
    "quote": 450,
    "outro": 0,
}
PAUSE_BEFORE_HEADING = 500


CAPTION_PLACEMENTS = ("inline", "after-lead")


@dataclass
class ScriptOptions:
    """Narration choices: the ``[narration]`` table of ``audionews.toml``.

    ``intro``/``outro`` are templates with ``{show}`` (the show's title) and ``{title}`` (the
    headline); an empty one is left out. ``caption_placement`` is ``inline`` (read where the
    image stands) or ``after-lead`` (a caption standing above the lead paragraph is read after
    it, so the story opens with its own words).
    """

    show_title: str = "audionews"
    intro: str = "This is {show}."
    outro: str = "End of article. This audio edition was produced by {show}."
    caption_cue: str = "Photo caption:"
    heading_cue: str = "Section:"
    quote_cue: str = ""
    caption_placement: str = "inline"
    read_credits: bool = False  # "Photo: Jane Roe, AP." after a caption
    pauses: dict[str, int] = field(default_factory=dict)  # per-role overrides of PAUSES ([cast])
    language: str = "en"  # the show's: for an article that does not say its own (plain text)
    # Reads the text for speech with the run's lexicon (built once per run); None: built-in only.
    normalizer: Normalizer | None = None

    @classmethod
    def from_table(cls, table: dict[str, Any], show_title: str = "audionews", where: str = "") -> ScriptOptions:
        """Validate a ``[narration]`` table; every error names the setting and how to fix it."""
        where = f"{where}: " if where else ""
        known = {f.name for f in fields(cls)} - {"show_title", "pauses", "normalizer", "language"}
        values: dict[str, Any] = {"show_title": show_title}
        for key, value in table.items():
            if key not in known:
                raise ConfigError(
                    f"{where}unknown [narration] setting {key!r}. Known: {', '.join(sorted(known))}."
                )
            expected = bool if key == "read_credits" else str
            if not isinstance(value, expected):
                raise ConfigError(
                    f"{where}[narration] {key} must be {'true or false' if expected is bool else 'text'}, "
                    f"not {value!r}."
                )
            values[key] = value
        options = cls(**values)
        if options.caption_placement not in CAPTION_PLACEMENTS:
            raise ConfigError(
                f"{where}[narration] caption_placement {options.caption_placement!r} is not one of: "
                f"{', '.join(CAPTION_PLACEMENTS)}."
            )
        for key in ("intro", "outro"):
            try:
                getattr(options, key).format(show="", title="")
            except (KeyError, IndexError, ValueError) as error:
                raise ConfigError(
                    f"{where}[narration] {key} has a bad placeholder ({error}). "
                    "Use {show} and {title}; write {{ and }} for braces."
                ) from None
        return options


def build_script(article: Article, options: ScriptOptions | None = None) -> Script:
    options = options or ScriptOptions()
    normalize = options.normalizer or default_normalizer()
    language = article.language or options.language
    segments: list[Segment] = []

    def add(role: str, text: str, source_text: str = "") -> None:
        pause = options.pauses.get(role, PAUSES[role])
        # The normalizer writes words around what it keeps ("0\u0301" -> "zero\u0301"): NFC again.
        segments.append(Segment(role, clean_text(normalize(text, language)), source_text, pause))

    def fill(template: str) -> str:
        return template.format(show=options.show_title, title=article.headline)

    if options.intro:
        add("intro", fill(options.intro))
    add("headline", article.headline, article.headline)
    if article.byline:
        add("byline", article.byline, article.byline)
    dateline = article.dateline
    seen_captions: set[str] = set()
    held: list[Block] = []  # captions waiting for the end of the lead (after-lead placement)
    lead_read = False
    for block in article.blocks:
        if block.kind == "caption":
            key = caption_key(block.text)
            if key in seen_captions:
                continue  # a caption repeated on the page is read once
            seen_captions.add(key)
            if options.caption_placement == "after-lead" and not lead_read:
                held.append(block)
            else:
                add("caption", caption_text(block, options), block.text)
        elif block.kind == "heading":
            if segments:
                segments[-1].pause_ms += PAUSE_BEFORE_HEADING
            add("heading", _with_cue(options.heading_cue, _closed(block.text)), block.text)
        else:
            if dateline and block.kind == "paragraph":
                add("dateline", _spoken_place(dateline), dateline)
                dateline = ""
            if block.kind == "quote":
                add("quote", _with_cue(options.quote_cue, block.text), block.text)
            else:
                if block.kind == "endnote" and segments:
                    segments[-1].pause_ms += PAUSE_BEFORE_HEADING
                add("paragraph", block.text, block.text)
            if block.kind == "paragraph" and not lead_read:
                lead_read = True
                for caption in held:
                    add("caption", caption_text(caption, options), caption.text)
                held.clear()
    for caption in held:
        add("caption", caption_text(caption, options), caption.text)
    if options.outro:
        add("outro", fill(options.outro))
    return Script(
        title=article.headline,
        segments=segments,
        language=language,
        byline=article.byline,
        date=article.date,
        url=article.url,
        source=article.source,
    )


def caption_text(block: Block, options: ScriptOptions) -> str:
    """What is spoken for a caption: the cue, "File photo." for FILE, the credit if asked."""
    words = re.sub(r"^FILE\s*(?:PHOTO)?\s*[-\u2013\u2014:]\s*", "File photo. ", block.text)
    spoken = _with_cue(options.caption_cue, _closed(words))
    if options.read_credits and block.credit:
        spoken += f" Photo: {block.credit.replace('/', ', ')}."
    return spoken


def _with_cue(cue: str, text: str) -> str:
    return f"{cue} {text}" if cue else text


def _closed(text: str) -> str:
    """End with punctuation so the voice closes the sentence before the next segment."""
    return text if text.endswith((".", "!", "?", "\u201d", '"', "\u2019", ")")) else f"{text}."


def _spoken_place(place: str) -> str:
    """"WASHINGTON" is read "Washington"; "(AP)" and a state's "N.J." stay for the normalizer
    (capitalized, "N.j." was read "N J")."""
    words = [w.capitalize() if w.isupper() and len(w) > 2 and w[0] != "(" and "." not in w else w for w in place.split()]
    return _closed(" ".join(words).rstrip(",:"))


def script_for(
    source: str, fmt: str | None = None, options: ScriptOptions | None = None, timeout: float | None = None
) -> Script:
    """The script of ``source``: built from the article it holds, or read as it is if it is a
    Script JSON (perhaps edited by a producer). ``timeout``: seconds to wait for a URL."""
    from ..sources.load import load

    loaded = load(source, fmt, timeout)
    return loaded if isinstance(loaded, Script) else build_script(loaded, options)


def to_json(script: Script) -> str:
    return json.dumps(script.to_dict(), ensure_ascii=False, indent=2) + "\n"
