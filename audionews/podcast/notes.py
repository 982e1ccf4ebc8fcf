"""An episode's show notes: plain text for ``description``, HTML for ``content:encoded``.

Both say the same: the summary, who wrote the article, where to read it, the chapters with
their times, and that the narration is a synthetic voice (``[show] disclosure``). The text keeps
one line per chapter for apps that show ``description`` as it is; the HTML gives the chapters
as a list, with links, for apps that render notes as HTML (Apple, Pocket Casts, AntennaPod).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..episode.chapters import stamp
from ..model import Episode
from .namespace import Mark

CHAPTERS_HEAD = "\n\nChapters:"  # where the chapter lines begin in a stored description


@dataclass
class Notes:
    text: str
    html: str


def show_notes(episode: Episode, marks: list[Mark], disclosure: str) -> Notes:
    """The notes of ``episode`` (its stored description holds the summary, then the chapter
    lines), its chapters ``marks`` (from chapters.json), and the show's ``disclosure``."""
    stored = episode.description or episode.title
    summary = stored.split(CHAPTERS_HEAD, 1)[0].strip()
    credit = f"Written by {episode.author}." if episode.author else ""
    text = "\n\n".join(part for part in (stored.strip(), credit, disclosure) if part)
    html = [_paragraph(summary)]
    if credit:
        html.append(f"<p>{escape(credit, quote=False)}</p>")
    if episode.link:
        link = escape(episode.link)
        html.append(f'<p>Read the article: <a href="{link}">{link}</a></p>')
    if marks:
        html.append("<p>Chapters:</p>")
        html.append("<ul>" + "".join(f"<li>{stamp(m.start)} {_linked(m.title, m.href)}</li>" for m in marks) + "</ul>")
    if disclosure:
        html.append(f"<p><em>{escape(disclosure, quote=False)}</em></p>")
    return Notes(text, "\n".join(html))


def _paragraph(text: str) -> str:
    return "".join(f"<p>{escape(block, quote=False).replace(chr(10), '<br>')}</p>" for block in text.split("\n\n") if block.strip())


def _linked(title: str, href: str) -> str:
    return f'<a href="{escape(href)}">{escape(title, quote=False)}</a>' if href else escape(title, quote=False)
