"""An article from an HTML page: trafilatura finds the body and metadata, we keep the structure.

trafilatura's XML output keeps headings (``<head>``), quotes, lists, tables and images
(``<graphic>`` with its alt text) in reading order, but drops ``<figcaption>``; captions are
read from the page itself and matched to the images by address. The resulting lines go through
the same rules as plain text (chrome, bylines, datelines, credits), without shape guessing.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from .errors import InputError
from .model import Article
from .structure import Line, assemble
from .textrules import normalize_space, split_credit

MIN_PROSE_WORDS = 40  # less running prose than this and the page is an index, not an article
_CREDIT_CLASS = re.compile(r"credit|copyright|byline|source|attribution", re.I)


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
        from .ingest import decode

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
        raise _no_article(name)
    doc = etree.fromstring(extracted.encode("utf-8"))
    captions = figure_captions(html, url)
    lines: list[Line] = []
    main = doc.find("main")
    if main is not None:
        _walk(main, lines, captions)
    author = normalize_space(doc.get("author") or "")
    article = assemble(
        lines,
        headline=normalize_space(doc.get("title") or ""),
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
        raise _no_article(name)
    return article


def _no_article(name: str) -> InputError:
    return InputError(
        f"{name}: found no article on the page (an index or section page?). "
        "Give the address or file of one article's page."
    )


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


def figure_captions(html: str | bytes, url: str = "") -> dict[str, tuple[str, str]]:
    """Map each captioned image on the page (by file name) to its (caption, credit)."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError, SyntaxError):  # lxml raises these for empty or odd documents
        return {}
    found: dict[str, tuple[str, str]] = {}
    for figure in tree.iter("figure"):
        figcaption = next(figure.iter("figcaption"), None)
        if figcaption is None:
            continue
        credit_parts = [
            _text(el) for el in figcaption.iter() if _CREDIT_CLASS.search(el.get("class") or "")
        ]
        for el in list(figcaption.iter()):
            if el is not figcaption and _CREDIT_CLASS.search(el.get("class") or ""):
                el.drop_tree()
        caption, credit = split_credit(_text(figcaption))
        credit = credit or " ".join(credit_parts)
        credit = re.sub(r"^(?:credit|photo|image)\s*:?\s*", "", credit, flags=re.I)
        for img in figure.iter("img", "source"):
            for src in _sources(img):
                found.setdefault(_image_key(urljoin(url, src)), (caption, credit))
    return found


def _sources(img) -> list[str]:
    urls = [img.get(a) for a in ("src", "data-src", "data-original", "data-lazy-src") if img.get(a)]
    for attribute in ("srcset", "data-srcset"):
        for candidate in (img.get(attribute) or "").split(","):
            if candidate.strip():
                urls.append(candidate.strip().split()[0])
    return urls


def page_language(html: str | bytes) -> str:
    head = html[:4000].decode("latin-1") if isinstance(html, bytes) else html[:4000]
    match = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2,3})\b", head, re.I)
    return match.group(1).lower() if match else ""
