"""A paragraph's runs as the body walk reads them: its text, and the formatting a heading is judged by."""
from __future__ import annotations

from lxml import etree

from jfp.parsers.docx_styles import NO_STYLE, VAL, Style, StyleTable, W, half_points, on

BOLD, SIZE, RSTYLE = (W + n for n in ("b", "sz", "rStyle"))


class Runs:
    """Accumulates a paragraph's text and whether every visible run is bold, and its size."""

    __slots__ = ("style", "default_size", "behind", "plain_hidden", "parts", "runs", "breaks")

    def __init__(self, style: Style, default_size: int | None, behind: str | None) -> None:
        self.style = style
        self.default_size = default_size
        self.behind = behind  # the colour behind the text, None when not known
        self.plain_hidden: str | None = None  # why a run with no properties of its own is hidden
        self.parts: list[str] = []
        self.runs: list[tuple[etree._Element | None, str]] = []
        self.breaks: tuple[int, int] | None = None

    def add(self, text: str, rpr: etree._Element | None, walker) -> None:
        self.parts.append(text)
        if not text.isspace():
            if self.breaks is None:
                self.breaks = (walker.body.rendered, walker.body.explicit)
            walker.page_has_text = True
        self.runs.append((rpr, text))

    def formatting(self, styles: StyleTable) -> tuple[bool, int | None]:
        """(every visible run bold, smallest run size in half-points)."""
        all_bold = True
        smallest: int | None = None
        for rpr, text in self.runs:
            if text.isspace():
                continue
            bold = size = None
            char = NO_STYLE
            if rpr is not None:
                for c in rpr:
                    tag = c.tag
                    if tag == BOLD:
                        bold = on(c)
                    elif tag == SIZE:
                        size = half_points(c)
                    elif tag == RSTYLE:
                        char = styles.character(c.get(VAL))
            if bold is None:
                bold = char.bold if char.bold is not None else bool(self.style.bold)
            if size is None:
                size = char.size or self.style.size or self.default_size
            all_bold = all_bold and bold
            if size is not None:
                smallest = size if smallest is None else min(smallest, size)
        return all_bold, smallest
