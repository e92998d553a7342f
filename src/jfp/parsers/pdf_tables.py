"""Rejoin ruled tables that a page break cut in two, as a word processor wrote them.

Word and LibreOffice continue a long table on the next page, repeat its header row there
when the header is marked to repeat, and let a tall row break across the pages. Read page
by page, one table becomes several, the repeated header lands mid-table and the broken
row's text ends up in two rows. This module undoes that: a table that ends a page and one
of the same columns that starts the next are one table; a first row equal to the header
is the repeat; a first row whose words had no room left in the cells above is the rest
of the row the break cut.
"""
from __future__ import annotations

from jfp.parsers.pdf_layout import Table
from jfp.parsers.pdf_structure import Para

_EDGE_TOLERANCE = 6.0  # points: the same table drawn on two pages starts and ends alike


def join_tables(items: list[Para | Table]) -> list[Para | Table]:
    """Merge each table into the previous one when it continues it over a page break.

    ``items`` is the document in reading order; a continuation must follow its table
    directly (nothing between the foot of one page and the head of the next).
    """
    out: list[Para | Table] = []
    last_page: dict[int, int] = {}  # a joined table keeps its first page; it ends on this one
    for it in items:
        prev = out[-1] if out else None
        if isinstance(it, Table) and isinstance(prev, Table) and _continues(prev, it, last_page.get(id(prev), prev.page)):
            _append(prev, it)
            last_page[id(prev)] = it.page
            continue
        out.append(it)
    return out


def _continues(prev: Table, nxt: Table, prev_end: int) -> bool:
    if nxt.page != prev_end + 1 or not prev.rows or not nxt.rows:
        return False
    if len(prev.rows[0]) != len(nxt.rows[0]):
        return False
    return abs(prev.x0 - nxt.x0) <= _EDGE_TOLERANCE and abs(prev.x1 - nxt.x1) <= _EDGE_TOLERANCE


def _same(a: list[str], b: list[str]) -> bool:
    return [" ".join(c.split()) for c in a] == [" ".join(c.split()) for c in b]


def _cut_row(prev: Table, nxt: Table, at: int) -> bool:
    """Row ``at`` of ``nxt`` is the rest of ``prev``'s last row: no cell it goes on had room.

    Text wraps only when the next word does not fit, so each cell that a page break cut
    ends its page on a full line; a new row's first words would mostly have fitted after
    the last row's text. A cell going on where the row above had nothing is no evidence.
    """
    head, tail = nxt.rows[at], prev.rows[-1]
    shared = [c for c, text in enumerate(head) if text and tail[c]]
    if not shared or len(prev.room) != len(head) or len(nxt.lead) <= at or len(nxt.lead[at]) != len(head):
        return False
    # A cell had room only if the word clears it by a glyph or so: widths are measured from
    # glyph boxes and the right padding is taken to equal the left.
    return all(nxt.lead[at][c] + 3 * prev.space > prev.room[c] for c in shared)


def _append(prev: Table, nxt: Table) -> None:
    at = 0
    if len(prev.rows) > 1 and _same(nxt.rows[0], prev.rows[0]):
        at = 1  # the header row the word processor repeats on each page
    rows = nxt.rows[at:]
    if rows and len(prev.rows) > 1 and _cut_row(prev, nxt, at):
        head = rows.pop(0)
        prev.rows[-1] = [" ".join(p for p in (a.strip(), b.strip()) if p) for a, b in zip(prev.rows[-1], head)]
    prev.rows.extend(rows)
    prev.room, prev.lead, prev.space = nxt.room, nxt.lead, nxt.space
