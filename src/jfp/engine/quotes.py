"""The quotes a reviewer would show for a requirement, and what its gap and advice say.

Pure functions of a requirement's element outcomes and the evaluation's passages
(``jfp.engine.evaluate``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from jfp.engine.match import Passage
from jfp.engine.schema import Rule
from jfp.engine.score import RANK
from jfp.models import Evidence, Status, Strength

if TYPE_CHECKING:
    from jfp.engine.evaluate import _Context as EvaluationContext
    from jfp.engine.evaluate import _ElementOutcome as ElementOutcome

MAX_QUOTES = 3
MAX_QUOTE_CHARS = 300


def _quote(text: str) -> str:
    return text if len(text) <= MAX_QUOTE_CHARS else text[: MAX_QUOTE_CHARS - 1].rstrip() + "\u2026"


def evidence_of(p: Passage, strength: Strength, element: str) -> Evidence:
    return Evidence(
        text=_quote(p.text),
        section=p.section,
        page=p.page,
        paragraph=p.paragraph,
        strength=strength,
        element=element,
        file=p.file,
    )


def pick_quotes(rule: Rule, outcomes: list[ElementOutcome], ctx: EvaluationContext) -> list[Evidence]:
    """The quotes a reviewer would show: first from sections whose heading names the
    requirement, then strongest first, then about it alone; among equals, from the section with most of the
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
    # Among equals, a passage about this requirement alone before one whose main clause is about
    # others too ("Healthy coastal towns | ... a mobile screening unit" is the JLHWS's step first).
    focus = ctx.in_focus()
    others = {pid: len(focus.get(pid, set()) - {rule.id}) for pid in breadth}
    # A met requirement is shown with the steps that meet it: its mentions, and a supporting
    # element's evidence from elsewhere in the plan, are not what a reviewer would quote.
    strong = any(RANK[s] >= RANK[Strength.statement] for o in outcomes for s in o.hits.values())
    ranked = sorted(
        (0 if named[pid] else 1, -RANK[s], -density[ctx.passages[pid].section], -breadth[pid], others[pid],
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
        chosen.append(evidence_of(ctx.passages[pid], strength, element_id))
        used_elements.add(element_id)
        used_passages.add(pid)
        if len(chosen) == MAX_QUOTES:
            break
    return chosen


def gap_and_advice(rule: Rule, status: Status, outcomes: list[ElementOutcome]) -> tuple[str | None, str | None]:
    if status is Status.met:
        notes = [o.note for o in outcomes if o.note]
        return (notes[0][0].upper() + notes[0][1:] + ".") if notes else None, None
    absent = [o.element for o in outcomes if o.strength is None and o.element.core]
    weak = [o.element for o in outcomes if o.strength is Strength.mention]
    notes = [o.note for o in outcomes if o.note]
    said = "; ".join(n[0].upper() + n[1:] for n in notes) + "." if notes else ""
    if status is Status.missing:
        gap = "Nothing in the plan addresses this requirement."
    elif absent:
        gap = "No evidence for: " + "; ".join(e.title[0].lower() + e.title[1:] for e in absent) + "."
    elif weak and all(o.note for o in outcomes if o.strength is Strength.mention):
        # Each weak element says why itself ("still to come: Marlstone HWB will consider ...",
        # "no statement for: Kestrel HWB"): "vague intent" would misread a stated, incomplete answer.
        return said, _advice(outcomes)
    elif weak:
        gap = "Only mentioned or vague intent, with no concrete steps (dates, targets, named owners)."
    else:
        gap = "Covered in general terms, but no concrete step (a date, target or named owner) of the plan's own."
    if notes:
        gap += " " + said
    return gap, _advice(outcomes)


def _advice(outcomes: list[ElementOutcome]) -> str | None:
    """What to add: the advice of each core element that is missing or only mentioned."""
    todo = [o.element for o in outcomes if (o.strength is None or o.strength is Strength.mention) and not o.element.topic]
    parts = [e.advice or e.title for e in todo if e.core] or [e.advice or e.title for e in todo]
    return "; ".join(p[0].lower() + p[1:] for p in parts) + "." if parts else None
