"""Turn an article's written words into the words a voice should say.

``normalize(text, language)`` is the one entry point the script builder and ``audionews say``
use. A :class:`Normalizer` holds a run's lexicon; the rules for each language are small named
functions (see :mod:`.rules`) listed in order by a module per language (:mod:`.english`) and
registered in :data:`LANGUAGES`, so another language plugs in with :func:`register_language`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from .lexicon import Lexicon, Replacer, load_lexicon
from .rules import NEUTRAL, SPELLED_A, Rule, apply, typography, whitespace

__all__ = ["LANGUAGES", "SPELLED_A", "Lexicon", "Normalizer", "load_lexicon", "normalize", "register_language"]


def _english(date_order: str) -> Callable[[], Sequence[Rule]]:
    def build() -> Sequence[Rule]:
        from .english import rules

        return rules(date_order)

    return build


# Language code (lower case, "-" between parts) -> a function building its rules, which is
# called once, the first time the language is used. A region falls back to its language.
LANGUAGES: dict[str, Callable[[], Sequence[Rule]]] = {
    "en": _english("MDY"),
    **{code: _english("DMY") for code in ("en-gb", "en-au", "en-nz", "en-ie", "en-in", "en-za")},
}


def register_language(code: str, build: Callable[[], Sequence[Rule]]) -> None:
    LANGUAGES[_code(code)] = build
    _rules_for.cache_clear()


def _code(language: str) -> str:
    return language.lower().replace("_", "-")


@lru_cache(maxsize=None)
def _rules_for(language: str) -> tuple[Rule, ...]:
    code = _code(language)
    build = LANGUAGES.get(code) or LANGUAGES.get(code.split("-")[0])
    return tuple(build()) if build else ()


# Piper reads phonemes written between [[ and ]]; the rules must not touch them, so they are
# swapped for private-use characters while the rules run.
_PHONEMES = re.compile(r"\[\[.*?\]\]")
_STASH = 0xE000


class Normalizer:
    """Normalizes text for speech with one lexicon; build it once per run."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or Lexicon()
        self._replacers: dict[str, Replacer] = {}

    @classmethod
    def for_show(cls, show_folder: Path | None) -> Normalizer:
        """The built-in lexicon with the show's ``lexicon.toml`` (beside its settings) on top."""
        return cls(load_lexicon(show_folder))

    def _replacer(self, language: str) -> Replacer:
        code = _code(language)
        if code not in self._replacers:
            self._replacers[code] = Replacer(self.lexicon.for_language(code))
        return self._replacers[code]

    def __call__(self, text: str, language: str = "en") -> str:
        text = self._replacer(language)(typography(text))
        stashed: list[str] = []

        def stash(match: re.Match[str]) -> str:
            stashed.append(match[0])
            return chr(_STASH + len(stashed) - 1)

        text = _PHONEMES.sub(stash, text)
        text = apply(_rules_for(language) or NEUTRAL, text)
        if stashed:
            text = re.sub(
                f"[{chr(_STASH)}-{chr(_STASH + len(stashed) - 1)}]",
                lambda m: stashed[ord(m[0]) - _STASH],
                text,
            )
        return whitespace(text)


@lru_cache(maxsize=1)
def default_normalizer() -> Normalizer:
    return Normalizer(load_lexicon())


def normalize(text: str, language: str = "en") -> str:
    """Return the spoken form of ``text`` with the built-in lexicon."""
    return default_normalizer()(text, language)
