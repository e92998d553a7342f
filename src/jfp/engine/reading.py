"""Read parsed documents into units: sentences, list items, table rows, headings and titles.

Each section's blocks are split into sentences and read once by the pack's ``VoiceModel``
(``jfp.engine.voice``): its subject, voice, main clause and clause head. A list item keeps
its lead-in ("By 2027 we will:"), a sentence the voice of the one before it, a table row its
column headings, and a section's context (glossary, contents, map of duties, references,
related documents, document control, population profile) decides whether its units can be
evidence at all. Judging them is ``jfp.engine.evidence``'s; sections are independent, so the
runner may read them in other processes (``_read_part`` is the task).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from jfp.engine.loader import RulePack
from jfp.engine.match import make_acronym_expander, normalise, phrase_regex
from jfp.engine.vocabulary import plain
from jfp.engine.voice import INHERIT, OTHER, OWN, Reading, VoiceModel
from jfp.models import Block, Document, Section

# Sentence ends: a full stop, question or exclamation mark followed by space and a capital,
# digit, quote or bracket; not after common abbreviations ("e.g.", "Dr.", "No."). The mark
# is matched, not looked behind for, so the search jumps from mark to mark; group 1 is the
# space after it.
_SENTENCE_END = re.compile(r"[.!?]([\"'\u201d\u2019)]?\s+)(?=[A-Z0-9\"'\u201c\u2018(\[])")
_ABBREV_END = re.compile(r"\b(?:e\.g|i\.e|etc|no|dr|mr|mrs|ms|st|vs|cf|approx|fig|para|p|pp|incl)\.$", re.I)
# How much of a sentence's end _ABBREV_END reads: its longest abbreviation ("approx.", 7
# characters) and the characters before it that decide its word boundary.
_ABBREV_TAIL = 9
_MIN_WORDS_FOR_STATEMENT = 5
_BRACKETED = re.compile(r"\[[^\[\]]{1,600}\]")
# Columns of a delivery table that say who and when, not what: not what a row is about.
_WHO_WHEN = re.compile(r"\b(?:lead|leads|owner|responsib|accountab|by when|when|timescale|timeline|date|deadline|"
                       r"status|rag|year|quarter|due)\b", re.I)


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations and decimals intact."""
    parts: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        candidate = text[start : m.start(1)].rstrip()
        if _ABBREV_END.search(candidate[-_ABBREV_TAIL:]):
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


_RESOLUTION = re.compile(r"^\W*resolved\s*[:\-\u2013]?\s*(?:that\s+)?((?:the\s+)?[\w' ]{0,60}?(?:board|committee|partnership))\s*:?\s*$",
                         re.I)


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
    # The sentence before was another body speaking for itself ("Westerhope Health and Wellbeing
    # Board met on 20 May."): a following "Its final opinion is ..." goes on in that body's voice.
    prev_speaks: bool = False
    page: int | None = None
    doc: int = 0  # which of the submission's documents it is in
    pointer: bool = False  # a map answer that only points to a document of the plan's own
    form: bool = False  # a cover sheet's "Impact on the triple aim | Positive": a bare assertion


def _header_is(block: Block, groups: list) -> bool:
    """Whether the table's first row has every word of one of the header groups."""
    if not block.rows:
        return False
    header = normalise(" ".join(block.rows[0]))
    return any(all(rx.search(header) for rx in group) for group in groups)


# A lead-in that hands its bullets to the reader: "You will:", "In this role, you will:".
_READERS_DUTIES = re.compile(r"\byou will\s*$", re.I)
# A header cell that names a period: "2026/27", "March 2026", "Q3 2025/26", "by 2028".
_PERIOD_CELL = re.compile(r"^\W*(?:(?:by|end|q[1-4]|[a-z]{3,9}\.?)\s+)?(?:19|20)\d\d(?:\s*[/-]\s*(?:20)?\d\d)?\W*$", re.I)


def _trajectory(header_cells: list[str]) -> bool:
    """A table of the plan's own trajectories ("Standard | Dec 2024 | March 2026 | March 2027"):
    two or more columns headed by periods hold the levels the plan commits to reach by each."""
    return sum(bool(_PERIOD_CELL.match(c)) for c in header_cells) >= 2


def _segments(text: str, sentences: list[str]) -> list[str]:
    """Each sentence with what follows it up to the next one: the closing quotation marks that
    the split leaves between sentences."""
    starts, cursor = [], 0
    for sentence in sentences:
        at = text.find(sentence, cursor)
        starts.append(at if at >= 0 else cursor)
        cursor = starts[-1] + len(sentence) if at >= 0 else cursor
    return [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]


def _toggles_quotation(sentence: str) -> bool:
    """Whether the sentence opens a quotation it does not close, or closes one opened before it
    (curly marks unbalanced, or an odd number of straight ones)."""
    return sentence.count("\u201c") != sentence.count("\u201d") or sentence.count('"') % 2 == 1


def _looks_like_header(row: list[str]) -> bool:
    # A header names every column; a row with empty cells is a fragment (a row cut by a
    # page break in a PDF), not a header.
    # Numbers are data, except a period naming a column ("Standard | 2025/26 | 2026/27").
    return bool(row) and all(row) and all(len(c.split()) <= 10 and (not re.search(r"\d", c) or _PERIOD_CELL.match(c))
                                          for c in row) and not all(_PERIOD_CELL.match(c) for c in row)


# A form (a cover sheet, a "Duty | How we meet it" table): two columns, short labels on the
# left. A short value without a number or a "we" ("Positive", "Completed; appended to the full
# plan") asserts, it does not show.
_MIN_FORM_ROWS = 3
_MAX_FORM_LABEL_WORDS = 6
_MAX_FORM_VALUE_WORDS = 12
_FORM_VALUE_SHOWS = re.compile(r"\d|\b(?:we|our|us)\b", re.I)


def _is_form(rows: list[list[str]]) -> bool:
    return len(rows) >= _MIN_FORM_ROWS and all(
        len(r) == 2 and r[0] and len(r[0].split()) <= _MAX_FORM_LABEL_WORDS and not r[0].rstrip().endswith(".")
        for r in rows)


def _form_assertion(row: list[str]) -> bool:
    return len(row[1].split()) <= _MAX_FORM_VALUE_WORDS and not _FORM_VALUE_SHOWS.search(row[1])


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


# A map answer naming a document of the plan's own, and one naming a part of this document.
_OWN_DOCUMENT = re.compile(r"\b(?:our|the icb'?s)\s+(?:[\w-]+\s+){0,6}(?:strategy|plan|framework|policy|programme)\b", re.I)
_MAX_POINTER_ANSWER_WORDS = 25
# An answer that is only a place to look: "See section F (workforce).", "Annex B", "Table below".
_BARE_SECTION_REF = re.compile(r"^\W*(?:see\s+)?(?:the\s+)?(?:(?:sections?|chapters?|pages?|parts?|appendix|annexe?|"
                               r"paragraphs?|tables?)\s+[\w.]+|(?:the\s+)?table below)(?:\s*\([^)]{0,40}\))?\W*$", re.I)
_RESPONSE_COLUMN = re.compile(r"\b(?:response|answer)s?\b", re.I)
_SECTION_REF = re.compile(r"\b(?:sections?|chapters?|pages?|parts?|appendix|annexe?|paragraphs?)\s+\w", re.I)


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
        # Text before any heading takes the document's title as its heading: a file titled
        # "Glossary of terms used in this plan" with no headings of its own is a glossary.
        path = section.path or ([self.doc.meta.title] if self.doc.meta.title else [])
        if any(normalise(h).strip() in ("content", "contents") for h in path):
            return "contents"
        heading = normalise(" / ".join(path))
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
        # Only text before the first heading can be the title shown as a paragraph.
        title_words = set(normalise(self.doc.meta.title or "").split()) if not section.heading else set()
        for block in section.blocks:
            if block.kind == "table" and block.rows:
                out += self._table(block, section, context, reported)
                lead_in, lead_in_text = None, ""
                continue
            listed = block.kind == "list_item"
            if title_words and block.kind == "paragraph" and set(
                    normalise(block.text).split()) <= title_words:
                # The title as the page shows it (Word's Title style): read once, as the title.
                out.append(_Unit(block.text, block, section, "skip", None, context, skip_reason="title"))
                continue
            # A bracketed placeholder ("[To be completed. Survey closes ...]") is cut out whole,
            # however many sentences it holds, so none of them can count.
            text = _BRACKETED.sub(lambda m: " " if model.is_placeholder(plain(m.group(0))) else m.group(0), block.text)
            rest = text.strip()
            tagged = block.text.lstrip().startswith("[") and not rest.startswith("[")
            sentences = split_sentences(text)
            # A paragraph that opens by asking someone to write it ("Owner: ... - please draft.
            # Suggest we use ...") is a drafting note throughout.
            request = bool(sentences) and not listed and model.drafting_request(plain(sentences[0]))
            if request or (text != block.text and (tagged or not rest or rest.endswith(":")
                                                   or len(rest.split()) < _MIN_WORDS_FOR_STATEMENT)):
                out.append(_Unit(block.text, block, section, "skip", None, context, skip_reason="placeholder"))
                continue
            prev, prev_speaks = INHERIT, False
            quoting = False  # inside a quotation that a reported sentence opened
            segments = _segments(text, sentences)
            for sentence, segment in zip(sentences, segments):
                reading = model.read(sentence)
                if case_study and reading.reason == "own body":
                    reading = Reading(OTHER, "written about", reading.subject, reading.focus, reading.duty, False)
                if quoting:
                    # 'The chief executive said: "... Over the next five years we will build ..."':
                    # the quotation's later sentences are still what was said, not the text's own.
                    reading = Reading(OTHER, "reported", reading.subject, reading.focus, reading.duty, False)
                # A reported sentence that opens a quotation starts it; the sentence that closes it ends it.
                toggles = _toggles_quotation(segment)
                quoting = not toggles if quoting else toggles and (reading.voice, reading.reason) == (OTHER, "reported")
                # A bullet completes its lead-in ("As a result of the assessment we have:"): it is
                # matched, and read for what it is about, with the lead-in's words.
                header = lead_in_text if listed else ""
                unit = _Unit(sentence, block, section, "item" if listed else "sentence", reading, context,
                             header=header, focus=f"{lead_in.focus} {reading.focus}" if listed and lead_in else reading.focus,
                             reported=reported, lead_in=lead_in if listed else None, prev=prev,
                             prev_speaks=prev_speaks)
                if listed:
                    unit.lead_in_text = lead_in_text
                out.append(unit)
                if reading.voice in (OWN, OTHER):
                    prev, prev_speaks = reading.voice, reading.reason == "other body"
            if not listed:
                # A paragraph ending in ":" introduces the list after it ("By 2027 we will:",
                # "ICBs must:"): its bullets complete that sentence and take its voice.
                last = (sentences if text == block.text else split_sentences(block.text))[-1:] or [""]
                resolution = _RESOLUTION.match(last[0])
                if resolution:
                    # "RESOLVED: That the Board" then "(a) confirms its opinion that ...": a
                    # meeting's resolution, whose items are the body's own decisions.
                    lead_in_text = resolution.group(1)
                    lead_in = Reading(OTHER, "other body", lead_in_text.lower(), lead_in_text.lower(), False, False)
                elif last[0].rstrip().endswith(":"):
                    lead_in_text = last[0].rstrip()[:-1]
                    lead_in = model.read(lead_in_text)
                    if _READERS_DUTIES.search(lead_in_text):
                        # "In this role you will:" (a job advert): the bullets are the reader's duties.
                        lead_in = Reading(OTHER, "reader", "you", lead_in.focus, lead_in.duty, False)
                    elif lead_in.voice == INHERIT and prev in (OWN, OTHER):
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
        # "Template prompt | ICB response": the answers are the plan's own text, whoever their subject.
        answers_own = table_ctx == "map" and bool(_RESPONSE_COLUMN.search(header))
        form = table_ctx == "body" and _is_form(rows)
        out: list[_Unit] = []
        for row in rows:
            text = " | ".join(c for c in row if c)
            answer = " ".join(c for c in row[1:] if c) if "map" in (table_ctx, context) else ""
            # "See our Research and Evidence Strategy 2025": the plan's pointer to a document of
            # its own (a mention); "See section 5" stays a map entry.
            own_pointer = bool(answer) and self._own_pointer(answer)
            if answer and table_ctx == "map":
                reply = next(c for c in row[1:] if c)  # the answer cell; later cells are its links
                if not own_pointer and (model.is_placeholder(plain(reply)) or (
                        len(reply.split()) <= _MAX_POINTER_ANSWER_WORDS
                        and (_BARE_SECTION_REF.match(reply) or model.pointer(plain(reply))))):
                    # "C1. Explain how the ICB considered ... | To follow", "... | See section F":
                    # the map's prompt with no answer of its own, or only where to look.
                    out.append(_Unit(text, block, section, "skip", None, "map", skip_reason="map"))
                    continue
                # "Duty as to patient choice | We uphold patients' legal rights to choice", "Victims
                # of abuse | We will extend IRIS to all 97 practices by March 2027": the plan's own
                # answer in a map is judged as what it says (a pointer to its own strategy or a
                # bare assertion is a mention, its steps are steps); a row whose answer is a
                # section number or the duty restated stays a map entry.
                first = split_sentences(answer)
                reading = model.read(first[0] if first else answer)  # the answer's opening says whose it is
                if reading.voice == OWN or own_pointer or (answers_own and reading.voice != OTHER):
                    out.append(_Unit(text, block, section, "row", reading, "body", header=header,
                                     focus=model.focus(plain(answer)), pointer=own_pointer))
                    continue
            if table_ctx != "body":
                out.append(_Unit(text, block, section, "skip", None, context, skip_reason=table_ctx))
                continue
            if form and _form_assertion(row):
                focus = model.focus(plain(text))
                out.append(_Unit(text, block, section, "row", Reading(INHERIT, "form", "", focus, False, False),
                                 context, focus=focus, form=True))
                continue
            what = [c for i, c in enumerate(row) if c and not (i < len(header_cells) and _WHO_WHEN.search(header_cells[i]))]
            reading = model.read(text)
            out.append(_Unit(text, block, section, "row", reading, context, header=header,
                             focus=model.focus(plain(" | ".join(what) or text)), reported=reported,
                             table_voice=OWN if delivery else INHERIT, pointer=own_pointer))
        return out

    def _own_pointer(self, answer: str) -> bool:
        """Whether a map row's answer only points to a document of the plan's own."""
        return (len(answer.split()) <= _MAX_POINTER_ANSWER_WORDS and bool(_OWN_DOCUMENT.search(answer))
                and not _SECTION_REF.search(answer) and self.model.pointer(plain(answer))
                and self.model.read(answer).voice != OTHER)
