"""Turn the lines of a news page into an :class:`Article`: one pass of the rules in ``textrules``.

Every parser cuts its source into :class:`Line` objects, with a ``hint`` when the source says
what a line is (a Markdown ``##``, an HTML ``<figcaption>``), and hands them to
:func:`assemble`. Without hints (plain text) the shape of a line decides. Whatever is dropped is
kept in ``Article.dropped`` so a producer (and the benchmark) can see it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import linerules as rules
from ..model import Article, Block

HINTS = ("", "headline", "heading", "caption", "image", "quote", "paragraph")
_MAX_HEADLINE_SEARCH = 40  # words: a line this long is prose, so the headline is not above it


@dataclass
class Line:
    """One block of a source in reading order, and what the source says it is (if it says)."""

    text: str
    hint: str = ""  # one of HINTS; "" means: decide by shape
    credit: str = ""  # a photo credit the source gives apart from the caption


def assemble(
    lines: list[Line],
    *,
    headline: str = "",
    byline: str = "",
    date: str = "",
    by_shape: bool = True,
) -> Article:
    """Classify ``lines`` into an article. ``by_shape`` enables plain-text guesses (headline,
    headings and captions found by their shape); structured sources turn it off."""
    lines = [Line(rules.normalize_space(x.text), x.hint, rules.normalize_space(x.credit)) for x in lines]
    lines = [x for x in lines if x.text or x.hint == "image"]
    article = Article(headline=rules.normalize_space(headline), byline=byline, date=date)
    lines, repeated = _drop_repeats(lines, article)
    start = _find_headline(lines, article, by_shape)
    _classify(lines[start:], {i - start for i in repeated}, article, by_shape)
    _drop_pull_quotes(article)
    _split_dateline(article)
    return article


def _drop_repeats(lines: list[Line], article: Article) -> tuple[list[Line], set[int]]:
    """Drop a line repeated right after itself (alt text and caption copied together)."""
    kept: list[Line] = []
    repeated: set[int] = set()
    for line in lines:
        if kept and line.text and rules.caption_key(line.text) == rules.caption_key(kept[-1].text):
            repeated.add(len(kept) - 1)
            if line.hint in ("caption", "image") and kept[-1].hint not in ("caption",):
                kept[-1].hint = "caption"
            article.dropped.append(line.text)
            continue
        kept.append(line)
    return kept, repeated


def _find_headline(lines: list[Line], article: Article, by_shape: bool) -> int:
    """Set the headline; return the index of the first line after it (earlier lines are chrome)."""
    if article.headline:
        key = rules.caption_key(article.headline)
        for index, line in enumerate(lines[:8]):
            if rules.caption_key(line.text) == key:
                article.dropped.extend(x.text for x in lines[:index] if x.hint != "image")
                return index + 1
        return 0
    for index, line in enumerate(lines):
        if line.hint == "headline":
            article.headline = line.text
            article.dropped.extend(x.text for x in lines[:index])
            return index + 1
    if not by_shape:
        return 0
    candidates = []
    for index, line in enumerate(lines):
        if len(line.text.split()) > _MAX_HEADLINE_SEARCH:
            break
        if rules.is_chrome(line.text) or line.hint:
            continue
        if (
            rules.looks_like_headline(line.text)
            and rules.parse_byline(line.text) is None
            and rules.parse_date_line(line.text) is None
            and not rules.has_caption_prefix(line.text)
            and not rules.is_credit_line(line.text)
        ):
            candidates.append(index)
    # Site names, taglines and section labels come first on a page; the headline is the
    # candidate followed by what follows a headline: a byline, a date, a photo, a standfirst.
    chosen = next((i for i in candidates if _opens_article(lines, i, strict=True)), None)
    if chosen is None:
        chosen = next((i for i in candidates if _opens_article(lines, i)), candidates[0] if candidates else None)
    if chosen is None:
        return 0
    before = _previous_kept(lines, chosen)
    if before in candidates and len(lines[chosen].text.split()) >= 15 and len(lines[before].text.split()) >= 5:
        chosen = before  # what sits on the byline is the standfirst; the headline is above it
    article.headline = lines[chosen].text
    article.dropped.extend(x.text for x in lines[:chosen])
    return chosen + 1


def _opens_article(lines: list[Line], index: int, strict: bool = False) -> bool:
    """Does what follows line ``index`` follow a headline: a byline, a date, a photo caption
    (``strict``), or else a standfirst (a long line)? An agency's name under it is passed over."""
    rest = [x.text for x in lines[index + 1 :] if not (rules.is_chrome(x.text) or rules.is_credit_line(x.text))]
    following = rest[0] if rest else ""
    if not strict:
        return len(following.split()) >= 10
    return bool(following) and (
        rules.parse_byline(following) is not None
        or rules.parse_date_line(following) is not None
        or rules.looks_like_caption(following)
        or (_is_name(following) and len(rest) > 1 and rules.parse_date_line(rest[1]) is not None)
    )


def _previous_kept(lines: list[Line], index: int) -> int:
    return next((i for i in range(index - 1, -1, -1) if not rules.is_chrome(lines[i].text)), -1)


def _is_name(text: str) -> bool:
    """A bare author name: two to four capitalized words."""
    return bool(re.fullmatch(r"(?:[A-Z][\w'\u2019.-]+ ){1,3}[A-Z][\w'\u2019-]+", text))


class _State:
    def __init__(self) -> None:
        self.in_teasers = False
        self.ended = False
        self.pending_credit = ""
        self.after_byline = False


@dataclass
class _Seen:
    """One line as the rules see it: the line, its neighbour, and the article so far."""

    line: Line
    index: int
    following: Line | None
    lines: list[Line]
    repeated: set[int]
    article: Article
    state: _State
    by_shape: bool
    headline_key: str
    has_body: bool  # a sentence-like paragraph came before

    @property
    def text(self) -> str:
        return self.line.text

    @property
    def hint(self) -> str:
        return self.line.hint

    def add(self, kind: str, text: str | None = None) -> bool:
        self.article.blocks.append(Block(kind, self.text if text is None else text))
        return True

    def drop(self) -> bool:
        self.article.dropped.append(self.text)
        return True

    def caption(self) -> bool:
        _add_caption(self.article.blocks, self.text, self.line.credit, self.state)
        return True


# Each rule looks at one line and either handles it (returns True: the line is placed or dropped)
# or passes it on to the next rule. The order is the decision: the first rule that takes a line
# decides what it is; the last one makes it a paragraph.


def _after_the_end(x: _Seen) -> bool:
    return x.state.ended and x.drop()


def _image(x: _Seen) -> bool:
    """An image's own text is a caption when it says something (three words or more)."""
    if x.hint != "image":
        return False
    if x.text and len(x.text.split()) >= 3 and not rules.is_chrome(x.text):
        x.caption()
    return True


def _headline_again(x: _Seen) -> bool:
    return rules.caption_key(x.text) == x.headline_key and x.hint in ("", "heading", "headline") and x.drop()


def _end_marker(x: _Seen) -> bool:
    if rules.is_end_marker(x.text) and x.has_body and x.hint != "heading":
        x.state.ended = True
        return x.drop()
    return False


def _teaser_marker(x: _Seen) -> bool:
    if rules.is_teaser_marker(x.text):
        x.state.in_teasers = True
        return x.drop()
    return False


def _teaser(x: _Seen) -> bool:
    """Inside a teaser list, short lines are other stories' titles; prose ends the list."""
    if not x.state.in_teasers:
        return False
    if x.hint in ("", "heading") and not rules.ends_like_sentence(x.text):
        following = x.following
        if not (following and _is_prose(following.text) and rules.looks_like_heading(x.text)):
            return x.drop()
    x.state.in_teasers = False
    return False


def _chrome(x: _Seen) -> bool:
    return rules.is_chrome(x.text) and x.drop()


def _standing_boilerplate(x: _Seen) -> bool:
    """A publisher's standing notice is dropped before the story or after it, never inside it."""
    if not rules.is_standing_boilerplate(x.text) or (x.has_body and _story_follows(x.lines[x.index + 1 :])):
        return False
    return x.drop()


def _caption_hint(x: _Seen) -> bool:
    return x.hint == "caption" and x.caption()


def _heading_hint(x: _Seen) -> bool:
    if x.hint != "heading":
        return False
    prose = len(x.text.split()) > 12 and x.text.endswith(".")  # a standfirst in heading markup
    return x.add("paragraph" if prose else "heading")


def _quote_hint(x: _Seen) -> bool:
    return x.hint == "quote" and x.add("quote")


def _byline(x: _Seen) -> bool:
    names = rules.parse_byline(x.text)
    if names is None or x.has_body:
        return False
    article = x.article
    if article.byline and article.byline != names:
        x.drop()
    article.byline = article.byline or names
    article.date = article.date or rules.byline_date(x.text)
    x.state.after_byline = True
    return True


def _date_line(x: _Seen) -> bool:
    iso = rules.parse_date_line(x.text)
    if iso is None:
        return False
    x.article.date = x.article.date or iso
    return x.drop()


def _bare_name_over_a_date(x: _Seen) -> bool:
    if x.has_body or x.article.byline or not _is_name(x.text) or x.following is None:
        return False
    if rules.parse_date_line(x.following.text) is None:
        return False
    x.article.byline = x.text
    x.state.after_byline = True
    return True


def _author_box(x: _Seen) -> bool:
    if x.article.byline and _is_author_box(x.text, x.article.byline, x.state, x.has_body):
        return x.drop()
    x.state.after_byline = False  # the byline's neighbourhood ends at the first other line
    return False


def _credit(x: _Seen) -> bool:
    blocks = x.article.blocks
    near_caption = bool(blocks) and blocks[-1].kind == "caption"
    credit = rules.is_credit_line(x.text) or (near_caption and rules.is_weak_credit(x.text))
    if credit and not rules.ends_like_sentence(x.text.rstrip(".")):
        _attach_credit(blocks, x.text, x.state, lambda text: x.article.dropped.append(text))
        return True
    return False


def _caption_by_shape(x: _Seen) -> bool:
    if rules.looks_like_caption(x.text, by_shape=x.by_shape) or (
        x.by_shape and not x.hint and _is_captioned(x.text, x.index, x.lines, x.repeated)
    ):
        return x.caption()
    return False


def _endnote(x: _Seen) -> bool:
    return rules.is_endnote(x.text) and x.has_body and x.add("endnote")


def _block_quote(x: _Seen) -> bool:
    if not rules.is_block_quote(x.text):
        return False
    following = x.following
    if following is not None and re.match(r"^[\u2014\u2013-]{1,2}\s*\S", following.text):
        text = f"{x.text} {following.text}"
        following.text = ""  # the attribution line joins the quote
        return x.add("quote", text)
    return x.add("quote")


def _empty(x: _Seen) -> bool:
    return x.text == ""


def _heading_by_shape(x: _Seen) -> bool:
    return x.by_shape and not x.hint and _is_heading(x.text, x.following, x.has_body) and x.add("heading")


def _paragraph(x: _Seen) -> bool:
    return x.add("paragraph")


RULES = (
    _after_the_end, _image, _headline_again, _end_marker, _teaser_marker, _teaser, _chrome,
    _standing_boilerplate, _caption_hint, _heading_hint, _quote_hint, _byline, _date_line, _bare_name_over_a_date,
    _author_box, _credit, _caption_by_shape, _endnote, _block_quote, _empty, _heading_by_shape,
    _paragraph,
)  # fmt: skip


def _classify(lines: list[Line], repeated: set[int], article: Article, by_shape: bool) -> None:
    """Give each line its place in the article: the first rule of :data:`RULES` that takes it."""
    state = _State()
    headline_key = rules.caption_key(article.headline)
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        has_body = any(b.kind == "paragraph" and rules.ends_like_sentence(b.text) for b in article.blocks)
        seen = _Seen(line, index, following, lines, repeated, article, state, by_shape, headline_key, has_body)
        next(rule for rule in RULES if rule(seen))


def _is_captioned(text: str, index: int, lines: list[Line], repeated: set[int]) -> bool:
    """A sentence repeated right after itself, or followed by a photo credit, is a caption."""
    if len(text.split()) < 4 or len(text.split()) > 60:
        return False
    if index in repeated and rules.ends_like_sentence(text):
        return True
    following = next((x.text for x in lines[index + 1 :] if not rules.is_chrome(x.text)), "")
    return bool(following) and (rules.is_credit_line(following) or rules.is_weak_credit(following))


def _is_prose(text: str) -> bool:
    return rules.ends_like_sentence(text) and len(text.split()) >= 3


def _story_follows(lines: list[Line]) -> bool:
    """Is there more of the story in ``lines``: prose before the article's end that is not furniture?"""
    for line in lines:
        if rules.is_end_marker(line.text):
            return False
        if _is_prose(line.text) and not (rules.is_chrome(line.text) or rules.is_standing_boilerplate(line.text)):
            return True
    return False


def _is_heading(text: str, following: Line | None, has_body: bool) -> bool:
    if following is None or not rules.looks_like_heading(text):
        return False
    if not has_body and len(text.split()) >= 6:
        return False  # a standfirst under the headline is read as a paragraph
    nxt = following.text
    return _is_prose(nxt) and not rules.looks_like_caption(nxt) and not rules.is_credit_line(nxt)


def _is_author_box(text: str, byline: str, state: _State, has_body: bool) -> bool:
    """Author box lines: under the byline the name again, a job title, the outlet; after the
    body a biography that starts with the author's name."""
    names = re.sub(r"^(?:by|written by|words by|story by)\s+", "", byline, flags=re.I)
    first_author = re.split(r",| and | \| ", names)[0].strip().lower()
    lowered = text.lower()
    if has_body:
        return bool(first_author) and lowered.startswith(first_author + " ") and bool(
            re.match(r"^\S+ \S+ (?:covers|is an?|is the|reports|writes|has|can be|joined)\b", lowered)
        )
    if lowered in names.lower() or (first_author and lowered.startswith(first_author + ",")):
        return True
    return state.after_byline and (
        rules.is_author_role(text) or (len(text.split()) <= 5 and not rules.ends_like_sentence(text))
    )


def _add_caption(blocks: list[Block], text: str, credit: str, state: _State) -> None:
    text = rules.strip_caption_label(text)
    words, found_credit = rules.split_credit(text)
    credit = credit or found_credit or state.pending_credit
    state.pending_credit = ""
    key = rules.caption_key(words)
    if not key:
        return
    for block in blocks[-2:]:  # the same caption again right away: once is enough
        if block.kind == "caption" and rules.caption_key(block.text) == key:
            block.credit = block.credit or credit
            return
    blocks.append(Block("caption", words, credit=credit))


def _attach_credit(blocks: list[Block], text: str, state: _State, drop) -> None:
    credit = text.strip("()").rstrip(".")
    credit = re.sub(r"^(?:photo|photograph|image|picture)(?: credit)?\s*:\s*", "", credit, flags=re.I)
    if blocks and blocks[-1].kind == "caption" and not blocks[-1].credit:
        blocks[-1].credit = credit
    else:
        state.pending_credit = credit
    drop(text)


def _drop_pull_quotes(article: Article) -> None:
    """A pull quote repeats words of the body in large type: read them once, in the body."""
    paragraphs = [_squash(b.text) for b in article.blocks if b.kind == "paragraph"]
    kept = []
    for block in article.blocks:
        inner = _squash(rules.quote_inner(block.text.split("\u2014")[0]))
        if block.kind == "quote" and len(inner) > 20 and any(inner in p for p in paragraphs):
            article.dropped.append(block.text)
            continue
        kept.append(block)
    article.blocks = kept


def _squash(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _split_dateline(article: Article) -> None:
    for block in article.blocks:
        if block.kind == "paragraph":
            split = rules.split_dateline(block.text)
            if split and not article.dateline:
                article.dateline, block.text = split
            return
