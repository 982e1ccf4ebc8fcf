"""The check's reference: an episode's written words, sentence by sentence, with what the script
made of each (its spoken form), in the order they are heard.

Each segment is read twice through the canonicalizer, as written (``source_text``; ``text`` for
the intro and outro, which have no article words) and as spoken (``text``), and the two are
aligned word by word: a written word the spoken form keeps is plain, one it replaces, drops or
adds words after is ``changed`` (by the normalizer, the lexicon or an edit), and spoken words
before the first written one are a cue ("Photo caption:", "Section:").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Script
from .canon import Token, tokens

_NO_BREAK = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Cmdr|Adm|Prof|Jr|Sr|Mt|Ft|No|vs|etc|Inc|Corp|Co|"
    r"Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Ave|Blvd|Rd|Dept|[A-Z])\.)$"
)
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of written text, as character spans. Not the synthesizer's splitter: this
    one reads the article's own punctuation ("U.S.", "Sen.", "Oct.")."""
    spans, start = [], 0
    for match in _BOUNDARY.finditer(text):
        head = text[start : match.start()].rstrip("\"'”’)]")
        if _NO_BREAK.search(head):
            continue
        spans.append((start, match.start() + len(match.group(0).rstrip())))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


@dataclass
class Reading:
    """One segment read as written and as spoken, word against word."""

    index: int  # the segment's place in the script
    role: str
    written: str
    spoken: str
    w: list[Token]
    s: list[Token]
    groups: list[list[int]]  # for each written token, the spoken tokens that stand for it
    changed: list[bool]  # for each written token, whether the spoken form differs there
    cue: list[int]  # spoken tokens the script put before the words (a cue)
    sentences: list[tuple[int, int]]  # char spans in ``written``

    def added(self, k: int) -> list[str]:
        """The keys of spoken words the script put after written token ``k`` ("File photo.")."""
        return [self.s[j].key for j in self.groups[k] if self.s[j].key != self.w[k].key]


def read_segment(index: int, role: str, written: str, spoken: str) -> Reading:
    from rapidfuzz.distance import Levenshtein

    dateline = role == "dateline"
    w, s = tokens(written, caps_words=dateline), tokens(spoken, caps_words=dateline)
    groups: list[list[int]] = [[] for _ in w]
    changed = [False] * len(w)
    cue: list[int] = []
    for op in Levenshtein.opcodes([t.key for t in w], [t.key for t in s]):
        tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag == "equal":
            for offset in range(i2 - i1):
                groups[i1 + offset] = [j1 + offset]
        elif tag == "insert":
            if i1 == 0:
                cue.extend(range(j1, j2))  # words said before the article's: a cue
            else:  # words the script added after written token i1 - 1
                groups[i1 - 1] = groups[i1 - 1] + list(range(j1, j2))
                changed[i1 - 1] = True
        else:
            for k in range(i1, i2):
                groups[k] = list(range(j1, j2))
                changed[k] = True
    return Reading(index, role, written, spoken, w, s, groups, changed, cue, split_sentences(written))


@dataclass(frozen=True)
class Ref:
    """One word of the reference: a written token of a reading, or a spoken cue token."""

    reading: Reading
    cue: bool
    k: int  # index into the reading's written tokens (a cue: its spoken tokens)
    sentence: int  # the episode's sentence number

    @property
    def token(self) -> Token:
        return self.reading.s[self.k] if self.cue else self.reading.w[self.k]

    @property
    def changed(self) -> bool:
        return not self.cue and self.reading.changed[self.k]

    @property
    def spoken(self) -> list[int]:
        """The spoken tokens that stand for this word."""
        return [self.k] if self.cue else self.reading.groups[self.k]


@dataclass(frozen=True)
class Sentence:
    """A written sentence: its reading and its span in the reading's written text."""

    reading: Reading
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.reading.written[self.start : self.end].strip()


def reference(script: Script) -> tuple[list[Ref], list[Sentence]]:
    """The episode's words as they should be heard, and its written sentences."""
    refs: list[Ref] = []
    sentences: list[Sentence] = []
    for i, segment in enumerate(script.segments):
        if not segment.text.strip():
            continue
        reading = read_segment(i, segment.role, segment.source_text or segment.text, segment.text)
        if not reading.sentences:
            continue
        first = len(sentences)
        for a, b in reading.sentences:
            a += len(reading.written[a:b]) - len(reading.written[a:b].lstrip())
            sentences.append(Sentence(reading, a, b))
        refs.extend(Ref(reading, True, j, first) for j in reading.cue)
        number = 0
        for k, token in enumerate(reading.w):
            while number + 1 < len(reading.sentences) and token.start >= reading.sentences[number][1]:
                number += 1
            refs.append(Ref(reading, False, k, first + number))
    return refs, sentences
