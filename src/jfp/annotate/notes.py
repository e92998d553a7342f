"""What ``jfp annotate`` says in the margin, and where: pure, from a Document and its Report.

Three kinds of note. In a DOCX each is anchored on a paragraph by its ``source`` (its
position among the body's ``w:p``, recorded by the DOCX reader, see
``jfp.models.Section.source``); in a PDF on a page and the text to find there (the quote,
the heading, the title), which ``pdf_notes`` finds again:

- **evidence**: one note per paragraph the report quotes, one line per requirement it
  supports ("S13 Duty in respect of research: met, commitment"); the anchor is the block
  the report cites (``Evidence.paragraph`` is ``Block.index``), a table's row when the
  quote is a row;
- **gap**: one per requirement not met (or waived), on the heading of the section that is
  about it (its rule's ``headings`` phrases, the section with most of its evidence first),
  else on the title: what is missing, what to add, the guidance and its basis, worded as
  every reporter words a gap (``jfp.report.view.gap_parts``);
- **summary**: one, on the title: score, gate, rule pack, counts and warnings.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from jfp.models import Block, Document, Report, RequirementResult, Section, Status, Strength
from jfp.report import view

TYPE_CHECKING = False
if TYPE_CHECKING:
    from jfp.engine.loader import RulePack


_STRENGTH_RANK = {Strength.commitment: 0, Strength.statement: 1, Strength.mention: 2}


@dataclass
class Note:
    """One comment: where it goes, its kind and its paragraphs of text.

    A DOCX note is anchored on a paragraph (``anchor``, its ``source``); a PDF note on the
    text ``find`` on page ``page`` (a quote, a heading, the title), where the PDF writer
    finds it again.
    """

    anchor: int | None  # DOCX: the anchored paragraph's ``source``
    kind: str  # "evidence", "gap" or "summary"
    lines: list[str] = field(default_factory=list)  # the first is the comment's bold heading line
    row: str | None = None  # a table quote: the row's text, to anchor on that row
    page: int | None = None  # PDF: the 1-based page
    find: str | None = None  # PDF: the text to put the note on


def status_phrase(result: RequirementResult) -> str:
    """"met", "partial, waived until 2027-03-31: ..." as a comment says it."""
    if not result.waived:
        return result.status.value
    until = f" until {result.waiver_expires}" if result.waiver_expires else ""
    why = f": {view.clean(result.waiver_reason)}" if result.waiver_reason else ""
    return f"{result.status.value}, waived{until}{why}"


def _label(result: RequirementResult) -> str:
    return f"{result.code} {view.clean(result.title)}"


def _blocks(doc: Document) -> dict[int, tuple[Section, Block]]:
    return {block.index: (section, block) for section, block in doc.iter_blocks()}


def title_anchor(doc: Document) -> int | None:
    """The paragraph the summary (and gaps with no better place) goes on: the first Title-style
    paragraph, else the block or heading that reads as the document's title, else the
    document's first paragraph or heading."""
    title = view.clean(doc.meta.title or "")
    headings = [(s.heading, s.source) for s in doc.iter_sections() if s.level > 0 and s.source is not None]
    blocks = [(b.text, b.source) for _, b in doc.iter_blocks() if b.source is not None]
    styled = next((b.source for _, b in doc.iter_blocks() if b.source is not None and (b.style or "").lower() == "title"),
                  None)
    if styled is not None:
        return styled
    for text, source in blocks + headings:
        if title and view.clean(text) == title:
            return source
    return min((source for _, source in blocks + headings), default=None)


def _quoted_anchor(doc: Document, block: Block, quote: str, title: int | None) -> int | None:
    """Where a quote is: its block, unless the quote is a heading's or the title's (a passage
    the engine read from a heading cites its section's first block, which does not hold it)."""
    text = view.clean(quote).rstrip("\u2026").strip()
    if block.kind == "table" or text in view.clean(block.text):
        return block.source
    for s in doc.iter_sections():
        if s.source is not None and view.clean(s.heading) == text:
            return s.source
    if title is not None and text == view.clean(doc.meta.title or ""):
        return title
    return block.source


def quoted_row(block: Block, quote: str) -> str | None:
    """The first non-empty cell of the table row a quote is from (the row sharing the longest
    start with it), by which the writer finds that row; None when no row shares a word."""
    quote = view.clean(quote).rstrip("\u2026")
    best, best_len = None, 0
    for row in block.rows or []:
        cells = [view.clean(c) for c in row if c.strip()]
        for text in (" | ".join(cells), " | ".join(view.clean(c) for c in row)):
            n = 0
            for a, b in zip(text, quote):
                if a != b:
                    break
                n += 1
            if n > best_len and cells:
                best, best_len = cells[0], n
    return best if best_len >= min(len(best or ""), 8) else None


def evidence_notes(doc: Document, report: Report, title: int | None = None) -> list[Note]:
    """One note per quoted paragraph (per table row), one line per requirement, in document order."""
    blocks = _blocks(doc)
    pdf = doc.meta.format == "pdf"
    lines: dict[tuple, dict[str, str]] = {}
    for result in report.results:
        for ev in sorted(result.evidence, key=lambda e: _STRENGTH_RANK[e.strength]):
            found = blocks.get(ev.paragraph)
            if pdf and ev.page is not None:
                key = (None, None, ev.page, view.clean(ev.text))  # a highlight per quote
            elif found is None or found[1].source is None:
                continue
            else:
                block = found[1]
                row = quoted_row(block, ev.text) if block.kind == "table" else None
                key = (_quoted_anchor(doc, block, ev.text, title), row, None, None)
            seen = lines.setdefault(key, {})
            if result.id not in seen:  # the strongest quote of the requirement in this paragraph
                seen[result.id] = f"{_label(result)}: {status_phrase(result)}, {ev.strength.value}"
    notes = [Note(anchor=a, kind="evidence", lines=list(by_rule.values()), row=row, page=page, find=find)
             for (a, row, page, find), by_rule in lines.items()]
    return sorted(notes, key=lambda n: (n.anchor or 0, n.page or 0))


class _Headings:
    """The plan's headings, normalised once, and which of them name each requirement."""

    def __init__(self, doc: Document, pack: RulePack | None) -> None:
        pdf = doc.meta.format == "pdf"
        self.sections = [s for s in doc.iter_sections() if s.level > 0 and (pdf or s.source is not None)]
        self.by_path = {s.heading_path: s for s in self.sections}
        self.pack = pack
        self.norms: list[str] | None = None

    def naming(self, rule_id: str) -> list[Section]:
        rule = self.pack.find(rule_id) if self.pack is not None else None
        if rule is None or not rule.headings:
            return []
        from jfp.engine.text import PhraseSet, make_acronym_expander, normalise

        if self.norms is None:
            expand = make_acronym_expander(self.pack.acronyms)
            self.norms = [normalise(s.heading, expand) for s in self.sections]
        phrases = PhraseSet(rule.headings)
        return [s for s, norm in zip(self.sections, self.norms) if phrases.search(norm)]


def _section_for(result: RequirementResult, headings: _Headings) -> Section | None:
    """The section about ``result``, or None (the note then goes on the title)."""
    counts = Counter(e.section for e in result.evidence if e.section in headings.by_path)
    named = headings.naming(result.id)
    if named:
        # Most of the requirement's quotes first; then the deepest, earliest section.
        order = {id(s): i for i, s in enumerate(headings.sections)}
        return max(named, key=lambda s: (counts.get(s.heading_path, 0), s.level, -order[id(s)]))
    if counts:
        return headings.by_path[counts.most_common(1)[0][0]]
    return None


def _title_place(doc: Document, title: int | None) -> dict:
    """Where a note on the title goes: its paragraph (DOCX), or the title on the first page (PDF)."""
    if doc.meta.format == "pdf":
        return {"anchor": None, "page": 1, "find": doc.meta.title or ""}
    return {"anchor": title}


def gap_notes(doc: Document, report: Report, pack: RulePack | None, title: int | None) -> list[Note]:
    """One note per requirement not met (or waived), on its section's heading, in pack order."""
    notes = []
    headings = _Headings(doc, pack)
    for result in report.results:
        if result.status is Status.met and not result.waived:
            continue
        section = _section_for(result, headings)
        if section is not None:
            place = {"anchor": section.source, "page": section.page_start, "find": section.heading}
        else:
            place = _title_place(doc, title)
        if place["anchor"] is None and place.get("page") is None:
            continue
        lines = [f"{_label(result)}: {status_phrase(result)}"]
        lines += [f"{label}: {text}" for label, text in view.gap_parts(result)]
        notes.append(Note(kind="gap", lines=lines, **place))
    return notes


def summary_note(doc: Document, report: Report, title: int | None, counts: dict[str, int]) -> Note | None:
    """The one note on the title: how the plan did, against which pack, and what to watch."""
    place = _title_place(doc, title)
    if place["anchor"] is None and place.get("page") is None:
        return None
    pack = report.rulepack
    lines = [
        f"jfp {report.tool.version}: score {view.score_text(report.score)} of 100, gate {view.gate_text(report)}",
        f"Rule pack: {pack.id} ({view.clean(pack.title)}, version {pack.version})",
        f"Requirements: {view.summary_text(report)}",
        f"Comments: {counts.get('evidence', 0)} on quoted passages, {counts.get('gap', 0)} on gaps",
    ]
    if report.plan_year:
        lines.append(f"Plan year: {report.plan_year}")
    lines += [f"Warning: {view.clean(w.message)}" for w in report.document.warnings]
    lines += [f"Warning: {view.clean(w)}" for w in report.warnings]
    return Note(kind="summary", lines=lines, **place)


def plan_notes(doc: Document, report: Report, pack: RulePack | None = None) -> list[Note]:
    """Every note of the annotated copy: the summary first, then gaps, then evidence."""
    title = title_anchor(doc)
    evidence = evidence_notes(doc, report, title)
    gaps = gap_notes(doc, report, pack, title)
    summary = summary_note(doc, report, title, {"evidence": len(evidence), "gap": len(gaps)})
    return ([summary] if summary else []) + gaps + evidence
