"""An article from an HTML page: trafilatura finds the body and metadata, we keep the structure.

trafilatura's XML output keeps headings (``<head>``), quotes, lists, tables and images
(``<graphic>`` with its alt text) in reading order, but drops ``<figcaption>``; captions are
read from the page itself and matched to the images by address. The resulting lines go through
the same rules as plain text (chrome, bylines, datelines, credits), without shape guessing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from ..errors import InputError
from ..model import Article
from .structure import Line, assemble
from .linerules import caption_key as rules_key
from .linerules import normalize_space, split_credit

MIN_PROSE_WORDS = 40  # less running prose than this and the page is an index, not an article
_CREDIT_CLASS = re.compile(r"credit|copyright|attribution|creator", re.I)


def article_from_html(html: str | bytes, url: str = "", source: str = "") -> Article:
    """Extract the article on an HTML page.

    Args:
        html: the page, as text or as the bytes a server sent.
        url: the page's address, to resolve image links and as the article's identity.
        source: how to name the page in an error message (default: ``url``).

    Raises:
        InputError: the page holds no article (an index page, a login wall, an empty page).
    """
    import trafilatura
    from lxml import etree

    name = source or url or "the page"
    if isinstance(html, bytes):
        from .decode import decode

        html = decode(html, name)
    extracted = trafilatura.extract(
        html,
        url=url or None,
        output_format="xml",
        include_images=True,
        include_tables=True,
        include_comments=False,
        with_metadata=True,
    )
    if not extracted:
        raise _no_article(name, html)
    doc = etree.fromstring(extracted.encode("utf-8"))
    figures = page_figures(html, url)
    captions = {key: (f.caption, f.credit) for f in figures for key in f.keys}
    lines: list[Line] = []
    main = doc.find("main")
    if main is not None:
        _walk(main, lines, captions)
    lines = _place_figures(lines, figures)
    author = normalize_space(doc.get("author") or "")
    article = assemble(
        lines,
        headline=normalize_space(schema_headline(html) or doc.get("title") or ""),
        byline=f"By {' and '.join(a.strip() for a in author.split(';') if a.strip())}" if author else "",
        date=doc.get("date") or "",
        by_shape=False,
    )
    article.url = url or doc.get("url") or ""
    article.language = page_language(html) or article.language
    prose = sum(
        len(b.text.split()) for b in article.blocks if b.kind == "paragraph" and len(b.text.split()) >= 8
    )
    if prose < MIN_PROSE_WORDS:
        raise _no_article(name, html)
    return article


MAX_DEPTH = 256  # libxml2's limit on nested elements, which trafilatura's parser keeps


def _no_article(name: str, html: str) -> InputError:
    if _too_deep(html):  # the parser gave up: no reason to blame the page for being an index
        return InputError(
            f"{name}: its elements nest more than {MAX_DEPTH} deep, deeper than the HTML parser "
            "reads (a broken or hostile page), so no article could be found in it. Save the "
            "article's text to a file and publish that."
        )
    return InputError(
        f"{name}: found no article on the page (an index or section page?). "
        "Give the address or file of one article's page."
    )


def _too_deep(html: str) -> bool:
    """Whether libxml2 stopped reading ``html`` at its nesting limit."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = etree.HTMLParser(recover=True)
    try:
        lxml_html.document_fromstring(html, parser=parser)
    except (ValueError, etree.ParserError):
        pass
    return any("Excessive depth" in entry.message for entry in parser.error_log)


def _walk(element, lines: list[Line], captions: dict[str, tuple[str, str]]) -> None:
    for child in element:
        tag = child.tag
        if tag == "graphic":
            lines.append(_image_line(child, captions))
        elif tag == "head":
            lines.append(Line(_text(child), "heading"))
        elif tag == "quote":
            lines.append(Line(_text(child), "quote"))
        elif tag in ("list", "table"):
            _walk(child, lines, captions)
        elif tag == "row":
            cells = [_text(cell) for cell in child.iter("cell")]
            lines.append(Line(", ".join(c for c in cells if c)))
        elif tag in ("p", "item", "cell", "code"):
            for graphic in child.iter("graphic"):
                lines.append(_image_line(graphic, captions))
            lines.append(Line(_text(child)))
        elif len(child):
            _walk(child, lines, captions)
        else:
            lines.append(Line(_text(child)))


def _text(element) -> str:
    return normalize_space(" ".join(element.itertext()))


def _image_line(graphic, captions: dict[str, tuple[str, str]]) -> Line:
    found = captions.get(_image_key(graphic.get("src") or ""))
    if found and found[0]:
        return Line(found[0], "caption", credit=found[1])
    alt = normalize_space(graphic.get("title") or graphic.get("alt") or "")
    return Line(alt, "image")


def _image_key(src: str) -> str:
    """Images are matched by file name: trafilatura may pick another size of the same image."""
    path = urlsplit(src).path
    return path.rsplit("/", 1)[-1].lower() if path else src


@dataclass
class Figure:
    """A captioned image on the page, with the paragraphs around it (to place it in reading
    order when the extractor kept the text but not the image)."""

    caption: str
    credit: str
    keys: list[str]
    before: str  # text of the closest paragraph above it
    after: str  # ... and below it


def page_figures(html: str | bytes, url: str = "") -> list[Figure]:
    """Every ``<figure>`` with a ``<figcaption>``: caption, credit and image file names."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError, SyntaxError):  # lxml raises these for empty or odd documents
        return []
    figures = []
    for figure in tree.iter("figure"):
        figcaption = next(figure.iter("figcaption"), None)
        if figcaption is None:
            continue
        credits = [el for el in figcaption.iterdescendants() if _is_credit_element(el)]
        credits = [el for el in credits if not any(a in credits for a in el.iterancestors())]
        credit_text = " ".join(_text(el) for el in credits)
        for el in credits:
            el.drop_tree()
        caption, found = split_credit(_text(figcaption))
        caption = re.sub(r"\s*\bCredit\b\s*$", "", caption)
        credit = re.sub(r"^(?:(?:credit|photo|image)\s*:?\s*)+", "", found or credit_text, flags=re.I)
        keys = [_image_key(urljoin(url, src)) for img in figure.iter("img", "source") for src in _sources(img)]
        before = figure.xpath("preceding::p[1]")
        after = figure.xpath("following::p[1]")
        figures.append(
            Figure(caption, credit, keys, _text(before[0]) if before else "", _text(after[0]) if after else "")
        )
    return figures


def _is_credit_element(element) -> bool:
    marks = f"{element.get('class') or ''} {element.get('itemprop') or ''}"
    return bool(_CREDIT_CLASS.search(marks)) and len(_text(element).split()) <= 12


def _place_figures(lines: list[Line], figures: list[Figure]) -> list[Line]:
    """Captions of figures the extractor dropped go beside the paragraph they stood next to."""
    placed = {rules_key(x.text) for x in lines if x.hint == "caption"}
    texts = [rules_key(x.text) for x in lines]
    result = list(lines)
    for figure in figures:
        key = rules_key(figure.caption)
        if not key or key in placed:
            continue
        before, after = rules_key(figure.before), rules_key(figure.after)
        if before and before in texts:
            index = texts.index(before) + 1
        elif after and after in texts:
            index = texts.index(after)
        else:
            continue  # not beside the article's text: a teaser or a sidebar
        line = Line(figure.caption, "caption", credit=figure.credit)
        result.insert(result.index(lines[index]) if index < len(lines) else len(result), line)
        placed.add(key)
    return result


def _sources(img) -> list[str]:
    urls = [img.get(a) for a in ("src", "data-src", "data-original", "data-lazy-src") if img.get(a)]
    for attribute in ("srcset", "data-srcset"):
        for candidate in (img.get(attribute) or "").split(","):
            if candidate.strip():
                urls.append(candidate.strip().split()[0])
    return urls


def schema_headline(html: str) -> str:
    """The headline a page declares for search engines (schema.org NewsArticle in JSON-LD),
    which, unlike og:title, is not rewritten for social media."""
    for block in re.findall(r"<script[^>]*application/ld\+json[^>]*>(.*?)</script>", html, re.S | re.I):
        block = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$", "", block.strip())
        try:
            data = json.loads(block)
        except json.JSONDecodeError:
            continue
        items = data if isinstance(data, list) else [data, *(data.get("@graph") or [])] if isinstance(data, dict) else []
        for item in items:
            kind = item.get("@type") if isinstance(item, dict) else None
            kinds = kind if isinstance(kind, list) else [kind]
            if any(k in ("NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting") for k in kinds):
                headline = item.get("headline")
                if isinstance(headline, str) and headline.strip():
                    return headline
    return ""


def page_language(html: str | bytes) -> str:
    head = html[:4000].decode("latin-1") if isinstance(html, bytes) else html[:4000]
    match = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2,3})\b", head, re.I)
    return match.group(1).lower() if match else ""
