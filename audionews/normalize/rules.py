"""The building blocks of a normalizer: small named rules applied in order.

A rule is any ``str -> str`` function. Most are one regex :class:`Case` (gTTS-tokenizer
style), so each can be read, swapped and tested alone with input/expected pairs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Rule = Callable[[str], str]
Replacement = str | Callable[[re.Match[str]], str]


@dataclass(frozen=True)
class Case:
    """One regex case: every match of ``pattern`` is replaced by ``replace``."""

    name: str
    pattern: re.Pattern[str]
    replace: Replacement

    def __call__(self, text: str) -> str:
        return self.pattern.sub(self.replace, text)


def case(name: str, pattern: str, replace: Replacement, flags: int = 0) -> Case:
    return Case(name, re.compile(pattern, flags), replace)


def apply(rules: Sequence[Rule], text: str) -> str:
    for rule in rules:
        text = rule(text)
    return text


# The letter A as a rule spells it ("A P reported", "N S A"), marked with an invisible word
# joiner: espeak-ng, which phonemizes for Piper, reads a bare "A" as the article ("uh P
# reported"). The Piper engine names the marked letter; to other readers the mark is nothing.
# (Typography drops word joiners from the input, so every mark is a rule's.)
SPELLED_A = "A\u2060"

# Language-neutral typography: curly quotes, odd spaces and invisible characters. Dashes are
# left to the language rules, which read "10–12" and "war – and peace" differently.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u200b": "",
        "\u00ad": "",
        "\ufeff": "",
        "\u2060": "",  # the word joiner: SPELLED_A's mark
        "\u2026": "...",
        "\u2212": "-",  # the minus sign
        "\u2011": "-",  # the non-breaking hyphen
    }
)


def typography(text: str) -> str:
    return text.translate(_TYPOGRAPHY)


def tidy_punctuation(text: str) -> str:
    """Mend the commas that expansions leave behind (", ," and ",." and " ,")."""
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",(?:\s*,)+", ",", text)
    text = re.sub(r",\s*([.;:!?])", r"\1", text)
    text = re.sub(r"([.!?;:])\s*,", r"\1", text)
    return re.sub(r"^\s*,\s*|\s*,\s*$", "", text)


def whitespace(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


NEUTRAL: tuple[Rule, ...] = (typography, whitespace)
