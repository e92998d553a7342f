"""Read a Word .docx plan into a builder: headings, paragraphs, lists and tables in order.

The package is opened safely (``docx_package``), the style table is built once
(``docx_styles``), the body is walked once with lxml (``docx_body``) and this module
decides what each paragraph is. Headings come from heading styles and outline levels,
and, because real plans are often formatted by hand, from short lines that are wholly
bold or clearly larger than the body text, and from numbered lines such as
"3.2 Research and innovation". A Title-style paragraph names the document (when the
core properties do not) but stays a paragraph of the preamble, so chapters keep level 1.
Tables of contents, headers and footers are not body text and are never read; footnotes and
endnotes are printed on the page, so each is read after the paragraph that first cites it.
"""
from __future__ import annotations

import re
from collections import Counter

from jfp.errors import DocumentError
from jfp.options import Limits
from jfp.parsers.words import MAX_HAND_HEADING_WORDS, clean
from jfp.parsers.docx_body import Body, Para, Table
from jfp.parsers.docx_hidden import hidden_message
from jfp.parsers.docx_package import Package, app_pages, core_title
from jfp.parsers.docx_parts import read_main
from jfp.parsers.docx_styles import StyleTable, W

# "Clearly larger" than body text: 15% and at least 1.5 pt (3 half-points) bigger.
LARGER_RATIO = 1.15
LARGER_MIN_HALF_POINTS = 3
# A paragraph styled as a heading but this long was styled by mistake.
MAX_STYLED_HEADING_WORDS = 60
MAX_LEVEL = 9

_NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,5})\.?\s+(?P<rest>[A-Z\u00c0-\u00de].*)$")
_CONTENTS = re.compile(r"^(?:table of )?contents?$", re.IGNORECASE)
# "Introduction ....... 3", "2.1 Our vision<TAB>7": text, a leader or tab, a page number.
_TOC_LINE = re.compile(r"\S.*?(?:\t|\.{3,}|…|_{3,}|\s{3,})[\s.…]*(?:\d{1,4}|[ivxlc]{1,6})\s*$", re.IGNORECASE)
_TRAILING_PAGE = re.compile(r"[\s.…_]+(?:\d{1,4}|[ivxlc]{1,6})$|[\s.…_]+$", re.IGNORECASE)
_NOT_HEADING_STYLES = {"caption", "quote", "intense quote", "subtitle", "title", "footnote text", "block text"}
# "Table 3 Workforce growth" and "Figure 2" are captions even when typed in bold.
_CAPTION = re.compile(r"^(?:(?:table|figure|fig\.|chart|graph|diagram|box)\s*\d|(?:source|note)s?\s*:)", re.IGNORECASE)
_END_PUNCT = (".", ";", ",", ":")


def read_into(name: str, data: bytes, limits: Limits, builder):
    """Read .docx bytes into ``builder`` and return ``builder.build(...)``.

    ``builder`` is a ``DocumentBuilder``; corrupt, unsafe or non-Word
    files raise DocumentError with one clear sentence.
    """
    pkg = Package(name, data, limits)
    main = read_main(pkg, limits)
    body, styles = main.body, main.styles

    first_title = _emit(body, builder, styles)
    if body.tracked_changes:
        builder.warn(
            "tracked-changes",
            "The document has tracked changes; deleted text was ignored and inserted text was read.",
        )
    if body.explicit and not body.rendered:
        builder.warn(
            "approximate-pages",
            "Word's own page layout was not saved in this file; page numbers count only its manual"
            " page and section breaks, so real pages may be later.",
        )
    hidden = {**body.hidden, "orphan": main.orphan_words, "chunk": main.chunk_hidden}
    if any(hidden.values()):
        builder.warn("hidden-text", hidden_message(hidden))
    unread = body.unread_chunks + main.chunk_errors
    if unread:
        builder.warn(
            "unread-chunk",
            f"{len(unread)} embedded part{'s' if len(unread) > 1 else ''} that Word shows"
            f" ({', '.join(sorted(set(unread))[:3])}) could not be read; its text was left out.",
        )
    # Manual breaks alone give a lower bound, not a page count, and a file never laid out
    # by Word may carry a stale <Pages> (app_pages ignores one with no word count either).
    counted = _page_count(body) if body.rendered else None
    declared = app_pages(pkg)
    pages = declared if declared is not None and (counted is None or declared >= counted) else counted
    if pages is not None and pages > limits.max_pages:
        raise DocumentError(name, f"has {pages} pages, over the {limits.max_pages}-page limit.", "too-large")
    return builder.build(pages, core_title(pkg) or first_title, bool(body.rendered))


def _page_count(body: Body) -> int | None:
    if body.rendered:
        return body.rendered + 1
    if body.explicit:
        return body.explicit + 1
    return None


def _page_of(body: Body, breaks: tuple[int, int]) -> int | None:
    """1-based page from the breaks before a block; None when the file records no breaks.

    Rendered breaks are Word's own pagination and already include the hard breaks, so the
    explicit ones are counted only in files that were never paginated.
    """
    if body.rendered:
        return breaks[0] + 1
    if body.explicit:
        return breaks[1] + 1
    return None


def _body_size(items: list[Para | Table]) -> int | None:
    """The most common text size of plain body paragraphs, weighted by length."""
    sizes: Counter[int] = Counter()
    for item in items:
        if isinstance(item, Para) and item.context == "body" and item.heading is None and item.size:
            sizes[item.size] += len(item.text)
    return sizes.most_common(1)[0][0] if sizes else None


def _heading_key(text: str) -> str:
    """A heading or contents line reduced for comparison: no page number, leaders or case."""
    return _TRAILING_PAGE.sub("", clean(text)).casefold()


def _skip_contents(items: list[Para | Table], cleaned: list[str]) -> set[int]:
    """Indexes of a typed-out table of contents: a "Contents" line and the entries after it.

    An entry is a line with a leader or tab before a page number, or a line repeating a
    heading that comes later (contents lists without page numbers are common in drafts).
    """
    skip: set[int] = set()
    for i, item in enumerate(items):
        if not (isinstance(item, Para) and item.context == "body" and _CONTENTS.match(cleaned[i])):
            continue
        last_seen = {
            _heading_key(it.text): k
            for k, it in enumerate(items)
            if k > i and isinstance(it, Para) and (it.heading is not None or it.all_bold or _NUMBERED.match(cleaned[k]))
        }
        j = i + 1
        while j < len(items):
            entry = items[j]
            if not isinstance(entry, Para) or entry.heading is not None:
                break
            if not (
                entry.toc
                or _TOC_LINE.match(entry.text.strip())
                or last_seen.get(_heading_key(entry.text), -1) > j
            ):
                break
            j += 1
        # A TOC field or control leaves nothing behind, so a bare "Contents" heading right
        # before the next heading is dropped too: it would only be an empty section.
        bare = j == len(items) or (isinstance(items[j], Para) and items[j].heading is not None)
        if j - i > 1 or bare:
            skip.update(range(i, j))
    return skip


def _fake_heading(item: Para, text: str, body_size: int | None) -> tuple[str, int | None] | None:
    """("numbered", depth) or ("look", size) when a plain paragraph reads as a heading."""
    if item.context != "body" or item.listed or item.style.name.lower() in _NOT_HEADING_STYLES:
        return None
    words = text.split()
    if not words or len(words) > MAX_HAND_HEADING_WORDS or text.endswith(_END_PUNCT):
        return None
    if not any(ch.isalpha() for ch in text) or not text[0].isalnum() or _CAPTION.match(text):
        return None
    larger = (
        item.size is not None
        and body_size is not None
        and item.size >= body_size * LARGER_RATIO
        and item.size - body_size >= LARGER_MIN_HALF_POINTS
    )
    numbered = _NUMBERED.match(text)
    if numbered:
        depth = numbered.group("num").count(".") + 1
        # "1 Introduction" typed in plain text is as likely a hand-made list item.
        if depth >= 2 or item.all_bold or larger:
            return "numbered", depth
        return None
    if item.all_bold or larger:
        return "look", item.size if larger else None
    return None


def _emit(body: Body, builder, styles: StyleTable) -> str | None:
    """Classify every record and feed the builder; return the first Title or heading text."""
    items = body.items
    cleaned = [clean(it.text) if isinstance(it, Para) else "" for it in items]
    skip = _skip_contents(items, cleaned)
    body_size = _body_size(items) or styles.default_size
    first_styled = next(
        (k for k, it in enumerate(items) if isinstance(it, Para) and it.heading is not None and it.context == "body"),
        None,
    )
    fakes: dict[int, tuple[str, int | None]] = {}
    for i, item in enumerate(items):
        if isinstance(item, Para) and i not in skip and item.heading is None and not item.toc:
            found = _fake_heading(item, cleaned[i], body_size)
            # Bold or large lines before the first styled heading of a styled document
            # are a cover page (logo text, draft stamps), not sections.
            if found and not (found[0] == "look" and first_styled is not None and i < first_styled):
                fakes[i] = found
    # Hand-made headings that only look like headings rank by size: the biggest is the
    # highest level; bold text at body size comes last.
    looks = sorted({size or 0 for kind, size in fakes.values() if kind == "look"}, reverse=True)
    rank = {size: n + 1 for n, size in enumerate(looks)}

    title: str | None = None  # the first Title-style paragraph
    first_heading: str | None = None
    last_styled = 0
    for i, item in enumerate(items):
        if i in skip:
            continue
        page = _page_of(body, item.breaks)
        if isinstance(item, Table):
            builder.block("table", "", page=page, rows=item.rows, source=item.source)
            continue
        if item.toc:
            continue
        text = cleaned[i]
        style = item.style.name or None
        if item.style.title and item.context == "body":
            title = title or text
            builder.block("paragraph", text, page=page, style=style, source=item.source)
            continue
        level = item.heading if item.context == "body" else None
        if level is not None and len(text.split()) <= MAX_STYLED_HEADING_WORDS:
            last_styled = level
            first_heading = first_heading or text
            builder.heading(text, min(level, MAX_LEVEL), page=page, source=item.source)
            continue
        fake = fakes.get(i)
        if fake is not None:
            kind, size = fake
            if kind == "numbered":
                level = size or 1
            else:
                level = last_styled + rank[size or 0]
            first_heading = first_heading or text
            builder.heading(text, min(level, MAX_LEVEL), page=page, source=item.source)
            continue
        builder.block("list_item" if item.listed else "paragraph", text, page=page, style=style, source=item.source)
    return title or first_heading
