"""English rules for capitals: headlines in capitals, capitals said as a word or spelled, and
designations that join letters and digits ("A320", "F-16", "COVID-19").

Whether capitals are a word ("NATO", "AUKUS") or letters ("FBI", "HMRC") is decided by lists
where English spelling cannot tell (CIA looks sayable) and otherwise by whether the letters can
be said as an English word (:func:`sayable`: "HMRC" has no vowel, "FBI" cannot start with "fb").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .en_abbrev import (
    CAPS_WORDS,
    MONTH_ABBREVIATIONS,
    SAID_AS,
    TITLES,
    WORD_ACRONYMS,
    say_acronym,
    spell,
)
from .en_context import MONTHS
from .en_numbers import ZONES
from .en_roman import CARDINAL_CONTEXT, PERSON_WORDS, roman_value
from .numwords import nominal, number, plural
from .rules import case

# Capitals that look sayable but are spelled letter by letter.
INITIALISMS = frozenset(
    """CIA CEO CFO COO CTO WHO GOP EPA DOJ DEA DOE DOD DOT SEC IRS IPO ONS UPI RAF SAS IRA DUP TUC
    NIA NIH TSA USA UAE IOC OBE ICU HIV UPS MIT BYD SAP LIC UPA JEE ODI IIT ANI VOA PSA EU UK US UN
    AI EV TV PM MP AP MOT OAP NUS UCU MEP FIA BAE AMP NUT SUV EOS PAC ACLU USDA UNGA OSCE UCLA
    USCIS UAPA UIDAI ICICI USMCA NTSB IAEA EIB ECB ECJ PAYE NHS BBC FBI BCCI ACCC IPCC OECD HSBC
    ESPN NYPD LAPD DVLA GCSE AIIB FDIC CFTC NLRB EEOC USPS ICAO NSPCC RSPCA NHTSA CSIRO DRDO ONGC
    NTPC HDFC CBSE UPSC NDMA NDRF CRPF CISF ITBP IRCTC AIADMK ACLU AFLW NBL NRL AFL NAB IAG ATO
    AEC BOM ALP NDIS NRMA UNSW CFMEU FAA MOD VAR RAC IFS NEU UUP ERG UDA RUC GAA FAI IRFU OAS AAP
    IIM AMU BHU FIR KYC IAS IPS LOC LAC POK ISI IANS PIB IRDAI HAL AARP NYSE BYU SMU USGA USTA CIO
    NEA AFT OMB GAO DIA USAID AIIMS NYC""".split()
) | frozenset(ZONES)  # "AEST", "BST": time zones are letters
# Capitals said as a word though they do not look it.
CAPS_NAMES = frozenset("NVIDIA MPOX XBOX".split())
# A unit after a number in a capitals headline: "25 BPS" is "25 bps".
CAPS_UNITS = frozenset("BPS BP PP PPT KM KMPH KPH MPH KG MM CM FT LB LBS OZ ML".split())
# Letters against a number that are read as a word's ending: "1980S", "5BN", "3PM".
_SUFFIXES = frozenset("S ST ND RD TH BN MN TN M K KM KG MPH KPH KMPH AM PM BPS BP PP PPT FT MM CM ML LB LBS OZ ERS CR".split())
_CALENDAR = frozenset(MONTHS) | {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
# "US" in a shouted headline is the country ("TALKS WITH US") unless a verb takes it as its object
# ("LET US", "JOIN US") or it follows "ALL OF".
_VERBS_BEFORE_US = frozenset(
    """LET LETS TELL TELLS TOLD GIVE GIVES GAVE HELP HELPS HELPED JOIN JOINS SHOW SHOWS SHOWED ASK ASKS
    ASKED SAVE SAVES TEACH TEACHES TAUGHT""".split()
)
_OF_US = re.compile(r"\b(?:ALL|EACH|MANY|MOST|NONE|BOTH|SOME|ANY|FEW|THOSE|REST) OF\s+$")

# --- sayable: can these letters be read as one English word? -----------------------------

_ONSETS = frozenset(
    """b c d f g h j k l m n p q r s t v w x y z bl br ch cl cr dr dw fl fr gl gr gn kn kr kl ph pl
    pr qu sc sch scr sh shr sk sl sm sn sp spl spr squ st str sw th thr tr tw wh wr pf ts sr bh dh
    gh kh jh zh vl chr chl sph scl sv rh ps pn pt phl phr thw gw schm schw schl schn""".split()
) | {""}
_CODAS = frozenset(
    """b c ck d f ff g k l ll m n p r s ss t v x z zz ch sh th ng nk nd nt ld lf lk lm lp lt mp mb
    pt rb rc rd rf rg rk rl rm rn rp rt rst rth rch rsh st sk sp ct ft xt gh ght tch lch lth w wn
    wl wd wk h bt lb nch dth fth xth ngth pth mpt nth rld rnt tz nx gn mn sm rmth ghth ngst lfth thm
    ltz""".split()
) | {""}
_VOWELS = set("aeiou")


def _coda(cluster: str) -> bool:
    return cluster in _CODAS or (cluster.endswith("s") and cluster[:-1] in _CODAS)


def sayable(word: str) -> bool:
    """Whether ``word`` spells something sayable: an English onset, vowels (at most two in a row),
    consonant clusters that split into an ending and an onset, and an English ending."""
    w = word.lower()
    if not w.isalpha():
        return False
    kinds = []
    for i, ch in enumerate(w):
        vowel = ch in _VOWELS
        if ch == "y":  # a consonant before a vowel at the start or between vowels, else a vowel
            nxt = w[i + 1] in _VOWELS if i + 1 < len(w) else False
            prev = w[i - 1] in _VOWELS if i else False
            vowel = not (nxt and (i == 0 or prev))
        kinds.append(vowel)
    parts = re.findall(r"(0*)(1+)", "".join("1" if v else "0" for v in kinds))
    if not parts:
        return False
    pos, clusters = 0, []
    for consonants, vowels in parts:
        clusters.append(w[pos : pos + len(consonants)])
        if len(vowels) > 2:
            return False
        pos += len(consonants) + len(vowels)
    last = w[pos:]
    if clusters[0] not in _ONSETS or not _coda(last):
        return False
    return all(
        any(_coda(c[:k]) and c[k:] in _ONSETS for k in range(len(c) + 1)) for c in clusters[1:]
    )


def says_as_word(word: str) -> bool:
    """Mixed-case text: whether capitals of four letters or more are said as a word."""
    return word in WORD_ACRONYMS or word in CAPS_NAMES or (word not in INITIALISMS and sayable(word))


# --- headlines in capitals ---------------------------------------------------------------

_TOKEN = r"[^\sa-z]*[A-Z][^\sa-z]*"
_RUN = re.compile(rf"(?<!\S)(?:{_TOKEN}|[^\sa-zA-Z]+)(?:\s+(?:{_TOKEN}|[^\sa-zA-Z]+))*(?!\S)")
_WORD = re.compile(r"[A-Z]+(?:'[A-Z]+)*")


def _shouting(words: list[str]) -> bool:
    """Capitals in a row are a shouted headline, not acronyms side by side ("FBI, CIA")."""
    long_words = [w for w in words if len(w) >= 2]
    if len(long_words) < 2:
        return False
    return len(long_words) >= 3 or any(
        len(w) >= 5 and w not in WORD_ACRONYMS and w not in SAID_AS and w not in INITIALISMS for w in long_words
    )


def _letters_word(word: str) -> str:
    """A shouted word of letters (no digits about it): kept in capitals to be spelled or said as
    an acronym later, or lowered to be read as a word."""
    if word in SAID_AS or word in WORD_ACRONYMS or word in INITIALISMS:
        return word
    if word in CAPS_WORDS or word in CAPS_NAMES:
        return word.lower()
    if len(word) <= 2:
        return word
    if len(word) == 3:
        return word.lower() if sayable(word) else word
    # Four letters or more with a vowel: a word ("SIGN", "LVIV"), unless listed as letters above.
    return word.lower() if any(ch in "AEIOUY" for ch in word) else word


@dataclass(frozen=True)
class _Shouted:
    """One word of a shouted run, with what stands around it."""

    word: str  # as written, with any "'S"
    base: str  # without it
    tail: str  # "'s", lowered, or ""
    before: str  # the run's text before the word
    after: str  # and after it
    prev: str  # the words before and after, "" at the ends
    next: str
    first: bool

    @property
    def kept(self) -> str:
        return self.word

    @property
    def lowered(self) -> str:
        return self.word.lower()

    @property
    def titled(self) -> str:
        return self.base.title() + self.tail


def _number_prefix(w: _Shouted) -> bool:
    """ "F-35", "Q3", "FY2025", "COVID-19"; but "MID-2010S" is a word."""
    if re.match(r"\d", w.after):
        return True
    sayable_word = len(w.base) >= 3 and w.base not in WORD_ACRONYMS and w.base not in INITIALISMS and sayable(w.base)
    return bool(re.match(r"-\d", w.after)) and not sayable_word


def _names_numeral(word: str) -> bool:
    """A word a Roman numeral may follow ("RICHARD III", "BOWL LX"): kept for the numeral rules."""
    return word.title() in PERSON_WORDS or word.title() in CARDINAL_CONTEXT


def _title_before(w: _Shouted) -> bool:
    return (w.prev.title() in TITLES or w.prev == "ST") and w.before.rstrip().endswith(".")


# What to do with each word of a shouted run, the first rule that applies: (name, test, action).
_SHOUTED_WORDS: tuple[tuple[str, Callable[[_Shouted], bool], Callable[[_Shouted], str]], ...] = (
    ("a number's ending: 1980S, 5BN", lambda w: w.before[-1:].isdigit(),
     lambda w: w.lowered if w.word in _SUFFIXES else w.kept),
    ("a designation's letters: F-35, Q3", _number_prefix, lambda w: w.kept),
    ("the article A", lambda w: w.word == "A" and bool(re.match(r"\s|$", w.after)) and bool(re.search(r"(?:^|\s)$", w.before)),
     lambda w: "A" if w.prev in ("CLASS", "TYPE", "GRADE", "PLAN", "VITAMIN", "HEPATITIS") else "a"),
    ("a letter, or a numeral after a name: R., III", lambda w: len(w.base) == 1 or (
        bool(roman_value(w.base)) and _names_numeral(w.prev)), lambda w: w.kept),
    ("a month before its day: NOV. 5", lambda w: w.base.title() in MONTH_ABBREVIATIONS and bool(re.match(r"\.|\s+\d", w.after)),
     lambda w: w.base.title()),
    ("a month or a day", lambda w: w.base.title() in _CALENDAR and (w.base != "MAY" or bool(re.match(r"\s+\d", w.after))),
     lambda w: w.titled),
    ("a title: SEN.", lambda w: (w.base.title() in TITLES or w.base == "ST") and w.after.startswith("."),
     lambda w: w.base.title()),
    ("a name after a title, or before a numeral", lambda w: _title_before(w) or (
        bool(roman_value(w.next)) and _names_numeral(w.base)), lambda w: w.titled),
    ("a unit after a number: 25 BPS", lambda w: bool(re.search(r"\d\s+$", w.before)) and w.base in CAPS_UNITS,
     lambda w: w.lowered),
    ("the WHO before its verb: WHO DECLARES", lambda w: w.base == "WHO" and w.first and w.next.endswith("S")
     and w.next not in ("IS", "WAS", "HAS"), lambda w: w.kept),
    ("the pronoun: LET US, ALL OF US", lambda w: w.base == "US" and (w.prev in _VERBS_BEFORE_US or bool(
        _OF_US.search(w.before))), lambda w: w.lowered),
    ("the US", lambda w: w.base == "US", lambda w: w.kept),
    ("any other word", lambda w: True, lambda w: _letters_word(w.base) + w.tail),
)  # fmt: skip


def _shouted_run(m: re.Match[str]) -> str:
    run = m[0]
    found = list(_WORD.finditer(run))
    if not _shouting([w[0] for w in found]):
        return run
    out, pos = [], 0
    for index, match in enumerate(found):
        base, _, tail = match[0].partition("'")
        word = _Shouted(
            match[0], base, "'" + tail.lower() if tail else "", run[: match.start()], run[match.end() :],
            found[index - 1][0] if index else "", found[index + 1][0] if index + 1 < len(found) else "", index == 0,
        )  # fmt: skip
        action = next(action for _, test, action in _SHOUTED_WORDS if test(word))
        out += [run[pos : match.start()], action(word)]
        pos = match.end()
    return "".join(out) + run[pos:]


# Capitals in a row read as a shouted headline ("MUSK OFFERS $44 BILLION FOR TWITTER"): its words
# are lowered so the rules after read them as words, the acronyms among them stay in capitals
# ("F B I"), and what later rules need capitals for keeps them ("NOV. 5", "RICHARD III").
shouted = case("shouted", _RUN.pattern, _shouted_run)

# --- designations: letters and digits together -------------------------------------------

_PART = re.compile(r"\d+(?:\.\d+)?|[A-Za-z]+|-")


def _letters(run: str) -> str:
    if run.isupper():
        if run in WORD_ACRONYMS or run in CAPS_NAMES or run in SAID_AS and run not in ("PM", "AM"):
            return say_acronym(run) if run not in CAPS_NAMES else run.capitalize()
        return spell(run)
    return run


def _designation(m: re.Match[str]) -> str:
    parts = _PART.findall(m[0])
    spoken: list[str] = []
    for i, part in enumerate(parts):
        if part == "-":
            spoken.append("-")
        elif part[0].isdigit():
            spoken.append(number(part) if "." in part else nominal(part))
        elif part == "s" and i and parts[i - 1][0].isdigit():  # "F-16s"
            spoken[-1] = plural(spoken[-1])
        else:
            spoken.append(_letters(part))
    text = " ".join(spoken)
    return text.replace(" - ", "-")


# "A320", "A320neo", "F-35", "B-52s", "H5N1", "PS5", "PM2.5", "COVID-19", "GPT-4", "M25", "G7":
# the letters as letters (or an acronym's word), the number as people name a model ("three
# twenty", "fifty-two"), not as a quantity.
designations = case(
    "designations",
    r"(?<![\w.$\u00a3\u20ac-])[A-Z][A-Za-z]*(?:-?\d+(?:\.\d+)?(?:-?[A-Za-z]+)?)+(?![\w$%]|\.\d|-\d)",
    _designation,
)

# --- acronyms in running text ------------------------------------------------------------


def _acronym(m: re.Match[str]) -> str:
    word, suffix = m[1], m[2] or ""
    if len(word) > 6:  # shouting, not an acronym
        return (word + suffix).lower()
    if len(word) >= 4 and word not in SAID_AS and word not in CAPS_WORDS and says_as_word(word):
        return word.capitalize() + suffix  # "AUKUS", "HIMARS": said as the word they spell
    return say_acronym(word) + suffix


# Acronyms said as words; the rest of the all-capital words are spelled letter by letter.
acronyms = case("acronyms", r"\b([A-Z]{2,})(s|'s)?\b", _acronym)
