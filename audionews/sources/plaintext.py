"""Find an article's structure in plain text copied from a news page.

A browser copy puts each block of the page on its own line; a hard-wrapped text (an email, a
wire feed) wraps paragraphs over several lines and separates them by blank lines. Lines are
cut accordingly, then :func:`audionews.sources.structure.assemble` classifies them by shape.
"""

from __future__ import annotations

from ..model import Article
from .structure import Line, assemble
from .linerules import normalize_space

WRAP_MIN = 45  # a wrapped line is at least this long ...
WRAP_MAX = 100  # ... and no line of a wrapped text is longer than this


def split_lines(text: str) -> list[str]:
    """The page's blocks: one per line, or one per blank-line chunk when the text is wrapped."""
    chunks = [c.splitlines() for c in text.replace("\r\n", "\n").replace("\r", "\n").split("\n\n")]
    chunks = [[normalize_space(x) for x in chunk if x.strip()] for chunk in chunks]
    chunks = [chunk for chunk in chunks if chunk]
    wrapped = is_hard_wrapped(chunks)
    blocks: list[str] = []
    for chunk in chunks:
        if wrapped and _chunk_is_wrapped(chunk):
            blocks.append(" ".join(chunk))
        else:
            blocks.extend(chunk)
    return blocks


def is_hard_wrapped(chunks: list[list[str]]) -> bool:
    """True when most multi-line chunks look like prose wrapped at a fixed width."""
    multi = [chunk for chunk in chunks if len(chunk) > 1]
    if not multi:
        return False
    wrapped = sum(_chunk_is_wrapped(chunk) for chunk in multi)
    return wrapped * 2 >= len(multi) and max(len(x) for c in chunks for x in c) <= WRAP_MAX


def _chunk_is_wrapped(chunk: list[str]) -> bool:
    return len(chunk) > 1 and all(WRAP_MIN <= len(x) <= WRAP_MAX for x in chunk[:-1])


def parse(text: str) -> Article:
    return assemble([Line(x) for x in split_lines(text)])
