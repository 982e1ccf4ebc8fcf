"""Where the spoken words differ from the written ones, for a producer reviewing a script.

``spoken_changes("Senate Approves $1.2 Trillion Spending Bill", spoken)`` lines the two texts up
word by word (difflib) and returns the spans in order, each either the same on both sides or a
change ("$1.2 Trillion" -> "one point two trillion dollars"). Differences a listener cannot hear
are not changes: letter case ("NATO" said "Nato"), punctuation at a word's edges, and the
invisible mark of a spelled letter A.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

from .rules import SPELLED_A


@dataclass(frozen=True)
class Span:
    """A run of words: ``written`` as printed, ``spoken`` as said; ``changed`` if they differ."""

    written: str
    spoken: str
    changed: bool


def _key(word: str) -> str:
    return re.sub(r"^\W+|\W+$", "", word.replace(SPELLED_A, "A").lower())


def spoken_changes(written: str, spoken: str) -> list[Span]:
    """The written and the spoken text as spans, unchanged and changed, in reading order."""
    before, after = written.split(), spoken.replace(SPELLED_A, "A").split()
    keys_before, keys_after = [_key(w) for w in before], [_key(w) for w in after]
    spans: list[Span] = []
    matcher = SequenceMatcher(a=keys_before, b=keys_after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        said, shown = " ".join(after[j1:j2]), " ".join(before[i1:i2])
        # A dash or a bracket that became a comma is heard as the same pause: not a change.
        heard = any(keys_before[i1:i2]) or any(keys_after[j1:j2])
        spans.append(Span(shown, said, op != "equal" and heard))
    return _joined(spans)


def _joined(spans: list[Span]) -> list[Span]:
    """One change for an amount whose word the two sides share: "$1.2 Trillion" became "one point
    two" + "trillion" + "dollars", which reads best as "[$1.2 Trillion → one point two trillion
    dollars]"."""
    out: list[Span] = []
    for span in spans:
        if (
            span.changed and not span.written and len(out) >= 2 and not out[-1].changed
            and len(out[-1].written.split()) == 1 and out[-2].changed and re.search(r"\d", out[-2].written)
        ):  # fmt: skip
            middle, first = out.pop(), out.pop()
            span = Span(f"{first.written} {middle.written}", f"{first.spoken} {middle.spoken} {span.spoken}", True)
        out.append(span)
    return out


def marked(spans: list[Span], highlight: Callable[[str], str] = str) -> str:
    """The spoken text with each change shown as ``[written → spoken]`` (``highlight`` may
    colour it); unchanged words are shown as spoken."""
    parts = []
    for span in spans:
        if span.changed:
            arrow = " → ".join(part for part in (span.written, span.spoken))
            parts.append(highlight(f"[{arrow.strip()}]"))
        elif span.spoken:
            parts.append(span.spoken)
    return " ".join(parts)
