"""One walk over ``w:body`` in document order, producing flat paragraph and table records.

The walk only reads: what text is visible, how it is formatted, and how many page breaks
came before it. Deciding what is a heading, a list item or a table of contents is left to
``jfp.parsers.docx_read`` so those judgements can look at the whole document (body font size,
the lines after a "Contents" heading). Deleted text, field instructions, hidden text and
TOC field results are never read; text boxes and content controls are.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from jfp.parsers.docx_hidden import hidden_reason, paragraph_background, shape_hidden, take_branch, words_in
from jfp.parsers.docx_runs import Runs
from jfp.parsers.docx_tree import BLOCK_WRAPPERS, children, continues_merge, is_toc_sdt
from jfp.parsers.docx_styles import VAL, Style, StyleTable, W, level_of, numbering_on, on, shading_of
from jfp.parsers.words import count_words

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, R, T, TBL, TR, TC = (W + n for n in ("p", "r", "t", "tbl", "tr", "tc"))
PPR, RPR, SDT, SDT_CONTENT = (W + n for n in ("pPr", "rPr", "sdt", "sdtContent"))
PSTYLE, NUMPR, OUTLINE, PBB, SECTPR, SHD = (
    W + n for n in ("pStyle", "numPr", "outlineLvl", "pageBreakBefore", "sectPr", "shd")
)
ALT_CHUNK, REL_ID = W + "altChunk", "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
TAB, PTAB, BR, CR, LRPB = (W + n for n in ("tab", "ptab", "br", "cr", "lastRenderedPageBreak"))
FLDCHAR, INSTR, FLDSIMPLE = W + "fldChar", W + "instrText", W + "fldSimple"
TXBX = W + "txbxContent"
ALT = MC + "AlternateContent"
# Inline wrappers whose children are read as if they were the paragraph's own.
_INLINE_WRAPPERS = {W + n for n in ("hyperlink", "ins", "moveTo", "smartTag", "customXml", "bdo", "dir")}
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
    hidden: Counter = field(default_factory=Counter)  # words set aside, by docx_hidden reason
    unread_chunks: list[str] = field(default_factory=list)  # altChunk targets that could not be read


# Reads an altChunk by relationship id: its records, or (None, the part's name) when it cannot.
ChunkReader = Callable[[str], "tuple[list[Para | Table] | None, str]"]


_NOTE_REFERENCES = {W + "footnoteReference": "footnote", W + "endnoteReference": "endnote"}


class _Walker:
    def __init__(self, styles: StyleTable, section_starts: list[str], order: dict, background: str | None,
                 chunks: ChunkReader | None) -> None:
        self.styles = styles
        self.order = order
        # The colour behind the text being read (the page, a shaded cell), None inside a
        # shape, whose fill is not read: white text on a blue text box is not hidden.
        self.behind: str | None = background
        self.chunks = chunks
        self.plain_hidden: dict[tuple[int, str | None], str | None] = {}
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
        self.notes: dict[tuple[str, str], etree._Element] = {}
        self.cited: list[etree._Element] = []  # notes cited in the paragraph being read
        self.notes_read: set[tuple[str, str]] = set()

    # ------------------------------------------------------------------ blocks
    def blocks(self, container: etree._Element, sink: list, context: str) -> None:
        for child in container:
            tag = child.tag
            if tag == P:
                self.paragraph(child, sink, context)
            elif tag == TBL:
                self.table(child, sink)
            elif tag == SDT:
                if is_toc_sdt(child):
                    self.count_hidden_breaks(child)
                    continue
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.blocks(content, sink, context)
            elif tag in BLOCK_WRAPPERS:
                if tag != W + "customXml":
                    self.body.tracked_changes = True
                self.blocks(child, sink, context)
            elif tag in _DELETED:
                self.body.tracked_changes = True
            elif tag == ALT:
                branch = self.branch(child)
                if branch is not None:
                    self.blocks(branch, sink, context)
            elif tag == ALT_CHUNK:
                self.alt_chunk(child, sink)

    def branch(self, alt: etree._Element) -> etree._Element | None:
        """The one branch of an mc:AlternateContent Word reads; text in a choice it skips is hidden."""
        branch, skipped = take_branch(alt)
        if skipped:
            self.body.hidden["choice"] += skipped
        return branch

    def alt_chunk(self, el: etree._Element, sink: list) -> None:
        """Content Word imports from another part (HTML, text, a .docx) where the chunk stands."""
        if self.chunks is None:
            self.body.unread_chunks.append(el.get(REL_ID) or "?")
            return
        items, name = self.chunks(el.get(REL_ID) or "")
        if items is None:
            self.body.unread_chunks.append(name)
            return
        for item in items:
            item.breaks = (self.body.rendered, self.body.explicit)
            sink.append(item)
            self.page_has_text = True

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
        style_id = heading = listed = pbb = shd = None
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
                elif tag == SHD:
                    shd = c
        style = self.styles.paragraph(style_id)
        if pbb if pbb is not None else style.page_break_before:
            self.explicit_break()
        if has_sect:
            # This sectPr closes a section; whether a new page follows is said by the next
            # section's own start type.
            self.section += 1
            if self.section < len(self.section_starts):
                section_break = self.section_starts[self.section] in _SECTION_PAGE_TYPES
        state = Runs(style, self.styles.default_size, paragraph_background(shd, style, self.behind))
        # Most paragraphs share a few (style, background) pairs: judge a bare run once per pair.
        key = (id(style), state.behind)  # resolved styles are memoised: one object per style
        plain = self.plain_hidden.get(key, False)
        if plain is False:
            plain = self.plain_hidden[key] = hidden_reason(None, style, self.styles, state.behind, state.default_size)
        state.plain_hidden = plain
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
            behind, self.behind = self.behind, None
            for box in boxes:
                self.blocks(box, sink, "textbox" if context == "body" else context)
            self.behind = behind
        if self.cited:
            cited, self.cited = self.cited, []
            for note in cited:
                self.blocks(note, sink, "textbox" if context == "body" else context)
        if section_break:
            self.explicit_break()

    def table(self, tbl: etree._Element, sink: list) -> None:
        rows: list[list[str]] = []
        first: tuple[int, int] | None = None
        outer = self.behind
        tblpr = tbl.find(W + "tblPr")
        if tblpr is not None and (tblpr.find(W + "tblStyle") is not None or tblpr.find(W + "shd") is not None):
            # A table style (a dark header row) or table shading is not read: behind a cell
            # without shading of its own the colour is unknown, so colours are not judged.
            self.behind = None
        items: list = []  # every cell's paragraphs and tables, for a one-cell box
        for tr in children(tbl, TR):
            trpr = tr.find(W + "trPr")
            if trpr is not None and trpr.find(W + "del") is not None:
                self.body.tracked_changes = True
                continue
            cells: list[str] = []
            for tc in children(tr, TC):
                tcpr = tc.find(W + "tcPr")
                if tcpr is not None and continues_merge(tcpr):
                    cells.append("")  # the merged cell's text was read in the row above
                    continue
                inner: list = []
                behind = self.behind
                if tcpr is not None and outer is not None:
                    self.behind = shading_of(tcpr.find(W + "shd")) or behind
                self.blocks(tc, inner, "cell")
                self.behind = behind
                if first is None and inner:
                    first = inner[0].breaks
                cells.append("\n".join(flat_text(item) for item in inner))
                items.extend(inner)
            rows.append(cells)
        self.behind = outer
        if len(rows) == 1 and len(rows[0]) == 1:
            # A one-cell table is a box round text (a shaded callout), not rows and columns: its
            # paragraphs are read as paragraphs, beside the body like a text box's.
            for item in items:
                if isinstance(item, Para):
                    item.context = "textbox"
            sink.extend(items)
            return
        if any(any(c.strip() for c in row) for row in rows):
            first_p = next(tbl.iter(P), None)
            sink.append(Table(rows=rows, breaks=first or (self.body.rendered, self.body.explicit),
                              source=self.order.get(first_p)))

    # ------------------------------------------------------------------ inline
    def inline(self, parent: etree._Element, state: Runs) -> None:
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
                branch = self.branch(child)
                if branch is not None:
                    self.inline(branch, state)
            elif tag in _DELETED:
                self.body.tracked_changes = True

    def run(self, r: etree._Element, state: Runs) -> None:
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
                        reason = (
                            state.plain_hidden if rpr is None
                            else hidden_reason(rpr, state.style, self.styles, state.behind, state.default_size)
                        )
                        if reason is not None:
                            self.body.hidden[reason] += count_words(" ".join(t.text or "" for t in r if t.tag == T))
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
            elif tag in _NOTE_REFERENCES:
                key = (_NOTE_REFERENCES[tag], child.get(W + "id", ""))
                if key in self.notes and key not in self.notes_read:
                    self.notes_read.add(key)
                    self.cited.append(self.notes[key])
            elif tag in (W + "drawing", W + "pict"):
                if shape_hidden(child):
                    self.body.hidden["vanish"] += words_in(child)
                else:
                    self.text_boxes(child)
            elif tag == ALT:
                branch = self.branch(child)
                if branch is not None:
                    self.run(branch, state)

    def text_boxes(self, el: etree._Element) -> None:
        """Queue the outermost w:txbxContent under a drawing, one branch of each AlternateContent."""
        for child in el:
            if child.tag == TXBX:
                self.boxes.append(child)
            elif child.tag == ALT:
                branch = self.branch(child)
                if branch is not None:
                    self.text_boxes(branch)
            elif isinstance(child.tag, str):
                self.text_boxes(child)

    def field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(["", False])
        elif kind == "end" and self.fields:
            _, is_toc = self.fields.pop()
            if is_toc:
                self.toc_fields -= 1


def flat_text(item: Para | Table) -> str:
    if isinstance(item, Table):
        return "\n".join(" | ".join(c for c in row if c.strip()) for row in item.rows)
    return item.text


def paragraph_order(body: etree._Element) -> dict[etree._Element, int]:
    """Each ``w:p`` by its position in ``body.iter(w:p)`` (cells, text boxes, deleted ones too):
    a block's ``source``, by which ``jfp annotate`` finds it again. 1-2 ms for 120 pages."""
    return {p: i for i, p in enumerate(body.iter(P))}


def walk(body: etree._Element, styles: StyleTable, background: str | None = "FFFFFF",
         chunks: ChunkReader | None = None, notes: dict | None = None) -> Body:
    """Read ``w:body`` once, in document order, on a page of colour ``background`` (None: not known).

    ``notes``: footnotes and endnotes by (kind, id); each is read once, after the paragraph that
    first cites it, as text beside the body (like a text box): the page shows it there.
    """
    starts = []
    for sect in body.iter(W + "sectPr"):
        if sect.getparent().tag in (PPR, W + "body"):
            kind = sect.find(W + "type")
            starts.append(kind.get(VAL, "nextPage") if kind is not None else "nextPage")
    walker = _Walker(styles, starts, paragraph_order(body), background, chunks)
    walker.notes = notes or {}
    walker.blocks(body, walker.body.items, "body")
    return walker.body
