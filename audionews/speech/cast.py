"""The cast: which voice speaks each role of a script, at what pace, with what pause after it.

The ``[cast]`` table of ``audionews.toml`` sets it, the command line overrides it::

    [cast]
    voice = "joe"              # the narrator: every role without a voice of its own
    speed = 1.0                # the listener's pace; --speed replaces it
    engine = "piper"           # force every voice onto one engine; --engine replaces it
    fallback_offline = false   # a network voice that cannot be reached gives way to an offline one
    strict_language = false    # text in a script the voice does not read: an error, not a warning

    [cast.headline]
    speed = 0.9                # relative to the narrator's pace
    pause_ms = 1200            # silence after it (written into the script when it is built)

    [cast.caption]
    voice = "espeak"

A segment's own ``voice`` (in an edited script JSON) wins over the cast. The pace a segment is
spoken at is ``speed x the voice's own speed x the role's speed``, kept within 0.5 to 2.5.
"""

from __future__ import annotations

import logging
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from . import engines
from ..errors import ConfigError, EngineError
from ..model import ROLES, Script
from .voices import (
    DEFAULT_VOICE,
    MAX_SPEED,
    MIN_SPEED,
    VoiceProfile,
    all_profiles,
    available,
    check_speed,
    covers,
    load_voice,
)

log = logging.getLogger("audionews")

# The [cast] part of the file 'audionews init' writes: the defaults, spelled out to edit.
TEMPLATE = """
[cast]
# Who speaks each role and how. 'audionews voices' lists the voices.
# voice = "joe"             # the narrator (--voice); empty: the best voice for the language
# speed = 1.0               # the listener's pace, 0.5 to 2.5 (--speed)
# fallback_offline = false  # an unreachable online voice gives way to the offline one
# strict_language = false   # true: an article in a script the voice does not read stops the run
# A role's table takes voice, speed (times the narrator's) and pause_ms (silence after it).
# Roles: intro, headline, byline, dateline, caption, heading, paragraph, quote, outro.
[cast.headline]
speed = 0.9
# pause_ms = 1000
[cast.heading]
speed = 0.95
# [cast.caption]
# voice = "espeak"
"""


@dataclass(frozen=True)
class RoleStyle:
    voice: str | None = None
    speed: float = 1.0  # relative to the narrator's pace
    pause_ms: int | None = None  # None: the script builder's pause for the role


# Tuned for the one offline voice: the headline a little slower so it lands, section headings
# a touch slower to mark the turn; everything else at the narrator's pace.
DEFAULT_ROLES: dict[str, RoleStyle] = {
    "headline": RoleStyle(speed=0.9),
    "heading": RoleStyle(speed=0.95),
}
TOP_KEYS = ("voice", "engine", "speed", "fallback_offline", "strict_language")
ROLE_KEYS = ("voice", "speed", "pause_ms")


@dataclass(frozen=True)
class CastOptions:
    voice: str | None = None
    engine: str | None = None
    speed: float = 1.0
    fallback_offline: bool = False
    strict_language: bool = False  # text the voice cannot read stops the run (else a warning)
    roles: dict[str, RoleStyle] = field(default_factory=lambda: dict(DEFAULT_ROLES))

    @classmethod
    def from_table(cls, table: dict[str, Any], where: str = "[cast]") -> CastOptions:
        roles = dict(DEFAULT_ROLES)
        top: dict[str, Any] = {}
        for key, value in table.items():
            if key in ROLES:
                if not isinstance(value, dict):
                    raise ConfigError(f"{where}: [cast.{key}] must be a table, like [cast.{key}] speed = 0.9.")
                roles[key] = _role_style(roles.get(key, RoleStyle()), value, f"{where} [cast.{key}]")
            elif key in TOP_KEYS:
                top[key] = value
            else:
                raise ConfigError(
                    f"{where}: unknown [cast] key {key!r}. Use {', '.join(TOP_KEYS)}, "
                    f"or a role table: {', '.join(ROLES)}."
                )
        options = cls(roles=roles, strict_language=bool(_flag(top, "strict_language", where)))
        return options.override(
            voice=_optional_text(top, "voice", where),
            engine=_optional_text(top, "engine", where),
            speed=_number(top["speed"], f"{where} speed") if "speed" in top else None,
            fallback_offline=_flag(top, "fallback_offline", where),
        )

    def override(
        self,
        voice: str | None = None,
        engine: str | None = None,
        speed: float | None = None,
        fallback_offline: bool | None = None,
    ) -> CastOptions:
        """These options with the command line's choices (None: keep the setting)."""
        if engine is not None:
            engines.engine_class(engine)  # an unknown engine is reported before any work
        return replace(
            self,
            voice=voice if voice is not None else self.voice,
            engine=engine if engine is not None else self.engine,
            speed=check_speed(speed) if speed is not None else self.speed,
            fallback_offline=fallback_offline if fallback_offline is not None else self.fallback_offline,
        )

    def pauses(self) -> dict[str, int]:
        """The roles whose pause the cast sets, for the script builder."""
        return {role: style.pause_ms for role, style in self.roles.items() if style.pause_ms is not None}


def _role_style(base: RoleStyle, table: dict[str, Any], where: str) -> RoleStyle:
    unknown = sorted(set(table) - set(ROLE_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}. Use {', '.join(ROLE_KEYS)}.")
    style = base
    if "voice" in table:
        style = replace(style, voice=_optional_text(table, "voice", where))
    if "speed" in table:
        speed = _number(table["speed"], f"{where} speed")
        style = replace(style, speed=check_speed(speed, f"{where} speed"))
    if "pause_ms" in table:
        pause = table["pause_ms"]
        if isinstance(pause, bool) or not isinstance(pause, int) or not 0 <= pause <= 10_000:
            raise ConfigError(f"{where}: pause_ms must be a whole number of milliseconds, 0 to 10000.")
        style = replace(style, pause_ms=pause)
    return style


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where}: must be a number like 1.0, not {value!r}.")
    return check_speed(float(value), where)


def _optional_text(table: dict[str, Any], key: str, where: str) -> str | None:
    value = table.get(key)
    if value is not None and not (isinstance(value, str) and value):
        raise ConfigError(f"{where}: {key} must be a name in quotes, not {value!r}.")
    return value


def _flag(table: dict[str, Any], key: str, where: str) -> bool | None:
    value = table.get(key)
    if value is not None and not isinstance(value, bool):
        raise ConfigError(f"{where}: {key} must be true or false, not {value!r}.")
    return value


@dataclass(frozen=True)
class Voicing:
    """Who speaks one segment and how fast: all a worker needs to synthesize it."""

    profile: VoiceProfile
    speed: float


class Cast:
    """Resolves the cast for a run: profiles loaded, languages checked, voices made usable."""

    def __init__(self, options: CastOptions | None = None) -> None:
        self.options = options or CastOptions()
        self._usable: dict[str, VoiceProfile] = {}  # profile name -> the profile that speaks

    def voicings(self, script: Script, language: str | None = None) -> list[Voicing]:
        """One voicing per segment of ``script``, in ``language`` (default: the script's)."""
        language = language or script.language
        try:
            return [self.voicing(s.role, s.voice, language) for s in script.segments]
        except ConfigError as error:  # name the article whose voices or language do not fit
            raise ConfigError(f"{script.source or script.title}: {error}") from None

    def check_language(self, script: Script, voicings: list[Voicing]) -> None:
        """Warn (or, with ``strict_language``, stop) when a voice is given text in a writing
        system its language does not use: the English voice reads Russian as minutes of
        gibberish. Intros and outros are the show's own words and are not looked at."""
        letters: dict[str, Counter[str]] = {}
        for segment, voicing in zip(script.segments, voicings, strict=True):
            if segment.role not in ("intro", "outro"):
                found = letters.setdefault(voicing.profile.name, Counter())
                found.update(_writing_system(c) for c in segment.text if c.isalpha())
        for name, found in letters.items():
            profile = next(v.profile for v in voicings if v.profile.name == name)
            reads = _READS.get(_primary(profile.language))
            total = sum(found.values())
            if reads is None or not total:
                continue
            system, count = found.most_common(1)[0]
            if system in reads or count < max(20, total / 2) or system not in _LOOKS:
                continue
            message = (
                f"{script.source or script.title}: this article looks {_LOOKS[system]}; the voice "
                f"{name} speaks {_language_name(profile.language)}: choose a voice with --voice, "
                "or --engine gtts."
            )
            if self.options.strict_language:
                raise ConfigError(f"{message} ([cast] strict_language is on.)")
            log.warning(message)

    def voicing(self, role: str | None, voice: str | None = None, language: str | None = None) -> Voicing:
        style = self.options.roles.get(role or "", RoleStyle())
        profile = self.usable(self.choose(voice or style.voice or self.options.voice, language), language)
        speed = self.options.speed * profile.speed * style.speed
        return Voicing(profile, min(max(speed, MIN_SPEED), MAX_SPEED))

    def choose(self, name: str | None, language: str | None) -> VoiceProfile:
        """The named voice, else the best voice for the language; moved to --engine if set."""
        engine = self.options.engine
        if name is None:
            return default_voice(language, engine)
        profile = load_voice(name)
        if engine and profile.engine != engine:
            return default_voice(language or profile.language, engine)
        if language and not covers(profile.language, language):
            speakers = [p.name for p in all_profiles() if covers(p.language, language)]
            raise ConfigError(
                f"voice {name!r} speaks {profile.language}, but the article is in {language!r}. "
                + (f"Use a voice for it: {', '.join(speakers)}." if speakers else _add_voice_hint(language))
            )
        return profile

    def usable(self, profile: VoiceProfile, language: str | None) -> VoiceProfile:
        """The profile if it can speak now; else the offline stand-in when that is allowed."""
        if profile.name not in self._usable:
            problem = engines.problem(profile)
            if problem is None:
                self._usable[profile.name] = profile
            elif profile.needs_network and self.options.fallback_offline:
                stand_in = default_voice(language or profile.language, offline=True)
                log.warning(
                    "%s cannot reach its online service; the offline voice %r speaks its parts instead.",
                    profile.where, stand_in.name,
                )  # fmt: skip
                self._usable[profile.name] = self.usable(stand_in, language)
            else:
                raise EngineError(problem)
        return self._usable[profile.name]


# The writing systems a voice's language is read in (by its primary tag); a language not listed
# is not checked. And what text mostly in another system looks like, for the message.
_LATIN = {"LATIN"}
_READS = {
    **{tag: _LATIN for tag in (
        "en fr de es it pt nl sv no nb nn da fi is pl cs sk sl hr bs ro hu tr az id ms vi ca eu gl "
        "et lv lt sq ga cy mt sw tl af lb"
    ).split()},
    **{tag: {"CYRILLIC"} for tag in "ru uk be bg mk kk ky mn".split()},
    "sr": {"CYRILLIC", "LATIN"},
    **{tag: {"ARABIC"} for tag in "ar fa ur ps".split()},
    "he": {"HEBREW"}, "yi": {"HEBREW"}, "el": {"GREEK"}, "hi": {"DEVANAGARI"}, "mr": {"DEVANAGARI"},
    "ne": {"DEVANAGARI"}, "th": {"THAI"}, "ko": {"HANGUL", "CJK"}, "zh": {"CJK"},
    "ja": {"CJK", "HIRAGANA", "KATAKANA"}, "ka": {"GEORGIAN"}, "hy": {"ARMENIAN"},
    "bn": {"BENGALI"}, "ta": {"TAMIL"}, "te": {"TELUGU"}, "am": {"ETHIOPIC"},
}  # fmt: skip
_LOOKS = {
    "LATIN": "written in Latin letters", "CYRILLIC": "Russian", "ARABIC": "Arabic",
    "HEBREW": "Hebrew", "GREEK": "Greek", "DEVANAGARI": "Hindi", "THAI": "Thai",
    "HANGUL": "Korean", "CJK": "Chinese", "HIRAGANA": "Japanese", "KATAKANA": "Japanese",
    "GEORGIAN": "Georgian", "ARMENIAN": "Armenian", "BENGALI": "Bengali", "TAMIL": "Tamil",
    "TELUGU": "Telugu", "ETHIOPIC": "Amharic",
}  # fmt: skip


def _writing_system(char: str) -> str:
    """The first word of a letter's Unicode name: LATIN, CYRILLIC, CJK, HANGUL ..."""
    return unicodedata.name(char, "?").split(" ", 1)[0]


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def _language_name(tag: str) -> str:
    import pycountry

    found = pycountry.languages.get(alpha_2=_primary(tag)) or pycountry.languages.get(alpha_3=_primary(tag))
    return found.name if found else tag


def default_voice(language: str | None, engine: str | None = None, offline: bool = False) -> VoiceProfile:
    """The best voice for a language: the default voice if it fits, then offline voices, then
    network ones, usable ones before the rest (whose problem is reported when used)."""
    if DEFAULT_VOICE in available():  # the common case, without reading (and importing) the rest
        first = load_voice(DEFAULT_VOICE)
        if _fits(first, language, engine, offline) and engines.problem(first) is None:
            return first
    candidates = [
        p
        for p in all_profiles()
        if _fits(p, language, engine, offline)
    ]
    if not candidates:
        what = f"no {engine} voice" if engine else ("no offline voice" if offline else "no voice")
        raise ConfigError(f"{what} speaks {language or 'any language'!r}. " + _add_voice_hint(language or "en"))
    candidates.sort(key=lambda p: (p.name != DEFAULT_VOICE, p.needs_network))
    for profile in candidates:
        if engines.problem(profile) is None:
            return profile
    return candidates[0]


def _fits(profile: VoiceProfile, language: str | None, engine: str | None, offline: bool) -> bool:
    return (
        (language is None or covers(profile.language, language))
        and (engine is None or profile.engine == engine)
        and not (offline and profile.needs_network)
    )


def _add_voice_hint(language: str) -> str:
    return (
        f"Add a profile ./voices/NAME.toml with language = \"{language}\" (a Piper model for it, "
        "or engine = \"gtts\"), or set the article's language."
    )
