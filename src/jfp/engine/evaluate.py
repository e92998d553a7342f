"""Evaluate a rule pack against parsed documents and build the Report.

Pure: reads only ``Document`` models and the ``RulePack``; never reads files or prints.

A pattern's hit is evidence only when the passage is in the plan's own voice (or, for the
consultation rules, reports others' views), and when the requirement is what the passage
is about: its main clause matches the pattern, or its section's heading names the
requirement. A document with no commitment or statement of its own at all (guidance, a
report about ICSs, minutes) is not a plan: it carries a ``not-a-plan`` warning and meets
nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, partial
from typing import TYPE_CHECKING

from jfp import __version__
from jfp.engine import horizon
from jfp.engine.boards import boards_named
from jfp.engine.evidence import build_passages, says_we
from jfp.engine.reading import models_for
from jfp.engine.loader import RulePack
from jfp.engine.match import Passage, PassageIndex, compile_pattern, normalise, phrase_regex
from jfp.engine.horizon_rule import evaluate_horizon
from jfp.engine.quotes import evidence_of, gap_and_advice, pick_quotes
from jfp.engine.schema import Element, HorizonPattern, NearPattern, Pattern, Rule
from jfp.engine.voice import OTHER, OWN, VIEWS
from jfp.mapper import serial
from jfp.engine.score import RANK, cap, overall_score, requirement_status, strongest
from jfp.models import (
    DocWarning,
    Document,
    DocumentSummary,
    ElementResult,
    Report,
    RequirementResult,
    RulePackInfo,
    Status,
    StatusCounts,
    Strength,
    ToolInfo,
)

if TYPE_CHECKING:
    from jfp.mapper import Mapper

class _Never:
    """A phrase set that matches nothing (a rule without headings)."""

    @staticmethod
    def search(text: str) -> bool:
        return False


_NEVER = _Never()


@dataclass(frozen=True)
class EvaluateOptions:
    """Facts about the plan the user may give instead of jfp reading them."""

    hwb: tuple[str, ...] = ()  # names of the ICB's health and wellbeing boards
    trusts: tuple[str, ...] = ()  # names of the ICB's partner trusts (each_trust elements)
    plan_year: str | None = None  # "2025/26"
    collect_hits: bool = True  # every hit in RequirementResult.hits (for --verbose); off saves time
    # Judge the text as a passage of a plan, never as a whole document that may not be one
    # (a rule's examples are single passages).
    assume_plan: bool = False


@dataclass
class _ElementOutcome:
    element: Element
    strength: Strength | None
    hits: dict[int, Strength]
    note: str = ""
    missing_bodies: list[str] | None = None


class _Context:
    """What every rule's evaluation shares: passages, index, plan year."""

    def __init__(self, docs: list[Document], pack: RulePack, options: EvaluateOptions, mapper: Mapper = serial) -> None:
        self.pack = pack
        self.options = options
        self.passages: list[Passage] = build_passages(docs, pack, assume_plan=options.assume_plan, mapper=mapper)
        # Not a plan: nothing in it is the plan's own commitment or statement.
        self.not_a_plan = not options.assume_plan and not any(
            p.strength in ("commitment", "statement") and (p.voice == OWN or (p.voice == VIEWS and says_we(p.text)))
            for p in self.passages)
        if self.not_a_plan:
            # Nothing counts but a named body's own statement, for the rules that ask for one:
            # a board's final opinion in its letter or minutes is P02's evidence. What is
            # reported of others (news, a briefing's interviewees, a minute of a presentation)
            # is not the plan's summary of views.
            for p in self.passages:
                if not (p.voice == OTHER and p.reason == "other body" and p.strength is not None):
                    p.strength = None
        self.index = PassageIndex(self.passages)
        self._headings: dict[str, object] = {}
        self._named: dict[str, frozenset[str]] = {}
        self._rules = {r.id: r for r in pack.rules}
        self._topic: dict[tuple[str, int, str], bool] = {}
        self._raw: dict[str, dict[tuple[str, int], list[int]]] = {}
        self._focus: dict[int, set[str]] | None = None
        self._pointers: list[tuple[int, str]] | None = None
        self._heads: dict[int, str] = {}
        self._expand = models_for(pack)[2]
        self._clause: dict[tuple[int, int], bool] = {}  # (id(pattern), passage id) -> the main clause holds the hit
        self.plan_year, self.plan_year_source = self._plan_year(docs)
        # Sections with any body text of their own, for "runs through the plan" checks.
        self.content_sections = len(
            {p.section for p in self.passages if p.context in ("body", "map") and p.reason not in ("heading", "title")}
        )

    @cached_property
    def named_boards(self) -> tuple[str, ...]:
        """The boards the plan names in full, for boards_named elements without --hwb (read once,
        when such an element first asks)."""
        return boards_named(self.passages)

    # ------------------------------------------------------------------ what a passage is about

    def heading_names(self, rule: Rule, passage: Passage) -> bool:
        """Whether the passage's section is about the requirement, by its heading path (``headings``).

        The section's own heading decides when it names any requirement ("Research, innovation
        and improvement > Innovation" is about innovation); a neutral heading ("Our approach")
        defers to the headings above it.
        """
        named_by_leaf = self._named_by(passage.leaf_norm or passage.heading_norm)
        if named_by_leaf:
            return rule.id in named_by_leaf
        return rule.id in self._named_by(passage.heading_norm)

    def pointers_naming(self, rule: Rule) -> list[int]:
        """The plan's own pointers whose label ("Research: see ...", "Duty in respect of research |
        See our strategy") or, unlabelled, whose text names the requirement's topic words."""
        if self._pointers is None:
            self._pointers = [(p.id, normalise(re.split(r"[:|]", p.text, maxsplit=1)[0]))
                              for p in self.passages
                              if p.reason == "pointer" and p.voice == OWN and p.strength is not None]
        rx = self._rx(rule)
        return [pid for pid, label in self._pointers if rx.search(label)]

    def _named_by(self, heading: str) -> frozenset[str]:
        """The requirements whose topic words a (normalised) heading has, found once per heading."""
        hit = self._named.get(heading)
        if hit is None:
            hit = self._named[heading] = frozenset(
                r.id for r in self.pack.rules if r.headings and self._rx(r).search(heading))
        return hit

    def _matches_core(self, rule: Rule, pattern: Pattern, core: str) -> bool:
        """Whether the main clause without its long lists still holds the hit: the phrase, one
        term of a near pattern (the other may be a list's item: "responses from residents,
        patients, councils and the voluntary sector"), or the requirement's topic words."""
        if pattern.kind == "fuzzy" or compile_pattern(pattern).matches(core) or self._rx(rule).search(core):
            return True
        if isinstance(pattern, NearPattern):
            return any(phrase_regex(group).search(core) for group in pattern.terms)
        return False

    def _heading_shared(self, rule: Rule, passage: Passage) -> bool:
        """Whether the section's own heading names another requirement as well as this one."""
        return bool(self._named_by(passage.leaf_norm or passage.heading_norm) - {rule.id})

    def _in_main_clause(self, rule: Rule, pattern: Pattern, passage: Passage) -> bool:
        """The pattern matches the main clause, or the main clause names the requirement's topic
        ("Improve quality, including safety and patient experience")."""
        focus = passage.focus or passage.norm
        if focus is passage.norm:
            return True  # the whole passage is its main clause, and the pattern matched it
        in_clause = self._clause.get((id(pattern), passage.id))
        if in_clause is None:
            in_clause = compile_pattern(pattern).matches(focus)
        return in_clause or self._names_topic(rule, passage.id, focus)

    def _names_topic(self, rule: Rule, pid: int, text: str) -> bool:
        key = (rule.id, pid, "f" if text is (self.passages[pid].focus or self.passages[pid].norm) else "c")
        hit = self._topic.get(key)
        if hit is None:
            hit = self._topic[key] = bool(self._rx(rule).search(text))
        return hit

    def _rx(self, rule: Rule):
        rx = self._headings.get(rule.id)
        if rx is None:
            rx = self._headings[rule.id] = phrase_regex(rule.headings) if rule.headings else _NEVER
        return rx

    def raw_hits(self, rule: Rule) -> dict[tuple[str, int], list[int]]:
        """Every pattern's matching passages, by (element id, pattern index), computed once per rule."""
        hit = self._raw.get(rule.id)
        if hit is None:
            hit = {}
            for el in rule.elements:
                for i, pattern in enumerate(el.patterns):
                    if not isinstance(pattern, HorizonPattern):
                        hit[(el.id, i)] = compile_pattern(pattern).find(self.index)
            self._raw[rule.id] = hit
        return hit

    def in_focus(self) -> dict[int, set[str]]:
        """For each passage, the requirements whose content patterns match its main clause."""
        if self._focus is None:
            focus: dict[int, set[str]] = {}
            for rule in self.pack.rules:
                if rule.about == "anywhere":
                    continue
                for el in rule.elements:
                    for i, pattern in enumerate(el.patterns):
                        if pattern.kind in ("heading", "horizon"):
                            continue
                        matcher = compile_pattern(pattern)
                        for pid in self.raw_hits(rule)[(el.id, i)]:
                            p = self.passages[pid]
                            if p.strength is None:
                                continue
                            whole = not p.focus or p.focus is p.norm
                            in_clause = whole or matcher.matches(p.focus)
                            if not whole:
                                self._clause[(id(pattern), pid)] = in_clause  # asked again by aboutness
                            if in_clause:
                                focus.setdefault(pid, set()).add(rule.id)
            self._focus = focus
        return self._focus

    def aboutness(self, rule: Rule, passage: Passage, pattern: Pattern, topic: bool = False) -> Strength | None:
        """The strongest evidence this hit may give, by what the passage is about (None: not about it).

        About the requirement: its main clause matches the pattern, or its section's heading names
        the requirement. A passage whose main clause is about other requirements does not evidence
        this one through its heading alone ("Research and innovation" over an innovation step), and
        a main clause in a section headed for another requirement is secondary evidence: a mention.
        """
        if rule.about == "anywhere" or pattern.kind == "horizon":
            return Strength.commitment
        focus = self.in_focus().get(passage.id, set())
        if passage.header_norm and self._rx(rule).search(passage.header_norm) and \
                pattern.kind in ("phrase", "near") and compile_pattern(pattern).matches(passage.header_norm):
            # A table's column headings say what every row is ("What we heard | What we did"):
            # a row under headings that name the requirement is about it, whatever its cells mention.
            return Strength.commitment
        named = self.heading_names(rule, passage)
        if pattern.kind == "heading" or (pattern.kind != "fuzzy" and not self._in_main_clause(rule, pattern, passage)):
            # Only the section (or a word outside the main clause) ties the passage to the rule:
            # its own heading must name the requirement ("Research, innovation and improvement >
            # Innovation" does not name research), and when it names others too ("Research and
            # innovation") the passage must say which ("run a staff ideas fund" is not research).
            if not named:
                return None
            if pattern.kind == "heading" and self._heading_shared(rule, passage) and not self._rx(rule).search(passage.focus or passage.norm):
                return None
            if rule.about == "section":
                return Strength.commitment
            return None if focus - {rule.id} and rule.id not in focus else Strength.commitment
        if named:
            return Strength.commitment
        # A requirement only named (a topic detector's word) must be the subject: in the clause
        # head, not in a phrase further on ("training across our workforce").
        if topic and pattern.kind in ("phrase", "near") and passage.head and not compile_pattern(pattern).matches(self.head_norm(passage)):
            return None
        # One item of a long list ("the things we buy, our energy, our transport and our
        # estates") is not what the sentence is about; a passage in another requirement's
        # section that is about that one too (a workforce chapter's "staff across the NHS,
        # social care and the voluntary sector") is secondary evidence: a mention.
        if passage.core and not self._matches_core(rule, pattern, passage.core):
            return None
        if any(r != rule.id and self.heading_names(self._rules[r], passage) for r in focus):
            return Strength.mention
        return Strength.commitment

    def head_norm(self, passage: Passage) -> str:
        """The passage's clause head normalised, its acronyms expanded as its text's capitals show;
        only topic hits ask, so it is computed on first use."""
        norm = self._heads.get(passage.id)
        if norm is None:
            norm = self._heads[passage.id] = normalise(self._expand.into(passage.head, passage.text))
        return norm

    def _plan_year(self, docs: list[Document]) -> tuple[int | None, str]:
        if self.options.plan_year:
            year = horizon.parse_plan_year(self.options.plan_year)
            if year is not None:
                return year, "--plan-year"
        first = docs[0]
        front = [p.text for p in self.passages[:40]]
        year, source = horizon.detect_plan_year(first.meta.title, front)
        if year is None and self.pack.default_horizon_start:
            return horizon.parse_plan_year(self.pack.default_horizon_start), "rule pack default"
        return year, source


# A strength's member by its value: Strength(value) goes through the enum's metaclass, a
# microsecond for each of a plan's thousands of hits.
_STRENGTH = {s.value: s for s in Strength}


def _counts(p: Passage, pattern: Pattern) -> bool:
    """Whether a passage's voice lets it evidence this pattern."""
    if p.voice == OWN:
        return True
    # Others' views and other bodies' statements (a board's opinion, a presenter's report)
    # are evidence of consultation only, for the patterns that ask for them.
    return pattern.reported and p.voice in (VIEWS, OTHER)


def _evaluate_element(element: Element, ctx: _Context, rule: Rule) -> _ElementOutcome:
    hits: dict[int, Strength] = {}
    notes: list[str] = []
    raw = ctx.raw_hits(rule)
    for i, pattern in enumerate(element.patterns):
        if isinstance(pattern, HorizonPattern):
            _, found, note = evaluate_horizon(pattern, ctx)
            hits.update(found)
            if note:
                notes.append(note)
            continue
        limit = _STRENGTH[pattern.max_strength] if pattern.max_strength else None
        for pid in raw[(element.id, i)]:
            p = ctx.passages[pid]
            if p.strength is None or not _counts(p, pattern):
                continue
            about = ctx.aboutness(rule, p, pattern, topic=element.topic)
            if about is None:
                continue
            s = cap(cap(_STRENGTH[p.strength], limit), about)
            if RANK[s] > RANK[hits.get(pid)]:
                hits[pid] = s
    if element.topic:
        # "Research: see the 2024 plan, chapter 14": the plan's pointer names the topic it covers
        # elsewhere, so it touches the requirement (a mention), whatever words its label uses.
        for pid in ctx.pointers_naming(rule):
            hits.setdefault(pid, Strength.mention)
    strength = strongest(list(hits.values()))

    if (element.min_sections > 1 or element.min_section_share > 0) and strength is not None:
        sections = {ctx.passages[i].section for i, s in hits.items() if s is Strength.commitment}
        share = len(sections) / max(1, ctx.content_sections)
        if len(sections) < element.min_sections or share < element.min_section_share:
            strength = Strength.mention
            notes.append(
                f"concrete objectives appear in {len(sections)} of {ctx.content_sections} sections, "
                "not throughout the plan"
            )

    pending = _outstanding(element, ctx) if RANK[strength] > RANK[Strength.mention] else None
    if pending is not None:
        # "Each board's opinion": one board's opinion given and another's still to come is partial.
        strength = Strength.mention
        text = pending.text if len(pending.text) <= _NOTE_QUOTE else pending.text[:_NOTE_QUOTE].rsplit(" ", 1)[0] + "\u2026"
        notes.append(f"part of it still to come (\u201c{text.rstrip('.')}\u201d)")
    missing = _bodies_not_named(element, ctx, _naming_hits(element, ctx, hits))
    if missing:
        strength = cap(strength, Strength.mention)
        notes.append("no statement for: " + ", ".join(missing))
    return _ElementOutcome(element, strength, hits, "; ".join(notes), missing)


_NOTE_QUOTE = 120  # characters of a passage quoted in a gap's note


def _outstanding(element: Element, ctx: _Context) -> Passage | None:
    """The first passage saying part of the element is still to come (its ``outstanding`` patterns)."""
    for pattern in element.outstanding:
        for pid in compile_pattern(pattern).find(ctx.index):
            p = ctx.passages[pid]
            if p.strength is not None and _counts(p, pattern):
                return p
    return None


_LABEL_REACH = 3  # passages after a weaker line naming a body that may hold its steps


def _naming_hits(element: Element, ctx: _Context, hits: dict[int, Strength]) -> dict[int, Strength]:
    """The hits that may name a body: those at least ``body_strength``, and a weaker line that
    introduces steps just after it in its section ("Calderbrook Health and Wellbeing Strategy
    (priorities: ...)" over "We will deliver priority 1 ...")."""
    if not element.body_strength:
        return hits
    floor = RANK[element.body_strength]
    strong = [i for i, h in hits.items() if RANK[h] >= floor]
    out = {i: hits[i] for i in strong}
    for i, h in hits.items():
        if RANK[h] < floor and any(i < j <= i + _LABEL_REACH and ctx.passages[j].section == ctx.passages[i].section
                                   for j in strong):
            out[i] = h
    return out


def _bodies_not_named(element: Element, ctx: _Context, hits: dict[int, Strength]) -> list[str]:
    """The footprint's bodies (boards with each_board, trusts with each_trust) no hit names."""
    boards = ctx.options.hwb or (ctx.named_boards if element.boards_named else ())
    bodies = (list(boards) if element.each_board else []) + (
        list(ctx.options.trusts) if element.each_trust else [])
    if not bodies:
        return []
    named = {body: phrase_regex([body]) for body in bodies}
    # A hit names a body in its text or in its own section's heading ("Letter from Thorne Valley
    # Health and Wellbeing Board"); not the whole path, whose title may name every place.
    # "Each board gave its opinion that ..." names the boards the sentence before it named ("The
    # plan was considered by Ferrowby Health and Wellbeing Board ... and by Coldmere ...").
    texts = [ctx.passages[i].norm + " " + ctx.passages[i].leaf_norm for i in hits]
    texts += [ctx.passages[i - 1].norm for i in hits
              if i and _EVERY_BOARD.search(ctx.passages[i].norm) and ctx.passages[i - 1].section == ctx.passages[i].section]
    return [body for body, rx in named.items() if not any(rx.search(t) for t in texts)]


_EVERY_BOARD = re.compile(r"\b(?:each|both|every) (?:of the )?(?:health and wellbeing )?boards?\b")


def evaluate_rule(rule: Rule, ctx: _Context) -> RequirementResult:
    """One requirement's result."""
    outcomes = [_evaluate_element(el, ctx, rule) for el in rule.elements]
    status, score = requirement_status(
        [(o.element.core, o.strength) for o in outcomes], rule.met, ctx.pack.strengths
    )
    gap, advice = gap_and_advice(rule, status, outcomes)
    all_hits = sorted(
        (evidence_of(ctx.passages[pid], s, o.element.id) for o in outcomes for pid, s in o.hits.items()),
        key=lambda e: (e.paragraph, e.element or ""),
    ) if ctx.options.collect_hits else []
    return RequirementResult(
        id=rule.id,
        code=rule.code,
        title=rule.title,
        kind=rule.kind,
        status=status,
        score=score,
        elements=[
            ElementResult(id=o.element.id, title=o.element.title, found=o.strength is not None,
                          strength=o.strength, core=o.element.core, missing_bodies=o.missing_bodies or [])
            for o in outcomes
            if not (o.element.topic and o.strength is None)
        ],
        evidence=pick_quotes(rule, outcomes, ctx),
        hits=all_hits,
        gap=gap,
        advice=advice,
        basis=rule.basis,
        guidance=rule.guidance.strip(),
    )


def _summary(docs: list[Document], ctx: _Context) -> DocumentSummary:
    first = docs[0].meta
    warnings = [w for d in docs for w in d.warnings]
    if ctx.not_a_plan:
        warnings.append(DocWarning(
            code="not-a-plan",
            message="nothing in the document is the plan's own commitment or statement (it reads as guidance, "
                    "commentary, minutes or a report about plans), so no requirement is counted as met",
        ))
    pages = [d.meta.pages for d in docs]
    return DocumentSummary(
        path=first.path,
        format=first.format,
        sha256=first.sha256,
        pages=sum(p for p in pages if p) if all(p is not None for p in pages) else first.pages,
        words=sum(d.meta.words for d in docs),
        sections=sum(d.section_count for d in docs),
        title=first.title,
        warnings=warnings,
        files=[d.meta.path for d in docs] if len(docs) > 1 else [],
    )


def evaluate(docs: list[Document], pack: RulePack, options: EvaluateOptions = EvaluateOptions(),
             mapper: Mapper = serial) -> Report:
    """Check documents (one submission) against a rule pack.

    ``mapper`` runs the independent tasks (each section's sentences, each requirement); the
    runner's may share them with other processes. The report is the same whichever runs them.
    """
    if not docs:
        raise ValueError("evaluate needs at least one document")
    ctx = _Context(docs, pack, options, mapper)
    ctx.in_focus()  # what every requirement's judgement shares, computed once before the tasks are shared
    results = mapper(partial(evaluate_rule, ctx=ctx), pack.rules)
    counts = StatusCounts(
        met=sum(r.status is Status.met for r in results),
        partial=sum(r.status is Status.partial for r in results),
        missing=sum(r.status is Status.missing for r in results),
    )
    plan_year = f"{ctx.plan_year}/{(ctx.plan_year + 1) % 100:02d}" if ctx.plan_year else None
    return Report(
        tool=ToolInfo(version=__version__),
        document=_summary(docs, ctx),
        rulepack=RulePackInfo(id=pack.id, title=pack.title, version=pack.version),
        score=overall_score(results, pack.weights),
        summary=counts,
        results=results,
        plan_year=plan_year,
    )
