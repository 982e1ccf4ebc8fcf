"""English rules for numbers: dates, times, money, units, phones, ranges, years, ordinals...

They run in the order :mod:`english` lists them: the most specific shapes first (a date or a
price says more than its digits), plain cardinals last.
"""

from __future__ import annotations

import re

from .en_context import MONTH, MONTHS, before_noun, period_if_end
from .numwords import (
    INDIAN_GROUPING,
    cardinal,
    digits,
    fraction,
    is_one,
    number,
    ordinal,
    plural,
    year,
)
from .rules import Case, case

_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
# Words before an amount or a measure that make it describe the noun after: "a $5 fee".
_DETERMINERS = frozenset("a an the this that its his her their our one".split())
_NUMBER = rf"(?:{INDIAN_GROUPING.pattern}|\d{{1,3}}(?:,\d{{3}})+)(?:\.\d+)?|\d+(?:\.\d+)?"

# --- dates -------------------------------------------------------------------------------


def _valid_day(day: str) -> bool:
    return 1 <= int(day) <= 31


def _month_day(m: re.Match[str]) -> str:
    if not _valid_day(m[2]):
        return m[0]
    return f"{m[1]} {ordinal(int(m[2]))}"


month_day_range = case(
    "month_day_range",
    rf"\b({MONTH})\s+{_DAY}\s*[-\u2013]\s*{_DAY}\b",
    lambda m: f"{m[1]} {ordinal(int(m[2]))} to {ordinal(int(m[3]))}",
)
month_day = case("month_day", rf"\b({MONTH})\s+{_DAY}\b(?![.,:]\d|\s?%)", _month_day)
day_month_range = case(
    "day_month_range",
    rf"\b{_DAY}\s*[-\u2013]\s*{_DAY}\s+({MONTH})\b",
    lambda m: f"the {ordinal(int(m[1]))} to the {ordinal(int(m[2]))} of {m[3]}",
)
day_month = case(
    "day_month",
    rf"\b(?<![.,]){_DAY}\s+({MONTH})\b",
    lambda m: f"the {ordinal(int(m[1]))} of {m[2]}" if _valid_day(m[1]) else m[0],
)


def _say_date(day: int, month: int, year_number: int, order: str) -> str:
    if order == "DMY":
        return f"the {ordinal(day)} of {MONTHS[month - 1]} {year(year_number)}"
    return f"{MONTHS[month - 1]} {ordinal(day)}, {year(year_number)}"


def numeric_date(order: str) -> Case:
    """10/5/2023: October 5 in the US ("MDY"), 10 May in Britain ("DMY"), unless impossible."""

    def say(m: re.Match[str]) -> str:
        first, second, year_number = int(m[1]), int(m[3]), int(m[4])
        if len(m[4]) == 2:
            year_number += 2000
        month, day = (second, first) if order == "DMY" else (first, second)
        if month > 12:  # only one reading is a date: take it, whatever the locale
            month, day = day, month
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return m[0]
        return _say_date(day, month, year_number, "DMY" if order == "DMY" else "MDY")

    return case(f"numeric_date_{order}", r"\b(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})\b", say)


def iso_date(order: str) -> Case:
    def say(m: re.Match[str]) -> str:
        month, day = int(m[2]), int(m[3])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return m[0]
        return _say_date(day, month, int(m[1]), order)

    return case(f"iso_date_{order}", r"\b(\d{4})-(\d{2})-(\d{2})\b", say)


# --- times -------------------------------------------------------------------------------


def _clock(hours: str, minutes: str | None, meridiem: bool) -> str:
    spoken = cardinal(int(hours))
    if minutes is None or minutes == "00":
        if meridiem:
            return spoken
        return f"{spoken} o'clock" if int(hours) <= 12 else f"{spoken} hundred"
    if minutes.startswith("0"):
        return f"{spoken} oh {cardinal(int(minutes))}"
    return f"{spoken} {cardinal(int(minutes))}"


# After "5 p.m." a capital starts a new sentence unless it names the day, month or zone.
_AFTER_TIME = re.compile(
    r"\s*[,;:)\]]|\s+(?:[A-Z]{2,4}\b|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|Eastern|Pacific|"
    r"Central|Mountain|Greenwich|[a-z\d])|\s+" + MONTH
)


def _meridiem(m: re.Match[str]) -> str:
    spoken = f"{_clock(m[1], m[2], True)} {m[3].upper()}M"  # the voice reads "AM" as letters
    if m[0].endswith(".") and not _AFTER_TIME.match(m.string, m.end()):
        spoken += "."
    return spoken


time_meridiem = case(
    "time_meridiem", r"\b(\d{1,2})(?:[:.]?(\d{2}))?\s?([AaPp])\.?\s?[Mm]\b\.?", _meridiem
)
# "0800 GMT", "2200 GMT Tuesday": a 24-hour time without a colon, said as the military say it,
# when a time zone follows.
ZONES = (
    "GMT UTC BST CET CEST EET EEST WET MSK ET EST EDT CT CST CDT MT MST MDT PT PST PDT AKST HST "
    "IST PKT JST KST HKT SGT AEST AEDT ACST AWST NZST NZDT SAST WAT EAT Z"
).split()


def _military(m: re.Match[str]) -> str:
    hours, minutes = m[1], m[2]
    if hours == "00":
        spoken = "zero zero"
    else:
        spoken = f"oh {cardinal(int(hours[1]))}" if hours[0] == "0" else cardinal(int(hours))
    if minutes == "00":
        return f"{spoken} hundred"
    return f"{spoken} {'oh ' + cardinal(int(minutes[1])) if minutes[0] == '0' else cardinal(int(minutes))}"


time_military = case(
    "time_military",
    r"(?<![\w.,:$-])([01]\d|2[0-3])([0-5]\d)(?=\s?(?:" + "|".join(ZONES) + r")\b)",
    _military,
)
time_24h = case(
    "time_24h",
    r"\b([01]?\d|2[0-3]):([0-5]\d)\b(?!:)",
    lambda m: _clock(m[1], m[2], False),
)

# --- money -------------------------------------------------------------------------------

# symbol: (unit, units, hundredth, hundredths)
CURRENCIES: dict[str, tuple[str, str, str | None, str | None]] = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "US$": ("US dollar", "US dollars", "cent", "cents"),
    "C$": ("Canadian dollar", "Canadian dollars", "cent", "cents"),
    "A$": ("Australian dollar", "Australian dollars", "cent", "cents"),
    "NZ$": ("New Zealand dollar", "New Zealand dollars", "cent", "cents"),
    "HK$": ("Hong Kong dollar", "Hong Kong dollars", "cent", "cents"),
    "\u20ac": ("euro", "euros", "cent", "cents"),
    "\u00a3": ("pound", "pounds", "penny", "pence"),
    "\u00a5": ("yen", "yen", None, None),
    "\u20b9": ("rupee", "rupees", "paisa", "paise"),
    "Rs.": ("rupee", "rupees", "paisa", "paise"),
    "Rs": ("rupee", "rupees", "paisa", "paise"),
    "\u20a9": ("won", "won", None, None),
    "\u20bd": ("ruble", "rubles", "kopek", "kopeks"),
}
SCALES = {
    "thousand": "thousand", "million": "million", "billion": "billion", "trillion": "trillion",
    "lakh": "lakh", "lakhs": "lakh", "crore": "crore", "crores": "crore", "lakh crore": "lakh crore",
    "k": "thousand", "m": "million", "mn": "million", "mln": "million", "b": "billion", "bn": "billion",
    "bln": "billion", "tn": "trillion", "trn": "trillion", "cr": "crore",
}  # fmt: skip
_SYMBOLS = "|".join(re.escape(s) for s in sorted(CURRENCIES, key=len, reverse=True))


def _money(m: re.Match[str]) -> str:
    unit, units, cent, cents = CURRENCIES[m[1]]
    amount, scale = m[2], m[4]
    # "a $15 million stadium", "a $1.5-billion deal": the amount describes the noun after it
    # and is said as one word, its currency singular ("a fifteen-million-dollar stadium").
    adjective = m[3] == "-" or before_noun(m.string, m.end(), _after_determiner(m.string, m.start()))
    if scale:
        return f"{number(amount)} {SCALES[scale.lower()]} {unit if adjective else units}"
    written_whole, _, decimals = amount.partition(".")
    whole = written_whole.replace(",", "")
    if decimals and (len(decimals) > 2 or cent is None):
        return f"{number(amount)} {units}"
    hundredths = int(decimals.ljust(2, "0")) if decimals else 0
    if adjective and not hundredths:
        return f"{number(written_whole)} {unit}"
    parts = []
    if int(whole) or not hundredths:
        parts.append(f"{number(written_whole)} {unit if whole.lstrip('0') == '1' else units}")
    if hundredths:
        parts.append(f"{cardinal(hundredths)} {cent if hundredths == 1 else cents}")
    return " and ".join(parts)


def _after_determiner(text: str, start: int) -> bool:
    before = re.search(r"(\w+)\s+$", text[:start])
    return bool(before) and before[1].lower() in _DETERMINERS


money = case(
    "money",
    rf"(?<![\w$])({_SYMBOLS})\s?({_NUMBER})(?:(\s|-)?("
    r"(?i:lakh crore|thousand|million|billion|trillion|lakhs?|crores?|bln|mln|bn|mn|tn|trn|cr)\b"
    r"|(?<=\d)[mbkMBK]\b))?",  # a single letter only against the digits: "$4m"
    _money,
)
# "5bn", and wire copy's "2.3 bln euros", "500 mln barrels" (a space only before the three
# letters, which are never anything else)
scale_suffix = case(
    "scale_suffix",
    r"(?<![\w.])(\d+(?:\.\d+)?)(bn|mn|tn|\s?(?:bln|mln|trn))\b",
    lambda m: f"{m[1]} {SCALES[m[2].strip()]}",
)
# "5%", and wire and British copy's "5 pct", "3.8pc"
percent = case("percent", r"(\d)\s?%|(\d)\s?(?:pct|pc)\b(?!\.\w)", lambda m: f"{m[1] or m[2]} percent")

# --- units -------------------------------------------------------------------------------

UNITS: dict[str, tuple[str, str]] = {
    "km/h": ("kilometer per hour", "kilometers per hour"),
    "kph": ("kilometer per hour", "kilometers per hour"),
    "mph": ("mile per hour", "miles per hour"),
    "mpg": ("mile per gallon", "miles per gallon"),
    "km": ("kilometer", "kilometers"),
    "m": ("meter", "meters"),
    "cm": ("centimeter", "centimeters"),
    "mm": ("millimeter", "millimeters"),
    "mi": ("mile", "miles"),
    "ft": ("foot", "feet"),
    "in.": ("inch", "inches"),
    "yd": ("yard", "yards"),
    "sq km": ("square kilometer", "square kilometers"),
    "sq mi": ("square mile", "square miles"),
    "sq ft": ("square foot", "square feet"),
    "km2": ("square kilometer", "square kilometers"),
    "km\u00b2": ("square kilometer", "square kilometers"),
    "kg": ("kilogram", "kilograms"),
    "g": ("gram", "grams"),
    "mg": ("milligram", "milligrams"),
    "lb": ("pound", "pounds"),
    "lbs": ("pound", "pounds"),
    "oz": ("ounce", "ounces"),
    "ml": ("milliliter", "milliliters"),
    "ha": ("hectare", "hectares"),
    "\u00b0C": ("degree Celsius", "degrees Celsius"),
    "\u00b0F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "\u00b0": ("degree", "degrees"),
    "kW": ("kilowatt", "kilowatts"),
    "kWh": ("kilowatt hour", "kilowatt hours"),
    "MW": ("megawatt", "megawatts"),
    "GW": ("gigawatt", "gigawatts"),
    "MB": ("megabyte", "megabytes"),
    "GB": ("gigabyte", "gigabytes"),
    "TB": ("terabyte", "terabytes"),
    "Hz": ("hertz", "hertz"),
    "kHz": ("kilohertz", "kilohertz"),
    "MHz": ("megahertz", "megahertz"),
    "GHz": ("gigahertz", "gigahertz"),
    "Ghz": ("gigahertz", "gigahertz"),
    "Mhz": ("megahertz", "megahertz"),
    "kmph": ("kilometer per hour", "kilometers per hour"),
    "bps": ("basis point", "basis points"),
    "bp": ("basis point", "basis points"),
    "pp": ("percentage point", "percentage points"),
    "ppt": ("percentage point", "percentage points"),
    # only against the digits: "-5C", "40C", "6ft 2in"
    "C": ("degree Celsius", "degrees Celsius"),
    "F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "in": ("inch", "inches"),
}
_ATTACHED_ONLY = frozenset({"C", "F", "in"})
# "the 100m final", "1.8m tall": a race's distance or a size in meters, where "5m" alone is five
# million.
_RACES = frozenset(
    """final finals sprint sprints hurdles freestyle backstroke breaststroke butterfly medley relay
    race races dash heat heats semi-final semi-finals semifinal semifinals record title champion
    gold silver bronze tall high long wide deep thick away across pool swim dive platform
    springboard tower wall radius""".split()
)

_UNIT_NAMES = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))


# "40C" is a temperature near words like these, or below zero; "seat 14C" is not.
_TEMPERATURE = re.compile(
    r"(?i:temperature|degree|heat|cold|warm|hot|freez|chill|mercury|frost|snow|weather|forecast|"
    r"celsius|fahrenheit|thermometer|highs?\b|lows?\b|\u00b0)|(?<![\w.])[-\u2212]\d+(?:\.\d+)?[CF]\b"
)


def _temperature(text: str, start: int, end: int, amount: str) -> bool:
    return amount.startswith("-") or bool(_TEMPERATURE.search(text[max(0, start - 80) : start] + " " + text[end : end + 60]))


def _unit(m: re.Match[str]) -> str:
    amount, gap, unit, dot = m[1], m[2], m[3], m[4] or ""
    if unit in _ATTACHED_ONLY and gap:
        return m[0]
    if unit in ("C", "F") and not _temperature(m.string, m.start(), m.end(), amount):
        return m[0]
    next_word = re.match(r"[\s-]+(\w+)", m.string[m.end() :])
    race = bool(next_word) and next_word[1].lower() in _RACES
    if unit == "m" and not gap and not race:  # "5m" in news copy is five million, "5 m" five meters
        return f"{number(amount)} million{dot}"
    single, many = UNITS[unit]
    # "the 10-km race", "the 5km stretch": the measure describes the noun after it.
    before = re.search(r"(\w+)\s+$", m.string[: m.start()])
    adjective = gap == "-" or m.string.startswith("-", m.end()) or (
        not gap and unit != "\u00b0" and " per " not in many and bool(before)
        and before[1].lower() in _DETERMINERS and before_noun(m.string, m.end())
    )  # fmt: skip
    spoken = f"{number(amount)} {single if adjective or is_one(amount) else many}"
    if dot or unit.endswith("."):
        spoken += period_if_end(m.string, m.end())
    return spoken


units = case(
    "units",
    rf"(?<![\w.])(-?(?:{_NUMBER}))(\s?|-(?=[a-z]))({_UNIT_NAMES})(?![\w/\u00b2])(\.(?=\s|$)(?<!in\.))?",
    _unit,
)
# "6ft 2in": feet and inches, said "six feet two inches"
feet_inches = case(
    "feet_inches",
    r"\b(\d+)\s?(?:ft|foot|feet)\s?(\d{1,2})\s?(?:in|inch|inches)\b(?!\.\w)",
    lambda m: f"{number(m[1])} {'foot' if is_one(m[1]) else 'feet'} {number(m[2])} {'inch' if is_one(m[2]) else 'inches'}",
)


# --- phone numbers, ranges, signs --------------------------------------------------------


def _phone(m: re.Match[str]) -> str:
    return ", ".join(digits(group) for group in m.groups() if group)


phone = case(
    "phone",
    r"(?<![\d-])(?:\+?(1)[ .-])?(?:\((\d{3})\)\s?|(\d{3})[ .-])(\d{3})[ .-](\d{4})(?![\d-])",
    _phone,
)
# "+44 20 7946 0958", "+1 202 555 0143": a country code, then groups of digits.
phone_international = case(
    "phone_international",
    r"(?<![\w+])\+(\d{1,3})((?:[ .-]\d{1,4}){2,4})(?![\d-])",
    lambda m: "plus " + ", ".join(digits(group) for group in [m[1], *re.split(r"[ .-]", m[2].strip(" .-"))]),
)
# "020 7946 0958": a British number with its trunk zero (read as cardinals it lost the zero).
phone_trunk = case(
    "phone_trunk",
    r"(?<![\d,.-])(0\d{1,4}) (\d{3,4}) (\d{3,4})(?![\d-])",
    _phone,
)
phone_short = case(
    "phone_short",
    r"(?<![\d-])(\d{3})-(\d{4})(?![\d-])",
    _phone,
)
# "the 2024/25 financial year", "the 1999/2000 season": a year and the next, said as "2024-25" is
year_span = case(
    "year_span",
    r"(?<![\w/])(1[89]\d\d|20\d\d)/(\d\d|\d{4})(?![\w/])",
    lambda m: f"{m[1]} to {m[2]}" if (int(m[1]) + 1) % 100 == int(m[2]) % 100 else m[0],
)
ranges = case(
    "ranges",
    rf"(?<![\w.,-])({_NUMBER})\s?[-\u2013]\s?({_NUMBER})(?![\d-])",
    r"\1 to \2",
)
negative = case("negative", r"(?<![\w)\].,-])-(?=\d)", "minus ")

# --- decades, ordinals, fractions, years, cardinals --------------------------------------


def _pluralize_last(words: str) -> str:
    head, _, last = words.rpartition(" ")
    return f"{head} {plural(last)}".strip()


# "1960s-era": the voice runs "sixties-era" into one word, heard as "sixties year"; a space
# keeps them apart (as for "U.S.-led").
decades = case(
    "decades",
    r"\b(1[0-9]|20)([0-9]0)'?s\b(-(?=[a-z]))?",
    lambda m: _pluralize_last(year(int(m[1] + m[2]))) + (" " if m[3] else ""),
)
short_decades = case(
    "short_decades",
    r"(?<![\w'])'?([1-9]0)'?s\b(-(?=[a-z]))?",
    lambda m: plural(cardinal(int(m[1]))) + (" " if m[2] else ""),
)
ordinals = case(
    "ordinals",
    r"\b(\d{1,3}(?:,\d{3})+|\d+)(st|nd|rd|th)\b",
    lambda m: ordinal(int(m[1].replace(",", ""))),
)

VULGAR = {
    "\u00bd": (1, 2), "\u2153": (1, 3), "\u2154": (2, 3), "\u00bc": (1, 4), "\u00be": (3, 4),
    "\u215b": (1, 8), "\u215c": (3, 8), "\u215d": (5, 8), "\u215e": (7, 8),
}  # fmt: skip


def _and_a(numerator: int, denominator: int) -> str:
    spoken = fraction(numerator, denominator)
    return "a " + spoken.partition(" ")[2] if numerator == 1 else spoken


def _vulgar(m: re.Match[str]) -> str:
    numerator, denominator = VULGAR[m[2]]
    if m[1]:
        return f"{cardinal(int(m[1]))} and {_and_a(numerator, denominator)}"
    return fraction(numerator, denominator)


vulgar_fractions = case("vulgar_fractions", rf"(?:(\d+)\s?)?([{''.join(VULGAR)}])", _vulgar)
mixed_fractions = case(
    "mixed_fractions",
    r"\b(\d+)[ -](\d)/(\d{1,2})\b(?!/)",
    lambda m: f"{cardinal(int(m[1]))} and {_and_a(int(m[2]), int(m[3]))}"
    if 0 < int(m[2]) < int(m[3]) <= 16
    else m[0],
)


def _slashed(m: re.Match[str]) -> str:
    top, bottom = int(m[1]), int(m[2])
    if 0 < top < bottom <= 10:
        return fraction(top, bottom)
    return f"{cardinal(top)} {cardinal(bottom)}"  # "9/11", "24/7", "50/50"


fractions = case("fractions", r"(?<![\w/.])(\d{1,2})/(\d{1,2})(?![\w/])", _slashed)
years = case(
    "years",
    r"(?<![\w$.,:/-])(1[1-9]\d\d|20\d\d)(?![\w:/]|[.,]\d|\s?percent)",
    lambda m: year(int(m[1])),
)
split_alphanumeric = case(
    "split_alphanumeric", r"(?<=\d)(?=[A-Za-z])|(?<=[A-Za-z])(?=\d)", " "
)
cardinals = case(
    "cardinals",
    rf"({INDIAN_GROUPING.pattern}|\d{{1,3}}(?:,\d{{3}})+|\d+)(\.\d+)?",
    lambda m: number(m[1] + (m[2] or "")),
)
