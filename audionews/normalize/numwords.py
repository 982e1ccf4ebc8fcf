"""English number words, from num2words, in the form a US newsreader says them.

num2words writes "one thousand, two hundred and five"; a newsreader says "one thousand two
hundred five", and a comma would make the voice pause mid-number.
"""

from __future__ import annotations

import re
from functools import lru_cache

from num2words import num2words

DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _tidy(words: str) -> str:
    return words.replace(",", "").replace(" and ", " ")


@lru_cache(maxsize=4096)
def cardinal(number: int) -> str:
    return _tidy(num2words(number, lang="en"))


@lru_cache(maxsize=1024)
def ordinal(number: int) -> str:
    return _tidy(num2words(number, lang="en", to="ordinal"))


@lru_cache(maxsize=1024)
def year(number: int) -> str:
    """1990 "nineteen ninety", 2005 "two thousand five", 2017 "twenty seventeen"."""
    if 2000 <= number <= 2009 or number % 1000 == 0:
        return cardinal(number)
    if number % 100 == 0:
        return f"{cardinal(number // 100)} hundred"
    return _tidy(num2words(number, lang="en", to="year"))


def digits(text: str) -> str:
    """Read a digit string one digit at a time: "911" "nine one one"."""
    return " ".join(DIGITS[int(d)] for d in text if d.isdigit())


# Indian digit grouping: "1,00,000" is one lakh, "12,34,567" twelve lakh thirty-four thousand...
INDIAN_GROUPING = re.compile(r"\d{1,2}(?:,\d\d)+,\d{3}")


@lru_cache(maxsize=1024)
def indian(number: int) -> str:
    """1,00,000 "one lakh", 1,00,00,000 "one crore": num2words's Indian English."""
    return _tidy(num2words(number, lang="en_IN"))


def number(text: str) -> str:
    """Read a written number such as "1,200", "3.14" or "-5" (sign, thousands, decimals); one
    grouped the Indian way ("1,00,000") is read in lakhs and crores."""
    sign = ""
    if text[:1] in "-\u2212":
        sign, text = "minus ", text[1:]
    whole, _, fraction = text.replace(",", "").partition(".")
    grouped = INDIAN_GROUPING.fullmatch(text.partition(".")[0])
    words = indian(int(whole)) if grouped else cardinal(int(whole or "0"))
    if fraction:
        words += " point " + digits(fraction)
    return sign + words


def is_one(text: str) -> bool:
    return text.replace(",", "").lstrip("0") in ("1", "1.0", "1.00")


_PLURAL_ENDINGS = (("y", "ies"), ("x", "xes"), ("s", "ses"), ("ch", "ches"), ("sh", "shes"))


def plural(word: str) -> str:
    """Plural of a number word or unit: "ninety" "nineties", "six" "sixes"."""
    for ending, replacement in _PLURAL_ENDINGS:
        if word.endswith(ending):
            return word[: -len(ending)] + replacement
    return word + "s"


def fraction(numerator: int, denominator: int) -> str:
    """3/4 "three quarters", 1/2 "one half", 5/8 "five eighths"."""
    if denominator == 2:
        name = "half" if numerator == 1 else "halves"
    elif denominator == 4:
        name = "quarter" if numerator == 1 else "quarters"
    else:
        name = ordinal(denominator)
        name = name if numerator == 1 else plural(name)
    return f"{cardinal(numerator)} {name}"


def nominal(text: str) -> str:
    """A number that names something (a model, a road, a flight), read as people say it: up to two
    digits as a cardinal ("F-16" sixteen), three as one and a pair ("A320" three twenty, "C-130"
    one thirty, "405" four oh five), four as two pairs ("T-1000" ten hundred). A leading zero, or
    more digits, is read digit by digit."""
    if text[:1] == "0" and len(text) > 1:
        return digits(text)
    if len(text) <= 2:
        return cardinal(int(text))
    if len(text) == 3:
        return f"{DIGITS[int(text[0])]} {_pair(text[1:])}"
    if len(text) == 4:
        return f"{cardinal(int(text[:2]))} {_pair(text[2:])}"
    return digits(text)


def _pair(two: str) -> str:
    if two == "00":
        return "hundred"
    if two[0] == "0":
        return f"oh {DIGITS[int(two[1])]}"
    return cardinal(int(two))
