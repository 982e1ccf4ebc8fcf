"""English rules for abbreviations: titles, streets and saints, states and party tags,
months, initialisms and acronyms.

An abbreviation's period goes with it, so the sentence splitter no longer sees "Sen." as the
end of a sentence; when the period also closed the sentence, the expansion keeps one.
"""

from __future__ import annotations

import re

from .en_context import STARTERS, period_if_end
from .rules import SPELLED_A, case

# --- titles before a name ----------------------------------------------------------------

TITLES = {
    "Dr": "Doctor", "Drs": "Doctors", "Sen": "Senator", "Sens": "Senators",
    "Rep": "Representative", "Reps": "Representatives", "Gov": "Governor", "Govs": "Governors",
    "Gen": "General", "Lt": "Lieutenant", "Col": "Colonel", "Maj": "Major", "Capt": "Captain",
    "Cmdr": "Commander", "Cdr": "Commander", "Sgt": "Sergeant", "Cpl": "Corporal",
    "Pvt": "Private", "Adm": "Admiral", "Brig": "Brigadier", "Prof": "Professor",
    "Pres": "President", "Rev": "Reverend", "Fr": "Father", "Msgr": "Monsignor",
    "Supt": "Superintendent", "Insp": "Inspector", "Det": "Detective", "Amb": "Ambassador",
    "Sec": "Secretary", "Atty": "Attorney", "Mr": "Mister", "Mrs": "Missus", "Ms": "Miz",
    "Messrs": "Messieurs", "Hon": "Honorable", "Mt": "Mount", "Ft": "Fort", "Pt": "Point",
}  # fmt: skip
# British copy drops the period: "Dr Smith", "Mr Jones".
_BARE_TITLES = ("Mr", "Mrs", "Ms", "Dr", "Prof", "Sgt", "Capt", "Gen", "Col", "Lt", "Gov")

titles = case(
    "titles",
    r"\b(" + "|".join(TITLES) + r")\.(?=\s+[A-Z\"'\ue000-\uf8ff])",
    lambda m: TITLES[m[1]],
)
# These are titles wherever they stand ("Mr. and Mrs. Smith").
courtesy_titles = case(
    "courtesy_titles", r"\b(Mr|Mrs|Ms|Messrs)\.(?=\s)", lambda m: TITLES[m[1]]
)
bare_titles = case(
    "bare_titles",
    r"\b(" + "|".join(_BARE_TITLES) + r")(?=\s+[A-Z][a-z])|\b(Mr|Mrs|Ms)(?=\s+[A-Z]\b(?!\.\w))",  # "Mr X"
    lambda m: TITLES[m[1] or m[2]],
)


def _street_or_saint(m: re.Match[str]) -> str:
    before, dot = m[1] or "", m[3] or ""
    after = re.match(r"\s+(\w+)", m.string[m.end() :])
    next_word = after[1] if after else ""
    names_next = next_word[:1].isupper() and next_word.lower() not in STARTERS
    if before and before.lower() not in STARTERS and not names_next:
        return f"{before} Street" + (period_if_end(m.string, m.end()) if dot else "")
    if next_word[:1].isupper() or next_word[:1] == "\ue000":
        return f"{before} Saint".lstrip()
    return f"{before} Street".lstrip() + (period_if_end(m.string, m.end()) if dot else "")


# "St. Peter's", "St Louis" (Saint) against "Main St.", "5th St." (Street).
saint_or_street = case(
    "saint_or_street",
    r"(?:\b([A-Z][a-z]+|\d+(?:st|nd|rd|th)?) )?\b(St)\b(\.)?",
    _street_or_saint,
)
sainte = case("sainte", r"\bSte\.?(?=\s+[A-Z])", "Sainte")
# "No. 5", "#1", and British copy's "No 10" (Downing Street) without the period
number_sign = case("number_sign", r"\b(?:No|no)\.\s?(?=\d)|\bNo (?=\d)|#(?=\d)", "number ")
numbers_sign = case("numbers_sign", r"\b(?:Nos|nos)\.\s?(?=\d)", "numbers ")

# --- months and days ---------------------------------------------------------------------

MONTH_ABBREVIATIONS = {
    "Jan": "January", "Feb": "February", "Mar": "March", "Apr": "April", "Jun": "June",
    "Jul": "July", "Aug": "August", "Sep": "September", "Sept": "September", "Oct": "October",
    "Nov": "November", "Dec": "December",
}  # fmt: skip
# "Jan." may be a name and "Mar." a word, so those need a day or year after them.
_ALWAYS_MONTHS = ("Feb", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec")

months_before_number = case(
    "months_before_number",
    r"\b(" + "|".join(MONTH_ABBREVIATIONS) + r")\.?(?=\s+\d)",
    lambda m: MONTH_ABBREVIATIONS[m[1]],
)
months = case(
    "months",
    r"\b(" + "|".join(_ALWAYS_MONTHS) + r")\.(?=[\s,;:)]|$)",
    lambda m: MONTH_ABBREVIATIONS[m[1]] + period_if_end(m.string, m.end()),
)
DAYS = {"Tues": "Tuesday", "Wed": "Wednesday", "Thurs": "Thursday", "Thu": "Thursday", "Fri": "Friday"}
days = case(
    "days",
    r"\b(" + "|".join(DAYS) + r")\.(?=\s|$)",
    lambda m: DAYS[m[1]] + period_if_end(m.string, m.end()),
)

# --- other abbreviations -----------------------------------------------------------------

ABBREVIATIONS = {
    "vs.": "versus", "etc.": "et cetera", "e.g.": "for example", "i.e.": "that is",
    "approx.": "approximately", "Dept.": "Department", "Univ.": "University",
    "Corp.": "Corporation", "Inc.": "Incorporated", "Co.": "Company", "Ltd.": "Limited",
    "Bros.": "Brothers", "Assn.": "Association", "Ave.": "Avenue", "Blvd.": "Boulevard",
    "Rd.": "Road", "Hwy.": "Highway", "Rte.": "Route", "Jr.": "Junior", "Sr.": "Senior",
    "Ph.D.": "P H D", "govt.": "government", "Govt.": "Government", "Dist.": "District",
    "Intl.": "International", "Natl.": "National", "est.": "estimated", "Gov't": "Government",
    "gov't": "government", "Ste.": "Suite", "Apt.": "Apartment", "Fig.": "Figure",
}  # fmt: skip

abbreviations = case(
    "abbreviations",
    r"(?<![\w.])(" + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True))
    + r")(?!\w)",
    lambda m: ABBREVIATIONS[m[1]] + (period_if_end(m.string, m.end()) if m[1].endswith(".") else ""),
)
versus = case("versus", r"\b(v)\.(?=\s+[A-Z])", "versus")

# --- states and party tags ---------------------------------------------------------------

AP_STATES = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California",
    "Colo.": "Colorado", "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida",
    "Ga.": "Georgia", "Ill.": "Illinois", "Ind.": "Indiana", "Kan.": "Kansas", "Kans.": "Kansas",
    "Ky.": "Kentucky", "La.": "Louisiana", "Md.": "Maryland", "Mass.": "Massachusetts",
    "Mich.": "Michigan", "Minn.": "Minnesota", "Miss.": "Mississippi", "Mo.": "Missouri",
    "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire",
    "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina",
    "N.D.": "North Dakota", "Okla.": "Oklahoma", "Ore.": "Oregon", "Pa.": "Pennsylvania",
    "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
    "Tenn.": "Tennessee", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington",
    "W.Va.": "West Virginia", "W.Va": "West Virginia", "Wis.": "Wisconsin", "Wyo.": "Wyoming",
}  # fmt: skip
STATE_NAMES = sorted(set(AP_STATES.values()) | {"Alaska", "Hawaii", "Idaho", "Iowa", "Maine",
                     "Ohio", "Texas", "Utah"})  # fmt: skip
POSTAL = dict(zip(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
    "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split(),
    "Alabama,Alaska,Arizona,Arkansas,California,Colorado,Connecticut,Delaware,Florida,Georgia,"
    "Hawaii,Idaho,Illinois,Indiana,Iowa,Kansas,Kentucky,Louisiana,Maine,Maryland,Massachusetts,"
    "Michigan,Minnesota,Mississippi,Missouri,Montana,Nebraska,Nevada,New Hampshire,New Jersey,"
    "New Mexico,New York,North Carolina,North Dakota,Ohio,Oklahoma,Oregon,Pennsylvania,"
    "Rhode Island,South Carolina,South Dakota,Tennessee,Texas,Utah,Vermont,Virginia,Washington,"
    "West Virginia,Wisconsin,Wyoming".split(","),
    strict=True,
))  # fmt: skip
PARTIES = {"R": "Republican", "D": "Democrat", "I": "independent"}


def _alternation(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


def _state(written: str) -> str:
    return AP_STATES.get(written) or POSTAL.get(written) or written


def _party(m: re.Match[str]) -> str:
    spoken = f"{PARTIES[m[2]]} of {_state(m[3])}"
    if m[1]:  # "(R-Texas)" is an aside: set it off with commas
        return f", {spoken},"
    return spoken + (period_if_end(m.string, m.end()) if m[3].endswith(".") else "")


party_tags = case(
    "party_tags",
    r"(\()?\b([RDI])-(" + _alternation([*AP_STATES, *STATE_NAMES, *POSTAL])
    + r")(?(1)\)|(?![\w-]))",
    _party,
)
city_state = case(
    "city_state",
    r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?), (" + _alternation(list(AP_STATES)) + r")(?!\w)",
    lambda m: f"{m[1]}, {AP_STATES[m[2]]}" + period_if_end(m.string, m.end()),
)

# "N.J.", "N.Y.", "W.Va.": a state's dotted initials are its name wherever they stand, not only
# after a city in title case ("NEWARK, N.J." in a dateline, "moved to N.Y."); "D.C." and
# "U.K." are no state and stay spelled.
DOTTED_STATES = {written: name for written, name in AP_STATES.items() if re.match(r"[A-Z]\.[A-Z]", written)}
dotted_states = case(
    "dotted_states",
    r"(?<![\w.])(" + _alternation(list(DOTTED_STATES)) + r")(?!\w)",
    lambda m: DOTTED_STATES[m[1]] + (period_if_end(m.string, m.end()) if m[1].endswith(".") else ""),
)

city_postal = case(
    "city_postal",
    r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?), (" + "|".join(POSTAL) + r")\b(?=[,;:)]|\.?\s*$)",
    lambda m: f"{m[1]}, {POSTAL[m[2]]}",
)

# --- initialisms and acronyms ------------------------------------------------------------


def spell(letters: str) -> str:
    return " ".join(SPELLED_A if letter == "A" else letter for letter in letters.upper())


def _dotted(m: re.Match[str]) -> str:
    spoken = spell(m[1].replace(".", ""))
    return spoken + (period_if_end(m.string, m.end()) if m[1].endswith(".") else "")


# "U.S.-led": the voice runs "S-led" together; a space keeps the letters apart.
initialism_hyphen = case("initialism_hyphen", r"(?<=\b[A-Z]\.)-(?=[a-z])", " ")
# "U.S.", "U.N.", "D.C."
dotted_initialisms = case(
    "dotted_initialisms", r"(?<![\w.])((?:[A-Za-z]\.){1,}[A-Za-z]\.?)(?![\w])", _dotted
)

# Acronyms said as words; the rest of the all-capital words are spelled letter by letter.
WORD_ACRONYMS = frozenset(
    """NATO NASA UNESCO UNICEF OPEC AIDS COVID FEMA NAFTA ASEAN OSHA SWAT SARS MERS ISIS ISIL
    INTERPOL LASER RADAR NIMBY DACA CERN FIFA UEFA NASDAQ NORAD DARPA HUD PAC SEAL TASS SALT
    START CARES POTUS SCOTUS FLOTUS MAGA UNITA SEATO CENTCOM AFRICOM EUCOM NORTHCOM SOCOM
    FIDE ZIP PIN GIF JPEG LIDAR SONAR OPCW UNAIDS UNRWA BRICS AUKUS ISRO HIMARS SEBI ASIO MAX COP
    ICE UNESCO CAPTCHA ANZAC ASIC APRA TAFE HECS NEET NITI SAGE NICE UCAS ACAS UKIP ULEZ""".split()
)
SAID_AS = {"NAACP": f"N double {SPELLED_A} C P", "NOAA": "Noah", "OK": "okay", "IEEE": "I triple E",
           "AAA": f"triple {SPELLED_A}", "NCAA": f"N C double {SPELLED_A}", "UNHCR": "U N H C R", "AM": "AM", "PM": "PM",
           "FTSE": "Footsie"}  # fmt: skip
# Common words that a headline or a quote may write in capitals: read them, don't spell them.
CAPS_WORDS = frozenset(
    """A AN THE AND OR BUT NOT NO YES FOR OF TO IN ON AT BY IS BE AS SO WE HE SHE ME MY UP GO
    DO IF ALL ANY ARE CAN HAD HER HAS HIM HIS HOW NEW NOW OLD SEE TWO ONE WAY DID ITS LET PUT
    SAY TOO WAS YOU OUR OUT DAY GET MAN MEN WAR WIN CUT SET RUN BIG END TOP HIT LAW ACT KEY
    WHY""".split()
) | frozenset(  # newsroom labels: "FILE - The Capitol at dusk", "WATCH: the vote"
    "FILE PHOTO VIDEO AUDIO LIVE WATCH LISTEN UPDATE UPDATED BREAKING EXCLUSIVE OPINION ANALYSIS".split()
)


def say_acronym(word: str) -> str:
    if word in SAID_AS:
        return SAID_AS[word]
    if word in WORD_ACRONYMS:
        return word.capitalize()
    if word in CAPS_WORDS:
        return word.lower()
    return spell(word)


ampersand_initials = case(
    "ampersand_initials",
    r"\b([A-Z]{1,3})&([A-Z]{1,3})\b",
    lambda m: f"{spell(m[1])} and {spell(m[2])}",
)

