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
from typing import TYPE_CHECKING

from jfp.engine.glossary_entries import mark_definitions
from jfp.engine.loader import RulePack
from jfp.engine.match import Passage, normalise
from jfp.engine.others_sections import no_own_context, others_sections
from jfp.engine.reading import _MIN_WORDS_FOR_STATEMENT, _read_part, _Reader, _Unit, models_for
from jfp.engine.vocabulary import plain
from jfp.engine.voice import INHERIT, OTHER, OWN, VIEWS, Reading, VoiceModel
from jfp.mapper import serial
from jfp.models import Document, Section

if TYPE_CHECKING:
    from jfp.mapper import Mapper

# A line shorter than this that names where to find something ("Research | Chapter 6", "see
# section 7 of the 2024 plan") is a pointer, not content.
_MAX_POINTER_WORDS = 15
_POINTER_SHAPE = re.compile(
    r"\||\bsee\b|\b(?:chapter|section|page|pages|appendix|annex|part)\s+(?:\d|[A-Z]\b)|^\s*(?:the )?duty\b",
    re.IGNORECASE,
)
# "Net zero and our green plan: see the 2024 plan, chapter 10, and the ICB Green Plan 2025-28":
# a topic's label and nothing after it but where to read about it, however many places it names.
_LABEL_THEN_POINTER = re.compile(r"^[^:.;|]{1,60}:\s*(?:see|refer to|unchanged(?:,| from| since)|no change)\b[^;]*$", re.I)
_MAX_LABELLED_POINTER_WORDS = 30
# A line of nothing but item numbers ("C1, C2, C3 and C4.", "See C25.", "C5 to C8"): it points
# to a register's rows, which speak for themselves.
_ID_LIST = re.compile(r"^\W*(?:see\s+)?(?:[A-Z]{1,3}\d{1,3}[a-z]?(?:\s*(?:,|and|to|-|\u2013|&)\s*|\s+)?)+\W*$")
_FIRST_PERSON = re.compile(r"\b(?:we|our|us)\b", re.I)
# A document calling itself a plan or strategy of its own ("this plan", "our joint forward plan").
_PLAN_SELF = re.compile(r"\b(?:this|our)\s+(?:(?:joint forward|five[\s-]year|forward|delivery|strategic|system|"
                        r"commissioning|local|place|partnership)\s+)*(?:plan|strategy)\b", re.I)


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
    mark_definitions([u for _, u in units], model)
    doc_voice = _document_voice([u for _, u in units])
    if assume_plan and doc_voice == INHERIT:
        doc_voice = OWN
    section_voice = _section_voices([u for _, u in units])
    for section in others_sections(units, model):
        section_voice[id(section)] = OTHER
    if _outside_we(u for _, u in units):
        # "We recently used our expertise to support X ICB": the document's "we" is its author's,
        # someone writing about the ICB, so no sentence of it speaks as the plan.
        for _, u in units:
            if u.reading is not None and u.reading.voice == OWN:
                u.reading = Reading(OTHER, "outside", u.reading.subject, u.reading.focus, u.reading.duty, False)
            no_own_context(u)
        doc_voice = OTHER
        section_voice = {k: OTHER for k in section_voice}
    if _written_about(u for _, u in units):
        # Nothing in the first person, and others' voices as common as the ICB's in the third
        # person: a case study, news report or commentary written about the ICB by others.
        for _, u in units:
            if u.reading is not None and u.reading.reason == "own body":
                u.reading = Reading(OTHER, "written about", u.reading.subject, u.reading.focus, u.reading.duty, False)
            no_own_context(u)
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


# An outside author says who it is now and then; a plan's own "we" commits throughout. One
# "we support the ICB's ..." among a place plan's hundred commitments is not a briefing.
_OWN_PER_OUTSIDE = 10


def _outside_we(units) -> bool:
    """Whether the document's own author is someone other than the plan's bodies: it says so
    ("this briefing", "our clients", "we interviewed"), never calls itself a plan, and its
    first-person sentences are not many times its outside-author ones."""
    outside = own = 0
    for u in units:
        if u.reading is None or u.context != "body":
            continue
        if _PLAN_SELF.search(u.text):
            return False
        outside += u.reading.reason == "outside"
        own += u.reading.voice == OWN and u.reading.first_person
    return outside > 0 and own < _OWN_PER_OUTSIDE * outside


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


_OWN_HEADING = re.compile(r"^\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:our|we|what we|how we|where we)\b", re.I)


def _section_voices(units: list[_Unit]) -> dict[int, str]:
    """Each section's voice, by the same count over its own sentences (id(section) -> voice)."""
    counts: dict[int, list[int]] = {}
    for u in units:
        if u.section is None:
            continue
        c = counts.setdefault(id(u.section), [0, 0])
        v = _explicit(u)
        if u.kind == "heading" and _OWN_HEADING.match(u.text):
            # "Our steps to implement Healthy Deane Valley", "What we will do": the plan names
            # what follows as its own, which counts like a sentence in its voice.
            c[0] += 1
        elif v == OWN:
            c[0] += 1
        elif v == OTHER and u.reading.reason != "other body":
            # A board giving its opinion, quoted in the plan's section on the boards, speaks for
            # itself only: the plan's impersonal steps around it ("a weight management service
            # will be commissioned") stay the plan's.
            c[1] += 1
    return {k: (OWN if own and own >= other else OTHER if other else INHERIT) for k, (own, other) in counts.items()}


# A section holding a board's own words: its letter, response, statement or minute.
_BOARD_SPEAKS = re.compile(r"\b(?:letter|response|reply|statement|opinion|minute|extract)s? (?:from|of)\b.*"
                           r"\bhealth and wellbeing board\b", re.I)


def _speaks_as_plan(unit: _Unit) -> bool:
    """The plan's own step in a profile section: in its voice, or a future step that borrows it
    ("From 2025/26 each neighbourhood team will receive a monthly list ..."); a fact is neither."""
    if unit.reading is None or unit.kind not in ("sentence", "item", "row"):
        return False
    return unit.reading.voice == OWN or (unit.reading.voice == INHERIT and " will " in f" {plain(unit.text)} ")


def _judge(unit: _Unit, model: VoiceModel, section_voice: dict[int, str], doc_voice: str) -> tuple[str, str | None, str]:
    """(voice, strength, reason) of one unit."""
    if unit.kind in ("heading", "title"):
        return INHERIT, None, unit.kind
    if unit.kind == "skip":
        return INHERIT, None, unit.skip_reason
    reading = unit.reading
    assert reading is not None
    p = plain(unit.text)
    if model.is_placeholder(p):
        return INHERIT, None, "placeholder"
    if unit.pointer:
        return OWN, "mention", "pointer"
    words = len(unit.text.split())
    if (words < _MAX_POINTER_WORDS and (model.pointer(p) or _ID_LIST.match(unit.text) or (
            unit.context == "map" and _POINTER_SHAPE.search(unit.text)))) or (
            words < _MAX_LABELLED_POINTER_WORDS and _LABEL_THEN_POINTER.match(unit.text)):
        if (unit.context == "body" or unit.form) and doc_voice == OWN and section_voice.get(id(unit.section)) != OTHER:
            # The plan pointing to its own earlier text ("Quality: no change, see the 2024 plan,
            # chapter 6") touches the topic without content here: a mention. A requirements
            # map's rows ("Research | Section 7") are titles, not the plan's words.
            return OWN, "mention", "pointer"
        return INHERIT, None, "pointer"
    if unit.context not in ("body", "map") and not (unit.context == "profile" and _speaks_as_plan(unit)):
        # A profile's facts are context; the plan saying what it does with them ("We have used
        # linked data to group the people of Ashby by their needs") is its own step.
        return INHERIT, None, unit.context
    if _is_contents_run(unit.text):
        return INHERIT, None, "contents"
    if model.related_documents(p):
        return INHERIT, None, "related"
    if model.correspondence(p):
        return INHERIT, None, "correspondence"  # "Thank you for your request of 3 October 2025 ..."
    if _is_title_line(unit.text, reading, unit.kind) or _CAPTION.match(unit.text) or (
            unit.kind == "row" and _title_row(unit.text, model)):
        return INHERIT, None, "title line"
    if unit.text.rstrip().endswith(":") and unit.kind == "sentence":
        return INHERIT, None, "lead-in"  # "In 2027/28 we will:" is completed by its bullets
    if unit.form:
        # A cover sheet's assertion speaks for the document that carries it, as a mention at most.
        return (OWN, "mention", "form") if doc_voice == OWN else (INHERIT, None, "form")
    if unit.section is not None and unit.section.heading and _BOARD_SPEAKS.search(unit.section.heading) \
            and reading.voice in (OWN, INHERIT):
        # Under "Letter from the Chair of Tayne Health and Wellbeing Board" the board speaks:
        # its "we" and "The Board is assured ..." are its opinion, not the plan's steps.
        strength, _ = _strength(unit, reading, p, model, True)
        return OTHER, strength, "other body"
    voice, stated = _voice(unit, reading, section_voice, doc_voice)
    if voice == INHERIT:
        return INHERIT, None, "not own voice"
    if voice == OTHER:
        # Another body's own statement (a board's opinion) or a reported one (minutes) can still
        # evidence consultation; the guidance restated, a recommendation or a borrowed voice cannot.
        continues = reading.voice == INHERIT and (
            (unit.prev_speaks and unit.prev == OTHER)
            # a resolution's items ("RESOLVED: That the Board" / "(a) confirms its opinion ...")
            or (unit.lead_in is not None and unit.lead_in.reason == "other body"))
        if not (stated and reading.reason in ("other body", "reported")) and not continues:
            return OTHER, None, reading.reason if reading.voice == OTHER else "not own voice"
    elif reading.voice == VIEWS or (unit.reported and reading.voice == INHERIT):
        # In a section that reports what people said, a sentence that does not speak as the
        # plan ("Moving beds would hurt residents who do not drive") is a view, not a step.
        voice = VIEWS
    strength, reason = _strength(unit, reading, p, model, stated)
    if voice == OTHER and not reason:
        # "other body" (a board states its opinion, or goes on: "Its final opinion is ...") or
        # "reported" (someone said).
        reason = "other body" if reading.voice == INHERIT else reading.reason
    return voice, strength, reason


# A contents page run together into one paragraph (plain text, a PDF without a contents
# heading): titles each followed by a page number ("Our priorities 9 3.1 Urgent care 10 ...").
_CONTENTS_ENTRY = re.compile(r"[A-Za-z)] \d{1,3}(?= \d+(?:\.\d+)* [A-Z]| [A-Z][a-z]|\s*$)")
_MIN_CONTENTS_ENTRIES = 3
_WE_WORD = re.compile(r"\bwe\b", re.I)
# A quotation's words are its speaker's: the "we" of a quoted "you said, we did" is not the document's.
_QUOTED = re.compile(r"[\"\u201c][^\"\u201c\u201d]{0,120}[\"\u201d]")


def says_we(text: str) -> bool:
    """Whether the text says "we" outside quotation marks ("We added 200 evening appointments":
    the plan's own answer in a "you said, we did" row)."""
    return bool(_WE_WORD.search(_QUOTED.sub(" ", text)))
_DIGIT = re.compile(r"\d")


def _is_contents_run(text: str) -> bool:
    # Every entry has a digit: a text without one (most) is not searched for entries.
    entries = len(_CONTENTS_ENTRY.findall(text)) if _DIGIT.search(text) else 0
    # An entry every few words, and nobody speaking: "we" is a sentence with numbers in it.
    return entries >= _MIN_CONTENTS_ENTRIES and entries * 6 >= len(text.split()) and not _WE_WORD.search(text)


# "Table 5: Performance trajectories ...": a caption labels what follows, it is not content.
_CAPTION = re.compile(r"^\W*(?:(?:table|figure|fig\.?|chart|box|diagram|graph|map|image|picture)\s*\d+[a-z]?\s*[:.\-\u2013]"
                      r"|(?:caption|infographic|image|picture|photo|illustration|graphic|chart)\s*[:\-\u2013])", re.I)
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


# Numbers that locate text rather than commit to anything: a paragraph's own outline number
# ("4.8.1 The ICB intends ..."), a cross-reference ("see paragraph 11.4", "Schedule 2") and a
# statute's section ("s.14Z40"). They do not make a sentence a concrete step.
_REFERENCES = re.compile(
    r"^\s*\(?\d{1,2}(?:(?:\.\d{1,3}){1,3}\.?|[.)])(?=\s)"
    r"|\b(?:(?:paragraphs?|para|sections?|schedules?|parts?|appendix|appendices|annexe?|chapters?|pages?|"
    r"tables?|figures?|rows?|items?)\.?\s*|s\.\s*)\d+[a-z]*\d*(?:\.\d+)*(?:\(\d+\))?"
    # A share or weight in brackets ("quality and innovation (40%)", "GP access (58% of
    # respondents)") says how much, not what will be done by when.
    r"|\(\s*\d+(?:\.\d+)?\s?(?:%|per ?cent)[^()]{0,30}\)"
    # A register's item numbers ("C9 | Promote patient choice", "(C2, C6, C22)") name rows;
    # "x6" is a count.
    r"|(?<![\w.])(?!x\d)[a-z]{1,2}\d{1,3}[a-z]?(?![\w.%])"
    # A document's name with its period ("the Ostshire Joint Local Health and Wellbeing
    # Strategy 2025-2030", "Our green plan 2022 to 2025") names the document; it sets no date for
    # the plan's step. (Not any "plan": "our joint forward plan for 2026/27 to 2030/31" is the
    # plan's own period, a detail of it; only the enabling plans a system names are documents.)
    r"|\b(?:strateg(?:y|ies)|framework|programme|compact|charter|(?:green|people|workforce|estates?|digital|"
    r"infrastructure|sustainability) plan)\s+(?:for\s+)?20\d\d(?:/\d\d)?"
    r"\s*(?:-|\u2013|to)\s*(?:20)?\d\d(?:/\d\d)?\b")


# A question from its first word to its question mark ("Q5. How far do you agree ...?").
_QUESTION = re.compile(r"^\W*(?:q\d{1,2}\W+)?(?:how|what|which|who|when|where|why|do|does|did|is|are|was|were|would|will|"
                       r"can|could|should|have|has|to what extent)\b[^.!?]*\?\W*$", re.I)
# The plan's own proposal inside a question put to the public.
_OWN_PROPOSAL = re.compile(r"\b(?:we|the icb) (?:should|propose|plan|intend|will|would)\b|\b(?:our|the) (?:draft )?plan (?:proposes|would)\b", re.I)
# A numbered run-in heading: "8.2 Patient choice.", "4 Estates:".
_RUN_IN_HEADING = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+[A-Z][\w'\u2019, &/-]{0,60}[.:]?\s*$")
# The plan's own intent in a clause after a negated state ("...; we will publish one").
_INTENT_AFTER = re.compile(r"(?:[;:,.\u2013\u2014-]|\bbut|\band|\bso)\s+(?:so\s+)?(?:we|the icb|our [a-z]+|the partners?)\s+"
                           r"(?:will|are going to|plan to|intend to|aim to|expect to|are (?:now )?(?:developing|preparing|writing|agreeing))\b", re.I)


def _strength(unit: _Unit, reading: Reading, p: str, model: VoiceModel, stated: bool) -> tuple[str | None, str]:
    """The strength of a passage in the plan's own voice."""
    judged = f"{plain(unit.lead_in_text)} {p}" if unit.lead_in_text else p
    # Numbers that only locate text, and shares in brackets, are no detail; each has a digit,
    # so a text without one is not searched.
    located = _REFERENCES.sub(" ", judged) if _DIGIT.search(judged) else judged
    concrete = model.concrete(located)
    if model.is_context_fact(p, reading, unit.lead_in, judged):
        return None, "context"
    if not stated and reading.description:
        return None, "description"  # "The 5 are asthma, diabetes, ...": what something is, not a step
    if _QUESTION.match(unit.text):
        # A question asks the reader ("How far do you agree that the NHS should cut its carbon
        # emissions?"); one that puts the plan's own proposal ("Do you agree that we should bring
        # teams together?") touches the topic.
        return ("mention", "question") if _OWN_PROPOSAL.search(p) else (None, "question")
    if model.negated(judged):
        # "The ICB does not hold a procurement strategy": an absence stated is no content; with
        # the plan's intent after it ("...; we will publish one by March 2026") it is a mention.
        return ("mention", "negated") if _INTENT_AFTER.search(judged) else (None, "negated")
    if model.vague(judged):
        return "mention", "vague"
    if reading.duty and reading.voice == OWN:
        return "mention", "duty"  # "We must move care closer to home": the plan's aim, not a step
    listed = unit.kind in ("item", "row")
    if len(unit.text.split()) < _MIN_WORDS_FOR_STATEMENT and not listed:
        # "8.2 Patient choice." opening a paragraph is a run-in heading, not the plan's words.
        return (None, "title") if _RUN_IN_HEADING.match(unit.text) else ("mention", "label")
    if not listed and not stated and reading.reason == "fragment" and len(unit.text.split()) <= 12 \
            and not re.search(r"\d", unit.text):
        # A paragraph with no verb and nobody speaking ("Partnership working and integration of
        # services for local people.") is a label; the same words as a bullet of the plan's own
        # are its working notes (a mention).
        return None, "impersonal"
    if model.hedged(judged) and not model.firm(located):
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
        header_norm=normalise(unit.header, expand) if unit.header else "",
    )


# Normalised headings, once per section: (id(section), "leaf" or "path") -> (section, norm).
_SECTION_NORMS: dict[tuple[int, str], tuple[Section, str]] = {}


def _section_norm(section: Section, which: str, text: str, expand) -> str:
    hit = _SECTION_NORMS.get((id(section), which))
    if hit is not None and hit[0] is section:
        return hit[1]
    norm = normalise(text, expand)
    if len(_SECTION_NORMS) > 8192:
        _SECTION_NORMS.clear()
    _SECTION_NORMS[(id(section), which)] = (section, norm)
    return norm


def _leaf_norm(section: Section | None, expand) -> str:
    """The normalised heading of the section itself."""
    if section is None or not section.heading:
        return ""
    return _section_norm(section, "leaf", section.heading, expand)


def _heading_norm(section: Section | None, expand) -> str:
    """The normalised heading path of the section."""
    if section is None or not section.path:
        return " "
    return _section_norm(section, "path", " / ".join(section.path), expand)

