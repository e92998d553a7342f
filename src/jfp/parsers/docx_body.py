"""One walk over ``w:body`` in document order, producing flat paragraph and table records.

The walk only reads: what text is visible, how it is formatted, and how many page breaks
came before it. Deciding what is a heading, a list item or a table of contents is left to
``jfp.parsers.docx`` so those judgements can look at the whole document (body font size,
the lines after a "Contents" heading). Deleted text, field instructions, hidden text and
TOC field results are never read; text boxes and content controls are.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from jfp.parsers.docx_styles import NO_STYLE, VAL, W, Style, StyleTable, has_numbering, on, outline_level

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, R, T, TBL, TR, TC = (W + n for n in ("p", "r", "t", "tbl", "tr", "tc"))
PPR, RPR, SDT, SDT_CONTENT = (W + n for n in ("pPr", "rPr", "sdt", "sdtContent"))
TAB, BR, CR, LRPB = (W + n for n in ("tab", "br", "cr", "lastRenderedPageBreak"))
FLDCHAR, INSTR, FLDSIMPLE = W + "fldChar", W + "instrText", W + "fldSimple"
TXBX = W + "txbxContent"
ALT, CHOICE, FALLBACK = MC + "AlternateContent", MC + "Choice", MC + "Fallback"
# Inline wrappers whose children are read as if they were the paragraph's own.
_INLINE_WRAPPERS = {W + n for n in ("hyperlink", "ins", "moveTo", "smartTag", "customXml", "bdo", "dir")}
# Block wrappers whose children are read as if they were the body's own.
_BLOCK_WRAPPERS = {W + n for n in ("customXml", "ins", "moveTo")}
_DELETED = {W + "del", W + "moveFrom"}
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


@dataclass
class Table:
    """A table: rows of cell texts, merged cells read once."""

    rows: list[list[str]]
    breaks: tuple[int, int]


@dataclass
class Body:
    """What the walk found, in document order, plus page-break totals."""

    items: list[Para | Table] = field(default_factory=list)
    rendered: int = 0
    explicit: int = 0
    tracked_changes: bool = False


class _Walker:
    def __init__(self, styles: StyleTable) -> None:
        self.styles = styles
        self.body = Body()
        self.fields: list[list] = []  # [instruction, is_toc] per open complex field
        self.toc_fields = 0
        self.seen_text = False
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

    def count_hidden_breaks(self, el: etree._Element) -> None:
        """Page breaks inside content we skip (a TOC) still move the page on."""
        for mark in el.iter(LRPB, BR):
            if mark.tag == LRPB:
                self.body.rendered += 1
            elif mark.get(W + "type") == "page":
                self.body.explicit += 1

    def paragraph(self, p: etree._Element, sink: list, context: str) -> None:
        ppr = p.find(PPR)
        style = NO_STYLE
        heading = listed = None
        section_break = False
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            style = self.styles.paragraph(ps.get(VAL) if ps is not None else None)
            heading = outline_level(ppr)
            listed = has_numbering(ppr)
            pbb = on(ppr.find(W + "pageBreakBefore"))
            if (pbb if pbb is not None else style.page_break_before) and self.seen_text:
                self.body.explicit += 1
            sect = ppr.find(W + "sectPr")
            if sect is not None:
                kind = sect.find(W + "type")
                section_break = (kind.get(VAL, "nextPage") if kind is not None else "nextPage") in _SECTION_PAGE_TYPES
        else:
            style = self.styles.paragraph(None)
            if style.page_break_before and self.seen_text:
                self.body.explicit += 1
        state = _Runs(style, self.styles.default_size)
        in_toc_field = self.toc_fields > 0
        self.inline(p, state)
        text = "".join(state.parts)
        if text.strip():
            sink.append(
                Para(
                    text=text,
                    style=style,
                    context=context,
                    breaks=state.breaks or (self.body.rendered, self.body.explicit),
                    heading=heading if heading is not None else style.heading,
                    listed=listed if listed is not None else style.listed,
                    all_bold=state.all_bold,
                    size=state.size,
                    toc=style.toc or (in_toc_field and self.toc_fields > 0),
                )
            )
        if self.boxes:
            boxes, self.boxes = self.boxes, []
            for box in boxes:
                self.blocks(box, sink, "textbox" if context == "body" else context)
        if section_break and self.seen_text:
            self.body.explicit += 1

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
                merge = tcpr.find(W + "vMerge") if tcpr is not None else None
                if merge is not None and merge.get(VAL, "continue") != "restart":
                    cells.append("")  # the merged cell's text was read in the row above
                    continue
                inner: list = []
                self.blocks(tc, inner, "cell")
                if first is None and inner:
                    first = inner[0].breaks
                cells.append("\n".join(_flat_text(item) for item in inner))
            rows.append(cells)
        if any(any(c.strip() for c in row) for row in rows):
            sink.append(Table(rows=rows, breaks=first or (self.body.rendered, self.body.explicit)))

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
            elif tag in _DELETED:
                self.body.tracked_changes = True

    def run(self, r: etree._Element, state: _Runs) -> None:
        rpr = r.find(RPR)
        fmt = None
        for child in r:
            tag = child.tag
            if tag == T:
                if self.toc_fields:
                    continue
                text = child.text
                if text:
                    if fmt is None:
                        fmt = state.format(rpr, self.styles)
                        if fmt is False:  # hidden text
                            return
                    state.add(text, fmt, self)
            elif tag == TAB:
                state.parts.append("\t")
            elif tag == LRPB:
                self.body.rendered += 1
            elif tag == BR:
                if child.get(W + "type") == "page":
                    if self.seen_text:
                        self.body.explicit += 1
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

    __slots__ = ("style", "default_size", "parts", "all_bold", "size", "breaks")

    def __init__(self, style: Style, default_size: int | None) -> None:
        self.style = style
        self.default_size = default_size
        self.parts: list[str] = []
        self.all_bold = True
        self.size: int | None = None
        self.breaks: tuple[int, int] | None = None

    def format(self, rpr: etree._Element | None, styles: StyleTable) -> tuple[bool, int | None] | bool:
        """(bold, size) of a run, or False for hidden text."""
        bold = size = None
        char = NO_STYLE
        if rpr is not None:
            if on(rpr.find(W + "vanish")):
                return False
            rs = rpr.find(W + "rStyle")
            if rs is not None:
                char = styles.character(rs.get(VAL))
            bold = on(rpr.find(W + "b"))
            sz = rpr.find(W + "sz")
            if sz is not None:
                try:
                    size = int(float(sz.get(VAL, "")))
                except ValueError:
                    size = None
        if bold is None:
            bold = char.bold if char.bold is not None else bool(self.style.bold)
        if size is None:
            size = char.size or self.style.size or self.default_size
        return bold, size

    def add(self, text: str, fmt: tuple[bool, int | None], walker: _Walker) -> None:
        self.parts.append(text)
        if text.strip():
            if self.breaks is None:
                self.breaks = (walker.body.rendered, walker.body.explicit)
                walker.seen_text = True
            bold, size = fmt
            self.all_bold = self.all_bold and bold
            if size is not None:
                self.size = size if self.size is None else min(self.size, size)


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


def walk(body: etree._Element, styles: StyleTable) -> Body:
    """Read ``w:body`` once, in document order."""
    walker = _Walker(styles)
    walker.blocks(body, walker.body.items, "body")
    return walker.body
