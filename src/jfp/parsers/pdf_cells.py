"""Where the text in each cell of a ruled PDF table starts and ends, gathered while a page is read.

``pdf_layout`` puts every character of a table in its cell; this records, on the way, how
much room the last line of each cell of the last row left, and how wide the first word of
each cell of the first two rows is. ``pdf_tables`` compares the two to tell whether the
first row on the next page is the rest of a row that a page break cut.
"""
from __future__ import annotations

import math

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the head start's start-up)
if TYPE_CHECKING:
    from jfp.parsers.pdf_layout import Table

_BLANK = " \t\u00a0\u2002\u2003\u2009\r\n"
_SAME_LINE = 2.0  # points: chars whose centres differ less sit on one line


class CellGeometry:
    """Accumulates, char by char, the cell geometry of one table."""

    __slots__ = ("xs", "last_row", "pad", "tail", "lead", "widths", "count")

    def __init__(self, xs: list[float], rows: int) -> None:
        self.xs = xs
        self.last_row = rows - 1
        self.pad = [math.inf] * (len(xs) - 1)  # left padding per column, from its leftmost char
        self.tail = [(-math.inf, 0.0)] * (len(xs) - 1)  # (y, right end) of the last row's lowest line
        self.lead: dict[tuple[int, int], list] = {}  # (row, col) -> [y, x0, x1, done] of the first word
        self.widths = 0.0
        self.count = 0

    def start(self, col: int, ch: str, l0: float) -> None:
        """The first character of a run of text in column ``col`` (for the column's padding)."""
        if ch not in _BLANK and l0 - self.xs[col] < self.pad[col]:
            self.pad[col] = l0 - self.xs[col]

    def add(self, row: int, col: int, ch: str, l0: float, r0: float, cy: float) -> None:
        """One character of the first two rows or the last (row, col), with its box's sides and centre."""
        if ch in _BLANK:
            word = self.lead.get((row, col))
            if word is not None:
                word[3] = True
            return
        self.widths += r0 - l0
        self.count += 1
        if row == self.last_row:
            y, right = self.tail[col]
            if cy > y + _SAME_LINE:
                self.tail[col] = (cy, r0)  # a lower line of the cell
            elif cy >= y - _SAME_LINE and r0 > right:
                self.tail[col] = (y, r0)
        if row <= 1:
            word = self.lead.get((row, col))
            if word is None:
                self.lead[(row, col)] = [cy, l0, r0, False]
            elif not word[3]:
                if abs(cy - word[0]) > _SAME_LINE:
                    word[3] = True  # the first word ended the line
                else:
                    word[2] = r0

    def finish(self, table: Table) -> None:
        """Store the room, first-word widths and space width on ``table``."""
        cols = range(len(self.xs) - 1)
        table.room = [
            self.xs[c + 1] - (self.pad[c] if self.pad[c] != math.inf else 0.0) - self.tail[c][1]
            if self.tail[c][1]
            else math.inf
            for c in cols
        ]
        table.lead = [
            [(w[2] - w[1]) if (w := self.lead.get((r, c))) else 0.0 for c in cols] for r in (0, 1)
        ]
        # A space is about half an average glyph.
        table.space = 0.5 * self.widths / self.count if self.count else 0.0
