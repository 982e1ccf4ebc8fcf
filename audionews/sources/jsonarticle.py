"""An article given as JSON, for newsroom systems that already know the structure.

The shape (documented in the README)::

    {"headline": "...",                       required
     "byline": "By ...", "dateline": "WASHINGTON", "date": "2024-05-02",
     "url": "https://...", "language": "en",  all optional
     "sections": [                            required, at least one paragraph in all
        {"heading": "...",                    optional (the first section usually has none)
         "paragraphs": ["text", {"kind": "caption", "text": "...", "credit": "..."}, ...]}]}

A paragraph is a string, or an object whose ``kind`` is ``paragraph``, ``quote``, ``caption``
or ``endnote``. Nothing is guessed: the JSON says what each piece is.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import InputError
from ..model import BLOCK_KINDS, Article, Block
from .linerules import normalize_space

_META = ("byline", "dateline", "date", "url", "language")


def parse(text: str, source: str = "article.json") -> Article:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"{source}: is not valid JSON ({error.msg} at line {error.lineno}). Fix it.") from None
    return from_dict(data, source)


def from_dict(data: Any, source: str = "article.json") -> Article:
    def bad(where: str, what: str) -> InputError:
        return InputError(f"{source}: {where} {what}. See 'JSON articles' in the README for the shape.")

    if not isinstance(data, dict):
        raise bad("the top level", "must be an object with headline and sections")
    headline = data.get("headline")
    if not isinstance(headline, str) or not headline.strip():
        raise bad("headline", "is missing or empty")
    article = Article(headline=normalize_space(headline))
    for key in _META:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise bad(key, "must be text")
        setattr(article, key, normalize_space(value) or getattr(article, key))
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        raise bad("sections", "must be a non-empty list")
    for s_index, section in enumerate(sections):
        where = f"sections[{s_index}]"
        if not isinstance(section, dict):
            raise bad(where, "must be an object with paragraphs")
        heading = section.get("heading", "")
        if not isinstance(heading, str):
            raise bad(f"{where}.heading", "must be text")
        if heading.strip():
            article.blocks.append(Block("heading", normalize_space(heading)))
        paragraphs = section.get("paragraphs", [])
        if not isinstance(paragraphs, list):
            raise bad(f"{where}.paragraphs", "must be a list")
        for p_index, item in enumerate(paragraphs):
            article.blocks.append(_block(item, f"{where}.paragraphs[{p_index}]", bad))
    if not any(b.kind == "paragraph" for b in article.blocks):
        raise bad("sections", "hold no paragraph")
    return article


def _block(item: Any, where: str, bad) -> Block:
    if isinstance(item, str):
        kind, text, credit = "paragraph", item, ""
    elif isinstance(item, dict):
        kind, text, credit = item.get("kind", "paragraph"), item.get("text"), item.get("credit", "")
    else:
        raise bad(where, "must be text or an object with kind and text")
    if kind not in BLOCK_KINDS or kind == "heading":
        raise bad(f"{where}.kind", f"{kind!r} is not one of: paragraph, quote, caption, endnote")
    if not isinstance(text, str) or not text.strip() or not isinstance(credit, str):
        raise bad(where, "needs non-empty text")
    return Block(kind, normalize_space(text), credit=normalize_space(credit))
