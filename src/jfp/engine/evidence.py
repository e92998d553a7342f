"""Turn parsed documents into passages, each judged for whose voice it is in and how strongly it can evidence.

A passage is a sentence of a paragraph or list item, or one row of a table. It is evidence
only when the plan's own bodies speak or act in it (``jfp.engine.voice``): a sentence in
anyone else's voice (the guidance restated, the statute, reported speech, another body's
duty, a recommendation to others) never is, and neither is a placeholder, a pointer, a
population fact, or anything in a glossary, a contents page, a list of related documents,
document control or a map of duties that only points elsewhere.

A sentence whose subject is a thing or a pronoun, or a fragment (a bullet, a table cell),
does not say whose it is: it takes the voice of what it stands in (the sentence before it
in the paragraph, the list's lead-in, a delivery table, its section, the document). Such
a borrowed voice is weaker than a stated one: it makes a concrete step a commitment, but
without a concrete detail it is a mention at most.

Strength, for the plan's own voice: vague or negated intent, or a duty the plan states of
itself ("we must ..."), is a mention; a concrete step (a date, number, named owner or
completed action) is a commitment; the plan describing its own arrangements is a statement.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jfp.engine.loader import RulePack
from jfp.engine.match import Passage, make_acronym_expander, normalise, phrase_regex
from jfp.engine.vocabulary import plain
from jfp.engine.voice import INHERIT, OTHER, OWN, VIEWS, Reading, VoiceModel
from jfp.mapper import serial
from jfp.models import Block, Document, Section

if TYPE_CHECKING:
    from jfp.mapper import Mapper

# Sentence ends: a full stop, question or exclamation mark followed by space and a capital,
# digit, quote or bracket; not after common abbreviations ("e.g.", "Dr.", "No.").
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]?\s+(?=[A-Z0-9\"'\u201c\u2018(\[])")
_ABBREV_END = re.compile(r"\b(?:e\.g|i\.e|etc|no|dr|mr|mrs|ms|st|vs|cf|approx|fig|para|p|pp|incl)\.$", re.I)
_MIN_WORDS_FOR_STATEMENT = 5
# A line shorter than this that names where to find something ("Research | Chapter 6", "see
# section 7 of the 2024 plan") is a pointer, not content.
_MAX_POINTER_WORDS = 15
_POINTER_SHAPE = re.compile(
    r"\||\bsee\b|\b(?:chapter|section|page|pages|appendix|annex|part)\s+(?:\d|[A-Z]\b)|^\s*(?:the )?duty\b",
    re.IGNORECASE,
)
_BRACKETED = re.compile(r"\[[^\[\]]{1,600}\]")
_FIRST_PERSON = re.compile(r"\b(?:we|our|us)\b", re.I)
# A document calling itself a plan or strategy of its own ("this plan", "our joint forward plan").
_PLAN_SELF = re.compile(r"\b(?:this|our)\s+(?:(?:joint forward|five[\s-]year|forward|delivery|strategic|system|"
                        r"commissioning|local)\s+)*(?:plan|strategy)\b", re.I)
# Columns of a delivery table that say who and when, not what: not what a row is about.
_WHO_WHEN = re.compile(r"\b(?:lead|leads|owner|responsib|accountab|by when|when|timescale|timeline|date|deadline|"
                       r"status|rag|year|quarter|due)\b", re.I)


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations and decimals intact."""
    parts: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        candidate = text[start : m.start()].rstrip()
        if _ABBREV_END.search(candidate):
            continue
        if candidate:
            parts.append(candidate)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        parts.append(tail)
    return parts


@dataclass(frozen=True)
class _Context:
    """A pack's context vocabularies compiled: which sections and tables are never evidence."""

    engagement: object
    case_study: object
    glossary: object
    contents: object
    map_heading: object
    references: object
    related: object
    control: object
    profile: object
    map_headers: list
    risk_headers: list
    control_headers: list
    delivery_headers: list


def _phrases(phrases: list[str]):
    return phrase_regex(phrases) if phrases else None


def _groups(groups: list[list[str]]) -> list:
    return [tuple(phrase_regex([h]) for h in group) for group in groups]


_MODELS: dict[tuple[str, str, str], tuple[VoiceModel, _Context, object]] = {}


def models_for(pack: RulePack) -> tuple[VoiceModel, _Context, object]:
    """The pack's voice model, context vocabularies and acronym expander, compiled once per pack."""
    key = (pack.id, pack.version, pack.source)
    if key not in _MODELS:
        ctx = pack.context
        _MODELS[key] = (
            VoiceModel(pack.vocabulary),
            _Context(
                engagement=_phrases(ctx.engagement_headings), case_study=_phrases(ctx.case_study_headings),
                glossary=_phrases(ctx.glossary_headings),
                contents=_phrases(ctx.contents_headings), map_heading=_phrases(ctx.map_headings),
                references=_phrases(ctx.reference_headings), related=_phrases(ctx.related_headings),
                control=_phrases(ctx.control_headings), profile=_phrases(ctx.profile_headings),
                map_headers=_groups(ctx.map_table_headers), risk_headers=_groups(ctx.risk_table_headers),
                control_headers=_groups(ctx.control_table_headers),
                delivery_headers=_groups(ctx.delivery_table_headers),
            ),
            make_acronym_expander(pack.acronyms),
        )
    return _MODELS[key]


# --------------------------------------------------------------------------- units


@dataclass
class _Unit:
    """One sentence, row, heading or title, read but not yet judged."""

    text: str
    block: Block | None
    section: Section | None
    kind: str  # sentence, item, row, heading, title, skip
    reading: Reading | None
    context: str  # body, glossary, contents, map, references, related, control, profile, risk, restated
    skip_reason: str = ""  # why a "skip" unit is never evidence
    header: str = ""  # a table row's column headings
    focus: str = ""  # the main clause, plain
    reported: bool = False  # in a section that reports others' views
    lead_in: Reading | None = None  # a list item's lead-in ("By 2027 we will:")
    lead_in_text: str = ""
    table_voice: str = INHERIT  # OWN for the rows of a delivery table
    prev: str = INHERIT  # the voice of the sentence before in the same paragraph
    page: int | None = None
    doc: int = 0  # which of the submission's documents it is in


def build_passages(docs: list[Document], pack: RulePack, assume_plan: bool = False,
                   mapper: Mapper = serial) -> list[Passage]:
    """Every sentence and table row of the documents, judged, in document order.

    Each section's sentences are read on their own, so the sections are independent tasks
    for ``mapper`` (``jfp.mapper``), which the runner may share with other processes; then
    the voices that sentences borrow from their sections and the document are settled here.
    ``assume_plan``: the text is a passage of a plan (a rule's example), so a sentence that
    borrows its voice borrows the plan's.
    """
    model, context, expand = models_for(pack)
    many = len(docs) > 1
    parts = []
    for i, doc in enumerate(docs):
        reader = _Reader(doc, model, context, i)
        parts.append((reader, None))  # the title, before the first section
        parts.extend((reader, section) for section in doc.iter_sections())
    units: list[tuple[Document, _Unit]] = [(docs[u.doc], u) for part in mapper(_read_part, parts) for u in part]
    doc_voice = _document_voice([u for _, u in units])
    if assume_plan and doc_voice == INHERIT:
        doc_voice = OWN
    section_voice = _section_voices([u for _, u in units])
    if _outside_we(u for _, u in units):
        # "We recently used our expertise to support X ICB": the document's "we" is its author's,
        # someone writing about the ICB, so no sentence of it speaks as the plan.
        for _, u in units:
            if u.reading is not None and u.reading.voice == OWN:
                u.reading = Reading(OTHER, "outside", u.reading.subject, u.reading.focus, u.reading.duty, False)
            _no_own_context(u)
        doc_voice = OTHER
        section_voice = {k: OTHER for k in section_voice}
    if _written_about(u for _, u in units):
        # Nothing in the first person, and others' voices as common as the ICB's in the third
        # person: a case study, news report or commentary written about the ICB by others.
        for _, u in units:
            if u.reading is not None and u.reading.reason == "own body":
                u.reading = Reading(OTHER, "written about", u.reading.subject, u.reading.focus, u.reading.duty, False)
            _no_own_context(u)
        doc_voice = OTHER if doc_voice == OWN else doc_voice
        section_voice = {k: (OTHER if v == OWN else v) for k, v in section_voice.items()}
    out: list[Passage] = []
    pages_known = {id(d): not any(w.code == "approximate-pages" for w in d.warnings) for d in docs}
    for doc, unit in units:
        voice, strength, reason = _judge(unit, model, section_voice, doc_voice)
        out.append(_passage(len(out), unit, voice, strength, reason, doc.meta.path if many else None,
                            pages_known[id(doc)], expand))
    return out


def _explicit(unit: _Unit) -> str:
    """The voice a unit states itself (OWN or OTHER), or INHERIT."""
    if unit.kind in ("sentence", "item", "row") and unit.reading is not None and unit.context == "body":
        if unit.table_voice == OWN:
            return OWN
        if unit.reading.voice in (OWN, OTHER):
            return unit.reading.voice
    return INHERIT


def _no_own_context(u: _Unit) -> None:
    """A unit of a document that does not speak as the plan borrows no plan's voice from its neighbours."""
    if u.prev == OWN:
        u.prev = OTHER
    if u.lead_in is not None and u.lead_in.voice == OWN:
        u.lead_in = Reading(OTHER, u.lead_in.reason, u.lead_in.subject, u.lead_in.focus, u.lead_in.duty, False)
    if u.table_voice == OWN:
        u.table_voice = INHERIT


def _outside_we(units) -> bool:
    """Whether the document's own author is someone other than the plan's bodies: it says so
    ("this briefing", "our clients", "we interviewed") and never calls itself a plan."""
    outside = plan = False
    for u in units:
        if u.reading is None or u.context != "body":
            continue
        outside = outside or u.reading.reason == "outside"
        plan = plan or bool(_PLAN_SELF.search(u.text))
    return outside and not plan


def _written_about(units) -> bool:
    """Whether a document speaks of the ICB only in the third person, among others' voices."""
    first = third = other = 0
    for u in units:
        if u.reading is None or u.context != "body":
            continue
        if u.reading.voice == OWN:
            first += u.reading.first_person
            third += not u.reading.first_person
        elif u.reading.voice == OTHER:
            other += 1
    return first == 0 and third > 0 and other >= third


def _document_voice(units: list[_Unit]) -> str:
    """OWN when the document speaks as the plan more than anyone else speaks in it.

    A document that never says whose it is in a sentence of its own (an ICS's web page in the
    impersonal voice) is the plan's when it says "we" or "our" somewhere ("access links to
    our plans") and no one else speaks in it.
    """
    own = sum(1 for u in units if _explicit(u) == OWN)
    other = sum(1 for u in units if _explicit(u) == OTHER)
    if own or other:
        return OWN if own >= other else OTHER
    if any(u.reading is not None and u.context == "body" and _FIRST_PERSON.search(u.text) for u in units):
        return OWN
    return INHERIT


def _section_voices(units: list[_Unit]) -> dict[int, str]:
    """Each section's voice, by the same count over its own sentences (id(section) -> voice)."""
    counts: dict[int, list[int]] = {}
    for u in units:
        if u.section is None:
            continue
        c = counts.setdefault(id(u.section), [0, 0])
        v = _explicit(u)
        if v == OWN:
            c[0] += 1
        elif v == OTHER:
            c[1] += 1
    return {k: (OWN if own and own >= other else OTHER if other else INHERIT) for k, (own, other) in counts.items()}


def _judge(unit: _Unit, model: VoiceModel, section_voice: dict[int, str], doc_voice: str) -> tuple[str, str | None, str]:
    """(voice, strength, reason) of one unit."""
    if unit.kind in ("heading", "title"):
        return INHERIT, None, unit.kind
    if unit.kind == "skip":
        return INHERIT, None, unit.skip_reason
    reading = unit.reading
    assert reading is not None
    p = plain(unit.text)
    if model.placeholder(p):
        return INHERIT, None, "placeholder"
    if len(unit.text.split()) < _MAX_POINTER_WORDS and (model.pointer(p) or (unit.context == "map" and _POINTER_SHAPE.search(unit.text))):
        return INHERIT, None, "pointer"
    if unit.context not in ("body", "map"):
        return INHERIT, None, unit.context
    if _is_contents_run(unit.text):
        return INHERIT, None, "contents"
    if model.related_documents(p):
        return INHERIT, None, "related"
    if _is_title_line(unit.text, reading, unit.kind) or _CAPTION.match(unit.text) or (
            unit.kind == "row" and _title_row(unit.text, model)):
        return INHERIT, None, "title line"
    if unit.text.rstrip().endswith(":") and unit.kind == "sentence":
        return INHERIT, None, "lead-in"  # "In 2027/28 we will:" is completed by its bullets
    voice, stated = _voice(unit, reading, section_voice, doc_voice)
    if voice == INHERIT:
        return INHERIT, None, "not own voice"
    if voice == OTHER:
        # Another body's own statement (a board's opinion) or a reported one (minutes) can still
        # evidence consultation; the guidance restated, a recommendation or a borrowed voice cannot.
        if not (stated and reading.reason in ("other body", "reported")):
            return OTHER, None, reading.reason if reading.voice == OTHER else "not own voice"
    elif reading.voice == VIEWS or (unit.reported and reading.voice == INHERIT):
        # In a section that reports what people said, a sentence that does not speak as the
        # plan ("Moving beds would hurt residents who do not drive") is a view, not a step.
        voice = VIEWS
    strength, reason = _strength(unit, reading, p, model, stated)
    return voice, strength, reason


# A contents page run together into one paragraph (plain text, a PDF without a contents
# heading): titles each followed by a page number ("Our priorities 9 3.1 Urgent care 10 ...").
_CONTENTS_ENTRY = re.compile(r"[A-Za-z)] \d{1,3}(?= \d+(?:\.\d+)* [A-Z]| [A-Z][a-z]|\s*$)")
_MIN_CONTENTS_ENTRIES = 3
_WE_WORD = re.compile(r"\bwe\b", re.I)


def _is_contents_run(text: str) -> bool:
    entries = len(_CONTENTS_ENTRY.findall(text))
    # An entry every few words, and nobody speaking: "we" is a sentence with numbers in it.
    return entries >= _MIN_CONTENTS_ENTRIES and entries * 6 >= len(text.split()) and not _WE_WORD.search(text)


# "Table 5: Performance trajectories ...": a caption labels what follows, it is not content.
_CAPTION = re.compile(r"^\W*(?:table|figure|fig\.?|chart|box|diagram|graph|map|image|picture)\s*\d+[a-z]?\s*[:.\-\u2013]", re.I)
_SECTION_REF = re.compile(r"\b(?:section|chapter|part|appendix)\s+\d+\.?\s*$", re.I)
_TITLE_WORD = re.compile(r"[A-Za-z][\w'-]*")
_LABEL = re.compile(r"^\W*(?:areas? of focus|priority|theme|workstream|objective|ambition|mission|pillar|goal|outcome)"
                    r"\s*\d*\s*[:\-\u2013]", re.I)


def _is_title_line(text: str, reading: Reading, kind: str = "item") -> bool:
    """A theme title, contents line, unmarked heading or question, not content
    ("Area of Focus: Tackling health inequalities", "Pregnancy and maternity")."""
    stripped = text.strip()
    if (stripped.endswith("?") and len(stripped.split()) <= 15) or _LABEL.match(stripped):
        return True
    if reading.reason != "fragment":
        return False
    if _SECTION_REF.search(stripped):
        return True  # "Listening to residents and communities Section 2."
    # A short paragraph with no verb and no full stop is a heading the document did not mark
    # ("Joint Forward Plan 2027/28 to 2031/32", "Pregnancy and maternity").
    if kind == "sentence" and len(stripped.split()) <= 10 and not stripped.endswith((".", ";", ":")):
        return True
    if re.search(r"\d", stripped) or len(stripped.split()) > 14:
        return False
    # A list item of a few words with no verb is a name ("Mental health"), not a step.
    if kind == "item" and len(stripped.rstrip(".;").split()) <= 4:
        return True
    words = [w for w in _TITLE_WORD.findall(stripped) if len(w) > 3]
    if len(stripped.split()) <= 3 and words and all(w[0].isupper() for w in words):
        return True  # a cell that names a theme ("Waste", "Digital Transformation")
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _title_row(text: str, model: VoiceModel) -> bool:
    """A table row whose every cell is a name or theme title ("Workforce | Net zero | Digital")."""
    cells = [c.strip() for c in text.split("|") if c.strip()]
    return len(cells) >= 2 and all(_is_title_line(c, model.read(c)) for c in cells)


def _voice(unit: _Unit, reading: Reading, section_voice: dict[int, str], doc_voice: str) -> tuple[str, bool]:
    """The unit's voice and whether it states it (True) or borrows it from its context (False)."""
    if unit.table_voice == OWN and reading.voice != OTHER:
        return OWN, True
    if reading.voice in (OWN, OTHER, VIEWS):
        return reading.voice, True
    # A borrowed voice: the lead-in, the sentence before, the section, then the document.
    for source in (unit.lead_in.voice if unit.lead_in is not None else INHERIT, unit.prev,
                   section_voice.get(id(unit.section), INHERIT) if unit.section is not None else INHERIT,
                   doc_voice):
        if source in (OWN, OTHER):
            # An action item in the imperative under the plan's own lead-in or heading is the plan's step.
            return source, source == OWN and reading.reason == "imperative"
    return INHERIT, False


def _strength(unit: _Unit, reading: Reading, p: str, model: VoiceModel, stated: bool) -> tuple[str | None, str]:
    """The strength of a passage in the plan's own voice."""
    judged = f"{plain(unit.lead_in_text)} {p}" if unit.lead_in_text else p
    concrete = model.concrete(judged)
    if model.is_context_fact(p, reading, unit.lead_in, judged):
        return None, "context"
    if not stated and reading.description:
        return None, "description"  # "The 5 are asthma, diabetes, ...": what something is, not a step
    if model.negated(judged):
        return "mention", "negated"
    if model.vague(judged):
        return "mention", "vague"
    if reading.duty and reading.voice == OWN:
        return "mention", "duty"  # "We must move care closer to home": the plan's aim, not a step
    listed = unit.kind in ("item", "row")
    if len(unit.text.split()) < _MIN_WORDS_FOR_STATEMENT and not listed:
        return "mention", "label"
    if not listed and not stated and reading.reason == "fragment" and len(unit.text.split()) <= 12 \
            and not re.search(r"\d", unit.text):
        # A paragraph with no verb and nobody speaking ("Partnership working and integration of
        # services for local people.") is a label; the same words as a bullet of the plan's own
        # are its working notes (a mention).
        return None, "impersonal"
    if model.hedged(judged) and not model.firm(judged):
        return "mention", "hedged"
    if concrete:
        return "commitment", ""
    # A borrowed voice with a verb of action ("Community teams will work with every practice")
    # describes the plan's arrangements as well as a stated one; a fragment without a verb
    # ("Better joined-up care") is a mention.
    if stated or reading.reason in ("thing", "pronoun"):
        return "statement", ""
    return "mention", "borrowed voice"


def _passage(pid: int, unit: _Unit, voice: str, strength: str | None, reason: str, file: str | None,
             pages_known: bool, expand) -> Passage:
    section = unit.section
    path = section.path if section is not None else []
    norm = normalise(f"{unit.header} {unit.text}" if unit.header else unit.text, expand)
    # The main clause is normalised only when it differs from the whole text (most sentences).
    same = not unit.focus or (not unit.header and unit.focus == plain(unit.text))
    # The main clause and clause head are plain (lower case) text: their acronyms are expanded
    # as the sentence's own capitals show ("our JLHWS steps": "jlhws joint local ...").
    focus = norm if same else normalise(expand.into(unit.focus, unit.text))
    short = VoiceModel.without_lists(unit.focus) if unit.focus else ""
    core = normalise(expand.into(short, unit.text)) if short and short != unit.focus else ""
    page = unit.page
    if unit.block is not None:
        page = unit.block.page if pages_known else None
    return Passage(
        id=pid, text=unit.text, norm=norm,
        section=section.heading_path if section is not None else "",
        heading_norm=_heading_norm(section, expand),
        top_section=path[0] if path else "",
        paragraph=unit.block.index if unit.block is not None else (section.blocks[0].index if section is not None and section.blocks else 0),
        page=page, file=file, context=unit.context, strength=strength,
        reason=reason, reported=voice == VIEWS,
        voice=voice, focus=focus, core=core,
        head=unit.reading.head if unit.reading is not None else "",
        leaf_norm=_leaf_norm(section, expand),
    )


_HEADINGS: dict[int, tuple[Section, str]] = {}
_LEAVES: dict[int, tuple[Section, str]] = {}


def _leaf_norm(section: Section | None, expand) -> str:
    """The normalised heading of the section itself, once per section."""
    if section is None or not section.heading:
        return ""
    hit = _LEAVES.get(id(section))
    if hit is not None and hit[0] is section:
        return hit[1]
    norm = normalise(section.heading, expand)
    if len(_LEAVES) > 4096:
        _LEAVES.clear()
    _LEAVES[id(section)] = (section, norm)
    return norm


def _heading_norm(section: Section | None, expand) -> str:
    if section is None or not section.path:
        return " "
    hit = _HEADINGS.get(id(section))
    if hit is not None and hit[0] is section:
        return hit[1]
    norm = normalise(" / ".join(section.path), expand)
    if len(_HEADINGS) > 4096:
        _HEADINGS.clear()
    _HEADINGS[id(section)] = (section, norm)
    return norm


# --------------------------------------------------------------------------- reading a document


def _header_is(block: Block, groups: list) -> bool:
    """Whether the table's first row has every word of one of the header groups."""
    if not block.rows:
        return False
    header = normalise(" ".join(block.rows[0]))
    return any(all(rx.search(header) for rx in group) for group in groups)


# A header cell that names a period: "2026/27", "March 2026", "Q3 2025/26", "by 2028".
_PERIOD_CELL = re.compile(r"^\W*(?:(?:by|end|q[1-4]|[a-z]{3,9}\.?)\s+)?(?:19|20)\d\d(?:\s*[/-]\s*(?:20)?\d\d)?\W*$", re.I)


def _trajectory(header_cells: list[str]) -> bool:
    """A table of the plan's own trajectories ("Standard | Dec 2024 | March 2026 | March 2027"):
    two or more columns headed by periods hold the levels the plan commits to reach by each."""
    return sum(bool(_PERIOD_CELL.match(c)) for c in header_cells) >= 2


def _looks_like_header(row: list[str]) -> bool:
    # A header names every column; a row with empty cells is a fragment (a row cut by a
    # page break in a PDF), not a header.
    # Numbers are data, except a period naming a column ("Standard | 2025/26 | 2026/27").
    return bool(row) and all(row) and all(len(c.split()) <= 10 and (not re.search(r"\d", c) or _PERIOD_CELL.match(c))
                                          for c in row) and not all(_PERIOD_CELL.match(c) for c in row)


def _is_glossary_table(block: Block) -> bool:
    """Two-column term/definition tables with a header naming them."""
    rows = block.rows or []
    if len(rows) < 3 or any(len(r) != 2 for r in rows):
        return False
    header = normalise(" ".join(rows[0]))
    return bool(re.search(r" (term|abbreviation|acronym|glossary|meaning|definition)s? ", header))


def _read_part(part: tuple[_Reader, Section | None]) -> list[_Unit]:
    reader, section = part
    units = reader.title() if section is None else reader._section(section)
    for u in units:
        u.doc = reader.index
    return units


class _Reader:
    """Turns one document's title and sections into units: sentences, rows and headings, read for voice."""

    def __init__(self, doc: Document, model: VoiceModel, context: _Context, index: int = 0) -> None:
        self.doc, self.model, self.ctx, self.index = doc, model, context, index

    def title(self) -> list[_Unit]:
        """The document's title as a unit (the horizon reads periods from it)."""
        meta = self.doc.meta
        return [_Unit(meta.title, None, None, "title", None, "body", page=1 if meta.pages else None)] if meta.title else []

    def units(self) -> list[_Unit]:
        """Every unit of the document, in order (the same as reading each part in turn)."""
        return [u for part in [(self, None), *((self, s) for s in self.doc.iter_sections())] for u in _read_part(part)]

    def _section_context(self, section: Section) -> str:
        """Where a section sits (body, contents, glossary, map, references, ...), from its heading path."""
        if any(normalise(h).strip() in ("content", "contents") for h in section.path):
            return "contents"
        heading = normalise(" / ".join(section.path))
        c = self.ctx
        for name, rx in (("contents", c.contents), ("glossary", c.glossary), ("map", c.map_heading),
                         ("references", c.references), ("related", c.related), ("control", c.control),
                         ("profile", c.profile)):
            if rx is not None and rx.search(heading):
                return name
        return "body"

    def _section(self, section: Section) -> list[_Unit]:
        out: list[_Unit] = []
        context = self._section_context(section)
        heading = normalise(" / ".join(section.path))
        reported = bool(self.ctx.engagement and self.ctx.engagement.search(heading))
        case_study = bool(self.ctx.case_study and self.ctx.case_study.search(normalise(section.heading or "")))
        if section.heading:
            out.append(_Unit(section.heading, None, section, "heading", None, context, page=section.page_start))
        lead_in: Reading | None = None
        lead_in_text = ""
        model = self.model
        for block in section.blocks:
            if block.kind == "table" and block.rows:
                out += self._table(block, section, context, reported)
                lead_in, lead_in_text = None, ""
                continue
            listed = block.kind == "list_item"
            # A bracketed placeholder ("[To be completed. Survey closes ...]") is cut out whole,
            # however many sentences it holds, so none of them can count.
            text = _BRACKETED.sub(lambda m: " " if model.placeholder(plain(m.group(0))) else m.group(0), block.text)
            rest = text.strip()
            tagged = block.text.lstrip().startswith("[") and not rest.startswith("[")
            if text != block.text and (tagged or not rest or rest.endswith(":")
                                       or len(rest.split()) < _MIN_WORDS_FOR_STATEMENT):
                out.append(_Unit(block.text, block, section, "skip", None, context, skip_reason="placeholder"))
                continue
            prev = INHERIT
            sentences = split_sentences(text)
            for sentence in sentences:
                reading = model.read(sentence)
                if case_study and reading.reason == "own body":
                    reading = Reading(OTHER, "written about", reading.subject, reading.focus, reading.duty, False)
                # A bullet completes its lead-in ("As a result of the assessment we have:"): it is
                # matched, and read for what it is about, with the lead-in's words.
                header = lead_in_text if listed else ""
                unit = _Unit(sentence, block, section, "item" if listed else "sentence", reading, context,
                             header=header, focus=f"{lead_in.focus} {reading.focus}" if listed and lead_in else reading.focus,
                             reported=reported, lead_in=lead_in if listed else None, prev=prev)
                if listed:
                    unit.lead_in_text = lead_in_text
                out.append(unit)
                if reading.voice in (OWN, OTHER):
                    prev = reading.voice
            if not listed:
                # A paragraph ending in ":" introduces the list after it ("By 2027 we will:",
                # "ICBs must:"): its bullets complete that sentence and take its voice.
                last = (sentences if text == block.text else split_sentences(block.text))[-1:] or [""]
                if last[0].rstrip().endswith(":"):
                    lead_in_text = last[0].rstrip()[:-1]
                    lead_in = model.read(lead_in_text)
                    if lead_in.voice == INHERIT and prev in (OWN, OTHER):
                        lead_in = Reading(prev, lead_in.reason, lead_in.subject, lead_in.focus, lead_in.duty,
                                          lead_in.first_person)
                else:
                    lead_in, lead_in_text = None, ""
        return out

    def _table(self, block: Block, section: Section, context: str, reported: bool) -> list[_Unit]:
        ctx, model = self.ctx, self.model
        # Under a map heading ("How this plan meets our duties") only a table that maps duties
        # to places is a map; another table there ("Strategy | Priority | Steps we will take")
        # is read as the section's sentences are.
        table_ctx = "body" if context == "map" else context
        if table_ctx == "body" and _header_is(block, ctx.map_headers):
            table_ctx = "map"
        elif table_ctx == "body" and _is_glossary_table(block):
            table_ctx = "glossary"
        elif table_ctx == "body" and _header_is(block, ctx.risk_headers):
            table_ctx = "risk"  # a risk log says what might happen, not what the plan will do
        elif table_ctx == "body" and _header_is(block, ctx.control_headers):
            table_ctx = "control"
        rows = block.rows or []
        header_cells: list[str] = []
        header = ""
        if len(rows) > 1 and _looks_like_header(rows[0]):
            header_cells = rows[0]
            header = " ".join(rows[0])
            rows = rows[1:]
            # "Topic | What the plan should cover": the rows restate the guidance.
            if table_ctx == "body" and model.read(header).reason == "restated":
                table_ctx = "restated"
        delivery = table_ctx == "body" and (_header_is(block, ctx.delivery_headers) or _trajectory(header_cells))
        out: list[_Unit] = []
        for row in rows:
            text = " | ".join(c for c in row if c)
            if table_ctx != "body":
                out.append(_Unit(text, block, section, "skip", None, context, skip_reason=table_ctx))
                continue
            what = [c for i, c in enumerate(row) if c and not (i < len(header_cells) and _WHO_WHEN.search(header_cells[i]))]
            reading = model.read(text)
            out.append(_Unit(text, block, section, "row", reading, context, header=header,
                             focus=model.focus(plain(" | ".join(what) or text)), reported=reported,
                             table_voice=OWN if delivery else INHERIT))
        return out
