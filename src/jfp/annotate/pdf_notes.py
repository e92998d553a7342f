"""Write notes into a copy of a PDF: a highlight on each quote found again, a note for the rest.

The PDF reader's text is not the page's text (running heads dropped, hyphens settled, lines
joined, tables rebuilt), so a quote is found again on its page by its first words with
pdfium's own search (``FPDFText_FindStart``) and **verified**: the page's characters from
there must spell the quote, letter for letter, ignoring only white space and hyphens, for
at least ``MIN_VERIFIED`` letters (or the whole quote, or ``MIN_AT_PAGE_END`` when the page
ends there and the quote goes on overleaf). Only a verified quote is
highlighted, over exactly the characters that matched; a quote that cannot be verified
(a table row, a cell, a paragraph split oddly) gets a note at the top left of its page
instead, so nothing is ever highlighted in the wrong place. Gaps are notes beside their
section's heading (found the same way), else beside the title; the summary is a note on
the first page. pdfium writes the annotations (``FPDFPage_CreateAnnot``) and saves the copy
(``FPDF_SaveAsCopy``); the pages' content is not touched.
"""
from __future__ import annotations

import ctypes
import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from jfp.annotate.notes import Note

MIN_VERIFIED = 40  # letters of a quote that must match the page before it is highlighted
MIN_CELL = 20  # letters of a table row's first cell that may stand for the row
MIN_AT_PAGE_END = 15  # letters that suffice when the page ends there (the quote goes on overleaf)
PAGE_FOOT_CHARS = 120  # what may follow them on the page: a running footer and a page number
_SKIP = re.compile(r"[\s\-\u00ad\u2010\u2011]")  # what the reader may have added or removed
_SKIP_CHARS = frozenset(" \t\r\n\x02\x0b\x0c\u00a0-\u00ad\u2010\u2011")
_NOTE_SIZE = 18.0  # points: a note's icon
_YELLOW = (255, 226, 0, 110)
_BLUE = (0, 94, 184, 255)


def _letters(text: str) -> str:
    return _SKIP.sub("", text.rstrip("\u2026"))


def locate(textpage, text: str) -> tuple[int, int] | None:
    """(first character, count) of ``text`` on the page, verified letter by letter; None if not there.

    A table row's quote ("cell | cell | ...") is the row's cells in the page's order; where
    the page orders them otherwise, its first cell alone, when that is long enough not to be
    found elsewhere by chance (``MIN_CELL``).
    """
    text = text.rstrip("\u2026")
    if " | " in text:
        found = _locate(textpage, text.replace(" | ", " "))
        first = text.split(" | ")[0]
        return found or (_locate(textpage, first) if len(_letters(first)) >= MIN_CELL else None)
    return _locate(textpage, text)


def _locate(textpage, text: str) -> tuple[int, int] | None:
    want = _letters(text)
    if not want:
        return None
    words = text.split()
    total = textpage.count_chars()
    needles = dict.fromkeys(" ".join(words[:n]) for n in (8, 5, 3))  # longest (rarest) first
    for needle in needles:
        if not needle or (len(needle) < 6 and len(words) > 3):
            continue
        search = textpage.search(needle, match_case=True)
        while (hit := search.get_next()) is not None:
            start = hit[0]
            span = textpage.get_text_range(start, min(total - start, 2 * len(text) + 40))
            matched, end, i = 0, 0, 0
            for i, ch in enumerate(span):
                if ch in _SKIP_CHARS or ch.isspace():
                    continue
                if matched < len(want) and ch == want[matched]:
                    matched += 1
                    end = i + 1
                    if matched == len(want):
                        break
                else:
                    break
            if matched >= min(len(want), MIN_VERIFIED):
                return start, end
            # A quote the page cuts (it goes on overleaf): what the page holds of it, when that
            # is all the page has left but its running foot.
            if matched >= MIN_AT_PAGE_END and total - (start + i) <= PAGE_FOOT_CHARS:
                return start, end
    return None


def _wide(text: str) -> ctypes.Array:
    return ctypes.create_string_buffer((text + "\x00").encode("utf-16-le"))


def _annot(raw, page, subtype: int, rect: tuple[float, float, float, float], note: Note, author: str,
           date: str, color: tuple[int, int, int, int]):
    annot = raw.FPDFPage_CreateAnnot(page.raw, subtype)
    left, bottom, right, top = rect
    raw.FPDFAnnot_SetRect(annot, raw.FS_RECTF(left, top, right, bottom))
    raw.FPDFAnnot_SetColor(annot, raw.FPDFANNOT_COLORTYPE_Color, *color)
    for key, value in ((b"Contents", "\n".join(note.lines)), (b"T", author), (b"M", date)):
        buf = _wide(value)
        raw.FPDFAnnot_SetStringValue(annot, key, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)))
    return annot


def _pdf_date(iso: str) -> str:
    return "D:" + re.sub(r"\D", "", iso)[:14] + "Z"


def write_pdf_notes(data: bytes, notes: list[Note], author: str, date: str) -> tuple[bytes, dict[str, int]]:
    """The bytes of a copy of the PDF with ``notes`` as annotations, and how many were
    "highlighted" (quotes verified on their page), "noted" (a note beside a heading or title,
    or at the top of a quote's page) or "skipped" (no such page)."""
    import io

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(data)
    counts = {"highlighted": 0, "noted": 0, "skipped": 0}
    pages: dict[int, tuple] = {}
    stacked: dict[int, int] = {}  # notes already put in a page's top-left corner
    when = _pdf_date(date)
    for note in notes:
        if note.page is None or not 1 <= note.page <= len(pdf):
            counts["skipped"] += 1
            continue
        if note.page not in pages:
            page = pdf[note.page - 1]
            pages[note.page] = (page, page.get_textpage())
        page, textpage = pages[note.page]
        found = locate(textpage, note.find) if note.find else None
        if found is not None and note.kind == "evidence":
            start, count = found
            boxes = [textpage.get_rect(i) for i in range(textpage.count_rects(start, count))]
            annot = _annot(raw, page, raw.FPDF_ANNOT_HIGHLIGHT,
                           (min(b[0] for b in boxes), min(b[1] for b in boxes),
                            max(b[2] for b in boxes), max(b[3] for b in boxes)), note, author, when, _YELLOW)
            for left, bottom, right, top in boxes:
                quad = raw.FS_QUADPOINTSF(left, top, right, top, left, bottom, right, bottom)
                raw.FPDFAnnot_AppendAttachmentPoints(annot, ctypes.byref(quad))
            raw.FPDFPage_CloseAnnot(annot)
            counts["highlighted"] += 1
            continue
        if found is not None and textpage.count_rects(found[0], 1):  # beside the heading or title
            left, _, _, top = textpage.get_rect(0)
            x, y = max(2.0, left - _NOTE_SIZE - 12), top
        else:  # at the top left of the page, one under another
            k = stacked.get(note.page, 0)
            stacked[note.page] = k + 1
            x, y = 4.0, page.get_height() - 4 - k * (_NOTE_SIZE + 2)
        annot = _annot(raw, page, raw.FPDF_ANNOT_TEXT, (x, y - _NOTE_SIZE, x + _NOTE_SIZE, y), note, author,
                       when, _BLUE if note.kind != "evidence" else _YELLOW)
        raw.FPDFPage_CloseAnnot(annot)
        counts["noted"] += 1
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue(), counts
