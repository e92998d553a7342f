"""One walk over ``w:body`` in document order, producing flat paragraph and table records.

The walk only reads: what text is visible, how it is formatted, and how many page breaks
came before it. Deciding what is a heading, a list item or a table of contents is left to
``jfp.parsers.docx_read`` so those judgements can look at the whole document (body font size,
the lines after a "Contents" heading). Deleted text, field instructions, hidden text and
TOC field results are never read; text boxes and content controls are.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from jfp.parsers.docx_styles import NO_STYLE, VAL, Style, StyleTable, W, half_points, level_of, numbering_on, on

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, R, T, TBL, TR, TC = (W + n for n in ("p", "r", "t", "tbl", "tr", "tc"))
PPR, RPR, SDT, SDT_CONTENT = (W + n for n in ("pPr", "rPr", "sdt", "sdtContent"))
PSTYLE, NUMPR, OUTLINE, PBB, SECTPR = (W + n for n in ("pStyle", "numPr", "outlineLvl", "pageBreakBefore", "sectPr"))
BOLD, SIZE, RSTYLE, VANISH = (W + n for n in ("b", "sz", "rStyle", "vanish"))
TAB, PTAB, BR, CR, LRPB = (W + n for n in ("tab", "ptab", "br", "cr", "lastRenderedPageBreak"))
FLDCHAR, INSTR, FLDSIMPLE = W + "fldChar", W + "instrText", W + "fldSimple"
TXBX = W + "txbxContent"
ALT, CHOICE, FALLBACK = MC + "AlternateContent", MC + "Choice", MC + "Fallback"
# Inline wrappers whose children are read as if they were the paragraph's own.
_INLINE_WRAPPERS = {W + n for n in ("hyperlink", "ins", "moveTo", "smartTag", "customXml", "bdo", "dir")}
# Block wrappers whose children are read as if they were the body's own.
_BLOCK_WRAPPERS = {W + n for n in ("customXml", "ins", "moveTo")}
_DELETED = {W + "del", W + "moveFrom"}
# Paragraphs longer than this many characters cannot be a 12-word heading.
SHORT_CHARS = 160
# Long paragraphs whose run sizes are read to find the body text size.
SIZE_SAMPLE = 200
_SECTION_PAGE_TYPES = {"nextPage", "oddPage", "evenPage"}


@dataclass
class Para:
    """A paragraph with text: its raw text (tabs kept), style and run formatting."""

    text: str
    style: Style
    context: str  # "body", "cell" or "textbox"
    breaks: tuple[int, int]  # (rendered, explicit) page breaks before its first character
    heading: int | None = None  # outline level from the paragraph or its style
    listed: bool = False
    all_bold: bool = False
    size: int | None = None  # smallest run size, half-points
    toc: bool = False
    source: int | None = None  # position among the body's w:p in document order (``walk``)


@dataclass
class Table:
    """A table: rows of cell texts, merged cells read once."""

    rows: list[list[str]]
    breaks: tuple[int, int]
    source: int | None = None  # the ``source`` of its first paragraph


@dataclass
class Body:
    """What the walk found, in document order, plus page-break totals."""

    items: list[Para | Table] = field(default_factory=list)
    rendered: int = 0
    explicit: int = 0
    tracked_changes: bool = False


class _Walker:
    def __init__(self, styles: StyleTable, section_starts: list[str], order: dict) -> None:
        self.styles = styles
        self.order = order
        self.section_starts = section_starts
        self.section = 0
        self.size_samples = 0
        self.body = Body()
        self.fields: list[list] = []  # [instruction, is_toc] per open complex field
        self.toc_fields = 0
        # Whether text has been seen since the last explicit break: a break on an empty page
        # (pageBreakBefore right after a hard break, a section break after one) adds no page.
        self.page_has_text = False
        self.boxes: list[etree._Element] = []

    # ------------------------------------------------------------------ blocks
    def blocks(self, container: etree._Element, sink: list, context: str) -> None:
        for child in container:
            tag = child.tag
            if tag == P:
                self.paragraph(child, sink, context)
            elif tag == TBL:
                self.table(child, sink)
            elif tag == SDT:
                if _is_toc_sdt(child):
                    self.count_hidden_breaks(child)
                    continue
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.blocks(content, sink, context)
            elif tag in _BLOCK_WRAPPERS:
                if tag != W + "customXml":
                    self.body.tracked_changes = True
                self.blocks(child, sink, context)
            elif tag in _DELETED:
                self.body.tracked_changes = True
            elif tag == ALT:
                branch = _one_branch(child)
                if branch is not None:
                    self.blocks(branch, sink, context)

    def explicit_break(self) -> None:
        if self.page_has_text:
            self.body.explicit += 1
            self.page_has_text = False

    def count_hidden_breaks(self, el: etree._Element) -> None:
        """Page breaks inside content we skip (a TOC) still move the page on."""
        self.page_has_text = True
        for mark in el.iter(LRPB, BR):
            if mark.tag == LRPB:
                self.body.rendered += 1
            elif mark.get(W + "type") == "page":
                self.page_has_text = True
                self.explicit_break()

    def paragraph(self, p: etree._Element, sink: list, context: str) -> None:
        # Children are scanned by hand: lxml's find() goes through ElementPath and costs
        # several times more than a loop over the few children a pPr or rPr has.
        style_id = heading = listed = pbb = None
        has_sect = section_break = False
        if len(p) and p[0].tag == PPR:
            for c in p[0]:
                tag = c.tag
                if tag == PSTYLE:
                    style_id = c.get(VAL)
                elif tag == NUMPR:
                    listed = numbering_on(c)
                elif tag == OUTLINE:
                    heading = level_of(c)
                elif tag == PBB:
                    pbb = on(c)
                elif tag == SECTPR:
                    has_sect = True
        style = self.styles.paragraph(style_id)
        if pbb if pbb is not None else style.page_break_before:
            self.explicit_break()
        if has_sect:
            # This sectPr closes a section; whether a new page follows is said by the next
            # section's own start type.
            self.section += 1
            if self.section < len(self.section_starts):
                section_break = self.section_starts[self.section] in _SECTION_PAGE_TYPES
        state = _Runs(style, self.styles.default_size)
        in_toc_field = self.toc_fields > 0
        self.inline(p, state)
        text = "".join(state.parts)
        if text.strip():
            # Formatting only matters for lines short enough to be a heading, and for a
            # sample of long ones from which the body text size is taken.
            all_bold, size = False, None
            if context == "body" and (self.size_samples < SIZE_SAMPLE or len(text) <= SHORT_CHARS):
                all_bold, size = state.formatting(self.styles)
                if len(text) > SHORT_CHARS:
                    self.size_samples += 1
            sink.append(
                Para(
                    text=text,
                    style=style,
                    context=context,
                    breaks=state.breaks or (self.body.rendered, self.body.explicit),
                    heading=style.heading if heading is None else (heading or None),
                    listed=listed if listed is not None else style.listed,
                    all_bold=all_bold,
                    size=size,
                    toc=style.toc or (in_toc_field and self.toc_fields > 0),
                    source=self.order.get(p),
                )
            )
        if self.boxes:
            boxes, self.boxes = self.boxes, []
            for box in boxes:
                self.blocks(box, sink, "textbox" if context == "body" else context)
        if section_break:
            self.explicit_break()

    def table(self, tbl: etree._Element, sink: list) -> None:
        rows: list[list[str]] = []
        first: tuple[int, int] | None = None
        for tr in _children(tbl, TR):
            trpr = tr.find(W + "trPr")
            if trpr is not None and trpr.find(W + "del") is not None:
                self.body.tracked_changes = True
                continue
            cells: list[str] = []
            for tc in _children(tr, TC):
                tcpr = tc.find(W + "tcPr")
                if tcpr is not None and _continues_merge(tcpr):
                    cells.append("")  # the merged cell's text was read in the row above
                    continue
                inner: list = []
                self.blocks(tc, inner, "cell")
                if first is None and inner:
                    first = inner[0].breaks
                cells.append("\n".join(_flat_text(item) for item in inner))
            rows.append(cells)
        if any(any(c.strip() for c in row) for row in rows):
            first_p = next(tbl.iter(P), None)
            sink.append(Table(rows=rows, breaks=first or (self.body.rendered, self.body.explicit),
                              source=self.order.get(first_p)))

    # ------------------------------------------------------------------ inline
    def inline(self, parent: etree._Element, state: _Runs) -> None:
        for child in parent:
            tag = child.tag
            if tag == R:
                self.run(child, state)
            elif tag in _INLINE_WRAPPERS:
                if tag in (W + "ins", W + "moveTo"):
                    self.body.tracked_changes = True
                self.inline(child, state)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.inline(content, state)
            elif tag == FLDSIMPLE:
                if not child.get(W + "instr", "").strip().upper().startswith("TOC"):
                    self.inline(child, state)
            elif tag == ALT:
                branch = _one_branch(child)
                if branch is not None:
                    self.inline(branch, state)
            elif tag in _DELETED:
                self.body.tracked_changes = True

    def run(self, r: etree._Element, state: _Runs) -> None:
        rpr = r[0] if len(r) and r[0].tag == RPR else None
        checked = False
        for child in r:
            tag = child.tag
            if tag == T:
                if self.toc_fields:
                    continue
                text = child.text
                if text:
                    if not checked:
                        checked = True
                        if rpr is not None and _hidden(rpr):
                            return
                    state.add(text, rpr, self)
            elif tag == TAB or tag == PTAB:
                state.parts.append("\t")
            elif tag == LRPB:
                self.body.rendered += 1
            elif tag == BR:
                if child.get(W + "type") == "page":
                    self.explicit_break()
                else:
                    state.parts.append("\n")
            elif tag == CR:
                state.parts.append("\n")
            elif tag == W + "noBreakHyphen":
                state.parts.append("-")
            elif tag == FLDCHAR:
                self.field_char(child.get(W + "fldCharType"))
            elif tag == INSTR:
                if self.fields and not self.fields[-1][1]:
                    self.fields[-1][0] += child.text or ""
                    if self.fields[-1][0].strip().upper().startswith("TOC"):
                        self.fields[-1][1] = True
                        self.toc_fields += 1
            elif tag in (W + "drawing", W + "pict"):
                self.boxes.extend(_text_boxes(child))
            elif tag == ALT:
                branch = _one_branch(child)
                if branch is not None:
                    self.run(branch, state)

    def field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(["", False])
        elif kind == "end" and self.fields:
            _, is_toc = self.fields.pop()
            if is_toc:
                self.toc_fields -= 1


class _Runs:
    """Accumulates a paragraph's text and whether every visible run is bold, and its size."""

    __slots__ = ("style", "default_size", "parts", "runs", "breaks")

    def __init__(self, style: Style, default_size: int | None) -> None:
        self.style = style
        self.default_size = default_size
        self.parts: list[str] = []
        self.runs: list[tuple[etree._Element | None, str]] = []
        self.breaks: tuple[int, int] | None = None

    def add(self, text: str, rpr: etree._Element | None, walker: _Walker) -> None:
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


def _hidden(rpr: etree._Element) -> bool:
    for c in rpr:
        if c.tag == VANISH:
            return bool(on(c))
    return False


def _children(parent: etree._Element, tag: str):
    """Direct children with ``tag``, looking through content controls and custom XML."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _children(child, tag)


def _continues_merge(tcpr: etree._Element) -> bool:
    """A cell that continues a vertical (or legacy horizontal) merge: its text is elsewhere."""
    for tag in (W + "vMerge", W + "hMerge"):
        merge = tcpr.find(tag)
        if merge is not None and merge.get(VAL, "continue") != "restart":
            return True
    return False


def _one_branch(alt: etree._Element) -> etree._Element | None:
    """The first mc:Choice (else the Fallback): reading both would read the text twice."""
    choice = alt.find(CHOICE)
    return choice if choice is not None else alt.find(FALLBACK)


def _text_boxes(el: etree._Element, found: list[etree._Element] | None = None) -> list[etree._Element]:
    """Outermost w:txbxContent under a drawing, one branch of each AlternateContent."""
    found = [] if found is None else found
    for child in el:
        if child.tag == TXBX:
            found.append(child)
        elif child.tag == ALT:
            branch = _one_branch(child)
            if branch is not None:
                _text_boxes(branch, found)
        elif isinstance(child.tag, str):
            _text_boxes(child, found)
    return found


def _is_toc_sdt(sdt: etree._Element) -> bool:
    pr = sdt.find(W + "sdtPr")
    if pr is None:
        return False
    gallery = pr.find(f"{W}docPartObj/{W}docPartGallery")
    return gallery is not None and "table of contents" in gallery.get(VAL, "").lower()


def _flat_text(item: Para | Table) -> str:
    if isinstance(item, Table):
        return "\n".join(" | ".join(c for c in row if c.strip()) for row in item.rows)
    return item.text


def paragraph_order(body: etree._Element) -> dict[etree._Element, int]:
    """Each ``w:p`` by its position in ``body.iter(w:p)`` (cells, text boxes, deleted ones too):
    a block's ``source``, by which ``jfp annotate`` finds it again. 1-2 ms for 120 pages."""
    return {p: i for i, p in enumerate(body.iter(P))}


def walk(body: etree._Element, styles: StyleTable) -> Body:
    """Read ``w:body`` once, in document order."""
    starts = []
    for sect in body.iter(W + "sectPr"):
        if sect.getparent().tag in (PPR, W + "body"):
            kind = sect.find(W + "type")
            starts.append(kind.get(VAL, "nextPage") if kind is not None else "nextPage")
    walker = _Walker(styles, starts, paragraph_order(body))
    walker.blocks(body, walker.body.items, "body")
    return walker.body
