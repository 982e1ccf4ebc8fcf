"""The pronunciation lexicon: words the voice gets wrong, and how to say them.

A lexicon is a TOML file. Top-level entries apply to every language; a table named for a
language (``[en]``, ``[en-GB]``, ``[fr]``) applies to that language and its regional
variants. Each entry maps a word or phrase as written to what the voice should read::

    Nguyen = "Win"                     # a respelling, in ordinary letters
    [en]
    Kyiv = "Keev"
    Qatar = "[[ kˈʌtɑːɹ ]]"            # Piper phonemes (espeak-ng IPA) between [[ and ]]

Matching is on whole words and case-sensitive ("Nguyen" and "Nguyen's", not "nguyen").
Respellings go through the normalizer like the article's text, so write them in ordinary
lower or mixed case; phonemes are passed to the voice untouched (Piper voices only).

The built-in lexicon is ``voices/lexicon.toml``; a show's own ``lexicon.toml`` beside its
settings file overrides it entry by entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..bundled import builtin_dir
from ..errors import ConfigError
from ..fsutil import read_toml

LEXICON_NAME = "lexicon.toml"


@dataclass(frozen=True)
class Lexicon:
    """Written form -> spoken form, by language ("" for every language)."""

    entries: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        data = read_toml(path, "a valid lexicon TOML")
        entries: dict[str, dict[str, str]] = {"": {}}
        for key, value in data.items():
            if isinstance(value, dict):
                table = entries.setdefault(key.lower().replace("_", "-"), {})
                for word, spoken in value.items():
                    table[word] = _spoken(path, f"[{key}] {word}", spoken)
            else:
                entries[""][key] = _spoken(path, key, value)
        return cls(entries)

    def merged(self, override: Lexicon) -> Lexicon:
        """This lexicon with ``override``'s entries on top (a show's over the built-in)."""
        entries = {language: dict(words) for language, words in self.entries.items()}
        for language, words in override.entries.items():
            entries.setdefault(language, {}).update(words)
        return Lexicon(entries)

    def for_language(self, language: str) -> dict[str, str]:
        """The entries that apply to ``language``: general, then base language, then region."""
        code = language.lower().replace("_", "-")
        words = dict(self.entries.get("", {}))
        words.update(self.entries.get(code.split("-")[0], {}))
        words.update(self.entries.get(code, {}))
        return words

    def __len__(self) -> int:
        return sum(len(words) for words in self.entries.values())


def _spoken(path: Path, key: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(
            f"{path}: lexicon entry {key!r} must be a non-empty string, like "
            f'Nguyen = "Win". Fix the entry.'
        )
    return value


@dataclass(frozen=True)
class Replacer:
    """One compiled pass that swaps every lexicon word for its spoken form."""

    words: dict[str, str]

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        if not self.words:
            return None
        alternation = "|".join(re.escape(w) for w in sorted(self.words, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")

    def __call__(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda m: self.words[m[0]], text)


def builtin_path() -> Path:
    return builtin_dir() / LEXICON_NAME


def load_lexicon(show_folder: Path | None = None) -> Lexicon:
    """The built-in lexicon, overridden by ``show_folder/lexicon.toml`` if there is one."""
    builtin = builtin_path()
    lexicon = Lexicon.load(builtin) if builtin.is_file() else Lexicon()
    if show_folder is not None and (show_folder / LEXICON_NAME).is_file():
        lexicon = lexicon.merged(Lexicon.load(show_folder / LEXICON_NAME))
    return lexicon
