"""Split spoken text into sentences: the unit that is synthesized, timed and cached.

The text is already normalized for speech (titles like "Senator" are spelled out), so a
sentence ends at closing punctuation followed by space and a capital, digit or quote; a few
abbreviations that survive normalization are guarded.
"""

from __future__ import annotations

import re

_NO_BREAK_AFTER = ("Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "vs", "etc", "U.S", "U.K", "U.N")
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        head = text[start : match.start()].rstrip("\"')]")
        if head.endswith(tuple(f"{a}." for a in _NO_BREAK_AFTER)):
            continue
        end = match.start() + len(match.group(0).rstrip())
        sentences.append(text[start:end].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return [s for s in sentences if s]
