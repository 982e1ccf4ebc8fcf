"""Named rules that tell what one line of a news page is: chrome, byline, caption, credit ...

Each rule is a small function over one normalized line (whitespace collapsed), so it can be
tested as input/expected pairs and swapped alone. :mod:`audionews.sources.structure` applies them in
order; the parsers (plain text, Markdown, HTML) only cut a source into lines.
"""

from __future__ import annotations

import re
from datetime import datetime

_DASH = "[-\u2013\u2014]"
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?"
)
_AGENCIES = (
    "AP|Associated Press|Reuters|REUTERS|AFP|Getty Images|Getty|EPA|EPA-EFE|Bloomberg|"
    "Shutterstock|Alamy|VOA|Xinhua|Sputnik|Anadolu|Pool|The New York Times|NYT|PA|PA Media"
)

# A copyright notice opens with the sign or the word and a year ("Copyright 2025 ..."); a sentence
# that opens with the word ("Copyright lawyers said ...") is the story's.
_COPYRIGHT = (
    r"©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4})|all rights reserved\b"
    r"|(?-i:Copyright\s+(?:(?:[A-Z][\w.&'\u2019-]*|de|da|do|of|the|and|y|la|le|di|von|van)\s+){0,6}"
    r"[A-Z][\w&'\u2019.-]*\.(?:\s|$))"  # "Copyright Folha de S.Paulo. ..."
)

# Lines a news page shows around the article, compared lowercased without end punctuation.
CHROME_LINES = frozenset(
    """
    accessibility links|breaking news|skip to main content|skip to content|skip to navigation
    skip navigation|share|share this|share this article|share this story|share on facebook
    share on twitter|share on x|share via email|print|print this page|email|facebook|twitter
    whatsapp|linkedin|reddit|pinterest|telegram|copy link|copy url|link copied|related
    related articles|related stories|related content|related coverage|comments|comment
    advertisement|sponsored|sponsored content|ad|menu|search|close|sign in|log in|login
    register|subscribe|follow|follow us|listen|listen to this article|play|pause|replay
    watch|video|audio|image|photo|photos|gallery|embed|download|download file|direct link
    back to top|top|home|more|loading|see all|show more|read more|continue reading
    story continues below advertisement|scroll to continue with content|trending|most read
    most popular|most viewed|top stories|recommended|you may also like|you might also like
    the code has been copied to your clipboard|the url has been copied to your clipboard
    no media source currently available|toggle caption|hide caption|show caption
    enlarge this image|expand image|view gallery|open gallery|view image|full screen
    previous|next|previous article|next article|go to comments|jump to comments|a|a+|a-
    xxs|xs|sm|md|lg|xl|xxl|x|save|saved|playlist|transcript|hide|copy link copied|bookmark
    listen live|play live radio|keyboard shortcuts for audio player|gift this article
    reuse this content|explore more on these topics|our standards
    """.replace("\n", "|").split("|")
) - {""}
CHROME_LINES = frozenset(x.strip() for x in CHROME_LINES) - {""}

_CHROME_PATTERNS = [
    re.compile(r"^(?:(?:XXS|XS|SM|MD|LG|XL|XXL|S|M|L|A\+|A-|A)\b\s*){2,}$"),  # text size buttons
    re.compile(r"^(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s*/?\s*(?:\d{1,2}:)?\d{1,2}:\d{2})*$"),  # player
    re.compile(r"^no media source currently available\b", re.I),
    re.compile(r"^(?:share|post|tweet|email|send|pin)\s+(?:this|on|to|via|it)\b.{0,40}$", re.I),
    re.compile(  # inline teasers: "RELATED: Another headline", "READ MORE: ..."
        r"^(?:related|read more|also read|read also|see also|more|watch|listen|recommended|"
        r"most read|trending|read next|more from [^:]{1,30}|latest|more coverage)\s*[:|\u2192»]",
        re.I,
    ),
    re.compile(r"^(?:sign up|subscribe|register|log in|sign in|create an account)\b", re.I),
    re.compile(r"^(?:\d+\s+)?comments?\s*(?:\(\d+\))?$", re.I),
    re.compile(
        r"^(?:leave|add|post|join|view|show|read|see|load)\s+(?:a\s+|the\s+|all\s+)?"
        r"(?:\d+\s+)?(?:comments?|conversation|discussion)\b",
        re.I,
    ),
    re.compile(  # image and media placeholders
        r"^[\[(]?(?:image|photo|picture|video|graphic|gallery|embed|media|slideshow|chart|map)"
        r"(?:\s+\d+(?:\s+of\s+\d+)?)?(?:\s*:\s*\S+)?[\])]?$",
        re.I,
    ),
    re.compile(r"^\[(?:image|photo|img|picture|video)\b[^\]]*\]$", re.I),
    re.compile(r"^(?:image|photo|slide)?\s*\d+\s+(?:of|/)\s+\d+$", re.I),
    re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|svg|mp4)$", re.I),
    re.compile(r"^(?:image|photo) (?:source|credit),", re.I),  # BBC's "Image source, Getty"
    re.compile(r"^(?:follow|contact|email) (?:us|me|the author|[\w.'-]+(?: [\w.'-]+)?) (?:on|at|via)\b", re.I),
    re.compile(r"^@\w{2,}$"),
    re.compile(r"^\S+@\S+\.\w+$"),
    re.compile(r"^\d+\s+min(?:ute)?s?\s+read$", re.I),
    re.compile(r"^(?:listen|watch)\s*(?:now|live)?\s*\(?\d{1,2}:\d{2}\)?$", re.I),
    re.compile(r"^(?:[^|›»>]{1,30}\s(?:\||›|»|>)\s){2,}[^|›»>]{1,30}$"),  # breadcrumbs: Home | World
    re.compile(r"^\d+-minute (?:listen|read|watch)$", re.I),
    re.compile(r"^our standards\s*:", re.I),
    re.compile(r"^breaking(?: news)?\s*:", re.I),
    re.compile(r"^\[(?:advertisement|ad|sponsored)\]$", re.I),
    re.compile(r"^(?:click|tap) here\b", re.I),
    re.compile(rf"^(?:{_COPYRIGHT})", re.I),
    re.compile(r"^this (?:article|story) is (?:part of|available)\b.{0,80}$", re.I),
]
_NEWSLETTER = re.compile(r"\b(?:newsletters?|inbox)\b", re.I)
_SHORT_PROMPT = 25  # a newsletter prompt is short; a paragraph about newsletters is not
# ... and a short sentence that names a newsletter is a prompt only when it asks something.
_NEWSLETTER_PROMPT = re.compile(
    r"\b(?:sign up|subscribe|delivered|inbox|get (?:the|our)|enter your|select|choose|receive|you'd like)\b", re.I
)

# Page furniture by class (issue 15), each a line that only stands in for something on the page.
# A loading notice: "Loading...", "Loading video player", "Please wait", "One moment please".
_LOADING_NOTICE = re.compile(
    r"^(?:loading|fetching|retrieving|updating|refreshing)"
    r"(?:\s+(?:the |your |more |latest |new |related )*"
    r"(?:article|story|stories|page|content|comments?|videos?|(?:video )?player|maps?|data|results|"
    r"feed|updates?|images?|gallery|media|audio|podcast|live blog|headlines|ads?|posts?))?"
    r"(?:\s*\d{1,3}\s*%)?(?:\s*[,.\u2013\u2014-]?\s*please wait)?\s*(?:\.{1,3}|\u2026)?$"
    r"|^(?:please wait|one moment,? please|just a moment|hang tight)\b[^.!?]{0,50}(?:\.{1,3}|\u2026)?$",
    re.I,
)
# Markup a copy kept as text: an HTML comment ("<!-- IMAGE -->", "<!-- wp:image -->"), a bare tag,
# a tag with attributes ('<img width=1 src="...">'), the cut-off end of one ('alt="" /></a></div>'),
# or a piece of an address cut out of one ("&U=", "b?P=oI9T&T=", "16mar%2fX%3d14").
_PROSE_AROUND_MARKUP = 8  # words without markup in them: this many and the line is prose
_MARKUP_PLACEHOLDER = re.compile(
    r"^(?:<!--.*?-->\s*)+$|^</?[a-z][\w:-]*(?:\s[^<>]*)?/?>$|<[a-z][\w:-]*\s+[\w:-]+\s*=|=\"[^\"]*\"\s*/?>"
    r"|^\S*(?:%[0-9a-f]{2}|[?&][\w-]+=)\S*$",
    re.I,
)
_PICTURE_WORDS = r"image|photo|picture|thumbnail|video|placeholder|crop|ratio"
# An image's size or shape label: "16x9 Image", "Image 4:3", "1x1".
_IMAGE_SIZE = re.compile(
    rf"^(?:(?:{_PICTURE_WORDS})\s+)?\d{{1,2}}\s*[x\u00d7:]\s*\d{{1,2}}(?:\s+(?:{_PICTURE_WORDS}))?$", re.I
)
# A graphic's label standing where the graphic was: "Map showing ...", "Chart of ...".
_GRAPHIC_LABEL = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?:(?:locator|interactive|satellite|animated)\s+)?"
    r"(?:map|graphic|chart|diagram|infographic|illustration|graph|timeline|satellite image)s?\s+"
    r"(?:showing|shows|of|illustrating|depicting|locating|explaining|comparing|tracking)\b[^.!?]*$",
    re.I,
)
# A logo's alt text or an award's name under its badge: "Walkley Awards logo",
# "Pulitzer Prize Finalist 2023", "Winner: 2024 Regional Press Awards".
_LOGO_LABEL = re.compile(
    r"^(?:[A-Z0-9][\w'\u2019&.-]*\s+){1,6}(?:logo|badge|emblem|wordmark)\.?$"
    r"|^(?i:winner|finalist|recipient|shortlisted|nominee|honou?ree)\b[^!?]{0,80}\b(?i:awards?|prizes?)\b[^!?]{0,60}$"
    r"|^[^!?]{0,60}\b(?i:awards?|prizes?)(?:\s+\d{4})?\s+"
    r"(?i:winners?|finalists?|recipients?|nominees?|honou?rees?|shortlisted|(?:highly )?commended)(?:\s+\d{4})?$"
)
_WIRES = "AAP|PTI|IANS|ANI|UPI|dpa|Yonhap|Kyodo|Agence France-Presse|The Associated Press"  # beside _AGENCIES
# An agency tag line standing for the author: "VOA News", "AP News", "PTI", "Staff and agencies".
_AGENCY_TAG = re.compile(
    rf"^(?:(?:{_AGENCIES}|{_WIRES}|[A-Z]{{2,6}})\s+(?:News|Staff|Wires?|Newsroom|News Desk|Web Desk|Digital)"
    rf"|{_WIRES}"
    r"|(?i:(?:from )?(?:staff|wire services|news agencies|agencies|wire reports|staff reports)"
    r"(?: and (?:agencies|wires|wire reports))?))$"
)
# A paragraph that is the publisher's standing notice, not the story: funding, partnership,
# rights, syndication, newsletter and membership appeals.
_STANDING_BOILERPLATE = re.compile(
    r"\ball rights reserved\b"
    r"|\bmay not be (?:re)?(?:published|produced|broadcast|rewritten|redistributed)\b"
    r"|\bsolely responsible for (?:all |its |the )?content\b"
    r"|\b(?:has not been|was not|wasn't) edited by\b[^.]{0,60}\b(?:staff|editors?|newsroom)\b"
    r"|\b(?:published|generated) from a syndicated feed\b"
    r"|^(?:this|the|our) (?:story|article|report|reporting|coverage|project|series|investigation|piece|"
    r"podcast|episode|journalism)\b[^.]{0,80}\b(?:is|was|were|are|has been)\s+(?:\w+\s+){0,2}?"
    r"(?:produced|published|reported|funded|supported|made possible|co-published|underwritten)\b"
    r"[^.]{0,40}\b(?:partnership|collaboration|grant|support|funding|foundation|readers|members|donors)\b"
    r"|^[\w.'\u2019& -]{2,60}?(?:'s|\u2019s) (?:[\w-]+ ){0,3}(?:coverage|reporting|journalism|programming)\b"
    r"[^.]{0,30}\b(?:is|are)\s+(?:\w+\s+)?(?:funded|financed|supported|underwritten|paid for)\b"
    r"|\bis an? (?:independent,? )?(?:non-?profit|nonpartisan|editorially independent)\b[^.]{0,40}"
    r"\b(?:newsroom|news organi[sz]ation|news outlet|news site|publication|media organi[sz]ation|broadcaster)\b"
    r"|\breceives? (?:financial )?support from\b[^.]{0,120}\bfor (?:its )?coverage\b"
    r"|^(?:sign up|subscribe)\b[^.]{0,100}\b(?:newsletters?|inbox|briefing)\b"
    r"|^(?:become a (?:member|subscriber|supporter)|support (?:our|independent|local) (?:journalism|newsroom)|"
    r"donate (?:now|today)|republish (?:this|our) (?:story|article)|(?:have|got) a (?:news )?tip\b)",
    re.I,
)

# Lines after which, at the end of an article, nothing more of it follows.
_END_MARKERS = re.compile(
    r"^(?:about the authors?|about this author|more from (?:the )?author|comments|"
    rf"\d+ comments|leave a comment|join the conversation|{_COPYRIGHT}|tags?:|topics?:|"
    r"filed under:?|(?:more|other) stories|editor'?s picks|explore more on these topics|"
    r"reuse this content)",
    re.I,
)
# Lines that open a box of teaser links, which run until the article's prose resumes.
_TEASER_MARKERS = re.compile(
    r"^(?:related(?: articles| stories| content| coverage| links)?|more from\b.{0,40}|"
    r"most (?:read|popular|viewed)|recommended(?: for you)?|read next|you may also like|"
    r"you might also like|trending(?: now)?|top stories|latest news|more news|see also|"
    r"more on this (?:story|topic)|more stories(?: from .{1,30})?)$",
    re.I,
)

_CAPTION_PREFIX = re.compile(
    rf"^(?:FILE\s*(?:PHOTO)?\s*{_DASH}|FILE PHOTO\s*:|FILE\s*:|PHOTO\s*:|(?:Image )?caption[,:]|Pictured\s*:)\s*",
)
_CAPTION_CREDIT = re.compile(
    r"\s*(?:"
    rf"\((?:[^()]{{0,40}}\b(?i:photo|photograph|image|credit|illustration)s?\b[^()]{{0,40}}|(?:{_AGENCIES})\b[^()]*)\)"
    rf"|(?:Photo|Photograph|Image|Credit|Picture)(?: credit)?\s*:\s*[^.]{{2,80}}"
    rf"|(?:{_AGENCIES})/[A-Z][^.]{{1,60}}"
    rf"|[A-Z][\w.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){{0,3}}\s*/\s*(?:{_AGENCIES})(?: via Getty Images)?"
    r")\s*\.?$"
)
_CREDIT_LINE = re.compile(
    r"^(?:"
    rf"\(?(?:(?:AP|Pool) Photo|Photo|Photograph|Image|Credit|Picture|Illustration)(?: credit)?"
    r"\s*[:/]\s*[^.]{2,80}\)?"
    rf"|\(?(?:{_AGENCIES})(?:/[^()]{{1,60}})?\)?"
    rf"|[A-Z][\w.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){{0,3}}\s*/\s*(?:{_AGENCIES})[^.]{{0,30}}"
    r"|(?:credit|courtesy)\b[^.]{0,60}"
    r")\.?$",
    re.I,
)
_CAPTION_DATE_END = re.compile(rf",\s+(?:{MONTHS})\s+\d{{1,2}},\s+\d{{4}}\.?\)?$")
_BYLINE = re.compile(
    r"^(?:by|written by|words by|story by|reporting by)\s+"
    r"([A-Z\u00c0-\u024f][\w.'\u2019\u00c0-\u024f-]*(?:[\s,]+(?:and\s+|&\s+)?[\w.'\u2019\u00c0-\u024f-]+){0,12})$",
    re.I,
)
_TIME = r"\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?"
_DATE = re.compile(
    r"^(?:(?:updated|published|posted|last updated|first published|modified)\s*(?:on|:)?\s*)?"
    rf"(?:{_TIME},?\s+)?"
    r"(?:(?:mon|tue|tues|wed|wednes|thu|thurs|fri|sat|satur|sun)(?:day)?,?\s+)?"
    rf"(?:(?P<mdy>(?:{MONTHS})\s+\d{{1,2}},?\s+\d{{4}})|(?P<dmy>\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))"
    rf"(?:[\s,]+(?:at\s+)?{_TIME})?"
    r"(?:\s*(?:\||,)?\s*(?:updated|last updated)?\s*:?\s*"
    rf"(?:(?:{MONTHS})\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}:\d{{2}}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{{2,5}})?))*"
    r"\.?$",
    re.I,
)
_RELATIVE_DATE = re.compile(
    r"^(?:(?:updated|published|posted)\s+)?\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?)\s+ago$",
    re.I,
)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\u2019-]+(?:\s+[A-Z][A-Z.'\u2019-]+)*"  # WASHINGTON, NEW YORK
    r"(?:,\s+[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)?"  # , Ukraine
    r"(?:,?\s+(?:" + MONTHS + r")\s+\d{1,2})?"  # , June 15 (Reuters style)
    r"(?:\s+\((?:AP|Reuters|AFP|VOA|UPI|CNN|dpa|Xinhua|Bloomberg|[A-Z]{2,6})\))?)"
    rf"\s*(?:{_DASH}{{1,2}}|:)\s+(?P<rest>\S.*)$"
)
_ENDNOTE = re.compile(
    r"^(?:(?:some|additional|other)\s+)?(?:information|material|reporting)\b.{0,80}"
    r"\b(?:provided|contributed)\b"
    r"|\bcontributed (?:to )?(?:this|the) (?:report|story|article)\.?$"
    r"|^(?:reporting|writing|editing|additional reporting) by\b"
    r"|^this (?:story|article|report) (?:has been|was) (?:updated|corrected)\b"
    r"|^(?:correction|clarification)\s*:",
    re.I,
)
_AUTHOR_ROLE = re.compile(
    r"^(?:senior |chief |staff |contributing |freelance |political |foreign )?"
    r"(?:reporter|correspondent|writer|editor|contributor|journalist|columnist|producer)"
    r"(?:,? [\w ]{1,40})?$",
    re.I,
)
_OPEN_QUOTES = "\"\u201c\u00ab\u201e"
_CLOSE_QUOTES = "\"\u201d\u00bb"
_ALL_DOUBLE_QUOTES = set(_OPEN_QUOTES + _CLOSE_QUOTES)
_SENTENCE_END = tuple(".!?\"\u201d\u2019)\u2026")


def normalize_space(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def chrome_key(line: str) -> str:
    return line.strip().lower().rstrip(":.!|\u2026 ").strip()


def is_chrome(line: str) -> bool:
    """Page furniture that is never part of an article: buttons, players, prompts, placeholders."""
    if chrome_key(line) in CHROME_LINES or _is_newsletter_prompt(line):
        return True
    return any(p.search(line) for p in _CHROME_PATTERNS) or any(rule(line) for rule in FURNITURE_RULES)


def is_loading_notice(line: str) -> bool:
    return bool(_LOADING_NOTICE.match(line))


def is_markup_placeholder(line: str) -> bool:
    """Markup in place of content; a line of prose with a tag left inside it is still prose."""
    if not _MARKUP_PLACEHOLDER.search(line):
        return False
    return sum(not re.search(r"[<>=\"/]", word) for word in line.split()) < _PROSE_AROUND_MARKUP


def is_image_label(line: str) -> bool:
    """What stands where a picture was: its size, a graphic's label, a logo or award badge."""
    if len(line.split()) > 25:
        return False
    return any(p.match(line) for p in (_IMAGE_SIZE, _GRAPHIC_LABEL, _LOGO_LABEL))


def is_agency_tag(line: str) -> bool:
    return bool(_AGENCY_TAG.match(line))


FURNITURE_RULES = (is_loading_notice, is_markup_placeholder, is_image_label, is_agency_tag)


def is_standing_boilerplate(paragraph: str) -> bool:
    """The publisher's standing notice ("VOA's coverage is funded by ...", "All rights reserved")."""
    return len(paragraph.split()) <= 80 and bool(_STANDING_BOILERPLATE.search(paragraph))


def _is_newsletter_prompt(line: str) -> bool:
    """"Newsletters", "Sign up for our newsletter"; not "The union's newsletter said ..."."""
    if not _NEWSLETTER.search(line) or len(line.split()) > _SHORT_PROMPT or _DATELINE.match(line):
        return False
    return len(line.split()) <= 8 or not ends_like_sentence(line) or bool(_NEWSLETTER_PROMPT.search(line))


def is_end_marker(line: str) -> bool:
    return bool(_END_MARKERS.match(line))


def is_teaser_marker(line: str) -> bool:
    return bool(_TEASER_MARKERS.match(chrome_key(line)))


def is_credit_line(line: str) -> bool:
    """A photo credit standing alone ("Evan Vucci/AP", "Photo: Jane Roe/Reuters")."""
    return len(line.split()) <= 12 and bool(_CREDIT_LINE.match(line))


def is_weak_credit(line: str) -> bool:
    """A line that is a credit only next to a caption: "Brian Otieno for NPR", "Jane Roe/Outlet"."""
    return bool(
        re.fullmatch(r"(?:[A-Z][\w.'\u2019-]+ ){1,3}(?:for|/) ?[A-Z][\w.&' -]{1,40}", line)
        or re.fullmatch(r"[A-Z][\w.'\u2019 -]{1,40}/[A-Z][\w.&' -]{1,40}", line)
    ) and len(line.split()) <= 8


def split_credit(caption: str) -> tuple[str, str]:
    """Split "Words of the caption. (AP Photo/Name)" into the words and the credit."""
    match = _CAPTION_CREDIT.search(caption)
    if not match or match.start() == 0:
        return caption, ""
    credit = match.group(0).strip().strip("()").rstrip(".").strip()
    return caption[: match.start()].strip(), credit


def has_caption_prefix(line: str) -> bool:
    return bool(_CAPTION_PREFIX.match(line))


def strip_caption_label(line: str) -> str:
    """Drop a page's own "Caption:"/"Image caption," label; keep "FILE -", which is content."""
    return re.sub(r"^(?:Image )?caption[,:]\s*|^Pictured\s*:\s*", "", line, flags=re.I)


def looks_like_caption(line: str, *, by_shape: bool = True) -> bool:
    """A photo caption: "FILE -" and credit-ended lines always; place-and-date ended by shape."""
    if has_caption_prefix(line):
        return True
    if len(line.split()) < 4:
        return False
    if split_credit(line)[1]:
        return True
    return by_shape and len(line.split()) <= 70 and bool(_CAPTION_DATE_END.search(line))


def parse_byline(line: str) -> str | None:
    """The names in a byline ("By Jane Doe and John Roe, Associated Press"), else None."""
    head = re.split(r"\s+[|\u2022\u00b7]\s+", line)[0].strip()
    match = _BYLINE.match(head)
    if not match or head.endswith((".", "!", "?")) and not re.search(r"\b[A-Z]\.$", head):
        return None
    return head


def byline_date(line: str) -> str:
    """The date in "By Jane Doe | June 15, 2017", if any."""
    parts = re.split(r"\s+[|\u2022\u00b7]\s+", line)
    for part in parts[1:]:
        iso = parse_date_line(part.strip())
        if iso is not None:
            return iso
    return ""


def parse_date_line(line: str) -> str | None:
    """ISO date of a line that is only a date or timestamp ("" if relative), else None."""
    if _RELATIVE_DATE.match(line):
        return ""
    match = _DATE.match(line)
    if not match:
        return None
    text = (match.group("mdy") or match.group("dmy") or match.group("iso")).replace(".", "")
    text = re.sub(r"\bSept\b", "Sep", text).replace(",", "")
    for fmt in ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return ""


def split_dateline(paragraph: str) -> tuple[str, str] | None:
    """Split "WASHINGTON — The Senate ..." into ("WASHINGTON", "The Senate ...")."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    place = match.group("place")
    letters = re.sub(r"[^A-Za-z]", "", place.split(",")[0].split("(")[0])
    rest = match.group("rest")
    if len(letters) < 2 or not letters.isupper() or len(rest.split()) < 4:
        return None
    if not (rest[0].isupper() or rest[0].isdigit() or rest[0] in _OPEN_QUOTES):
        return None  # "NASA — the space agency — said": an aside, not a dateline
    return place.strip(), match.group("rest").strip()


def is_endnote(line: str) -> bool:
    """A closing credit: "Some information for this report was provided by AP and Reuters."."""
    return bool(_ENDNOTE.search(line)) and len(line.split()) <= 40


def is_author_role(line: str) -> bool:
    return bool(_AUTHOR_ROLE.match(line))


def is_block_quote(line: str) -> bool:
    """A paragraph that is one quotation, with no attribution inside or after it."""
    if len(line) < 3 or line[0] not in _OPEN_QUOTES or line[-1] not in _CLOSE_QUOTES:
        return False
    return not any(ch in _ALL_DOUBLE_QUOTES for ch in line[1:-1])


def quote_inner(line: str) -> str:
    return line.strip("".join(_ALL_DOUBLE_QUOTES) + " ")


def ends_like_sentence(line: str) -> bool:
    return line.endswith(_SENTENCE_END)


def looks_like_heading(line: str, max_words: int = 12) -> bool:
    """A section heading: short, starts with a capital, no sentence-ending punctuation."""
    words = line.split()
    if not words or len(words) > max_words or not (line[0].isupper() or line[0].isdigit()):
        return False
    if line.endswith("?"):
        return len(words) <= 10
    return not line.endswith((".", ",", ";", ":", "!", "\u201d", '"', "\u2026", ")"))


def looks_like_headline(line: str, max_words: int = 30) -> bool:
    words = line.split()
    if len(words) <= 3 and line.isupper():
        return False  # a section label ("LOCAL NEWS"), not a headline
    return 2 <= len(words) <= max_words and not line.endswith((".", ",", ";", "\u2026"))


def caption_key(text: str) -> str:
    """What makes two captions the same caption: their words, without credit or case."""
    words, _credit = split_credit(text)
    return " ".join(re.findall(r"\w+", words.lower()))
