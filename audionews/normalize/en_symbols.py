"""English rules for the web and for symbols: URLs, emails, handles, hashtags, &, +, /,
dashes, brackets and ellipses."""

from __future__ import annotations

import re

from .numwords import digits
from .rules import case

_SEPARATORS = {".": " dot ", "/": " slash ", "-": " dash ", "_": " underscore ", "@": " at "}
_TLDS = (
    "com|org|net|gov|edu|mil|int|io|co|uk|us|info|news|tv|ly|ai|de|fr|ru|cn|ca|au|eu|in|jp|ua"
)


def _speak_address(address: str) -> str:
    spoken = re.sub(r"[./\-_@]", lambda m: _SEPARATORS[m[0]], address)
    spoken = re.sub(r"[^\w\s']", " ", spoken)
    spoken = re.sub(r"\d{5,}", lambda m: digits(m[0]), spoken)  # an id, not a quantity
    return re.sub(r"\s+", " ", spoken).strip()


def _url(m: re.Match[str]) -> str:
    host, path = m[2], (m[3] or "").rstrip("/")
    spoken = ("w w w dot " if m[1] else "") + _speak_address(host)
    return spoken + (" " + _speak_address(path) if path else "")


emails = case(
    "emails",
    r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b",
    lambda m: _speak_address(m[0].replace("+", " plus ")),
)
urls = case(
    "urls",
    r"\b(?:https?://)?(www\.)?((?:[A-Za-z0-9-]+\.)+(?:" + _TLDS + r"))\b"
    r"(/(?:[^\s\"'<>()]*[^\s\"'<>().,;:!?])?)?",
    _url,
)
def _words(name: str) -> str:
    """Split a run-together name at its capitals and digits: "BlackLivesMatter"."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)", " ", name)


handles = case("handles", r"(?<![\w@])@(\w{1,30})\b", lambda m: f"at {_words(m[1])}")


def _hashtag(m: re.Match[str]) -> str:
    return f"hashtag {_words(m[1])}"


hashtags = case("hashtags", r"(?<![\w&#])#([A-Za-z]\w*)", _hashtag)

ampersand = case("ampersand", r"\s*&\s*", " and ")
# "2 + 2", "18+", and a name's plus ("OPEC+", "Disney+")
plus = case("plus", r"(?<=\d)\s?\+(?=\s?\d)|(?<=\d)\+|(?<=\s)\+(?=\s)|(?<=[A-Za-z])\+(?![\w+])", " plus ")
equals = case("equals", r"\s?=\s?", " equals ")
approximately = case("approximately", r"~\s?(?=\d)", "about ")
and_or = case("and_or", r"\band/or\b", "and or")
with_slash = case("with_slash", r"\bw/(?=\s)", "with")
slash = case("slash", r"(?<=\w)\s?/\s?(?=\w)", " slash ")
at_sign = case("at_sign", r"\s?@\s?", " at ")
number_sign = case("number_sign", r"#", " number ")
degrees = case("degrees", r"\u00b0", " degrees")
SYMBOL_WORDS = {"\u00a7": " section ", "\u00b1": " plus or minus ", "\u00d7": " times ",
                "\u2192": " to ", "*": "", "_": " ", "|": ", ", "\u2022": ", ", "\u00b7": ", "}  # fmt: skip
symbols = case(
    "symbols", "[" + re.escape("".join(SYMBOL_WORDS)) + "]", lambda m: SYMBOL_WORDS[m[0]]
)


def _ellipsis(m: re.Match[str]) -> str:
    before = m.string[: m.start()].rstrip()
    if not before or before[-1] in ".!?":
        return " "
    if not m.string[m.end() :].strip(" \"')"):
        return "."
    return ", "


ellipsis = case("ellipsis", r"(?<!\.)\s*\.\.\.+\s*", _ellipsis)
# A dash that sets off a phrase is a pause; one joining two words is a hyphen.
dashes = case("dashes", r"\s*(?:\u2014|\u2015|--)\s*|\s+[-\u2013]\s+", ", ")
word_dash = case("word_dash", r"(?<=\w)\u2013(?=\w)", "-")
brackets = case("brackets", r"[\[\]{}]", "")
parentheses = case("parentheses", r"\s*\(\s*|\s*\)", ", ")
