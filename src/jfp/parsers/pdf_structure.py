"""Turn positioned PDF lines into reading-order paragraphs: margins, columns, joins.

Layout rules only, no pdfium: running headers and footers and page numbers are removed,
two-column regions are read column by column, and lines are joined into paragraphs
(hyphenated line ends joined, bullets recognised). Headings are decided later from the
paragraphs' sizes and weights (``pdf_headings``).
"""
from __future__ import annotations

import re
from collections import Counter
from itertools import accumulate
from dataclasses import dataclass

from jfp.parsers.pdf_layout import LINE_END_HYPHEN, Line, PageText

MARGIN = 0.12  # top and bottom fraction of the page where running heads live
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(
    r"^\W*(?:page\s*)?(?:\d+|[ivxlc]+)(?:\s*(?:of|/)\s*\d+)?\W*$", re.IGNORECASE
)
BULLET = re.compile(
    r"^(?:[\u2022\u25e6\u25aa\u25cf\u25cb\u25a0\u2023\u2043\u2219\u00b7\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf06e\uf0a8*\u2013\u2014-]"
    r"|\(?\d{1,2}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}\))(?:\s+|\t)(?=\S)"
)
_SENTENCE_END = re.compile(r"[.!?:;]['\"\u2019\u201d)]?$")


@dataclass
class Para:
    """A paragraph as read: joined text, its look, page and whether it is a list item."""

    text: str
    page: int
    size: float
    bold: bool
    lines: int
    list_item: bool
    top: float
    x0: float
    alone: bool = True  # no other text shares its first line's baseline
    tight_next: bool = False  # the next paragraph follows at plain line spacing
    slack: float | None = None  # room left on its last line before the text's right edge; None: unknown


def _norm(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def remove_running(pages: list[PageText]) -> None:
    """Drop running headers/footers (repeated margin lines) and bare page numbers in place."""
    seen: Counter[str] = Counter()
    big: set[str] = set()
    body = body_size([ln for p in pages for ln in p.lines])
    for page in pages:
        margin = [ln for ln in page.lines if _in_margin(ln, page)]
        seen.update({_norm(ln.text) for ln in margin})
        big.update(_norm(ln.text) for ln in margin if ln.size > body + 1)
    with_text = sum(1 for p in pages if p.lines)
    needed = max(2, int(0.3 * with_text + 0.999))
    # Large type at the top of two pages is more likely a repeated heading than a running head.
    repeated = {k for k, c in seen.items() if c >= needed and (c >= 3 or k not in big)}
    for page in pages:
        page.lines = [
            ln
            for ln in page.lines
            if not (_in_margin(ln, page) and (_norm(ln.text) in repeated or _is_page_number(ln.text, len(pages))))
        ]


def _is_page_number(text: str, page_count: int) -> bool:
    """A bare page number; a year ("2025.") ending a paragraph at the foot of a page is not."""
    if not _PAGE_NUMBER.match(text):
        return False
    digits = re.findall(r"\d+", text)
    return not digits or int(digits[0]) <= page_count + 10


def _in_margin(line: Line, page: PageText) -> bool:
    return line.bottom <= page.height * MARGIN or line.top >= page.height * (1 - MARGIN)


def order_columns(lines: list[Line], width: float) -> list[Line]:
    """Read two-column regions column by column; other lines keep content-stream order."""
    gutter = find_gutter(lines, width)
    return lines if gutter is None else by_columns(lines, gutter)


def find_gutter(lines: list[Line], width: float) -> float | None:
    """The x of the gap between two text columns on a page, or None for a one-column page."""
    if len(lines) < 8:
        return None
    lo, hi = int(width * 0.3), int(width * 0.7)
    # Coverage of each x by line heights, through a difference array (one pass per line).
    diff = [0.0] * (hi - lo + 1)
    for ln in lines:
        a, b = max(lo, int(ln.x0)), min(hi - 1, int(ln.x1))
        if a <= b:
            h = ln.bottom - ln.top
            diff[a - lo] += h
            diff[b - lo + 1] -= h
    cover = list(accumulate(diff[:-1]))
    # The least-covered x; among equals, the one nearest the middle.
    least = min(cover)
    centre = len(cover) / 2
    best = min((i for i, c in enumerate(cover) if c == least), key=lambda i: abs(i - centre))
    gutter = lo + best
    left = [ln for ln in lines if ln.x1 < gutter]
    right = [ln for ln in lines if ln.x0 > gutter]
    if len(left) < 4 or len(right) < 4:
        return None
    # Real columns are mostly full lines running up to the gutter; a borderless table is not.
    col_left = min(ln.x0 for ln in left)
    full = sum(1 for ln in left if ln.x1 - col_left > 0.75 * (gutter - col_left))
    if full < 0.5 * len(left):
        return None
    return gutter


def by_columns(lines: list[Line], gutter: float) -> list[Line]:
    """Lines in reading order: each two-column region left column first, full-width lines between."""
    out: list[Line] = []
    region: list[Line] = []
    for ln in sorted(lines, key=lambda ln: ln.top):
        if ln.x0 < gutter < ln.x1:
            out += _split_region(region, gutter)
            region = []
            out.append(ln)
        else:
            region.append(ln)
    out += _split_region(region, gutter)
    return out


def _split_region(region: list[Line], gutter: float) -> list[Line]:
    left = [ln for ln in region if ln.x1 < gutter]
    right = [ln for ln in region if ln.x0 > gutter]
    return left + right


def body_size(lines: list[Line]) -> float:
    """The most common font size, weighted by characters."""
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[ln.size] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def right_edges(lines: list[Line]) -> dict[int, float]:
    """Where the lines starting at each x (whole points) end at the furthest, for ``paragraphs``."""
    edges: dict[int, float] = {}
    for ln in lines:
        k = round(ln.x0)
        if ln.x1 > edges.get(k, 0.0):
            edges[k] = ln.x1
    return edges


def _edge(edges: dict[int, float], x0: float) -> float:
    k = round(x0)
    return max(edges.get(k - 1, 0.0), edges.get(k, 0.0), edges.get(k + 1, 0.0))


def paragraphs(lines: list[Line], edges: dict[int, float] | None = None) -> list[Para]:
    """Join consecutive lines of one look and spacing into paragraphs and list items.

    ``edges`` (from ``right_edges`` over a one-column page): where full lines starting at
    each x end, so a short line followed by one whose first word would have fitted on it
    ends its paragraph; an indented quotation has its own edge. None: unknown (columns).
    """
    out: list[Para] = []
    prev: Line | None = None
    right_edge = max((ln.x1 for ln in lines), default=0.0)
    baselines = Counter((ln.page, round(ln.base)) for ln in lines)
    body = body_size(lines) if lines else 0.0
    for ln in lines:
        text = ln.text.strip()
        if not text:
            continue
        bullet = BULLET.match(text)
        if (
            prev is not None
            and out
            and not bullet
            and _continues(prev, ln, out[-1], right_edge)
            and not (edges is not None and _would_have_fitted(prev, ln, _edge(edges, prev.x0)))
        ):
            out[-1].text = _join(out[-1].text, text)
            out[-1].lines += 1
        else:
            if prev is not None and out and prev.page == ln.page and 0.5 * ln.size <= ln.base - prev.base_end <= 1.55 * ln.size:
                out[-1].tight_next = True
            # "1. About this plan" in bold or larger type is a numbered heading, not a list item.
            numbered_heading = bool(bullet) and text[0].isdigit() and (ln.bold or ln.size - body >= 1)
            is_item = bool(bullet) and not numbered_heading
            if bullet and not text[0].isalnum() and text[0] != "(":
                text = text[bullet.end():]
            alone = baselines[(ln.page, round(ln.base))] == 1
            out.append(Para(text, ln.page, ln.size, ln.bold, 1, is_item, ln.top, ln.x0, alone))
        if edges is not None:
            out[-1].slack = _edge(edges, ln.x0) - ln.x1
        prev = ln
    return out


def _would_have_fitted(prev: Line, ln: Line, edge: float) -> bool:
    """The next line starts a new paragraph: its first word had room on the short line above.

    Text wraps only when the next word does not fit, so a line ending that far short of the
    right edge ended its paragraph (a signature block, an address set as separate
    paragraphs). A line starting in lower case is a sentence carried on by a hard break.
    Only a clearly short line counts: text set line by line to a character count (some
    generators do) leaves every line a little ragged.
    """
    if not ln.text[:1].isupper() and not ln.text[:1].isdigit():
        return False
    if prev.x1 - prev.x0 > 0.85 * (edge - prev.x0):
        return False
    word = ln.text.split(maxsplit=1)[0]
    char_w = (ln.x1 - ln.x0) / max(1, len(ln.text))
    return edge - prev.x1 > len(word) * char_w + ln.size


def _continues(prev: Line, ln: Line, para: Para, right_edge: float) -> bool:
    if ln.page != prev.page or abs(ln.size - prev.size) > 0.6 or ln.bold != prev.bold:
        return False
    step = ln.base - prev.base_end
    if step < 0:
        # Up the page: the next column. Continue only a sentence cut mid-way.
        return not _SENTENCE_END.search(prev.text) and ln.text[:1].islower()
    if step > 1.55 * max(ln.size, prev.size) or step < 0.5 * ln.size:
        return False
    if para.list_item:
        return ln.x0 > para.x0 + 2  # hanging indent carries the item on
    if ln.x0 > prev.x0 + 1.5 * ln.size and ln.x0 - para.x0 > 1.5 * ln.size:
        return False  # an indented line starts something new
    if ln.x0 + 1.5 * ln.size < prev.x0:
        return False
    # A short line that ends a sentence ends the paragraph (first-line-indent styles).
    return not (prev.x1 < right_edge - 6 * prev.size and _SENTENCE_END.search(prev.text) and ln.x0 > prev.x0 + 4)


def _join(a: str, b: str) -> str:
    if a.endswith("-") and len(a) > 1 and a[-2].isalpha() and b[:1].islower():
        return a[:-1] + LINE_END_HYPHEN + b
    if a.endswith("-") and len(a) > 1 and a[-2].isalnum() and b[:1].isdigit():
        return a + b  # a range or compound broken after its hyphen: "2024-" + "2026"
    return f"{a} {b}"
