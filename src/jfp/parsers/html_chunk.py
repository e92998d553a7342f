"""The visible blocks of an HTML page (an ``altChunk`` part of a .docx), through the standard library's parser.

Apart from ``html_text`` so that reading Markdown or a DOCX without chunks never imports
``html.parser``. What counts as hidden is ``html_text``'s rule.
"""
from __future__ import annotations

from html.parser import HTMLParser

from jfp.parsers.html_text import blocks_of, hiding_names, is_hidden
from jfp.parsers.words import count_words

_NEVER_SHOWN = {"script", "style", "template", "head", "title", "noscript", "object", "iframe"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_BLOCKS = {"p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "br", "table", "ul", "ol",
           "section", "article", "blockquote", "pre", "dd", "dt", "caption", "header", "footer", "main"}


class _Reader(HTMLParser):
    """Collects visible text as (tag of the block, text) pieces and counts hidden words."""

    def __init__(self, classes: set[str], ids: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.classes, self.ids = classes, ids
        self.hide: list[str] = []  # open elements from the outermost hidden one down
        self.never = 0  # depth inside script/style/...
        self.blocks: list[tuple[str, str]] = []
        self.block = "p"
        self.parts: list[str] = []
        self.hidden_words = 0

    def _flush(self, next_block: str) -> None:
        text = " ".join("".join(self.parts).split())
        if text:
            self.blocks.append((self.block, text))
        self.parts = []
        self.block = next_block

    def handle_starttag(self, tag: str, attrs_list) -> None:
        attrs = dict(attrs_list)
        if tag in _VOID:
            if tag == "br" and not self.hide:
                self._flush(self.block)
            return
        if self.hide:
            self.hide.append(tag)
            return
        if tag in _NEVER_SHOWN:
            self.never += 1
            return
        if is_hidden(attrs, self.classes, self.ids):
            self.hide.append(tag)
            return
        if tag in _BLOCKS:
            self._flush(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.hide:
            # Close up to the matching open element; a stray end tag closes nothing.
            if tag in self.hide:
                while self.hide and self.hide.pop() != tag:
                    pass
            return
        if tag in _NEVER_SHOWN:
            self.never = max(0, self.never - 1)
        elif tag in _BLOCKS:
            self._flush("p")

    def handle_data(self, data: str) -> None:
        if self.hide:
            self.hidden_words += count_words(data)
        elif not self.never:
            self.parts.append(data)

    def handle_comment(self, data: str) -> None:
        self.hidden_words += count_words(data)


def html_blocks(html: str) -> tuple[list[tuple[str, str]], int]:
    """(block tag, visible text) of each block of an HTML page, and the number of hidden words."""
    reader = _Reader(*hiding_names(" ".join(blocks_of(html, "style")[1])))
    reader.feed(html)
    reader.close()
    reader._flush("p")
    return reader.blocks, reader.hidden_words
