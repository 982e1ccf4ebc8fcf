"""Written or heard English -> the lower-case spoken words it stands for, each with its place.

The listening check compares what the recognizer heard with what the article says. Both go
through this canonicalizer, which is deliberately not the normalizer: the audio says exactly
what the normalizer wrote, so comparing through the normalizer could never catch its mistakes.
It knows only a reader's conventions ("$1.5 billion" is "one point five billion dollars",
"Sen." is "senator", "U.S." and "US" are the letters u s), and applies them to both sides alike,
so it only has to be consistent, not a second normalizer: the recognizer writes most numbers as
digits, which come out here the same way as the article's.

Each word keeps the span of the text it came from (to mark it in the report) and whether a rule
made it (``ruled``: digits, symbols, capitals, abbreviations), which the check weighs more.
``key`` folds what a listener cannot hear apart (ordinal or cardinal, British or American
spelling, a possessive's apostrophe).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Token:
    """One canonical spoken word and where it came from."""

    word: str
    start: int  # character span in the canonicalized text
    end: int
    kind: str = "word"  # word, number, letters (an acronym or initials), abbrev, symbol
    capital: bool = False  # written with a capital (a name, mid-sentence)

    @property
    def ruled(self) -> bool:
        """Read by a rule rather than as spelled: what a normalizer or lexicon may get wrong."""
        return self.kind != "word"

    @property
    def key(self) -> str:
        # letters said one by one are not the word they spell: "U.S." read as "us" is a defect
        return key(self.word) + "." if self.kind == "letters" else key(self.word)


CURRENCIES = {"$": "dollars", "£": "pounds", "€": "euros", "¥": "yen"}
SCALES = {"thousand": "thousand", "k": "thousand", "million": "million", "m": "million", "mn": "million",
          "billion": "billion", "bn": "billion", "b": "billion", "trillion": "trillion", "tn": "trillion"}  # fmt: skip
UNITS = {
    "km": "kilometers", "kms": "kilometers", "mi": "miles", "kg": "kilograms", "kgs": "kilograms",
    "g": "grams", "mg": "milligrams", "lb": "pounds", "lbs": "pounds", "oz": "ounces", "ft": "feet",
    "cm": "centimeters", "mm": "millimeters", "mph": "miles per hour", "kph": "kilometers per hour",
    "km/h": "kilometers per hour", "kwh": "kilowatt hours", "mwh": "megawatt hours", "kw": "kilowatts",
    "mw": "megawatts", "gw": "gigawatts", "ha": "hectares", "ml": "milliliters", "°c": "degrees celsius",
    "°f": "degrees fahrenheit", "°": "degrees", "sq": "square", "m": "meters",
}  # fmt: skip
ABBREVIATIONS = {
    "sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "lt": "lieutenant",
    "col": "colonel", "sgt": "sergeant", "capt": "captain", "cmdr": "commander", "adm": "admiral",
    "dr": "doctor", "prof": "professor", "mr": "mister", "mrs": "missus", "ms": "miz", "jr": "junior",
    "sr": "senior", "st": "saint", "mt": "mount", "ft": "fort", "ave": "avenue", "blvd": "boulevard",
    "rd": "road", "vs": "versus", "etc": "et cetera", "corp": "corporation", "inc": "incorporated",
    "ltd": "limited", "co": "company", "dept": "department", "univ": "university", "pres": "president",
    "jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june", "jul": "july",
    "aug": "august", "sep": "september", "sept": "september", "oct": "october", "nov": "november",
    "dec": "december", "ala": "alabama", "ariz": "arizona", "ark": "arkansas", "calif": "california",
    "colo": "colorado", "conn": "connecticut", "del": "delaware", "fla": "florida", "ga": "georgia",
    "ill": "illinois", "ind": "indiana", "kan": "kansas", "ky": "kentucky", "la": "louisiana",
    "md": "maryland", "mass": "massachusetts", "mich": "michigan", "minn": "minnesota",
    "miss": "mississippi", "mo": "missouri", "mont": "montana", "neb": "nebraska", "nev": "nevada",
    "okla": "oklahoma", "ore": "oregon", "pa": "pennsylvania", "tenn": "tennessee", "vt": "vermont",
    "va": "virginia", "wash": "washington", "wis": "wisconsin", "wyo": "wyoming",
}  # fmt: skip
# Dotted abbreviations that are read as words only when written with their dot (not "Miss", "Ill").
DOT_ONLY = {"mar", "ill", "miss", "mass", "wash", "ind", "col", "gen", "rep", "sen", "gov", "co", "del", "la",
            "pa", "va", "mo", "ore", "ga", "md", "ky", "ark", "neb", "nev", "mont", "ft", "mt", "st", "jun",
            "jul", "dec", "ms"}  # fmt: skip
STATES = {"n.y": "new york", "n.j": "new jersey", "n.h": "new hampshire", "n.m": "new mexico",
          "n.c": "north carolina", "n.d": "north dakota", "s.c": "south carolina", "s.d": "south dakota",
          "r.i": "rhode island", "w.va": "west virginia", "d.c": "d c"}  # fmt: skip
PARTIES = {"r": "republican", "d": "democrat", "i": "independent"}
SYMBOLS = {"&": "and", "%": "percent", "+": "plus", "@": "at", "=": "equals", "#": "number"}

_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CHUNK = re.compile(
    rf"(?P<money>(?:US|A|C|NZ|HK)?(?P<cur>[$£€¥])\s?(?P<amount>{_NUMBER})"
    rf"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|tn|[kmb])\b)?)"
    r"|(?P<time>\b\d{1,2}:\d{2}\b)"
    rf"|(?P<num>{_NUMBER})(?P<suffix>st|nd|rd|th|s|'s|’s)?(?:\s?(?P<unit>km/h|°[cCfF]|°|[a-zA-Z]{{1,3}}\b))?"
    r"|(?P<party>\b[RDI]-(?=[A-Z][a-z]))"
    r"|(?P<dotted>\b(?:[A-Za-z]\.){2,}(?:[A-Za-z]{1,2}\b\.?)?)"
    r"|(?P<word>[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F\u00AD]*(?:['’][A-Za-z]+)*\.?)"
    r"|(?P<symbol>[&%+@=#])"
)


def number_words(value: str, year: bool = True) -> list[str]:
    """Digits as words: "2016" is a year, "1,200" and "2.5" are numbers."""
    if "." in value:
        whole, fraction = value.split(".", 1)
        return number_words(whole, year=False) + ["point", *(_DIGITS[d] for d in fraction)]
    number = int(value.replace(",", ""))
    # 1100-2099 read as a year ("fifteen hundred"), written with a comma or not: the recognizer
    # writes "1,500" or "1500" for either reading, so only the value may count.
    if year and 1100 <= number <= 2099 and not 2000 <= number <= 2009:
        high, low = divmod(number, 100)  # a year: "twenty sixteen", "nineteen hundred", "eighteen oh five"
        words = _cardinal(high)
        return words + (["hundred"] if low == 0 else ["oh", *_cardinal(low)] if low < 10 else _cardinal(low))
    return _cardinal(number)


def _cardinal(number: int) -> list[str]:
    from num2words import num2words

    return [w for w in re.split(r"[\s,-]+", num2words(number)) if w and w != "and"]


_DIGITS = dict(zip("0123456789", "zero one two three four five six seven eight nine".split()))


def _plural(words: list[str]) -> list[str]:
    last = words[-1]
    return [*words[:-1], last[:-1] + "ies" if last.endswith("y") else last + "s"]


def tokens(text: str, caps_words: bool = False) -> list[Token]:
    """``text`` as canonical spoken words, each with the span it came from. ``caps_words``:
    capitals of three letters or more are words ("NEW YORK (AP)" in a dateline)."""
    # Invisible joiners and no-break spaces become spaces, keeping every span on ``text`` as given.
    text = text.translate({0x2060: " ", 0x200B: " ", 0x00A0: " ", 0x202F: " "})
    shouted = _shouted(text)
    text_caps = _caps_runs(text, caps_words)
    found: list[Token] = []
    for match in _CHUNK.finditer(text):
        found.extend(_chunk(match, shouted or match.start() in text_caps, text))
    if _title_case(text):  # a headline in title case: its capitals say nothing about names
        found = [Token(t.word, t.start, t.end, t.kind, False) for t in found]
    joined = _join_letters(found, text)
    for index in range(len(joined) - 1, 0, -1):  # "per cent" is "percent"
        if joined[index].word == "cent" and joined[index - 1].word == "per":
            joined[index - 1 : index + 1] = [Token("percent", joined[index - 1].start, joined[index].end, "symbol")]
    return joined


def _make(words: list[str] | str, kind: str, span: tuple[int, int]) -> list[Token]:
    """Tokens for ``words`` (a string: its words), all from the text at ``span``."""
    if isinstance(words, str):
        words = words.split()
    return [Token(w, span[0], span[1], kind) for w in words]


def _chunk(m: re.Match[str], shouted: bool, text: str) -> list[Token]:
    def out(words: list[str] | str, kind: str, span: tuple[int, int] = m.span()) -> list[Token]:
        return _make(words, kind, span)

    if m["money"]:
        amount, scale = m["amount"], (m["scale"] or "").lower()
        words = number_words(amount) + ([SCALES[scale]] if scale else [])
        currency = CURRENCIES[m["cur"]]
        if amount == "1" and not scale and currency.endswith("s"):
            currency = currency[:-1]
        return out([*words, currency], "number")
    if m["time"]:
        hour, minute = m["time"].split(":")
        words = number_words(hour, year=False)
        if minute != "00":
            words += (["oh"] if minute[0] == "0" else []) + number_words(minute.lstrip("0") or "0", year=False)
        return out(words, "number")
    if m["num"]:
        return _number(m, out)
    if m["party"]:
        return out([PARTIES[m["party"][0].lower()], "of"], "abbrev")
    if m["dotted"]:
        dotted = m["dotted"].rstrip(".").lower()
        if dotted in STATES:
            return out(STATES[dotted], "abbrev")
        if dotted in ("a.m", "p.m"):
            return out(dotted[0] + "m", "letters")
        return out(dotted.replace(".", ""), "letters")
    if m["word"]:
        return _word(m, shouted, text)
    return out(SYMBOLS[m["symbol"]], "symbol")


def _number(m: re.Match[str], out) -> list[Token]:
    value, suffix, unit = m["num"], (m["suffix"] or "").lower(), m["unit"]
    unit_key = (unit or "").lower()
    if suffix in ("st", "nd", "rd", "th"):
        words = number_words(value, year=False)  # an ordinal: compared as its cardinal (see key)
    elif suffix in ("s", "'s", "’s"):
        words = _plural(number_words(value))  # the 1990s, the '90s
    else:
        measured = unit_key in UNITS or unit_key in SCALES
        words = number_words(value, year=not measured)
    if unit and unit_key in UNITS and (unit_key != "m" or not value.endswith("000")):
        return out([*words, *UNITS[unit_key].split()], "number")
    if unit and unit_key in SCALES and unit_key not in ("m", "b", "k"):
        return out([*words, SCALES[unit_key]], "number")
    # not a unit: the number alone; the word after it is a chunk of its own
    span = (m.start(), m.start("unit") if unit else m.end())
    rest = out(words, "number", span)
    if unit:
        tail = _CHUNK.match(m.string, m.start("unit"), m.end())
        if tail is not None and tail.group("word"):
            rest += _word(tail, _shouted(m.string), m.string)
    return rest


def _word(m: re.Match[str], shouted: bool, text: str) -> list[Token]:
    raw = m["word"].replace("\u00ad", "")  # a soft hyphen is no sound
    width = len(m["word"].rstrip("."))  # spans count the text as given
    dot = raw.endswith(".")
    bare = raw.rstrip(".")
    lower = bare.lower().replace("’", "'")
    if lower in ABBREVIATIONS and (dot or lower not in DOT_ONLY) and not (bare.isupper() and len(bare) > 1):
        return _make(ABBREVIATIONS[lower], "abbrev", (m.start(), m.start() + width + dot))
    span = (m.start(), m.start() + width)
    letters = re.sub(r"['’]s$", "", bare)
    # Capitals of five letters or more with a vowel are a shouted word ("DULUTH, Minn."), not an
    # acronym to spell; NATO and NASA are letters here, but the same on both sides.
    spelled = len(letters) < 5 or not re.search(r"[AEIOUY]", letters)
    if len(letters) >= 2 and letters.isupper() and not shouted and spelled:
        return _make([lower.replace("'", "")], "letters", span)
    capital = bare[:1].isupper() and not _sentence_start(text, m.start())
    return [Token(lower, span[0], span[1], "word", capital)]


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \"'“‘([")
    return not before or before[-1] in ".!?:\n"


# Capitals that are words in news furniture, not acronyms to spell ("FILE - Smoke from ...").
CAPS_WORDS = frozenset(
    "FILE NEW YORK UPDATE UPDATED WATCH PHOTO VIDEO LIVE NEWS BREAKING READ MORE LOS SAN LAS SAINT FORT "
    "CITY WEST EAST NORTH SOUTH THE AND FOR WITH SAYS SAID OPINION ANALYSIS EXCLUSIVE LONDON PARIS ROME".split()
)


def _caps_runs(text: str, caps_words: bool) -> set[int]:
    """Where capitals are words: known furniture words, two or more capital words with vowels
    in a row ("NEW YORK", "LOS ANGELES"), or any of three letters or more when ``caps_words``."""
    starts: set[int] = set()
    words = list(re.finditer(r"\b[A-Z]{2,}\b", text))
    for n, m in enumerate(words):
        wordlike = len(m[0]) >= 3 and re.search(r"[AEIOUY]", m[0]) is not None
        neighbours = [words[k] for k in (n - 1, n + 1) if 0 <= k < len(words)]
        run = wordlike and any(
            len(o[0]) >= 3 and re.search(r"[AEIOUY]", o[0]) and re.fullmatch(r"[\s,]+", text[min(m.end(), o.end()) : max(m.start(), o.start())])
            for o in neighbours
        )
        if m[0] in CAPS_WORDS or run or (caps_words and len(m[0]) >= 3):
            starts.add(m.start())
    return starts


def _title_case(text: str) -> bool:
    words = re.findall(r"\b[A-Za-z][a-z]{3,}\b|\b[A-Z][A-Za-z]{3,}\b", text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _shouted(text: str) -> bool:
    """A line in capitals (a headline, a shouted heading): its capitals are words, not letters."""
    words = re.findall(r"[A-Za-z]{3,}", text)
    caps = [w for w in words if w.isupper()]
    return len(caps) >= 3 and len(caps) >= 0.6 * len(words)


def _join_letters(found: list[Token], text: str) -> list[Token]:
    """Letters said one by one ("U S", "F-B-I", "U. S.") are one token, like "US" and "U.S.";
    so are letters with a possessive ("W H O's", like "WHO's")."""
    joined: list[Token] = []
    run = False  # the last token is a run of single letters, open to one more
    for token in found:
        source = text[token.start : token.end]
        single = len(token.word) == 1 and source[:1].isupper() and token.kind in ("word", "letters")
        if single and not run and source in ("I", "A") and text[token.end : token.end + 1] not in (".", "-"):
            single = False  # the word "I" or "A", unless it continues letters ("F B I")
        last = run and re.fullmatch(r"[A-Z]['’]s", source) is not None  # a possessive closes the letters
        if (single or last) and run and re.fullmatch(r"[\s.\-]*", text[joined[-1].end : token.start]):
            previous = joined[-1]
            joined[-1] = Token(previous.word + token.word.replace("'", ""), previous.start, token.end, "letters")
        elif single:
            joined.append(Token(token.word, token.start, token.end, "letters"))
        else:
            joined.append(token)
        run = single
    return joined


# --- the comparison key -----------------------------------------------------------------

_ORDINALS = {"first": "one", "second": "two", "third": "three", "fifth": "five", "eighth": "eight",
             "ninth": "nine", "twelfth": "twelve"}  # fmt: skip
_NUMBER_STEMS = set(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion trillion".split()
)
# British spellings a listener cannot hear, folded on both sides (so over-folding is harmless).
_SPELLING = [
    (re.compile(r"(?<=[a-z]{3})our(s?)$"), r"or\1"), (re.compile(r"(?<=[a-z]{2})is(e|es|ed|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"), (re.compile(r"(?<=[a-z]{2})tre(s?)$"), r"ter\1"),
    (re.compile(r"(?<=[a-z])ence(s?)$"), r"ense\1"), (re.compile(r"ll(ed|ing|er|ers)$"), r"l\1"),
    (re.compile(r"^programme"), "program"), (re.compile(r"ogue$"), "og"), (re.compile(r"^grey"), "gray"),
]  # fmt: skip
_WORDS = {"ok": "okay", "percent": "percent", "per": "per", "mum": "mom", "aeroplane": "airplane",
          "tyre": "tire", "tyres": "tires", "cheque": "check", "kerb": "curb", "aluminium": "aluminum",
          "jewellery": "jewelry", "tonne": "ton", "tonnes": "tons", "whilst": "while", "amongst": "among", "street": "saint", "st": "saint"}  # fmt: skip


@lru_cache(maxsize=65536)
def key(word: str) -> str:
    """What a word is compared as: ordinal as cardinal, American spelling, no apostrophe."""
    word = word.replace("'", "")
    if word in _WORDS:
        return _WORDS[word]
    if word in _ORDINALS:
        return _ORDINALS[word]
    for stem_end, cardinal_end in (("ieth", "y"), ("th", "")):
        if word.endswith(stem_end) and word[: -len(stem_end)] + cardinal_end in _NUMBER_STEMS:
            return word[: -len(stem_end)] + cardinal_end
    if word.endswith("ies") and word[:-3] + "y" in _NUMBER_STEMS:
        return word[:-3] + "y"
    for pattern, replacement in _SPELLING:
        word = pattern.sub(replacement, word)
    return word


def keys(found: list[Token]) -> list[str]:
    """The comparison keys of ``found``, with "per cent" read as "percent"."""
    out = [t.key for t in found]
    return out


_LETTER_NAMES = dict(zip(
    "abcdefghijklmnopqrstuvwxyz",
    "ay bee see dee ee ef jee aych eye jay kay el em en oh pee kyu ar es tee yu vee dubelyu ex wy zee".split(),
))  # fmt: skip


def sounds(text: str) -> str:
    """A rough sound key for similarity: letters that sound alike folded, vowels kept thin.
    A key of letters said one by one ("fbi.") sounds like their names ("ef bee eye")."""
    text = re.sub(r"\b([a-z]+)\.", lambda m: "".join(_LETTER_NAMES[c] for c in m[1]), text.lower())
    text = re.sub(r"[^a-z]", "", text)
    for pattern, replacement in (("ph", "f"), ("ck", "k"), ("q", "k"), ("x", "ks"), ("z", "s"), ("c(?=[eiy])", "s"),
                                 ("c", "k"), ("dg", "j"), ("gh", ""), ("kn", "n"), ("wr", "r"), ("th", "t"),
                                 ("ee|ea|ie|ey|y$", "i"), ("oo|ou", "u"), ("(.)\\1", "\\1")):  # fmt: skip
        text = re.sub(pattern, replacement, text)
    return text
