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
    (``strict``), or else a standfirst (a long line)?"""
    rest = [x.text for x in lines[index + 1 :] if not rules.is_chrome(x.text)]
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


def _classify(lines: list[Line], repeated: set[int], article: Article, by_shape: bool) -> None:
    state = _State()
    blocks = article.blocks
    headline_key = rules.caption_key(article.headline)

    def drop(text: str) -> None:
        article.dropped.append(text)

    for index, line in enumerate(lines):
        text, hint = line.text, line.hint
        following = lines[index + 1] if index + 1 < len(lines) else None
        has_body = any(b.kind == "paragraph" and rules.ends_like_sentence(b.text) for b in blocks)
        if state.ended:
            drop(text)
            continue
        if hint == "image":
            if text and len(text.split()) >= 3 and not rules.is_chrome(text):
                _add_caption(blocks, text, line.credit, state)
            continue
        if rules.caption_key(text) == headline_key and hint in ("", "heading", "headline"):
            drop(text)
            continue
        if rules.is_end_marker(text) and has_body and hint != "heading":
            state.ended = True
            drop(text)
            continue
        if rules.is_teaser_marker(text):
            state.in_teasers = True
            drop(text)
            continue
        if state.in_teasers:
            if hint in ("", "heading") and not rules.ends_like_sentence(text):
                if not (following and _is_prose(following.text) and rules.looks_like_heading(text)):
                    drop(text)
                    continue
            state.in_teasers = False
        if rules.is_chrome(text):
            drop(text)
            continue
        if hint == "caption":
            _add_caption(blocks, text, line.credit, state)
            continue
        if hint == "heading":
            # A long sentence in heading markup is a standfirst, read as a paragraph.
            prose = len(text.split()) > 12 and text.endswith(".")
            blocks.append(Block("paragraph" if prose else "heading", text))
            continue
        if hint == "quote":
            blocks.append(Block("quote", text))
            continue
        names = rules.parse_byline(text)
        if names is not None and not has_body:
            if article.byline and article.byline != names:
                drop(text)
            article.byline = article.byline or names
            article.date = article.date or rules.byline_date(text)
            state.after_byline = True
            continue
        iso = rules.parse_date_line(text)
        if iso is not None:
            article.date = article.date or iso
            drop(text)
            continue
        if not has_body and not article.byline and _is_name(text) and following is not None:
            if rules.parse_date_line(following.text) is not None:
                article.byline = text  # a bare name over the date: the byline
                state.after_byline = True
                continue
        if article.byline and _is_author_box(text, article.byline, state, has_body):
            drop(text)
            continue
        state.after_byline = False
        near_caption = bool(blocks) and blocks[-1].kind == "caption"
        if (rules.is_credit_line(text) or (near_caption and rules.is_weak_credit(text))) and not (
            rules.ends_like_sentence(text.rstrip("."))
        ):
            _attach_credit(blocks, text, state, drop)
            continue
        if rules.looks_like_caption(text, by_shape=by_shape) or (
            by_shape and not hint and _is_captioned(text, index, lines, repeated)
        ):
            _add_caption(blocks, text, line.credit, state)
            continue
        if rules.is_endnote(text) and has_body:
            blocks.append(Block("endnote", text))
            continue
        if rules.is_block_quote(text):
            if following is not None and re.match(r"^[\u2014\u2013-]{1,2}\s*\S", following.text):
                text = f"{text} {following.text}"
                following.text = ""  # the attribution line joins the quote
            blocks.append(Block("quote", text))
            continue
        if text == "":
            continue
        if by_shape and not hint and _is_heading(text, following, has_body):
            blocks.append(Block("heading", text))
            continue
        blocks.append(Block("paragraph", text))


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
