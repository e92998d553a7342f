"""Read a PDF's content, in reading order, into a builder.

Pipeline: open with pdfium, ``pdfium_api`` (encrypted -> "encrypted", unreadable -> "corrupt", too many
pages -> "too-large"); read each page's lines and ruled tables (``pdf_layout``); warn about
and drop pages with no text layer or garbled text (``pdf_garble``); remove running heads,
feet and page numbers, skip a contents page, read columns in order and join lines into
paragraphs (``pdf_structure``); pick headings and levels (``pdf_headings``); settle
line-end hyphens (``pdf_hyphens``); pick the title.

The pages of a long plan are read as chunks handed to the caller's mapper
(``jfp.mapper``): the runner may share them with other processes; the reader itself never
decides that.
"""
from __future__ import annotations

import re

from jfp.errors import DocumentError
from jfp.options import Limits
from jfp.parsers.pdfium_api import ERR_PASSWORD, FPDF_ClosePage, PdfDocument, PdfiumError
from jfp.parsers.pdf_headings import levels
from jfp.parsers.pdf_hidden import hidden_message
from jfp.parsers.pdf_layers import hidden_layers
from jfp.parsers.pdf_hyphens import hyphen_resolver
from jfp.parsers.pdf_layout import Line, PageReader, PageText, Table
from jfp.parsers.pdf_structure import Para, body_size, by_columns, find_gutter, paragraphs, remove_running, right_edges
from jfp.parsers.pdf_tables import join_tables
from jfp.mapper import serial

_CHUNKS = 500  # at most this many chunks of pages handed to the mapper
_CONTENTS = re.compile(r"^\s*(?:table of\s+)?contents\s*$", re.IGNORECASE)
_TOC_ENTRY = re.compile(r"(?:\.{3,}|\u2026+|(?:\s\.){3,}|\t)\s*\d{1,4}\s*$|\s\d{1,4}\s*$")
_LEADER = re.compile(r"\.{3,}|\u2026|(?:\s\.){3,}")
_SENTENCE_END = re.compile(r"[.!?:]['\"\u2019\u201d)]?$")
_BAD_TITLE = re.compile(r"^(untitled|document\d*|microsoft word\b.*|.*\.(docx?|pdf|odt|indd|rtf))$", re.IGNORECASE)


def read_into(name: str, data: bytes, limits: Limits, builder, mapper=serial):
    """Read a PDF's bytes into ``builder`` (a ``DocumentBuilder``) and return ``builder.build(...)``.

    ``mapper`` reads the chunks of pages (``jfp.mapper``); a file that cannot be read
    raises DocumentError with one clear sentence.
    """
    pages, meta_title, damaged = _read_pages(name, data, limits, mapper)
    for number in damaged:
        builder.warn("damaged-page", f"Page {number} is damaged and could not be read; it was left out.", number)
    for code, message, page in _check_pages(pages):
        builder.warn(code, message, page)
    hidden: dict[str, int] = {}
    for page in pages:
        for reason, words in page.hidden.items():
            hidden[reason] = hidden.get(reason, 0) + words
    if any(hidden.values()):
        builder.warn("hidden-text", hidden_message(hidden))
    remove_running(pages)
    with_lines = [ln for p in pages for ln in p.lines]
    body = body_size(with_lines)
    _skip_contents(pages, body)
    items = join_tables(_join_across_pages(_reading_order(pages)))
    paras = [it for it in items if isinstance(it, Para)]
    lv = levels(paras, body, [p.alone for p in paras], [p.tight_next for p in paras])
    level_of = {id(p): lev for p, lev in zip(paras, lv)}
    first_h1: str | None = None
    unhyphen = hyphen_resolver(items)
    for it in items:
        if isinstance(it, Table):
            builder.block("table", "", it.page, [[unhyphen(c) for c in row] for row in it.rows])
            continue
        lev = level_of[id(it)]
        text = unhyphen(it.text)
        if lev is not None:
            builder.heading(text, lev, it.page)
            if lev == 1 and first_h1 is None:
                first_h1 = text
        else:
            builder.block("list_item" if it.list_item else "paragraph", text, it.page)
    title = meta_title if _meaningful(meta_title) else (_cover_title(paras, lv) or first_h1)
    return builder.build(len(pages) + len(damaged), title)


def _cover_title(paras: list[Para], lv: list[int | None]) -> str | None:
    """The plan's name as set on its cover: the largest type before the first heading, above every heading's size.

    The PDF twin of a DOCX Title-style paragraph, for PDFs saved without a Title in their metadata.
    """
    heading_sizes = [p.size for p, lev in zip(paras, lv) if lev is not None]
    first = next((i for i, lev in enumerate(lv) if lev is not None), len(paras))
    cover = [p for p in paras[:first] if p.page == paras[0].page] if paras else []
    if not cover or not heading_sizes:
        return None
    big = max(cover, key=lambda p: p.size)
    if big.size <= max(heading_sizes) or not 2 <= len(big.text.split()) <= 20:
        return None
    return big.text




def _read_pages(name: str, data: bytes, limits: Limits, mapper) -> tuple[list[PageText], str, list[int]]:
    """Every readable page, the metadata title and the numbers of pages pdfium could not load."""
    try:
        pdf = PdfDocument(data)
    except PdfiumError as exc:
        if exc.code == ERR_PASSWORD:
            raise DocumentError(
                name, "is password-protected (encrypted); save an unprotected copy and check that.", "encrypted"
            ) from None
        raise DocumentError(name, "is damaged or not a valid PDF and cannot be opened.", "corrupt") from None
    try:
        count = len(pdf)
        if count > limits.max_pages:
            raise DocumentError(name, f"has {count} pages, over the {limits.max_pages}-page limit.", "too-large")
        if count == 0:
            raise DocumentError(name, "the PDF has no pages.", "empty")
        title = pdf.metadata("Title").strip()
        pages, damaged = _read_chunks(pdf, count, mapper, hidden_layers(data))
        if not pages:
            raise DocumentError(name, "is damaged: none of its pages can be read.", "corrupt")
        return pages, title, damaged
    finally:
        pdf.close()


def _read_range(
    pdf: PdfDocument, start: int, stop: int, reader: PageReader | None = None
) -> tuple[list[PageText], list[int]]:
    """The readable pages in [start, stop) and the 1-based numbers of those pdfium cannot load."""
    reader = reader or PageReader()
    pages = []
    damaged = []
    for i in range(start, stop):
        try:
            page = pdf.load_page(i)
        except PdfiumError:
            # One broken page object (a bad reference, a loop in the page tree) should
            # not hide the rest of the plan; the warning says what was left out.
            damaged.append(i + 1)
            continue
        try:
            pages.append(reader.read(page, i + 1))
        except PdfiumError:
            damaged.append(i + 1)
        finally:
            FPDF_ClosePage(page)
    return pages, damaged


def _read_chunks(pdf: PdfDocument, count: int, mapper, off_layers: frozenset[str] = frozenset()
                 ) -> tuple[list[PageText], list[int]]:
    """Read the pages as chunks of consecutive pages, one mapper task per chunk, in page order.

    pdfium's page loading is most of the reading time and works page by page, so the chunks
    are independent: a mapper that shares them with other processes nearly halves a long
    plan's parse on two cores, and a slower process simply takes fewer chunks.
    """
    size = -(-count // _CHUNKS)  # pages per chunk, so that there are at most _CHUNKS chunks
    reader = PageReader(off_layers)  # buffers and font cache; each process of a sharing mapper has its own copy
    pages: list[PageText] = []
    damaged: list[int] = []
    chunks = mapper(lambda first: _read_range(pdf, first, min(first + size, count), reader), range(0, count, size))
    for more, more_damaged in chunks:  # in page order
        pages += more
        damaged += more_damaged
    return pages, damaged


def _check_pages(pages: list[PageText]) -> list[tuple[str, str, int | None]]:
    """Warnings for pages with no text or garbled text; the latter's text is dropped."""
    warnings: list[tuple[str, str, int | None]] = []
    empty = 0
    for page in pages:
        if not page.text.strip():
            if page.hidden:  # it has text, but none a reader sees; the hidden-text warning says so
                continue
            empty += 1
            warnings.append(("no-text-layer", f"Page {page.number} has no text layer (a scanned image?).", page.number))
            continue
        reason = page.garbled
        if reason:
            warnings.append((
                "garbled-text",
                f"The text of page {page.number} is unreadable ({reason}); it was left out.",
                page.number,
            ))
            page.lines, page.tables = [], []
    if pages and empty > len(pages) / 2:
        warnings.append((
            "needs-ocr",
            f"{empty} of {len(pages)} pages have no text layer; the document needs OCR before it can be checked.",
            None,
        ))
    return warnings


def _skip_contents(pages: list[PageText], body: float) -> None:
    """Drop a contents page: after a "Contents" heading, and pages of dot-leader entries."""
    for idx, page in enumerate(pages):
        lines = page.lines
        entries = sum(1 for ln in lines if _toc_entry(ln.text))
        toc_like = len(lines) >= 5 and entries >= 0.5 * len(lines)
        keep: list[Line] = []
        in_toc = found = False
        stop = 0.0
        for ln in lines:
            if not found and _CONTENTS.match(ln.text) and (ln.size >= body or ln.bold):
                in_toc = found = True
                stop = ln.size
                continue
            if in_toc and ln.size >= stop and not _toc_entry(ln.text):
                in_toc = False  # the next real heading on the same page ends the contents
            if in_toc or (toc_like and _toc_entry(ln.text) and _LEADER.search(ln.text)):
                continue
            keep.append(ln)
        page.lines = keep
        if found and in_toc:
            _mark_following_toc(pages, idx + 1)


def _toc_entry(text: str) -> bool:
    tail = text[-48:]
    # Every entry ends in a page number; the cheap test spares most lines the search.
    return tail.rstrip()[-1:].isdigit() and bool(_TOC_ENTRY.search(tail))


def _mark_following_toc(pages: list[PageText], start: int) -> None:
    for page in pages[start:]:
        entries = [ln for ln in page.lines if _toc_entry(ln.text)]
        if len(page.lines) < 3 or len(entries) < 0.6 * len(page.lines):
            return
        page.lines = [ln for ln in page.lines if not _toc_entry(ln.text)]


def _reading_order(pages: list[PageText]) -> list[Para | Table]:
    """Paragraphs and tables of every page in reading order."""
    items: list[Para | Table] = []
    for page in pages:
        gutter = find_gutter(page.lines, page.width)
        lines = page.lines if gutter is None else by_columns(page.lines, gutter)
        # One column: full lines from one indent end at one edge, so a short one ended its paragraph.
        edge = right_edges(lines) if gutter is None else None
        tables = sorted(page.tables, key=lambda t: t.top)
        chunk: list[Line] = []
        for ln in lines:
            while tables and ln.top > tables[0].bottom:
                items += paragraphs(chunk, edge)
                chunk = []
                items.append(tables.pop(0))
            chunk.append(ln)
        items += paragraphs(chunk, edge)
        items += tables
    return items


def _join_across_pages(items: list[Para | Table]) -> list[Para | Table]:
    """Rejoin a paragraph that a page break cut mid-sentence.

    The part on the next page must follow the first directly (no table between), and either
    start in lower case or start with a word that had no room on the first part's last line
    (the page's text wrapped there, as "...Deane Business" / "Services, with...").
    """
    out: list[Para | Table] = []
    for p in items:
        prev = out[-1] if out else None
        if (
            isinstance(p, Para)
            and isinstance(prev, Para)
            and p.page == prev.page + 1
            and not p.list_item
            and abs(p.size - prev.size) < 0.6
            and p.bold == prev.bold
            and not _SENTENCE_END.search(prev.text)
            and (p.text[:1].islower() or _wrapped(prev, p))
        ):
            prev.text = f"{prev.text} {p.text}"
            prev.lines += p.lines
            prev.slack = p.slack
            continue
        out.append(p)
    return out


def _wrapped(prev: Para, nxt: Para) -> bool:
    """The first word of ``nxt`` would not have fitted on the last line of ``prev``."""
    if prev.slack is None or prev.lines < 2:
        return False
    word = nxt.text.split(maxsplit=1)[0]
    return prev.slack < 0.6 * nxt.size * len(word) + nxt.size


def _meaningful(title: str) -> bool:
    t = title.strip()
    return len(t) >= 4 and any(c.isalpha() for c in t) and not _BAD_TITLE.match(t)
