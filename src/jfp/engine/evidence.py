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

from jfp.engine.loader import RulePack
from jfp.engine.match import Passage, make_acronym_expander, normalise, phrase_regex
from jfp.models import Block, Document, Section

# Sentence ends: a full stop, question or exclamation mark followed by space and a capital,
# digit, quote or bracket; not after common abbreviations ("e.g.", "Dr.", "No.").
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]?\s+(?=[A-Z0-9\"'\u201c\u2018(\[])")
_ABBREV_END = re.compile(r"\b(?:e\.g|i\.e|etc|no|dr|mr|mrs|ms|st|vs|cf|approx|fig|para|p|pp|incl)\.$", re.I)
_MIN_WORDS_FOR_STATEMENT = 5
# In a map of duties, a short line naming a duty and where to find it is a pointer, not content.
_MIN_WORDS_IN_MAP = 15
_POINTER = re.compile(
    r"\||\bsee\b|\b(?:chapter|section|page|pages|appendix|annex|part)\s+(?:\d|[A-Z]\b)|^\s*(?:the )?duty\b",
    re.IGNORECASE,
)


def _is_pointer(sentence: str) -> bool:
    return len(sentence.split()) < _MIN_WORDS_IN_MAP and bool(_POINTER.search(sentence))


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
    placeholder: re.Pattern[str] | None
    negated: re.Pattern[str] | None
    vague: re.Pattern[str] | None
    concrete: re.Pattern[str] | None
    own_voice: re.Pattern[str] | None
    duty: re.Pattern[str] | None
    agency: re.Pattern[str] | None
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
        placeholder=_either(lang.placeholder),
        negated=_either(lang.negated),
        vague=_either(lang.vague),
        concrete=_either(lang.concrete),
        own_voice=_either(lang.own_voice),
        duty=_either(lang.duty),
        agency=_either(lang.agency),
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
    negated intent is a mention even with a date in it; a concrete step is a commitment;
    otherwise the plan describing its own arrangements is a statement. An impersonal
    paragraph sentence with no subject of the plan's (a paraphrase of the guidance, a list
    of topics) is not evidence; the same terse wording in a bullet or table row of the
    plan's own (working notes) is a mention.
    """
    sentence = sentence.lower()
    if voice.placeholder and voice.placeholder.search(sentence):
        return None, "placeholder"
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
    if concrete:
        return "commitment", ""
    if first_person or (voice.agency and voice.agency.search(sentence)):
        return "statement", ""
    if listed:
        # A bullet or table row of the plan's own lists is its content, however terse.
        return "mention", "terse"
    return None, "impersonal"


def _section_context(section: Section, voice: _Voice, expand) -> str:
    heading = normalise(" / ".join(section.path), expand)
    for name, rx in (
        ("contents", voice.contents),
        ("glossary", voice.glossary),
        ("map", voice.map_heading),
        ("references", voice.references),
    ):
        if rx is not None and rx.search(heading):
            return name
    return "body"


def _is_map_table(block: Block, voice: _Voice) -> bool:
    """A table whose header row names duties and where to find them: pointers, not content."""
    if not block.rows:
        return False
    header = normalise(" ".join(block.rows[0]))
    return any(all(rx.search(header) for rx in group) for group in voice.map_headers)


def _looks_like_header(row: list[str]) -> bool:
    cells = [c for c in row if c]
    return bool(cells) and all(len(c.split()) <= 6 and not re.search(r"\d", c) for c in cells)


def _is_glossary_table(block: Block) -> bool:
    """Two-column term/definition tables: every first cell is a short term."""
    rows = block.rows or []
    if len(rows) < 3 or any(len(r) != 2 for r in rows):
        return False
    header = normalise(" ".join(rows[0]))
    if re.search(r" (term|abbreviation|acronym|glossary|meaning|definition)s? ", header):
        return True
    return False


def build_passages(docs: list[Document], pack: RulePack) -> list[Passage]:
    """Every sentence and table row of the documents, judged, in document order."""
    voice = _voice_for(pack)
    expand = voice.expand
    out: list[Passage] = []
    many = len(docs) > 1
    for doc in docs:
        file = doc.meta.path if many else None
        if doc.meta.title:
            out.append(
                Passage(
                    id=len(out), text=doc.meta.title, norm=normalise(doc.meta.title, expand), section="",
                    heading_norm=" ", top_section="", paragraph=0, page=1 if doc.meta.pages else None,
                    file=file, context="body", strength=None, reason="title",
                )
            )
        for section in doc.iter_sections():
            context = _section_context(section, voice, expand)
            section_path = section.heading_path
            heading_norm = normalise(" / ".join(section.path), expand)
            top = section.path[0] if section.path else ""

            def add(text: str, block: Block, strength: str | None, reason: str, header: str = "") -> None:
                # A table row is matched with its column headings ("What we heard | How we
                # took it into account"), but quoted and judged on its own cells.
                norm = normalise(f"{header} {text}" if header else text, expand)
                out.append(
                    Passage(
                        id=len(out),
                        text=text,
                        norm=norm,
                        section=section_path,
                        heading_norm=heading_norm,
                        top_section=top,
                        paragraph=block.index,
                        page=block.page,
                        file=file,
                        context=context,
                        strength=strength,
                        reason=reason,
                    )
                )

            if section.heading:
                # Headings are never evidence of content, but the horizon reads periods from them.
                first = section.blocks[0] if section.blocks else None
                out.append(
                    Passage(
                        id=len(out), text=section.heading, norm=normalise(section.heading, expand),
                        section=section_path, heading_norm=heading_norm, top_section=top,
                        paragraph=first.index if first else 0, page=section.page_start, file=file,
                        context=context, strength=None, reason="heading",
                    )
                )
            for block in section.blocks:
                if block.kind == "table" and block.rows:
                    table_ctx = context
                    if table_ctx in ("body", "map") and _is_map_table(block, voice):
                        table_ctx = "map"
                    elif table_ctx == "body" and _is_glossary_table(block):
                        table_ctx = "glossary"
                    rows = block.rows
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
                            add(text, block, None, table_ctx)
                            continue
                        strength, reason = judge(text, voice, listed=True)
                        add(text, block, strength, reason, header)
                    continue
                for sentence in split_sentences(block.text):
                    # A map of duties only points elsewhere in its tables; its prose is judged
                    # like any other (some plans answer each duty there in full).
                    if context not in ("body", "map"):
                        add(sentence, block, None, context)
                        continue
                    if context == "map" and _is_pointer(sentence):
                        add(sentence, block, None, "map")
                        continue
                    strength, reason = judge(sentence, voice, listed=block.kind == "list_item")
                    add(sentence, block, strength, reason)
    return out
