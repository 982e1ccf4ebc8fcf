"""English rules for numbers that name things or keep a score: help lines ("dial 999", "nine
nine nine"), roads ("the 405"), jets ("Boeing 737"), teams ("the 49ers"), fiscal years
("FY2025"), scores and votes ("3-0", "51-49") and cricket scores ("6/245").

They run before the general number rules of :mod:`en_numbers`, which would read these as
quantities ("nine hundred ninety-nine").
"""

from __future__ import annotations

import re

from .numwords import cardinal, digits, nominal, year
from .rules import Case, case

# --- numbers that name things ------------------------------------------------------------

# Emergency and help lines are said digit by digit ("nine one one", "triple zero" in Australia)
# when the words around them say they are dialled; 911 always, "000" alone can be nothing else.
EMERGENCY_NUMBERS = frozenset("911 999 112 111 101 988 119 110 108 102 1098 1091 181 1930".split())
_DIALLED_BEFORE = (
    r"(?i:dial(?:s|led|ed|ling|ing)?|call(?:s|ed|ing)?|ring(?:s|ing)?|rang|phon(?:e|es|ed|ing)|"
    r"text(?:s|ed|ing)?|use|using|NHS|helplines?|hotlines?|number)"
)
_DIALLED_AFTER = (
    r"(?i:call|line|lifeline|helpline|hotline|operators?|dispatch(?:ers?)?|cent(?:re|er)s?|"
    r"services?|system|outage|emergency|number|handlers?|crisis|non-emergency)"
)
# "999 calls rose": these three are the emergency number even before "calls" ("received 112 calls"
# may be a count).
_CALLS = re.compile(r"\W+(?i:calls|callers)\b")


def _dialled(m: re.Match[str]) -> str:
    written = m[1]
    if written == "000":
        return "triple zero"
    before = m.string[max(0, m.start() - 24) : m.start()]
    after = m.string[m.end() : m.end() + 40]
    told = re.search(rf"\b{_DIALLED_BEFORE}\W+(?:\w+\W+)?$", before) or re.match(
        rf"\W+(?:\w+\W+)?{_DIALLED_AFTER}\b", after
    )
    helpline = re.search(r"(?i:\b(?:dial(?:led|ed|ling|ing)?|helplines?|hotlines?)\W+)$", before)
    if written == "911" and not re.search(r"(?i:porsche)\s+$", before):
        return digits(written)
    if written in ("999", "911") and _CALLS.match(after):
        return digits(written)
    if (written in EMERGENCY_NUMBERS and told) or helpline:
        return digits(written)
    return written


famous_numbers = case("famous_numbers", r"(?<![\w$\u00a3\u20ac.,/:-])(\d{3,4})(?![\w%/:-]|[.,]\d)", _dialled)
double_oh_seven = case("double_oh_seven", r"(?<![\w.,-])007\b", "double oh seven")
# "Traffic on the 405": a road named by its number, said as Los Angeles says it.
roads = case(
    "roads",
    r"\b((?:on|onto|off|along|via|take|took|taking|from) the )(\d{3})\b"
    r"(?=\s+(?:was|is|were|are|has|had|will|near|at|in|and|or|between|through|freeway|highway|"
    r"interstate|expressway|northbound|southbound|eastbound|westbound)\b|\s*[.,;:!?)]|\s*$)",
    lambda m: m[1] + nominal(m[2]),
)
# "Boeing 737", "the 787 Dreamliner", "737 MAX jets", "the 777X": Boeing's jets are said in
# pairs, the 777 "triple seven".
def _boeing(m: re.Match[str]) -> str:
    model, letter, variant = m[1] or m[4], m[2] or m[5], m[3] or m[6]
    spoken = "triple seven" if model == "777" else nominal(model)
    return " ".join(part for part in (spoken, letter, variant and nominal(variant)) if part)


boeing = case(
    "boeing",
    r"(?:(?<=Boeing )|(?<=Boeing's ))(7[0-8]7)(X)?(?:-(\d{1,3}))?\b"
    r"|\b(7[0-8]7)(X)?(?:-(\d{1,3}))?(?=\s+(?:MAX|Max|jets?|jetliners?|airliners?|planes?|aircraft|"
    r"Dreamliners?|freighters?|fleet)\b)",
    _boeing,
)
# "a 401(k) plan", "a 501(c)(3) charity": sections of the US tax code.
tax_code = case(
    "tax_code",
    r"\b(\d{3})\(([a-z])\)(?:\((\d{1,2})\))?",
    lambda m: f"{nominal(m[1])} {m[2].upper()}" + (f" {cardinal(int(m[3]))}" if m[3] else ""),
)


def _team(m: re.Match[str]) -> str:
    words = cardinal(int(m[1]))
    return words + ("rs" if words.endswith("e") else "ers")


# "the 49ers" (forty-niners), "the 76ers" (seventy-sixers)
team_numbers = case("team_numbers", r"\b(\d{2})ers\b", _team)

# --- fiscal years, scores ----------------------------------------------------------------


def _fiscal_year(written: str) -> str:
    return year(int(written)) if len(written) == 4 else cardinal(int(written))


# "FY2025", "FY24", "FY2024-25", "FY 2023/24": the letters, then the year or years.
fiscal_years = case(
    "fiscal_years",
    r"\bFY\s?(\d{4}|\d{2})(?:[-/\u2013](\d{4}|\d{2}))?\b",
    lambda m: f"F Y {_fiscal_year(m[1])}" + (f" to {_fiscal_year(m[2])}" if m[2] else ""),
)


# Betting odds: "won at 100/1", "odds of 5/2", "a 33/1 outsider" ("one hundred to one"); "at"
# alone only where the clause ends ("Outsider wins at 100/1"), as a cricket score runs on.
_ODDS_BEFORE = r"(?i:odds of|odds|priced at|backed at|price of|SP of)\s+|\bat\s+(?=\d+/\d+\s*(?:[.,;:!?]|$))"
_ODDS_AFTER = r"(?i:outsiders?|shots?|long ?shots?|favou?rites?|chances?|odds|winners?|against)"
odds = case(
    "odds",
    rf"(?:\b({_ODDS_BEFORE})|(?<![\w/.]))(\d{{1,3}})/(\d{{1,3}})(?![\w/])(?(1)|(?=\s+{_ODDS_AFTER}\b))",
    lambda m: (m[1] or "") + f"{cardinal(int(m[2]))} to {cardinal(int(m[3]))}",
)


def scores(british: bool) -> Case:
    """A score or a vote: "won 52-48", "fifty-two to forty-eight". British English says a draw
    and a zero its own way ("one-all", "nil-nil", "three-nil"). A range ("3-5 weeks") runs
    upwards and is left to :data:`ranges`."""

    def say(m: re.Match[str]) -> str:
        first, second = int(m[1]), int(m[2])
        if first < second:
            return m[0]
        if british and first <= 20 and (first == second or second == 0):
            if first == second:
                return "nil-nil" if first == 0 else f"{cardinal(first)}-all"
            return f"{cardinal(first)}-nil"
        return f"{cardinal(first)} to {cardinal(second)}"

    return case(
        f"scores_{'british' if british else 'us'}",
        r"(?<![\w.,/-])(\d{1,3})\s?[-\u2013]\s?(\d{1,3})(?![\w%/\u00b0-]|[.,]\d|\s?(?:%|percent|per cent))",
        say,
    )


# A cricket score: "Australia were 6/245" (wickets first, as Australia writes it) and, where the
# words around it are about an innings, "India were 245/6" or "245-6 at stumps" (runs first).
_INNINGS = re.compile(r"(?i:\b(?:were|stumps|tea|lunch|innings|declared|all out|wickets?|overs|bat(?:ted|ting)?)\b)")


def _cricket(m: re.Match[str]) -> str:
    if m[1]:
        wickets, runs = int(m[1]), int(m[2])
        return f"{cardinal(wickets)} for {cardinal(runs)}" if runs > 31 else m[0]
    runs, wickets = int(m[3]), int(m[4])
    around = m.string[max(0, m.start() - 30) : m.end() + 30]
    return f"{cardinal(runs)} for {cardinal(wickets)}" if runs > 31 and _INNINGS.search(around) else m[0]


cricket = case(
    "cricket",
    r"(?<![\w/.,$-])(?:(10|[0-9])/(\d{2,3})|(\d{2,3})[/-](10|[0-9]))(?![\w/-]|[.,]\d)",
    _cricket,
)
