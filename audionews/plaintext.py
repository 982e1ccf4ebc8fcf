"""Find an article's structure in plain text copied from a news page.

Each non-empty line is a candidate block. Page chrome is dropped by name; the headline is the
first short line without closing punctuation; photo captions and section headings are told
apart from paragraphs by their shape. Each rule is a small named function so it can be tested
and replaced alone.
"""

from __future__ import annotations

import re

from .model import Article, Block

# Lines a news page shows around the article that are never part of it.
CHROME = {
    "accessibility links",
    "breaking news",
    "skip to main content",
    "skip to content",
    "share",
    "print",
    "related",
    "comments",
    "advertisement",
}

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.|Feb\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\."
)
_CAPTION_DATE_END = re.compile(rf"(?:{MONTHS})\s+\d{{1,2}},\s+\d{{4}}\.?\)?$")
_CAPTION_START = re.compile(r"^(?:FILE\s*[-–—:]|FILE PHOTO\b|PHOTO\s*:)")
_CAPTION_CREDIT = re.compile(r"\((?:AP|Reuters|AFP|Getty)[^)]*\)\s*$|\bAP Photo/", re.I)
_CLOSING = tuple('.!?:;"”’)…')


def normalize_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def is_chrome(line: str) -> bool:
    return line.strip().lower().rstrip(":") in CHROME


def looks_like_caption(line: str) -> bool:
    return bool(
        _CAPTION_START.search(line)
        or _CAPTION_CREDIT.search(line)
        or _CAPTION_DATE_END.search(line)
    )


def looks_like_heading(line: str, max_words: int = 10) -> bool:
    return len(line.split()) <= max_words and not line.endswith(_CLOSING)


def looks_like_headline(line: str, max_words: int = 25) -> bool:
    return len(line.split()) <= max_words and not line.endswith((".", "?\u201d", '."'))


def parse(text: str) -> Article:
    lines = [normalize_space(line) for line in text.splitlines()]
    lines = [line for line in lines if line and not is_chrome(line)]

    headline = ""
    while lines and not headline:
        candidate = lines.pop(0)
        if looks_like_headline(candidate):
            headline = candidate

    blocks: list[Block] = []
    seen_captions: set[str] = set()
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if looks_like_caption(line):
            if line not in seen_captions:  # pages often repeat a caption under the image
                blocks.append(Block("caption", line))
                seen_captions.add(line)
        elif following and looks_like_heading(line) and not looks_like_heading(following):
            blocks.append(Block("heading", line))
        else:
            blocks.append(Block("paragraph", line))
    return Article(headline=headline, blocks=blocks)
