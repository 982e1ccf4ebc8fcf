"""The English normalizer: the order the rules run in.

Specific shapes run before general ones: an email before a URL, a URL before its dots are
read as periods, a date before its digits, a price before its number, plain cardinals last.
Abbreviations run before numbers so that "No. 5" and "5th St." are read in context.
"""

from __future__ import annotations

from . import en_abbrev as ab
from . import en_capitals as ca
from . import en_named as nm
from . import en_numbers as nu
from . import en_roman as ro
from . import en_symbols as sy
from .rules import Rule, tidy_punctuation


def rules(date_order: str = "MDY") -> tuple[Rule, ...]:
    """English rules; ``date_order`` reads 10/5/2023 as US "MDY" or British "DMY" (and with the
    day first come the other British ways: "three-nil")."""
    british = date_order == "DMY"
    return (
        # a headline in capitals, lowered to words before any rule reads them
        ca.shouted,
        # the web, before anything reads its dots, slashes and @ signs
        sy.emails,
        sy.urls,
        sy.handles,
        sy.hashtags,
        # abbreviations, read in context
        ab.party_tags,
        ab.city_state,
        ab.city_postal,
        ab.dotted_states,
        ab.titles,
        ab.courtesy_titles,
        ab.bare_titles,
        ab.saint_or_street,
        ab.sainte,
        ab.number_sign,
        ab.numbers_sign,
        ab.months_before_number,
        ab.months,
        ab.days,
        ab.abbreviations,
        ab.versus,
        # Roman numerals, read in context
        ro.roman_after_name,
        ro.roman_hyphen,
        ro.iphone,
        ro.team_size,
        # numbers: the most specific shapes first
        sy.plus,
        sy.approximately,
        nu.iso_date(date_order),
        nu.numeric_date(date_order),
        nu.month_day_range,
        nu.day_month_range,
        nu.month_day,
        nu.day_month,
        nu.time_meridiem,
        nu.time_military,
        nu.time_24h,
        nu.money,
        nu.phone_international,
        nu.phone,
        nu.phone_trunk,
        nu.phone_short,
        # numbers that name things: help lines, roads, models, teams, fiscal years
        nm.fiscal_years,
        nu.year_span,
        nm.famous_numbers,
        nm.odds,
        nm.double_oh_seven,
        nm.roads,
        nm.boeing,
        nm.tax_code,
        nm.team_numbers,
        ca.designations,
        nu.scale_suffix,
        nu.percent,
        nm.cricket,
        nm.scores(british),
        nu.ranges,
        nu.feet_inches,
        nu.units,
        nu.negative,
        nu.decades,
        nu.short_decades,
        nu.ordinals,
        nu.vulgar_fractions,
        nu.mixed_fractions,
        nu.fractions,
        nu.years,
        nu.split_alphanumeric,
        nu.cardinals,
        # letters and symbols
        ab.initialism_hyphen,
        ab.dotted_initialisms,
        ab.ampersand_initials,
        ca.acronyms,
        sy.ampersand,
        sy.equals,
        sy.and_or,
        sy.with_slash,
        sy.slash,
        sy.at_sign,
        sy.number_sign,
        sy.degrees,
        sy.symbols,
        sy.ellipsis,
        sy.dashes,
        sy.word_dash,
        sy.brackets,
        sy.parentheses,
        tidy_punctuation,
    )
