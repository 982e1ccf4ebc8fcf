"""The normalizer run with provenance: which written characters each spoken character came from.

Captions, the talking book and the web pages show the article's written words at the time they
are said, so every spoken word must lead back to the written words it was made from:
"$1.2 trillion" becomes "one point two trillion dollars", and all five spoken words lead back
to the two written ones. :func:`trace` runs the same steps as :class:`~.Normalizer` and carries,
for every character of the text as it is rewritten, the span of the written text it stands for.

A rule that is one regex (:class:`~.rules.Case`, the lexicon's :class:`~.lexicon.Replacer`) is
traced exactly: a match's replacement stands for the whole match, and the text around it keeps
its own spans. Any other rule (a plain function) is traced by a character diff of its input and
output, which is exact for what such rules do (drop or add punctuation and spaces). The spoken
text always equals what the normalizer itself says; a trace never changes the reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

from . import _PHONEMES, _STASH, NEUTRAL, Normalizer, _rules_for
from .lexicon import Replacer
from .rules import Case, Replacement, typography

Span = tuple[int, int]  # [start, end) in the written text; start == end: stands for nothing


@dataclass(frozen=True)
class Traced:
    """The spoken form of a written text and, per spoken character, the written span behind it."""

    written: str
    spoken: str
    origins: tuple[Span, ...]

    def span(self, start: int, end: int) -> Span | None:
        """The written span behind spoken characters ``[start, end)``; None if they stand for
        no written character (a space, or a word a rule added on its own)."""
        spans = [s for s in self.origins[start:end] if s[1] > s[0]]
        if not spans:
            return None
        return min(s[0] for s in spans), max(s[1] for s in spans)


def trace(normalizer: Normalizer, text: str, language: str = "en") -> Traced:
    """``normalizer(text, language)`` with the written span behind every spoken character."""
    current = _Tracking(text, [(i, i + 1) for i in range(len(text))])
    current.by_diff(typography)
    replacer = normalizer._replacer(language)
    if replacer.pattern is not None:
        current.sub(replacer.pattern, lambda m: replacer.words[m[0]])
    stashed: list[str] = []

    def stash(match: re.Match[str]) -> str:
        stashed.append(match[0])
        return chr(_STASH + len(stashed) - 1)

    current.sub(_PHONEMES, stash)
    for rule in _rules_for(language) or NEUTRAL:
        current.apply(rule)
    if stashed:
        current.sub(
            re.compile(f"[{chr(_STASH)}-{chr(_STASH + len(stashed) - 1)}]"),
            lambda m: stashed[ord(m[0]) - _STASH],
        )
    current.sub(re.compile(r"\s+"), " ")
    current.strip()
    return Traced(text, current.text, tuple(current.origins))


class _Tracking:
    """A text being rewritten, with the written span of each of its characters."""

    def __init__(self, text: str, origins: list[Span]) -> None:
        self.text = text
        self.origins = origins

    def apply(self, rule: Callable[[str], str]) -> None:
        if isinstance(rule, Case):
            self.sub(rule.pattern, rule.replace)
        elif isinstance(rule, Replacer):
            if rule.pattern is not None:
                self.sub(rule.pattern, lambda m: rule.words[m[0]])
        else:
            self.by_diff(rule)

    def sub(self, pattern: re.Pattern[str], replace: Replacement) -> None:
        """``pattern.sub(replace, text)``; each replacement stands for its whole match."""
        if pattern.search(self.text) is None:
            return
        pieces: list[str] = []
        origins: list[Span] = []
        last = 0
        for match in pattern.finditer(self.text):
            start, end = match.span()
            pieces.append(self.text[last:start])
            origins.extend(self.origins[last:start])
            new = replace(match) if callable(replace) else match.expand(replace)
            pieces.append(new)
            origins.extend(self._rewritten(start, end, new))
            last = end
        pieces.append(self.text[last:])
        origins.extend(self.origins[last:])
        text = "".join(pieces)
        if text != pattern.sub(replace, self.text):  # re.sub's own reading is the one spoken
            self.by_diff(lambda value: pattern.sub(replace, value))
            return
        self.text, self.origins = text, origins

    def _rewritten(self, start: int, end: int, new: str) -> list[Span]:
        """The spans of ``new``, which replaces characters ``[start, end)``. What the rule kept
        (perhaps in another case: a shouted headline) keeps its own spans; what it rewrote stands
        for what it replaced; what it added stands for the whole match, so a rewritten amount
        ("$1.2 trillion": "... trillion dollars") stays one piece."""
        old = self.text[start:end]
        if new == old:
            return self.origins[start:end]
        whole = self._cover(start, end)
        spans: list[Span] = []
        matcher = SequenceMatcher(None, [c.lower() for c in old], [c.lower() for c in new], autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                spans.extend(self.origins[start + a1 : start + a2])
            elif op == "replace":
                spans.extend([self._cover(start + a1, start + a2)] * (b2 - b1))
            elif op == "insert":  # spaces and marks added between kept letters stand for nothing
                added = new[b1:b2]
                at = spans[-1][1] if spans else whole[0]
                spans.extend([whole if any(c.isalnum() for c in added) else (at, at)] * (b2 - b1))
        return spans

    def by_diff(self, rule: Callable[[str], str]) -> None:
        """Any ``str -> str`` rule, traced by diffing its output against its input."""
        new = rule(self.text)
        if new == self.text:
            return
        origins: list[Span] = []
        matcher = SequenceMatcher(None, self.text, new, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                origins.extend(self.origins[a1:a2])
            elif op != "delete":
                origins.extend([self._cover(a1, a2)] * (b2 - b1))
        self.text, self.origins = new, origins

    def strip(self) -> None:
        stripped = self.text.lstrip()
        head = len(self.text) - len(stripped)
        stripped = stripped.rstrip()
        self.origins = self.origins[head : head + len(stripped)]
        self.text = stripped

    def _cover(self, start: int, end: int) -> Span:
        """The written span that characters ``[start, end)`` stand for together."""
        spans = [s for s in self.origins[start:end] if s[1] > s[0]]
        if spans:
            return min(s[0] for s in spans), max(s[1] for s in spans)
        # Inserted where nothing was: it stands for nothing, placed where it was put.
        at = self.origins[start - 1][1] if start > 0 else (self.origins[0][0] if self.origins else 0)
        return at, at
