"""What a reader sees while a segment is spoken: its spoken words mapped back to the written ones.

A segment's ``text`` is what the voice says ("one point two trillion dollars"), its
``source_text`` the article's words ("$1.2 trillion"). Captions, the talking book and the web
pages show the written words, timed by the spoken ones, so each spoken word has to lead back to
the written words it came from. The normalizer's own trace (:mod:`..normalize.trace`) says where
each word of ``normalize(source_text)`` came from; the segment's ``text`` is then matched word by
word against that, which also finds what the script builder added (the cue "Photo caption:") and
what a producer changed by hand in the script JSON: those words have no written source, and
readers see them as spoken (a cue in brackets: "[Photo caption]").

Spoken words are grouped into :class:`Piece` s, the smallest runs that show whole written words:
"one point two trillion dollars" is one piece showing "$1.2 trillion", so a caption split never
falls inside it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..model import Segment
from ..normalize import Normalizer, default_normalizer
from ..normalize.trace import trace

_WORD = re.compile(r"\S+")
# Roles whose spoken text may open with a cue the script builder added ("Section:").
_CUED_ROLES = frozenset({"caption", "heading", "quote", "headline"})


@dataclass(frozen=True)
class Piece:
    """A run of spoken words, ``text[start:end]``, and what a reader sees while they are said."""

    start: int
    end: int
    shown: str
    written: tuple[int, int] | None = None  # the span of ``source_text`` shown; None: as spoken


def _key(word: str) -> str:
    """Words compare without case and punctuation ("Washington." matches "WASHINGTON"), in NFC:
    the script builder composes what the normalizer wrote ("zero\u0301" is said as "zeró")."""
    key = "".join(c for c in unicodedata.normalize("NFC", word).casefold() if c.isalnum())
    return key or word


def pieces(segment: Segment, language: str = "en", normalizer: Normalizer | None = None) -> list[Piece]:
    """The segment's spoken text as pieces, in order, covering every spoken word once."""
    spoken = [(m.start(), m.end()) for m in _WORD.finditer(segment.text)]
    if not segment.source_text.strip():  # the show's intro and outro: shown as said
        return [Piece(a, b, segment.text[a:b]) for a, b in spoken]
    written = segment.source_text
    tokens = [(m.start(), m.end()) for m in _WORD.finditer(written)]
    token_at = _token_index(written, tokens)
    traced = trace(normalizer or default_normalizer(), written, language)
    traced_words = [(m.start(), m.end()) for m in _WORD.finditer(traced.spoken)]
    heard: set[int] = set()  # written tokens that some spoken word stands for
    traced_tokens: list[tuple[int, int] | None] = []
    for a, b in traced_words:
        span = traced.span(a, b)
        if span is None:
            traced_tokens.append(None)
            continue
        first, last = token_at[span[0]], token_at[max(span[0], span[1] - 1)]
        traced_tokens.append((first, last + 1))
        heard.update(range(first, last + 1))

    # Each spoken word: the written tokens it came from, or None (a cue, an edit).
    matcher = SequenceMatcher(
        None,
        [_key(segment.text[a:b]) for a, b in spoken],
        [_key(traced.spoken[a:b]) for a, b in traced_words],
        autojunk=False,
    )
    said_as = {}  # traced word -> the spoken word matched to it
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            said_as[block.b + offset] = block.a + offset
    sources: list[tuple[int, int] | None] = [None] * len(spoken)
    for first, last, source in _group(traced_tokens):
        # Written words count as said only if all of their reading was: "about forty million
        # dollars" said for "$42 million" shows what was said, not "$42 million".
        if source is not None and all(b in said_as for b in range(first, last)):
            for b in range(first, last):
                sources[said_as[b]] = source

    groups = _group(sources)
    _attach_silent(groups, heard, len(tokens))
    found = []
    for index, (first, last, source) in enumerate(groups):
        start, end = spoken[first][0], spoken[last - 1][1]
        if source is not None:
            a, b = tokens[source[0]][0], tokens[source[1] - 1][1]
            found.append(Piece(start, end, " ".join(written[a:b].split()), (a, b)))
            continue
        said = segment.text[start:end]
        if index == 0 and segment.role in _CUED_ROLES and len(groups) > 1 and said.endswith(":"):
            said = f"[{said[:-1]}]"  # the spoken cue, marked as not the article's words
        found.append(Piece(start, end, said))
    return found


def spoken_cue(segment: Segment, language: str = "en", normalizer: Normalizer | None = None) -> str:
    """The cue a caption or quote opens with ("Photo caption"), which pages show as a label;
    "" if none."""
    if segment.role not in ("caption", "quote") or not segment.source_text.strip():
        return ""
    first = pieces(segment, language, normalizer)[:1]
    if first and first[0].written is None and first[0].shown.startswith("["):
        return first[0].shown[1:-1]
    return ""


def _token_index(text: str, tokens: list[tuple[int, int]]) -> list[int]:
    """For each character of ``text``, the index of the token it is in (or the next one)."""
    index = [0] * (len(text) + 1)
    token = 0
    for position in range(len(text) + 1):
        while token < len(tokens) - 1 and position >= tokens[token][1]:
            token += 1
        index[position] = token
    return index


def _group(sources: list[tuple[int, int] | None]) -> list[list]:
    """Runs of spoken words as ``[first, last, tokens]``: words from overlapping written tokens
    join (and so do the runs they bridge); words with no written source join their neighbours."""
    groups: list[list] = []
    for index, source in enumerate(sources):
        last = groups[-1] if groups else None
        if source is None:
            if last is not None and last[2] is None:
                last[1] = index + 1
            else:
                groups.append([index, index + 1, None])
            continue
        groups.append([index, index + 1, source])
        # A run whose written tokens reach back into an earlier run's merges with it.
        while len(groups) > 1 and groups[-1][2] is not None:
            here = groups[-1]
            back = next((i for i in range(len(groups) - 2, -1, -1) if groups[i][2] is not None), None)
            if back is None or here[2][0] >= groups[back][2][1]:
                break
            merged = [groups[back][0], here[1], (min(groups[back][2][0], here[2][0]), max(groups[back][2][1], here[2][1]))]
            del groups[back:]
            groups.append(merged)
    return groups


def _attach_silent(groups: list[list], heard: set[int], count: int) -> None:
    """Written tokens no spoken word stands for (a dash, a bracket the reading drops) join the
    run before them, or the first run; tokens a producer's edit left unsaid stay out."""
    written = [g for g in groups if g[2] is not None]
    if not written:
        return
    for number, group in enumerate(written):
        first, last = group[2]
        limit = written[number + 1][2][0] if number + 1 < len(written) else count
        while last < limit and last not in heard:
            last += 1
        if number == 0:
            while first > 0 and first - 1 not in heard:
                first -= 1
        group[2] = (first, last)


def sentence_spans(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    """Where each of ``sentences`` (as split from ``text``) sits in ``text``."""
    spans, cursor = [], 0
    for sentence in sentences:
        start = text.find(sentence, cursor)
        if start < 0:  # not a substring (should not happen): keep order, take what is left
            start = cursor
        spans.append((start, start + len(sentence)))
        cursor = start + len(sentence)
    return spans


def by_sentence(found: list[Piece], spans: list[tuple[int, int]]) -> list[list[Piece]]:
    """The pieces that start in each spoken sentence (a piece belongs where it starts)."""
    grouped: list[list[Piece]] = [[] for _ in spans]
    number = 0
    for piece in found:
        while number + 1 < len(spans) and piece.start >= spans[number + 1][0]:
            number += 1
        grouped[number].append(piece)
    return grouped


def written_sentences(groups: list[list[Piece]]) -> list[tuple[int, int] | None]:
    """For each spoken sentence, the span of the written text it shows (None: nothing written)."""
    spans: list[tuple[int, int] | None] = []
    for group in groups:
        written = [piece.written for piece in group if piece.written]
        spans.append((min(w[0] for w in written), max(w[1] for w in written)) if written else None)
    return spans
