"""What English rules need to know about the words around a match."""

from __future__ import annotations

import re

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH = "(?:" + "|".join(MONTHS) + ")"

# Words that usually begin a sentence: after "in the U.S." or "at 5 p.m." one of these means
# the abbreviation's period also ended the sentence, so the expansion must keep a full stop.
STARTERS = frozenset(
    """a an the he she it they we i you his her its their our my your this that these those
    there here then but and or so yet if when while after before as since because although
    though in on at by for from with without of to into over under during until about
    some many most several few all both each every no none one two three officials police
    what who why how where which mr mrs ms dr earlier later meanwhile still also however
    """.split()
)

_AFTER = re.compile(r"""\s*["')\]]*\s*(?:(["'(\[]?)(\w+))?""")


def ends_sentence(text: str, end: int) -> bool:
    """Whether a period at ``text[end - 1]`` closes the sentence as well as an abbreviation."""
    rest = text[end:]
    if not rest.strip(" \t\n\"')]") or rest[:1] in "\"')]":  # a quote closing on the period
        return True
    match = _AFTER.match(rest)
    word = match.group(2) if match else None
    if word is None:
        return False
    if match.group(1):  # an opening quote after the period starts a new sentence
        return True
    return word[0].isupper() and word.lower() in STARTERS


def period_if_end(text: str, end: int) -> str:
    return "." if ends_sentence(text, end) else ""


# Words that do not start the noun an amount could describe: after "$2 billion in aid" or
# "$3.2bn changed hands" the amount is a quantity ("two billion dollars"), while before "plan"
# in "a $2bn plan" it is an adjective ("a two-billion-dollar plan").
NOT_NOUNS = frozenset(
    """in on for to by of from at with and or but nor yet so a an the this that these those his
    her its their our my your each every per apiece is was were are be been being has have had
    will would could should may might can must shall do does did than as over under into onto
    since after before ago more less worth already too plus minus up down off out back now then
    while when if because which who whom whose where what compared against between through
    during until within without about above below across including excluding versus vs via
    toward towards last next overall total altogether alone also even just only still instead
    again annually yearly monthly weekly daily apiece it he she they we you i there here not
    once twice short shy higher lower cheaper dearer richer poorer extra""".split()
) | {m.lower() for m in MONTHS} | {
    d.lower() for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
}
# Nouns that end like a past tense ("-ed").
_ED_NOUNS = frozenset("bed shed seed feed need speed breed creed weed reed steed greed deed".split())
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][\w'-]*)")


def before_noun(text: str, end: int, determined: bool = True) -> bool:
    """Whether the word after ``text[:end]`` is (likely) a noun the amount describes. A word in
    "-ing" is one only when a determiner came before the amount (``determined``): "a $1 trillion
    spending bill", but "spent $2bn buying shares"."""
    match = _NEXT_WORD.match(text, end)
    if not match:
        return False
    word = match[1].lower().split("-")[0]
    if word in NOT_NOUNS:
        return False
    if len(word) > 4 and word.endswith("ed") and word not in _ED_NOUNS:
        return False  # "$3.2bn changed hands"
    if len(word) > 4 and word.endswith("ing") and not (determined or match[1][0].isupper()):
        return False  # a title-case headline's "$22.7 Billion Manufacturing Plan" stays a noun
    return not (len(word) > 4 and word.endswith("ly"))  # "$5 billion annually", "roughly"
