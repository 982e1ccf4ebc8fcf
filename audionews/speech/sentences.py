"""Split spoken text into sentences: the unit that is synthesized, timed and cached.

The text is already normalized for speech (titles like "Senator" are spelled out), so a
sentence ends at closing punctuation followed by space and a capital, digit or quote; a few
abbreviations that survive normalization are guarded.

No unit is longer than :data:`MAX_CHARS`: Piper's memory grows with the length of what it is
given (measured with en_US-joe-medium, one thread: 200 characters peak at 330 MB, 300 at 460 MB,
400 at 530 MB, 600 at 790 MB; 1,000 at 1.6 GB and 20,000 at 24 GB, which took the machine
down). A longer sentence (a list, a page without full stops, Chinese text whose stops are not
followed by spaces) is cut at its clauses, else between words, else, for one endless "word",
every MAX_CHARS characters.
"""

from __future__ import annotations

import re

_NO_BREAK_AFTER = ("Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "vs", "etc", "U.S", "U.K", "U.N")
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
MAX_CHARS = 300  # a 40-word sentence is about 250 characters
# A clause ends after a comma, semicolon, colon, dash or ellipsis (and their CJK and Arabic
# forms, CJK full stops among them: no space follows those), or before a spaced hyphen or dash.
_CLAUSE_END = re.compile(
    r"[,;:\u2013\u2014\u2026\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f\u060c\u061b]\s*|\s+(?=[-\u2013\u2014]\s)"
)


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
    return [chunk for s in sentences if s for chunk in bounded(s)]


def bounded(sentence: str, limit: int = MAX_CHARS) -> list[str]:
    """``sentence`` in pieces of at most ``limit`` characters: whole clauses where they fit,
    else words, else hard cuts; the pieces together hold every character but the spaces cut at."""
    if len(sentence) <= limit:
        return [sentence]
    pieces: list[str] = []
    for clauses in _pack(_clauses(sentence), limit, ""):
        if len(clauses) <= limit:
            pieces.append(clauses)
            continue
        for words in _pack(clauses.split(), limit, " "):
            pieces.extend(words[i : i + limit] for i in range(0, len(words), limit))
    return [p.strip() for p in pieces if p.strip()]


def _clauses(sentence: str) -> list[str]:
    """The sentence cut after each clause's end, each piece keeping its spaces."""
    cuts = [0, *(m.end() for m in _CLAUSE_END.finditer(sentence)), len(sentence)]
    return [sentence[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


def _pack(parts: list[str], limit: int, glue: str) -> list[str]:
    """Consecutive ``parts`` joined with ``glue`` into runs as long as fit within ``limit``."""
    runs: list[str] = []
    for part in parts:
        if runs and len(f"{runs[-1]}{glue}{part}".strip()) <= limit:
            runs[-1] = f"{runs[-1]}{glue}{part}"
        else:
            runs.append(part)
    return [run.strip() for run in runs]
