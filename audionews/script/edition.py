"""A daily edition: several articles narrated as one episode, each introduced by its number.

Talking-newspaper services for blind readers publish an edition, not a pile of clips: the
listener hears "Article 3 of 7: <headline>" and can skip article by article. The edition's
script is every article's own script (without its intro and outro) in order, with the article
boundaries kept in ``Script.parts`` so chapters can follow them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from ..errors import ConfigError
from ..model import Article, Part, Script, Segment
from ..normalize import Normalizer, default_normalizer

PAUSE_BETWEEN_ARTICLES = 1200  # ms, added after an article's last segment


@dataclass
class EditionOptions:
    """The ``[edition]`` table of ``audionews.toml``. Templates take ``{show}``, ``{title}``,
    ``{count}`` and the date fields ``{part}`` (Morning, Afternoon or Evening), ``{weekday}``,
    ``{day}``, ``{month}``, ``{year}``."""

    title: str = "{part} edition, {day} {month} {year}"
    intro: str = "This is {show}. {title}, with {count} articles."
    article: str = "Article {number} of {count}: {headline}"
    outro: str = "End of the {title}. This audio edition was produced by {show}."

    @classmethod
    def from_table(cls, table: dict[str, Any], where: str = "") -> EditionOptions:
        where = f"{where}: " if where else ""
        known = {f.name for f in fields(cls)}
        for key, value in table.items():
            if key not in known:
                raise ConfigError(f"{where}unknown [edition] setting {key!r}. Known: {', '.join(sorted(known))}.")
            if not isinstance(value, str):
                raise ConfigError(f"{where}[edition] {key} must be text, not {value!r}.")
        options = cls(**table)
        sample = _fields(datetime(2026, 11, 27, 7), "show", 3) | {"title": "t", "number": 1, "headline": "h"}
        for key in known:
            try:
                getattr(options, key).format(**sample)
            except (KeyError, IndexError, ValueError) as error:
                names = ", ".join("{" + name + "}" for name in sorted(sample))
                raise ConfigError(
                    f"{where}[edition] {key} has a bad placeholder ({error}). Use {names}; write "
                    "{{ and }} for braces."
                ) from None
        return options


def _fields(when: datetime, show: str, count: int) -> dict[str, Any]:
    part = "Morning" if when.hour < 12 else "Afternoon" if when.hour < 18 else "Evening"
    return {
        "show": show,
        "count": count,
        "part": part,
        "weekday": when.strftime("%A"),
        "day": when.day,
        "month": when.strftime("%B"),
        "year": when.year,
    }


def build_edition(
    articles: list[Article],
    make_script: Callable[[Article], Script],
    options: EditionOptions | None = None,
    show: str = "audionews",
    when: datetime | None = None,
    normalizer: Normalizer | None = None,
) -> Script:
    """One script for all ``articles``, in the order given, with a part per article. Its own
    words (title, intro, links, outro) are spoken through ``normalizer``: the show's, with its
    lexicon, as the articles are."""
    options = options or EditionOptions()
    normalize = normalizer or default_normalizer()
    when = when or datetime.now().astimezone().replace(microsecond=0)
    values = _fields(when, show, len(articles))
    title = options.title.format(**values)
    values["title"] = title
    scripts = [make_script(article) for article in articles]  # each in its article's language
    language = scripts[0].language if scripts else "en"
    # The edition's own announcements are written words too ("30 November 2026"), kept as their
    # source text so pages and captions can show them as written.
    intro = options.intro.format(**values)
    segments = [Segment("intro", normalize(intro, language), intro, 900)]
    parts = []
    for number, (article, script) in enumerate(zip(articles, scripts, strict=True), start=1):
        own = [s for s in script.segments if s.role not in ("intro", "outro")]
        for index, segment in enumerate(own):
            if segment.role == "headline":
                spoken = options.article.format(**values, number=number, headline=article.headline)
                own[index] = replace(segment, text=normalize(spoken, script.language))
                break
        if own:
            own[-1] = replace(own[-1], pause_ms=own[-1].pause_ms + PAUSE_BETWEEN_ARTICLES)
        parts.append(Part(article.headline, len(segments), article.url))
        segments.extend(own)
    outro = options.outro.format(**values)
    segments.append(Segment("outro", normalize(outro, language), outro))
    return Script(
        title=title,
        segments=segments,
        language=language,
        date=when.isoformat(),
        source=title,
        parts=parts,
    )
