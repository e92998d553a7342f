"""Turn parsed documents into passages, each judged for whether and how strongly it can be evidence.

A passage is a sentence of a paragraph or list item, or one row of a table. What makes it
evidence is the plan speaking for itself: a sentence in the guidance's voice ("ICBs must
...", "Plans should ..."), a placeholder ("[TO DO]"), anything in a glossary, contents
page or a map of duties that only points elsewhere, is never evidence. Vague intent
("we will explore") and negation ("we do not yet have") count as a mention at most; a
concrete step (a date, number, named partner or completed action) is a commitment.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jfp.engine.loader import RulePack
from jfp.engine.match import Passage, make_acronym_expander, normalise, phrase_regex
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
_POINTER = re.compile(
    r"\||\bsee\b|\b(?:chapter|section|page|pages|appendix|annex|part)\s+(?:\d|[A-Z]\b)|^\s*(?:the )?duty\b",
    re.IGNORECASE,
)


def _is_pointer(sentence: str) -> bool:
    return len(sentence.split()) < _MAX_POINTER_WORDS and bool(_POINTER.search(sentence))


_BRACKETED = re.compile(r"\[[^\[\]]{1,600}\]")


def _placeholder(text: str, voice: _Voice) -> bool:
    return bool(voice.placeholder and voice.placeholder.search(text.lower()))


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
class _Voice:
    restated: re.Pattern[str] | None
    statute: re.Pattern[str] | None
    placeholder: re.Pattern[str] | None
    pointer: re.Pattern[str] | None
    negated: re.Pattern[str] | None
    vague: re.Pattern[str] | None
    hedged: re.Pattern[str] | None
    firm: re.Pattern[str] | None
    concrete: re.Pattern[str] | None
    own_voice: re.Pattern[str] | None
    duty: re.Pattern[str] | None
    agency: re.Pattern[str] | None
    reported: re.Pattern[str] | None
    engagement: re.Pattern[str] | None
    risk_headers: list[tuple[re.Pattern[str], ...]]
    glossary: re.Pattern[str] | None
    contents: re.Pattern[str] | None
    map_heading: re.Pattern[str] | None
    references: re.Pattern[str] | None
    map_headers: list[tuple[re.Pattern[str], ...]]
    expand: object


def _either(patterns: list[str]) -> re.Pattern[str] | None:
    # One alternation over lower-cased text: several times faster than IGNORECASE or one
    # search per pattern, and judging every sentence is the engine's hottest loop.
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _phrases(phrases: list[str]) -> re.Pattern[str] | None:
    return phrase_regex(phrases) if phrases else None


_VOICES: dict[tuple[str, str, str], _Voice] = {}


def _voice_for(pack: RulePack) -> _Voice:
    key = (pack.id, pack.version, pack.source)
    if key not in _VOICES:
        _VOICES[key] = _compile_voice(pack)
    return _VOICES[key]


def _compile_voice(pack: RulePack) -> _Voice:
    lang, ctx = pack.language, pack.context
    return _Voice(
        restated=_either(lang.restated),
        statute=_either(lang.statute),
        placeholder=_either(lang.placeholder),
        pointer=_either(lang.pointer),
        negated=_either(lang.negated),
        vague=_either(lang.vague),
        hedged=_either(lang.hedged),
        firm=_either(lang.firm),
        concrete=_either(lang.concrete),
        own_voice=_either(lang.own_voice),
        duty=_either(lang.duty),
        agency=_either(lang.agency),
        reported=_either(lang.reported),
        engagement=_phrases(ctx.engagement_headings),
        risk_headers=[tuple(phrase_regex([h]) for h in group) for group in ctx.risk_table_headers],
        glossary=_phrases(ctx.glossary_headings),
        contents=_phrases(ctx.contents_headings),
        map_heading=_phrases(ctx.map_headings),
        references=_phrases(ctx.reference_headings),
        map_headers=[tuple(phrase_regex([h]) for h in group) for group in ctx.map_table_headers],
        expand=make_acronym_expander(pack.acronyms),
    )


def judge(sentence: str, voice: _Voice, listed: bool = False) -> tuple[str | None, str]:
    """(strength, reason) for one sentence in the body of a plan.

    The order matters: a placeholder or the guidance's voice is never evidence; vague or
    negated intent is a mention even with a date in it; hedged continuation with no firm
    detail (a number, money, a month) is a mention ("we will continue to strengthen ...
    through our partnerships"); a concrete step is a commitment; otherwise the plan
    describing its own arrangements is a statement. An impersonal
    paragraph sentence with no subject of the plan's (a paraphrase of the guidance, a list
    of topics) is not evidence; the same terse wording in a bullet or table row of the
    plan's own (working notes) is a mention.
    """
    sentence = sentence.lower()
    if voice.placeholder and voice.placeholder.search(sentence):
        return None, "placeholder"
    if voice.pointer and len(sentence.split()) < _MAX_POINTER_WORDS and voice.pointer.search(sentence):
        return None, "pointer"
    if voice.statute and voice.statute.search(sentence):
        return None, "restated"
    first_person = bool(voice.own_voice and voice.own_voice.search(sentence))
    if not first_person and voice.restated and voice.restated.search(sentence):
        return None, "restated"
    concrete = bool(voice.concrete and voice.concrete.search(sentence))
    if not first_person and not concrete and voice.duty and voice.duty.search(sentence):
        return None, "restated"
    if voice.negated and voice.negated.search(sentence):
        return "mention", "negated"
    if voice.vague and voice.vague.search(sentence):
        return "mention", "vague"
    if len(sentence.split()) < _MIN_WORDS_FOR_STATEMENT:
        return "mention", "label"
    hedged = bool(voice.hedged and voice.hedged.search(sentence))
    if hedged and not (voice.firm and voice.firm.search(sentence)):
        return "mention", "hedged"  # "we will continue to strengthen ... through our partnerships"
    if concrete:
        return "commitment", ""
    if first_person or (voice.agency and voice.agency.search(sentence)):
        return "statement", ""
    if listed:
        # A bullet or table row of the plan's own lists is its content, however terse.
        return "mention", "terse"
    return None, "impersonal"


def _section_context(section: Section, heading: str, voice: _Voice) -> str:
    """Where a section sits (body, contents, glossary, map, references), from its normalised heading path."""
    # "Contents" alone is a table of contents; folded plurals would also make "Other
    # content" (the guidance's own heading for recommended content) look like one.
    if any(normalise(h).strip() in ("content", "contents") for h in section.path):
        return "contents"
    for name, rx in (
        ("contents", voice.contents),
        ("glossary", voice.glossary),
        ("map", voice.map_heading),
        ("references", voice.references),
    ):
        if rx is not None and rx.search(heading):
            return name
    return "body"


def _header_is(block: Block, groups: list[tuple[re.Pattern[str], ...]]) -> bool:
    """Whether the table's first row has every word of one of the header groups."""
    if not block.rows:
        return False
    header = normalise(" ".join(block.rows[0]))
    return any(all(rx.search(header) for rx in group) for group in groups)


def _looks_like_header(row: list[str]) -> bool:
    # A header names every column; a row with empty cells is a fragment (a row cut by a
    # page break in a PDF), not a header.
    return bool(row) and all(row) and all(len(c.split()) <= 6 and not re.search(r"\d", c) for c in row)


def _is_glossary_table(block: Block) -> bool:
    """Two-column term/definition tables: every first cell is a short term."""
    rows = block.rows or []
    if len(rows) < 3 or any(len(r) != 2 for r in rows):
        return False
    header = normalise(" ".join(rows[0]))
    if re.search(r" (term|abbreviation|acronym|glossary|meaning|definition)s? ", header):
        return True
    return False


def build_passages(docs: list[Document], pack: RulePack, mapper: Mapper = serial) -> list[Passage]:
    """Every sentence and table row of the documents, judged, in document order.

    Each section is read on its own (nothing carries from one section to the next), so the
    sections are independent tasks for ``mapper`` (``jfp.mapper``), which the runner may
    share with other processes; judging every sentence is the engine's hottest loop.
    """
    voice = _voice_for(pack)
    many = len(docs) > 1
    parts: list[tuple[_DocumentReader, Section | None]] = []
    for doc in docs:
        reader = _DocumentReader(doc, voice, doc.meta.path if many else None)
        if doc.meta.title:
            parts.append((reader, None))  # the title, before the first section
        parts.extend((reader, section) for section in doc.iter_sections())
    out: list[Passage] = []
    for passages in mapper(_read_part, parts):
        for passage in passages:
            passage.id = len(out)
            out.append(passage)
    return out


def _read_part(part: tuple[_DocumentReader, Section | None]) -> list[Passage]:
    reader, section = part
    return reader.title() if section is None else reader.section(section)


class _DocumentReader:
    """Turns one document's title and sections into judged passages."""

    def __init__(self, doc: Document, voice: _Voice, file: str | None) -> None:
        self.doc, self.voice, self.file = doc, voice, file
        self.out: list[Passage] = []
        self.expand = voice.expand
        # Pages counted only from manual breaks understate where text really falls; a quote
        # located at "p.3" that is on page 15 in print misleads, so such pages are not cited.
        self.pages_known = not any(w.code == "approximate-pages" for w in doc.warnings)
        self._headings: dict[int, str] = {}

    def title(self) -> list[Passage]:
        """The document's title as a passage (the horizon reads periods from it)."""
        meta = self.doc.meta
        self.out = []
        self._add(meta.title, None, None, "title", section=None, page=1 if meta.pages else None)
        return self.out

    def section(self, section: Section) -> list[Passage]:
        """Every heading, sentence and table row of one section, judged (ids numbered from 0)."""
        self.out = []
        self._read_section(section)
        return self.out

    def _add(self, text: str, block: Block | None, strength: str | None, reason: str, *,
             section: Section | None, header: str = "", page: int | None = None,
             context: str = "body", reported: bool = False) -> None:
        # A table row is matched with its column headings ("What we heard | How we took it
        # into account"), but quoted and judged on its own cells.
        norm = normalise(f"{header} {text}" if header else text, self.expand)
        path = section.path if section is not None else []
        if block is not None:
            page = block.page if self.pages_known else None
        self.out.append(
            Passage(
                id=len(self.out), text=text, norm=norm,
                section=section.heading_path if section is not None else "",
                heading_norm=self._heading_norm(section),
                top_section=path[0] if path else "",
                paragraph=block.index if block is not None else (self._first_index(section)),
                page=page, file=self.file, context=context, strength=strength, reason=reason,
                reported=reported,
            )
        )

    def _heading_norm(self, section: Section | None) -> str:
        """The section's normalised heading path, computed once per section."""
        if section is None or not section.path:
            return " "
        key = id(section)
        if key not in self._headings:
            self._headings[key] = normalise(" / ".join(section.path), self.expand)
        return self._headings[key]

    @staticmethod
    def _first_index(section: Section | None) -> int:
        return section.blocks[0].index if section is not None and section.blocks else 0

    def _read_section(self, section: Section) -> None:
        voice = self.voice
        heading = self._heading_norm(section)
        context = _section_context(section, heading, voice)
        # Sections that report what people said (engagement, consultation) carry views, not
        # the plan's own content on other topics.
        section_reported = bool(voice.engagement and voice.engagement.search(heading))
        if section.heading:
            # Headings are never evidence of content, but the horizon reads periods from them.
            self._add(section.heading, None, None, "heading", section=section, page=section.page_start,
                      context=context)
        # A paragraph ending in ":" introduces the list after it ("By 2027 we will:", "ICBs
        # must:"): each bullet completes that sentence and is judged with it.
        lead_in = ""
        for block in section.blocks:
            if block.kind == "table" and block.rows:
                self._read_table(block, section, context, section_reported)
                lead_in = ""
                continue
            listed = block.kind == "list_item"
            # A bracketed placeholder ("[To be completed. Survey closes ...]") is cut out
            # whole, however many sentences it holds, so none of them can count.
            text = _BRACKETED.sub(lambda m: " " if _placeholder(m.group(0), voice) else m.group(0), block.text)
            rest = text.strip()
            # A line tagged "[TBC] ..." is a draft line; what is left of "Patient choice: [TO DO]"
            # is a label. Neither is content.
            tagged = block.text.lstrip().startswith("[") and not rest.startswith("[")
            if text != block.text and (tagged or not rest or rest.endswith(":")
                                       or len(rest.split()) < _MIN_WORDS_FOR_STATEMENT):
                self._add(block.text, block, None, "placeholder", section=section, context=context)
                continue
            for sentence in split_sentences(text):
                judged = f"{lead_in} {sentence}" if listed and lead_in else sentence
                reported = section_reported or bool(voice.reported and voice.reported.search(judged.lower()))
                # A map of duties only points elsewhere in its tables; its prose is judged
                # like any other (some plans answer each duty there in full).
                if context not in ("body", "map") or (context == "map" and _is_pointer(sentence)):
                    self._add(sentence, block, None, context, section=section, context=context)
                    continue
                strength, reason = judge(judged, voice, listed=listed)
                self._add(sentence, block, strength, reason, section=section, context=context, reported=reported)
            if not listed:
                last = split_sentences(block.text)[-1:] or [""]
                lead_in = last[0].rstrip()[:-1] if last[0].rstrip().endswith(":") else ""

    def _read_table(self, block: Block, section: Section, context: str, reported: bool) -> None:
        voice = self.voice
        table_ctx = context
        if table_ctx in ("body", "map") and _header_is(block, voice.map_headers):
            table_ctx = "map"
        elif table_ctx == "body" and _is_glossary_table(block):
            table_ctx = "glossary"
        elif table_ctx == "body" and _header_is(block, voice.risk_headers):
            table_ctx = "risk"  # a risk log says what might happen, not what the plan will do
        rows = block.rows or []
        header = ""
        if len(rows) > 1 and _looks_like_header(rows[0]):
            header = " ".join(rows[0])
            rows = rows[1:]
            # "Topic | What the plan should cover": the rows restate the guidance.
            if table_ctx == "body" and judge(header, voice)[1] == "restated":
                table_ctx = "restated"
        for row in rows:
            text = " | ".join(c for c in row if c)
            if table_ctx != "body":
                self._add(text, block, None, table_ctx, section=section, context=context)
                continue
            strength, reason = judge(text, voice, listed=True)
            row_reported = reported or bool(voice.reported and voice.reported.search(text.lower()))
            self._add(text, block, strength, reason, section=section, header=header, context=context,
                      reported=row_reported)
