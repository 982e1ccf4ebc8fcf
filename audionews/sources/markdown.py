"""An article from Markdown: ``#`` is the headline, ``##`` and below are sections.

markdown-it-py (CommonMark) parses the text. An image's caption is its title, else an
emphasized paragraph right under it (``*Caption text.*``), else its alt text. Paragraphs then
go through the same rules as plain text (bylines, datelines, chrome, credits).
"""

from __future__ import annotations

from ..model import Article
from .structure import Line, assemble
from .linerules import normalize_space


def parse(text: str) -> Article:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    lines: list[Line] = []
    quote_depth = 0
    list_depth = 0
    for index, token in enumerate(tokens):
        if token.type == "blockquote_open":
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "heading_open":
            inline = tokens[index + 1]
            hint = "headline" if token.tag == "h1" and not _has_headline(lines) else "heading"
            lines.append(Line(_inline_text(inline), hint))
        elif token.type == "inline" and tokens[index - 1].type == "paragraph_open":
            _paragraph(token, lines, "quote" if quote_depth and not list_depth else "")
        elif token.type in ("fence", "code_block"):
            lines.append(Line(token.content))
    return assemble(_merge_quotes(lines), by_shape=True)


def _has_headline(lines: list[Line]) -> bool:
    return any(line.hint == "headline" for line in lines)


def _paragraph(inline, lines: list[Line], hint: str) -> None:
    children = inline.children or []
    images = [c for c in children if c.type == "image"]
    words = _inline_text(inline)
    if images:
        for image in images:
            title = image.attrs.get("title") or ""
            alt = normalize_space("".join(c.content for c in image.children or []) or image.content)
            lines.append(Line(str(title), "caption") if title else Line(alt, "image"))
        if words:
            lines.append(Line(words, "caption" if _is_emphasis_only(children) else hint))
        return
    if lines and lines[-1].hint == "image" and _is_emphasis_only(children):
        lines[-1] = Line(words, "caption")  # the caption under the image replaces its alt text
        return
    lines.append(Line(words, hint))


def _merge_quotes(lines: list[Line]) -> list[Line]:
    """Consecutive paragraphs of one blockquote are one quote (and its "— Name" attribution)."""
    merged: list[Line] = []
    for line in lines:
        if line.hint == "quote" and merged and merged[-1].hint == "quote":
            merged[-1] = Line(f"{merged[-1].text} {line.text}", "quote")
        else:
            merged.append(line)
    return merged


def _is_emphasis_only(children) -> bool:
    kinds = [c.type for c in children if not (c.type == "text" and not c.content.strip())]
    kinds = [k for k in kinds if k not in ("image", "softbreak")]
    return bool(kinds) and kinds[0] in ("em_open", "strong_open") and kinds[-1] in ("em_close", "strong_close")


def _inline_text(inline) -> str:
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "html_inline":
            continue
    return normalize_space("".join(parts))
