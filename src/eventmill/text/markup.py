"""HTML given as an article: recognise it and keep only the readable text.

A saved web page read as plain text yields no events (every line ends in a tag, so the coder
takes it for headlines); its text, with block elements turned into paragraphs, codes normally.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["looks_like_html", "html_to_text"]

_TAG = re.compile(
    r"</?(?:html|head|body|p|div|span|br|a|h[1-6]|ul|ol|li|table|tr|td|article|section|header"
    r"|footer|nav|script|style|meta|title|img|strong|em|b|i)\b[^<>]*>",
    re.IGNORECASE,
)
_DOCTYPE = re.compile(r"\A\s*<(?:!doctype\s+html|html)\b", re.IGNORECASE)
_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tr",
          "article", "section", "header", "footer", "blockquote", "title", "figcaption"}
_HIDDEN = {"script", "style", "head", "noscript", "template", "svg"}
_SPACES = re.compile(r"\s+")
_BREAK = "\x00"  # a block boundary; new lines inside a block are only source formatting


def looks_like_html(text: str) -> bool:
    """A document start (`<!DOCTYPE html>`, `<html>`) or at least three common tags."""
    return bool(_DOCTYPE.match(text)) or len(_TAG.findall(text, 0, 200_000)) >= 3


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCK:
            self.parts.append(_BREAK)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK:
            self.parts.append(_BREAK)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The visible text of an HTML document, one paragraph per block element."""
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    blocks = (_SPACES.sub(" ", block).strip() for block in "".join(parser.parts).split(_BREAK))
    return "\n\n".join(b for b in blocks if b)
