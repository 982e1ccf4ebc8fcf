"""English rules for Roman numerals: monarchs and popes ("Henry VIII", "the eighth"), wars,
sequels and sporting events ("World War I", "Super Bowl LIX": "one", "fifty-nine"), teams
("playing XI"); and not the pronoun I, initials, or a letter X ("Model X", "Mr X").

What comes before the numeral decides: a monarch's or a person's name, or a title such as
"King" or "Pope" makes it an ordinal; a word such as "War" or "Bowl" (and any other name) a
cardinal. A lone I or V is a numeral only after a monarch's name or such a word; a lone X is
always the letter.
"""

from __future__ import annotations

import re

from .en_context import STARTERS
from .numwords import cardinal, ordinal
from .rules import case

# Numerals up to 89 (I, V, X, L): C, D and M are far more often letters ("MCC", "DC", "MD").
_ROMAN = re.compile(r"(?=[IVXL])(XL|L?X{0,3})(IX|IV|V?I{0,3})")
_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_value(text: str) -> int | None:
    """The value of a Roman numeral written in I, V, X and L, or None."""
    if not text or not _ROMAN.fullmatch(text):
        return None
    total = 0
    for i, letter in enumerate(text):
        value = _VALUES[letter]
        total += -value if i + 1 < len(text) and _VALUES[text[i + 1]] > value else value
    return total


# Names monarchs and popes have reigned under: "Elizabeth I", "Henry V", "Leo XIV".
REGNAL_NAMES = frozenset(
    """Henry Edward George William Richard Charles James John Elizabeth Mary Anne Victoria Louis
    Philip Philippe Felipe Carlos Alfonso Ferdinand Isabella Isabel Peter Paul Catherine Nicholas
    Alexander Ivan Frederick Friedrich Frederik Wilhelm Franz Joseph Leopold Albert Baudouin Harald
    Haakon Olav Olaf Carl Gustaf Gustav Margrethe Christian Willem Beatrix Juliana Wilhelmina
    Rainier Umberto Emmanuel Napoleon Henri Francis Leo Pius Benedict Gregory Innocent Clement
    Urban Boniface Sixtus Julius Adrian Celestine Honorius Martin Stephen Eugene Mohammed Muhammad
    Hassan Abdullah Hussein Faisal Fahd Farouk Fuad Rama Ramesses Ramses Thutmose Amenhotep
    Cleopatra Ptolemy Cyrus Darius Xerxes Constantine Justinian Otto Rudolf Sancho David Robert
    Malcolm Duncan Kenneth Kamehameha Mswati Letsie Tupou Selim Suleiman Mehmed Murad Osman
    Sigismund Casimir Matthias Sebastian Manuel Pedro Juan Enrique Jaime Fernando Alfred Harold
    Edmund Ethelred Matilda Edgar Magnus Eric Erik Valdemar Oscar Karl Ludwig Maximilian Vladimir
    Boris Michael Alexis Anna Hirohito Akihito Naruhito Haile Selassie Tutankhamun Ahmed Bayezid
    Mahmud Abdulhamid Abdulmejid Mustafa Idris Zog Menelik Sobhuza Moshoeshoe Amadeus Emanuele""".split()
)
# Other given names: "Robert Griffin III", "Thurston Howell III".
GIVEN_NAMES = frozenset(
    """Michael Daniel Matthew Anthony Mark Donald Steven Andrew Joshua Kevin Brian Timothy Ronald
    Jason Jeffrey Ryan Jacob Gary Jonathan Larry Justin Scott Brandon Benjamin Samuel Frank
    Patrick Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Douglas Zachary Kyle Walter
    Ethan Jeremy Keith Roger Noah Gerald Terry Sean Austin Arthur Lawrence Jesse Dylan Bryan Joe
    Jordan Billy Bruce Willie Gabriel Logan Alan Wayne Roy Ralph Randy Vincent Russell Elijah
    Bobby Johnny Thurston Hank Howard Harry Chris Tom Tim Bill Jim Ted Fred Sam Ben Dan Matt
    Patricia Jennifer Linda Barbara Susan Jessica Sarah Karen Nancy Margaret Lisa Betty Dorothy
    Sandra Ashley Kimberly Donna Emily Carol Michelle Amanda Melissa Deborah Stephanie Rebecca
    Laura Sharon Cynthia Kathleen Amy Shirley Angela Helen Brenda Pamela Nicole Samantha Marvin
    Lonnie Trey Tre Jaren Wendell Derrick Andre Marcus Malik Isaiah Jalen Jaylen Cameron DeAndre
    Terrell Lamar Jamal Tyrone Curtis Calvin Clarence Earl Herbert Leonard Melvin Norman Ray Stanley
    Theodore Troy Wesley Hunter Beau Cal Gerald Nelson Winthrop Hamilton""".split()
) | REGNAL_NAMES
# Titles before a name: "King Charles III", "Pope Leo XIV".
TITLE_WORDS = frozenset(
    """King Queen Pope Emperor Empress Tsar Czar Tsarina Kaiser Sultan Prince Princess Pharaoh Shah
    Emir Duke Duchess Archduke Saint St Lord Lady Sir Count Countess Baron""".split()
)
PERSON_WORDS = GIVEN_NAMES | TITLE_WORDS
# Words after which a numeral is a plain number: wars, parts, missions, events, teams.
CARDINAL_CONTEXT = frozenset(
    """War Bowl Vatican Phase Part Chapter Title Article Type Stage Schedule Class Category Level
    Tier Division Volume Book Act Episode Season Series Mark Apollo Artemis Saturn Gemini Mania
    WrestleMania Appendix Annex Grade Round Section Saga Olympiad""".split()
)


def _say(m: re.Match[str]) -> str:
    name, numeral = m[1], m[2]
    value = roman_value(numeral)
    if value is None or name.lower() in STARTERS:  # "The LIV Golf tour", "When I saw"
        return m[0]
    if numeral == "X":  # "Model X", "Malcolm X", "Mr X": a letter
        return m[0]
    if name in CARDINAL_CONTEXT or name.endswith("Mania"):
        return f"{name} {cardinal(value)}"
    # the capitalised words running up to the numeral: "Pope Leo", "Robert Griffin"
    before = re.search(r"(?:[A-Z][\w'.-]* )*$", m.string[: m.start()])[0].split()
    people = [w for w in [*before[-2:], name] if w in PERSON_WORDS]
    if len(numeral) == 1:
        # A lone I, V or X is a letter or the pronoun unless a monarch's name comes before it.
        after = m.string[m.end() : m.end() + 4]
        if name not in REGNAL_NAMES or re.match(r"'(?:m|ve|d|ll)\b| am\b", after):
            return m[0]
        return f"{name} the {ordinal(value)}"
    if people:
        return f"{name} the {ordinal(value)}"
    return f"{name} {cardinal(value)}"  # a sequel, an event, a team: "Rocky II", "Super Bowl LIX"


# "Henry VIII", "Louis XIV's", "World War I", "Super Bowl LIX", "WrestleMania XL", "England XI"
roman_after_name = case(
    "roman_after_name",
    r"(?<![\w-])([A-Z][\w'-]*[a-z]) ([IVXL]+)\b(?![.-]\w)",
    _say,
)
# "Agni-V", "Prithvi-II": a missile's or a mark's number.
roman_hyphen = case(
    "roman_hyphen",
    r"(?<![\w-])([A-Z][a-z]+)-([IVXL]{2,}|I|V)\b(?!-)",
    lambda m: f"{m[1]}-{cardinal(v)}" if (v := roman_value(m[2])) else m[0],
)
# "iPhone X", "iPhone XS": ten.
iphone = case(
    "iphone", r"\biPhone X(S|R)?\b", lambda m: "iPhone ten" + (f" {m[1]}" if m[1] else "")
)
# "playing XI", "an unchanged XV": a team of eleven or fifteen.
team_size = case(
    "team_size",
    r"(?<=[a-z] )(XI|XV)\b(?![.-]\w)",
    lambda m: "eleven" if m[1] == "XI" else "fifteen",
)
