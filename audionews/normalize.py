"""Turn an article's written words into words a voice reads correctly.

This first version only tidies typography; numbers, money, abbreviations and the lexicon
plug in here (``normalize`` is the one entry point every stage uses).
"""

from __future__ import annotations

import re

_TYPOGRAPHY = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00a0": " ",
    "\u2026": "...",
}


def normalize(text: str, language: str = "en") -> str:
    """Return the spoken form of ``text``."""
    for written, spoken in _TYPOGRAPHY.items():
        text = text.replace(written, spoken)
    return re.sub(r"\s+", " ", text).strip()
