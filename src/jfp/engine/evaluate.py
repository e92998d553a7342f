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
from functools import partial
from typing import TYPE_CHECKING

from jfp import __version__
from jfp.engine import horizon
from jfp.engine.evidence import build_passages
from jfp.engine.reading import models_for
from jfp.engine.loader import RulePack
from jfp.engine.match import Passage, PassageIndex, compile_pattern, normalise, phrase_regex
from jfp.engine.schema import Element, HorizonPattern, NearPattern, Pattern, Rule
from jfp.engine.voice import OTHER, OWN, VIEWS
from jfp.mapper import serial
from jfp.engine.score import RANK, cap, overall_score, requirement_status, strongest
from jfp.models import (
    DocWarning,
    Document,
    DocumentSummary,
    ElementResult,
    Evidence,
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

MAX_QUOTES = 3


class _Never:
    """A phrase set that matches nothing (a rule without headings)."""

    @staticmethod
    def search(text: str) -> bool:
        return False


_NEVER = _Never()
MAX_QUOTE_CHARS = 300


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
            p.strength in ("commitment", "statement") and (p.voice == OWN or (p.voice == VIEWS and _says_we(p.text)))
            for p in self.passages)
        if self.not_a_plan:
            # Nothing counts, but what others said or resolved is kept, a mention at most, for
            # the consultation rules: a board's recorded opinion in minutes is partial P02.
            for p in self.passages:
                if p.voice in (VIEWS, OTHER) and p.strength is not None:
                    p.strength = "mention"
                else:
                    p.strength = None
        self.index = PassageIndex(self.passages)
        self._headings: dict[str, object] = {}
        self._named: dict[str, frozenset[str]] = {}
        self._rules = {r.id: r for r in pack.rules}
        self._topic: dict[tuple[str, int, str], bool] = {}
        self._raw: dict[str, dict[tuple[str, int], list[int]]] = {}
        self._focus: dict[int, set[str]] | None = None
        self._heads: dict[int, str] = {}
        self._expand = models_for(pack)[2]
        self._clause: dict[tuple[int, int], bool] = {}  # (id(pattern), passage id) -> the main clause holds the hit
        self.plan_year, self.plan_year_source = self._plan_year(docs)
        # Sections with any body text of their own, for "runs through the plan" checks.
        self.content_sections = len(
            {p.section for p in self.passages if p.context in ("body", "map") and p.reason not in ("heading", "title")}
        )

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


# "We added 200 evening appointments": the plan's own answer in a "you said, we did" row.
_WE = re.compile(r"\bwe\b", re.I)
# A quotation's words are its speaker's: the "we" of a quoted "you said, we did" is not the document's.
_QUOTED = re.compile(r"[\"\u201c][^\"\u201c\u201d]{0,120}[\"\u201d]")


def _says_we(text: str) -> bool:
    return bool(_WE.search(_QUOTED.sub(" ", text)))
_YEAR = re.compile(r"(?<![\d/])(20\d\d)(?:\s*/\s*(\d\d))?(?!\d)")


def _path_years(ctx: _Context) -> set[int]:
    """The years the plan's own dated steps fall in (a financial year counts by its start).

    A stated period ("this plan covers 2025/26 to 2029/30") is not a step: its years are left out.
    """
    years: set[int] = set()
    for p in ctx.passages:
        if p.voice == OWN and p.strength == "commitment" and p.context == "body":
            text = p.text
            for span in horizon.spans_in(text):
                text = text.replace(span.text, " ")
            years.update(int(m.group(1)) for m in _YEAR.finditer(text))
    return years


def _evaluate_horizon(pattern: HorizonPattern, ctx: _Context) -> tuple[Strength | None, dict[int, Strength], str]:
    """P04: the period the plan states for itself, counted from the plan's year, and whether its
    own dated steps run through it.

    Met needs both: the full period stated (the title, "this plan covers 2024/25 to 2028/29")
    and the plan's own steps, targets or trajectories reaching its last two years. A period
    (even up to two years short, a 2025 refresh still saying "2023 to 2028") or "the next
    five years" with own dated steps in at least two of its years is a multi-year path of the
    plan's own: partial. A period or a title alone, a single target date, a shorter period
    (a two-year delivery plan), another document's period and the duty restated are not.
    """
    if ctx.plan_year is None:
        return None, {}, "the plan's own year could not be read; give it with --plan-year"
    if ctx.not_a_plan:
        return None, {}, ""
    own_words, in_words = horizon.any_of(pattern.own_period), horizon.any_of(pattern.in_words)
    best: tuple[int, int] | None = None  # (coverage, passage id)
    five_years: int | None = None
    for p in ctx.passages:
        own_text = p.voice == OWN and p.strength is not None
        if p.context != "body" or not (own_text or p.reason in ("heading", "title", "title line")):
            continue
        for span in horizon.plan_spans(p.text, own_words, is_title=p.reason == "title"):
            cov = span.covered_from(ctx.plan_year)
            if best is None or cov > best[0]:
                best = (cov, p.id)
        if five_years is None and own_text and horizon.states_period(p.text, in_words):
            five_years = p.id
    fy = f"{ctx.plan_year}/{(ctx.plan_year + 1) % 100:02d}"
    last = ctx.plan_year + pattern.years - 1
    years = {y for y in _path_years(ctx) if ctx.plan_year <= y <= last + 1}
    reaches_end = any(y >= last - 1 for y in years)
    path = len(years) >= 2  # own dated steps in two years or more: a multi-year path
    no_path = f"none of the plan's own dated steps or trajectories reaches {last - 1}/{last % 100:02d} or {last}/{(last + 1) % 100:02d}"
    if best is not None and best[0] >= pattern.years:
        if reaches_end:
            return Strength.commitment, {best[1]: Strength.commitment}, ""
        if path:
            return Strength.mention, {best[1]: Strength.mention}, f"the plan states its period, but {no_path}"
        return None, {}, f"the plan states its period, but {no_path}"
    short = f"the period the plan states covers {best[0]} year(s) from {fy}, not {pattern.years}" if best else ""
    if best is not None and best[0] >= pattern.years - pattern.short_by and path:
        return Strength.mention, {best[1]: Strength.mention}, short
    if best is not None and best[0] > 0:
        return None, {}, short
    if five_years is not None and reaches_end:
        return Strength.commitment, {five_years: Strength.commitment}, ""
    if five_years is not None and path:
        return Strength.mention, {five_years: Strength.mention}, (
            f"the plan says it looks five years ahead but states no period from {fy}")
    return None, {}, f"no period of {pattern.years} years from {fy} is stated, with the plan's own steps across it"


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
            _, found, note = _evaluate_horizon(pattern, ctx)
            hits.update(found)
            if note:
                notes.append(note)
            continue
        limit = Strength(pattern.max_strength) if pattern.max_strength else None
        for pid in raw[(element.id, i)]:
            p = ctx.passages[pid]
            if p.strength is None or not _counts(p, pattern):
                continue
            about = ctx.aboutness(rule, p, pattern, topic=element.topic)
            if about is None:
                continue
            s = cap(cap(Strength(p.strength), limit), about)
            if RANK[s] > RANK[hits.get(pid)]:
                hits[pid] = s
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

    missing = _bodies_not_named(element, ctx, hits)
    if missing:
        strength = cap(strength, Strength.mention)
        notes.append("no statement for: " + ", ".join(missing))
    return _ElementOutcome(element, strength, hits, "; ".join(notes), missing)


def _bodies_not_named(element: Element, ctx: _Context, hits: dict[int, Strength]) -> list[str]:
    """The footprint's bodies (boards with each_board, trusts with each_trust) no hit names."""
    bodies = (list(ctx.options.hwb) if element.each_board else []) + (
        list(ctx.options.trusts) if element.each_trust else [])
    named = {body: phrase_regex([body]) for body in bodies}
    return [body for body, rx in named.items() if not any(rx.search(ctx.passages[i].norm) for i in hits)]


def _quote(text: str) -> str:
    return text if len(text) <= MAX_QUOTE_CHARS else text[: MAX_QUOTE_CHARS - 1].rstrip() + "\u2026"


def _evidence(p: Passage, strength: Strength, element: str) -> Evidence:
    return Evidence(
        text=_quote(p.text),
        section=p.section,
        page=p.page,
        paragraph=p.paragraph,
        strength=strength,
        element=element,
        file=p.file,
    )


def _pick_quotes(rule: Rule, outcomes: list[_ElementOutcome], ctx: _Context) -> list[Evidence]:
    """The quotes a reviewer would show: first from sections whose heading names the
    requirement, then strongest first; among equals, from the section with most of the
    requirement's evidence (where the plan deals with it), then passages that evidence more
    of its elements, core before supporting, then document order; one quote per element and
    per passage."""
    breadth: dict[int, int] = {}
    density: dict[str, int] = {}  # hits per section: the section the plan gives to the topic
    for o in outcomes:
        for pid in o.hits:
            breadth[pid] = breadth.get(pid, 0) + 1
    for pid in breadth:
        section = ctx.passages[pid].section
        density[section] = density.get(section, 0) + 1
    named = {pid: ctx.heading_names(rule, ctx.passages[pid]) for pid in breadth}
    # A met requirement is shown with the steps that meet it: its mentions, and a supporting
    # element's evidence from elsewhere in the plan, are not what a reviewer would quote.
    strong = any(RANK[s] >= RANK[Strength.statement] for o in outcomes for s in o.hits.values())
    ranked = sorted(
        (0 if named[pid] else 1, -RANK[s], -density[ctx.passages[pid].section], -breadth[pid],
         0 if o.element.core else 1, pid, o.element.id, s)
        for o in outcomes
        for pid, s in o.hits.items()
        if not (strong and (s is Strength.mention or (not o.element.core and not named[pid])))
    )
    chosen: list[Evidence] = []
    used_elements: set[str] = set()
    used_passages: set[int] = set()
    for *_, pid, element_id, strength in ranked:
        if element_id in used_elements or pid in used_passages:
            continue
        chosen.append(_evidence(ctx.passages[pid], strength, element_id))
        used_elements.add(element_id)
        used_passages.add(pid)
        if len(chosen) == MAX_QUOTES:
            break
    return chosen


def _gap_and_advice(rule: Rule, status: Status, outcomes: list[_ElementOutcome]) -> tuple[str | None, str | None]:
    if status is Status.met:
        notes = [o.note for o in outcomes if o.note]
        return (notes[0][0].upper() + notes[0][1:] + ".") if notes else None, None
    absent = [o.element for o in outcomes if o.strength is None and o.element.core]
    weak = [o.element for o in outcomes if o.strength is Strength.mention]
    notes = [o.note for o in outcomes if o.note]
    if status is Status.missing:
        gap = "Nothing in the plan addresses this requirement."
    elif absent:
        gap = "No evidence for: " + "; ".join(e.title[0].lower() + e.title[1:] for e in absent) + "."
    elif weak:
        gap = "Only mentioned or vague intent, with no concrete steps (dates, targets, named owners)."
    else:
        gap = "Covered in general terms, but no concrete step (a date, target or named owner) of the plan's own."
    if notes:
        gap += " " + "; ".join(n[0].upper() + n[1:] for n in notes) + "."
    todo = [o.element for o in outcomes if (o.strength is None or o.strength is Strength.mention) and not o.element.topic]
    parts = [e.advice or e.title for e in todo if e.core] or [e.advice or e.title for e in todo]
    advice = "; ".join(p[0].lower() + p[1:] for p in parts) + "." if parts else None
    return gap, advice


def evaluate_rule(rule: Rule, ctx: _Context) -> RequirementResult:
    """One requirement's result."""
    outcomes = [_evaluate_element(el, ctx, rule) for el in rule.elements]
    status, score = requirement_status(
        [(o.element.core, o.strength) for o in outcomes], rule.met, ctx.pack.strengths
    )
    gap, advice = _gap_and_advice(rule, status, outcomes)
    all_hits = sorted(
        (_evidence(ctx.passages[pid], s, o.element.id) for o in outcomes for pid, s in o.hits.items()),
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
        evidence=_pick_quotes(rule, outcomes, ctx),
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
