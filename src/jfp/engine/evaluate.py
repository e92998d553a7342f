"""Evaluate a rule pack against parsed documents and build the Report.

Pure: reads only ``Document`` models and the ``RulePack``; never reads files or prints.
The sections' passages and the requirements are independent tasks, handed to the caller's
mapper (``jfp.mapper``): the runner may spread them over processes, with the same result.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass
from functools import partial

from jfp import __version__
from jfp.engine import horizon
from jfp.engine.evidence import build_passages
from jfp.engine.loader import RulePack
from jfp.engine.match import Passage, PassageIndex, compile_pattern, phrase_regex
from jfp.engine.schema import Element, HorizonPattern, Rule
from jfp.mapper import serial
from jfp.engine.score import RANK, cap, overall_score, requirement_status, strongest
from jfp.models import (
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
MAX_QUOTE_CHARS = 300


@dataclass(frozen=True)
class EvaluateOptions:
    """Facts about the plan the user may give instead of jfp reading them."""

    hwb: tuple[str, ...] = ()  # names of the ICB's health and wellbeing boards
    plan_year: str | None = None  # "2025/26"
    collect_hits: bool = True  # every hit in RequirementResult.hits (for --verbose); off saves time


@dataclass
class _ElementOutcome:
    element: Element
    strength: Strength | None
    hits: dict[int, Strength]
    note: str = ""


class _Context:
    """What every rule's evaluation shares: passages, index, plan year."""

    def __init__(self, docs: list[Document], pack: RulePack, options: EvaluateOptions, mapper: Mapper = serial) -> None:
        self.pack = pack
        self.options = options
        self.passages: list[Passage] = build_passages(docs, pack, mapper)
        self.index = PassageIndex(self.passages)
        self.plan_year, self.plan_year_source = self._plan_year(docs)
        # Sections with any body text of their own, for "runs through the plan" checks.
        self.content_sections = len(
            {p.section for p in self.passages if p.context in ("body", "map") and p.reason not in ("heading", "title")}
        )

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


def _evaluate_horizon(pattern: HorizonPattern, ctx: _Context) -> tuple[Strength | None, dict[int, Strength], str]:
    """P04: the longest period the plan states for itself, counted from the plan's year.

    The full period (``pattern.years``) is a commitment; up to ``pattern.short_by`` years
    short (a 2025 refresh still saying "2023 to 2028") a mention; shorter (a two-year
    delivery plan) does not count. Without a dated period, the period stated in words
    (``pattern.in_words``: "the next five years") is a statement. Periods of other documents
    (a strategy's "2023-2028") do not count.
    """
    if ctx.plan_year is None:
        return None, {}, "the plan's own year could not be read; give it with --plan-year"
    own_words, in_words = horizon.any_of(pattern.own_period), horizon.any_of(pattern.in_words)
    best: tuple[int, int] | None = None  # (coverage, passage id)
    in_words_at: int | None = None
    for p in ctx.passages:
        if p.strength is None and p.reason not in ("heading", "title"):
            continue
        if p.context != "body":
            continue
        for span in horizon.plan_spans(p.text, own_words, is_title=p.reason == "title"):
            cov = span.covered_from(ctx.plan_year)
            if best is None or cov > best[0]:
                best = (cov, p.id)
        if in_words_at is None and p.strength is not None and horizon.states_period(p.text, in_words):
            in_words_at = p.id
    fy = f"{ctx.plan_year}/{(ctx.plan_year + 1) % 100:02d}"
    if best is not None and best[0] >= pattern.years:
        return Strength.commitment, {best[1]: Strength.commitment}, ""
    short = f"the period the plan states covers {best[0]} year(s) from {fy}, not {pattern.years}" if best else ""
    if best is not None and best[0] >= pattern.years - pattern.short_by:
        return Strength.mention, {best[1]: Strength.mention}, short
    if best is not None and best[0] > 0:
        return None, {}, short
    if in_words_at is not None:
        return Strength.statement, {in_words_at: Strength.statement}, ""
    return None, {}, f"no period of {pattern.years} years from {fy} is stated"


def _evaluate_element(element: Element, ctx: _Context) -> _ElementOutcome:
    hits: dict[int, Strength] = {}
    notes: list[str] = []
    for pattern in element.patterns:
        if isinstance(pattern, HorizonPattern):
            _, found, note = _evaluate_horizon(pattern, ctx)
            hits.update(found)
            if note:
                notes.append(note)
            continue
        limit = Strength(pattern.max_strength) if pattern.max_strength else None
        for pid in compile_pattern(pattern).find(ctx.index):
            p = ctx.passages[pid]
            if p.strength is None:
                continue
            if p.reported and not pattern.reported:
                continue  # others' views are evidence of consultation, not of the plan's content
            s = cap(Strength(p.strength), limit)
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

    if element.each_board and ctx.options.hwb:
        named = {board: phrase_regex([board]) for board in ctx.options.hwb}
        missing = [board for board, rx in named.items() if not any(rx.search(ctx.passages[i].norm) for i in hits)]
        if missing:
            strength = cap(strength, Strength.mention)
            notes.append("no statement for: " + ", ".join(missing))
    return _ElementOutcome(element, strength, hits, "; ".join(notes))


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


def _pick_quotes(outcomes: list[_ElementOutcome], ctx: _Context) -> list[Evidence]:
    """The strongest quotes: strongest first; among equals, from the section with most of the
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
    ranked = sorted(
        (-RANK[s], -density[ctx.passages[pid].section], -breadth[pid], 0 if o.element.core else 1, pid,
         o.element.id, s)
        for o in outcomes
        for pid, s in o.hits.items()
    )
    chosen: list[Evidence] = []
    used_elements: set[str] = set()
    used_passages: set[int] = set()
    for _, _, _, _, pid, element_id, strength in ranked:
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
    outcomes = [_evaluate_element(el, ctx) for el in rule.elements]
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
                          strength=o.strength, core=o.element.core)
            for o in outcomes
            if not (o.element.topic and o.strength is None)
        ],
        evidence=_pick_quotes(outcomes, ctx),
        hits=all_hits,
        gap=gap,
        advice=advice,
        basis=rule.basis,
        guidance=rule.guidance.strip(),
    )


def _summary(docs: list[Document]) -> DocumentSummary:
    first = docs[0].meta
    warnings = [w for d in docs for w in d.warnings]
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

    ``mapper`` runs the independent tasks (each section's passages, each requirement); the
    runner's may share them with other processes. The report is the same whichever runs them.
    """
    if not docs:
        raise ValueError("evaluate needs at least one document")
    ctx = _Context(docs, pack, options, mapper)
    results = mapper(partial(evaluate_rule, ctx=ctx), pack.rules)
    counts = StatusCounts(
        met=sum(r.status is Status.met for r in results),
        partial=sum(r.status is Status.partial for r in results),
        missing=sum(r.status is Status.missing for r in results),
    )
    plan_year = f"{ctx.plan_year}/{(ctx.plan_year + 1) % 100:02d}" if ctx.plan_year else None
    return Report(
        tool=ToolInfo(version=__version__),
        document=_summary(docs),
        rulepack=RulePackInfo(id=pack.id, title=pack.title, version=pack.version),
        score=overall_score(results, pack.weights),
        summary=counts,
        results=results,
        plan_year=plan_year,
    )
