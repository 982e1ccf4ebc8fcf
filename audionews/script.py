"""Build the narration script: an article's blocks become spoken segments with cues and pauses.

Cues ("Photo caption:", "Section:") and pauses are producer choices held in
:class:`ScriptOptions`; the defaults are tuned for listening without the page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .model import ROLES, Article, Script, Segment
from .normalize import normalize

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


@dataclass
class ScriptOptions:
    show_title: str = "audionews"
    intro: str | None = "This is {show}."
    outro: str | None = "End of article. This audio edition was produced by {show}."
    caption_cue: str = "Photo caption:"
    heading_cue: str = "Section:"
    pauses: dict[str, int] = field(default_factory=dict)  # per-role overrides of PAUSES ([cast])


def build_script(article: Article, options: ScriptOptions | None = None) -> Script:
    options = options or ScriptOptions()
    language = article.language
    segments: list[Segment] = []

    def add(role: str, text: str, source_text: str = "") -> None:
        segments.append(
            Segment(role, normalize(text, language), source_text, options.pauses.get(role, PAUSES[role]))
        )

    if options.intro:
        add("intro", options.intro.format(show=options.show_title))
    add("headline", article.headline, article.headline)
    if article.byline:
        add("byline", article.byline, article.byline)
    for block in article.blocks:
        if block.kind == "caption":
            add("caption", f"{options.caption_cue} {block.text}", block.text)
        elif block.kind == "heading":
            if segments:
                segments[-1].pause_ms += PAUSE_BEFORE_HEADING
            add("heading", f"{options.heading_cue} {block.text}.", block.text)
        else:
            role = block.kind if block.kind in ROLES else "paragraph"
            add(role, block.text, block.text)
    if options.outro:
        add("outro", options.outro.format(show=options.show_title))
    return Script(
        title=article.headline,
        segments=segments,
        language=language,
        byline=article.byline,
        date=article.date,
        url=article.url,
        source=article.source,
    )


def load_script(path: Path) -> Script:
    """Read a Script JSON as printed by ``audionews script --json`` (perhaps edited)."""
    from .ingest import read_text

    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path}: is not valid JSON ({error.msg} at line {error.lineno}). Fix the edit, "
            "or print a fresh one with 'audionews script SOURCE --json'."
        ) from None
    try:
        script = Script.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise InputError(
            f"{path}: is not an audionews script (missing or bad field {error}). "
            "Print one with 'audionews script SOURCE --json'."
        ) from None
    for index, segment in enumerate(script.segments):
        if segment.role not in ROLES:
            raise InputError(
                f"{path}: segment {index} has unknown role {segment.role!r}. "
                f"Use one of: {', '.join(ROLES)}."
            )
    if not script.segments:
        raise InputError(f"{path}: the script has no segments. Add at least the headline.")
    return script


def to_json(script: Script) -> str:
    return json.dumps(script.to_dict(), ensure_ascii=False, indent=2) + "\n"
