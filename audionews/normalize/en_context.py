"""What English rules need to know about the words around a match."""

from __future__ import annotations

import re

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH = "(?:" + "|".join(MONTHS) + ")"

# Words that usually begin a sentence: after "in the U.S." or "at 5 p.m." one of these means
# the abbreviation's period also ended the sentence, so the expansion must keep a full stop.
STARTERS = frozenset(
    """a an the he she it they we i you his her its their our my your this that these those
    there here then but and or so yet if when while after before as since because although
    though in on at by for from with without of to into over under during until about
    some many most several few all both each every no none one two three officials police
    what who why how where which mr mrs ms dr earlier later meanwhile still also however
    """.split()
)

_AFTER = re.compile(r"""\s*["')\]]*\s*(?:(["'(\[]?)(\w+))?""")


def ends_sentence(text: str, end: int) -> bool:
    """Whether a period at ``text[end - 1]`` closes the sentence as well as an abbreviation."""
    rest = text[end:]
    if not rest.strip(" \t\n\"')]") or rest[:1] in "\"')]":  # a quote closing on the period
        return True
    match = _AFTER.match(rest)
    word = match.group(2) if match else None
    if word is None:
        return False
    if match.group(1):  # an opening quote after the period starts a new sentence
        return True
    return word[0].isupper() and word.lower() in STARTERS


def period_if_end(text: str, end: int) -> str:
    return "." if ends_sentence(text, end) else ""
