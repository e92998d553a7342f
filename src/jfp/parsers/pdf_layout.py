"""Read one PDF page's text as positioned lines and ruled tables through pdfium's raw API.

Speed matters (a 120-page plan must read within a few times ``pdftotext``), so the page's
text comes out in one ``FPDFText_GetText`` call and pdfium's own line breaks split it;
per-character calls are made only for a few sample characters per line (position, size,
weight), for generated spaces (to split lines that jump a column gutter or a table cell)
and for characters inside ruled tables (to put each one in its cell).
"""
from __future__ import annotations

import ctypes
import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from jfp.parsers import pdfium_api as pdfium_c
from jfp.parsers.pdf_cells import CellGeometry
from jfp.parsers.pdf_garble import garbled_reason
from jfp.parsers.pdf_hidden import TINY_POINTS, Frame, ObjectScan, mask_hidden
from jfp.parsers.words import count_words

_SPACES = " \t\u00a0\u2002\u2003\u2009"
_LINE = re.compile(r"[^\r\n]+")
# pdfium marks a hyphen it saw at a line end with U+0002.
_PDFIUM_HYPHEN = "\x02"
# pdfium joins a word hyphenated over a line break itself, leaving U+FFFE where the hyphen was.
_PDFIUM_SOFT = "\ufffe"
# A hyphen at a line end is either a word broken by hyphenation ("integ-ration") or a
# compound that happened to break there ("short-term"); pdf_hyphens decides which from the
# rest of the document, so the place is kept as this marker until then.
LINE_END_HYPHEN = "\x1f"


@dataclass(slots=True)
class Line:
    """One visual line (or one side of a gutter/cell gap) with its look and place."""

    text: str
    page: int
    x0: float
    x1: float
    top: float  # distance from the top of the page, so reading order sorts ascending
    bottom: float
    size: float
    bold: bool
    base: float = 0.0  # baseline of the first char, from the top of the page
    base_end: float = 0.0  # baseline of the last char (pdfium may join a hyphenated pair)
    chars: tuple[int, int] = (0, 0)  # [start, end) char indexes on the page's text page

    def __reduce__(self):
        # Pages read in a forked process come back pickled; a plain tuple of fields pickles
        # and unpickles about three times faster than the default slots state.
        return (Line, (self.text, self.page, self.x0, self.x1, self.top, self.bottom, self.size, self.bold,
                       self.base, self.base_end, self.chars))


@dataclass(slots=True)
class Table:
    """A table found from its ruling lines, with the text of each cell."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    rows: list[list[str]] = field(default_factory=list)
    # Free width on the last line of each cell of the last row, and the width of the first
    # word of each cell of the first two rows: whether a cell's next word would have fitted
    # tells a row that a page break cut from a row that ended (``pdf_tables``).
    room: list[float] = field(default_factory=list)
    lead: list[list[float]] = field(default_factory=list)
    space: float = 0.0


@dataclass
class PageText:
    """Everything read from one page, in content-stream order."""

    number: int
    width: float
    height: float
    lines: list[Line]
    tables: list[Table]
    text: str  # the page's whole text
    # Why the text looks garbled (pdf_garble), or None. Judged as the page is read, so the
    # two page-reading processes share the work.
    garbled: str | None = None
    hidden: dict[str, int] = field(default_factory=dict)  # words no reader sees, by pdf_hidden reason


class _FontCache:
    """Bold-or-not per font name, so a name is judged once per document."""

    _BOLD_WORDS = (b"bold", b"black", b"heavy", b"semibold", b"demi")

    def __init__(self) -> None:
        self._bold: dict[bytes, bool] = {}
        self._name = ctypes.create_string_buffer(128)
        self._flags = ctypes.c_int()

    def is_bold(self, textpage: object, index: int) -> bool:
        """Bold by the font's name, its ForceBold flag or its weight."""
        # One call gives the name and flags; a font-handle key would need three.
        pdfium_c.FPDFText_GetFontInfo(textpage, index, self._name, 128, self._flags)
        name = self._name.value
        cached = self._bold.get(name)
        if cached is None:
            low = name.lower()
            cached = (
                any(w in low for w in self._BOLD_WORDS)
                or bool(self._flags.value & 0x40000)  # ForceBold
                or pdfium_c.FPDFText_GetFontWeight(textpage, index) >= 700
            )
            self._bold[name] = cached
        return cached


class PageReader:
    """Reads pages of one open document; holds reusable ctypes buffers."""

    def __init__(self, off_layers: frozenset[str] = frozenset()) -> None:
        self._rect = pdfium_c.FS_RECTF()
        self._matrix = pdfium_c.FS_MATRIX()
        self._fonts = _FontCache()
        self._ox, self._oy = ctypes.c_double(), ctypes.c_double()
        self._scan = ObjectScan()
        self._scan.off_layers = off_layers  # names of the layers the document turns off (pdf_layers)
        self._frame: Frame | None = None  # the page being read, when it is rotated
        self._tiny = 0  # words on lines too small to read, on the page being read

    # ------------------------------------------------------------------ chars
    def _box(self, tp: object, i: int) -> tuple[float, float, float, float]:
        r = self._rect
        pdfium_c.FPDFText_GetLooseCharBox(tp, i, r)
        if self._frame is not None:
            return self._frame.box(r.left, r.bottom, r.right, r.top)
        return r.left, r.bottom, r.right, r.top

    def _size(self, tp: object, i: int) -> float:
        size = pdfium_c.FPDFText_GetFontSize(tp, i)
        m = self._matrix
        if pdfium_c.FPDFText_GetMatrix(tp, i, m):
            # Cairo and others set Tf 1 and scale through the text matrix.
            scale = math.sqrt(abs(m.a * m.d - m.b * m.c))
            if scale > 0:
                size *= scale
        return round(size * 2) / 2

    # ------------------------------------------------------------------ page
    def read(self, page: int, number: int) -> PageText:
        """Lines and tables of one page (``page`` is a pdfium page handle)."""
        # Width and height are of the page as displayed (pdfium swaps them for /Rotate 90 and
        # 270); a rotated page's boxes are turned the same way (pdf_hidden.Frame).
        width, height = pdfium_c.FPDF_GetPageWidthF(page), pdfium_c.FPDF_GetPageHeightF(page)
        frame = Frame(page)
        self._frame = frame if frame.rotation else None
        self._tiny = 0
        tp = pdfium_c.FPDFText_LoadPage(page)
        if not tp:
            raise pdfium_c.PdfiumError(f"pdfium could not read the text of page {number}.")
        try:
            n = pdfium_c.FPDFText_CountChars(tp)
            if n <= 0:
                return PageText(number, width, height, [], [], "")
            segs, hidden_objects = self._scan.scan(page, frame, height)
            buf = ctypes.create_string_buffer((n + 1) * 2)
            pdfium_c.FPDFText_GetText(tp, 0, n, buf)
            text = buf.raw[: n * 2].decode("utf-16-le", errors="replace")
            if len(text) != n:  # surrogate pairs would misalign indexes; keep it simple
                text = text[:n].ljust(n)
            hidden = mask_hidden(tp, text, hidden_objects) if hidden_objects else None
            if hidden is not None:
                text = hidden[0]
            lines = self._lines(tp, text, number, height)
            tables = self._tables(segs, tp, text, lines, number, height)
            words = dict(hidden[1]) if hidden is not None else {}
            if self._tiny:
                words["tiny"] = words.get("tiny", 0) + self._tiny
            return PageText(number, width, height, lines, tables, text, garbled_reason(text), words)
        finally:
            pdfium_c.FPDFText_ClosePage(tp)

    def _lines(self, tp: object, text: str, number: int, height: float) -> list[Line]:
        out: list[Line] = []
        for m in _LINE.finditer(text):
            self._segment(tp, text, m.start(), m.end(), number, height, out)
        return out

    def _segment(
        self, tp: object, text: str, a: int, b: int, number: int, height: float, out: list[Line]
    ) -> None:
        while a < b and text[a] in _SPACES:
            a += 1
        while b > a and text[b - 1] in _SPACES:
            b -= 1
        if a >= b:
            return
        mid = (a + b) // 2
        while mid > a and text[mid] in _SPACES:
            mid -= 1
        # The middle char is the safest sample for size: the first may be a bullet glyph.
        size = self._size(tp, mid)
        if size < TINY_POINTS:
            self._tiny += count_words(text[a:b])
            return
        first, last = self._box(tp, a), self._box(tp, b - 1)
        # Only a line much wider than its letters can hold a gutter or cell gap; checking
        # every space of every line would cost a pdfium call per word.
        if last[2] - first[0] < 0.62 * size * (b - a) + 3 * size:
            self._emit(tp, text, a, b, mid, size, first, last, number, height, out)
            return
        # A generated space with a wide gap either side is a gutter or a cell gap: split there.
        cut = a
        i = text.find(" ", a, b)
        while i != -1:
            if pdfium_c.FPDFText_IsGenerated(tp, i) == 1:
                left = self._box(tp, i - 1)[2]
                right = self._box(tp, i + 1)[0]
                if right - left > max(1.5 * size, 12.0):
                    self._piece(tp, text, cut, i, size, number, height, out)
                    cut = i + 1
            i = text.find(" ", i + 1, b)
        self._piece(tp, text, cut, b, size, number, height, out)

    def _piece(
        self, tp: object, text: str, a: int, b: int, size: float, number: int, height: float, out: list[Line]
    ) -> None:
        while a < b and text[a] in _SPACES:
            a += 1
        while b > a and text[b - 1] in _SPACES:
            b -= 1
        if a < b:
            mid = (a + b) // 2
            self._emit(tp, text, a, b, mid, size, self._box(tp, a), self._box(tp, b - 1), number, height, out)

    def _emit(
        self,
        tp: object,
        text: str,
        a: int,
        b: int,
        mid: int,
        size: float,
        first: tuple[float, float, float, float],
        last: tuple[float, float, float, float],
        number: int,
        height: float,
        out: list[Line],
    ) -> None:
        is_bold = self._fonts.is_bold
        # Most lines are not bold: one sample settles them, three confirm a bold line.
        bold = is_bold(tp, mid) and is_bold(tp, a) and is_bold(tp, b - 1)
        x, y = self._ox, self._oy
        bottom = height - first[1]
        base = height - self._origin_y(tp, a) if pdfium_c.FPDFText_GetCharOrigin(tp, a, x, y) else bottom
        base_end = height - self._origin_y(tp, b - 1) if pdfium_c.FPDFText_GetCharOrigin(tp, b - 1, x, y) else base
        s = text[a:b].replace(_PDFIUM_HYPHEN, "-").replace(_PDFIUM_SOFT, LINE_END_HYPHEN)
        out.append(
            Line(s, number, first[0], max(last[2], first[0]), height - first[3], bottom, size, bold, base, base_end, (a, b))
        )

    def _origin_y(self, tp: object, i: int) -> float:
        """The y of the origin just read for char ``i``, on the page as displayed."""
        if self._frame is None:
            return self._oy.value
        return self._frame.point(self._ox.value, self._oy.value)[1]

    # ------------------------------------------------------------------ tables
    def _tables(
        self, segs: list[tuple[float, float, float, float]], tp: object, text: str, lines: list[Line], number: int,
        height: float,
    ) -> list[Table]:
        if len(segs) < 6:
            return []
        tables = []
        for group in _touching_groups(segs):
            xs = _distinct([s[0] for s in group if s[0] == s[2]])
            ys = _distinct([s[1] for s in group if s[1] == s[3]])
            # One row between two rules is a table too when it has columns: the part of a
            # table that a page break carried over.
            if len(xs) < 3 or len(ys) < 2:
                continue
            # A grid's outer edges run its whole height; highlighted lines of different widths
            # touch as a stack of filled boxes whose right edges do not (a highlight is no table).
            if not (_spans(group, xs[0], ys[0], ys[-1]) and _spans(group, xs[-1], ys[0], ys[-1])):
                continue
            table = Table(number, xs[0], xs[-1], ys[0], ys[-1])
            cells: dict[tuple[int, int], list[str]] = {}
            ncols, last_row = len(xs) - 1, len(ys) - 2
            xn, yn = len(xs) - 1, len(ys) - 1
            geometry = CellGeometry(xs, len(ys) - 1)
            for line in lines:
                cy = (line.top + line.bottom) / 2
                if not (table.top <= cy <= table.bottom and line.x0 >= table.x0 - 2 and line.x1 <= table.x1 + 2):
                    continue
                line.text = ""  # claimed by the table
                last: tuple[int, int] | None = None
                for i in range(*line.chars):
                    l0, b0, r0, t0 = self._box(tp, i)
                    cx, cyc = (l0 + r0) / 2, height - (b0 + t0) / 2
                    # bisect finds the slot between rules: the table's hottest loop.
                    row, col = bisect_right(ys, cyc, 1, yn) - 1, bisect_right(xs, cx, 1, xn) - 1
                    key = (row, col)
                    parts = cells.setdefault(key, [])
                    ch = text[i]
                    if key != last:
                        geometry.start(col, ch, l0)
                    if row <= 1 or row == last_row:
                        geometry.add(row, col, ch, l0, r0, cyc)
                    # A wrapped cell line ends in the space it broke at; one ending without a
                    # space broke inside a token, as "s.14Z52(2)" / "(a)" does at ")(".
                    if key != last and parts and parts[-1] != " " and not (parts[-1] == ")" and ch == "("):
                        parts.append(" ")
                    parts.append(LINE_END_HYPHEN if ch == _PDFIUM_SOFT else "-" if ch == _PDFIUM_HYPHEN else ch)
                    last = key
                end = line.chars[1]
                if last is not None and end < len(text) and text[end] in _SPACES:
                    cells[last].append(" ")
            table.rows = [
                ["".join(cells.get((r, c), [])).strip() for c in range(ncols)] for r in range(len(ys) - 1)
            ]
            geometry.finish(table)
            tables.append(table)
        if tables:
            lines[:] = [ln for ln in lines if ln.text]
        return tables


def _spans(group: list, x: float, top: float, bottom: float, tol: float = 2.0) -> bool:
    """Whether the vertical segments at ``x`` together cover ``top`` to ``bottom``."""
    reach = top
    for s in sorted((s for s in group if s[0] == s[2] and abs(s[0] - x) <= tol), key=lambda s: s[1]):
        if s[1] > reach + tol:
            return False
        reach = max(reach, s[3])
    return reach >= bottom - tol


def _distinct(values: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _touching_groups(segs: list[tuple[float, float, float, float]], tol: float = 2.0) -> list[list]:
    """Union-find over segments whose boxes touch: each group is one candidate grid."""
    parent = list(range(len(segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(segs):
        for j in range(i + 1, len(segs)):
            b = segs[j]
            if a[0] - tol <= b[2] and b[0] - tol <= a[2] and a[1] - tol <= b[3] and b[1] - tol <= a[3]:
                parent[find(i)] = find(j)
    groups: dict[int, list] = {}
    for i, s in enumerate(segs):
        groups.setdefault(find(i), []).append(s)
    return list(groups.values())
