"""P04: whether the period the plan states for itself, counted from its own year, is covered
by the plan's own dated steps (the pattern's ``years``, ``short_by``, ``own_period`` and
``in_words`` are the rule's data). Pure: reads the evaluation's passages only.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jfp.engine import horizon
from jfp.engine.schema import HorizonPattern
from jfp.engine.voice import OWN
from jfp.models import Strength

if TYPE_CHECKING:
    from jfp.engine.evaluate import _Context as EvaluationContext

_YEAR = re.compile(r"(?<![\d/])(20\d\d)(?:\s*/\s*(\d\d))?(?!\d)")


def _path_years(ctx: EvaluationContext) -> set[int]:
    """The years the plan's own dated steps fall in (a financial year counts by its start).

    A stated period ("this plan covers 2025/26 to 2029/30") is not a step: its years are left out.
    """
    years: set[int] = set()
    for p in ctx.passages:
        if p.voice == OWN and p.strength == "commitment" and p.context == "body":
            text = p.text
            if "20" not in text:  # every year _YEAR reads has it (and so does every span)
                continue
            for span in horizon.spans_in(text):
                text = text.replace(span.text, " ")
            years.update(int(m.group(1)) for m in _YEAR.finditer(text))
    return years


def evaluate_horizon(pattern: HorizonPattern, ctx: EvaluationContext) -> tuple[Strength | None, dict[int, Strength], str]:
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
    best: tuple[int, int, int] | None = None  # (coverage, passage id, the span's own length in years)
    five_years: int | None = None
    for p in ctx.passages:
        # A pointer ("You can read the five-year plan on our website") names another text's period.
        own_text = p.voice == OWN and p.strength is not None and p.reason != "pointer"
        if p.context != "body" or not (own_text or p.reason in ("heading", "title", "title line")):
            continue
        for span in horizon.plan_spans(p.text, own_words, is_title=p.reason == "title"):
            cov = span.covered_from(ctx.plan_year)
            if best is None or cov > best[0]:
                best = (cov, p.id, span.end - span.start + 1)
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
    # Short by up to short_by years is a mention only for a period of the full length stated
    # earlier (a 2025 refresh still saying "2023 to 2028"); a plan that states a shorter period
    # ("2025/26 to 2027/28") has not planned for five years at all.
    if best is not None and best[0] >= pattern.years - pattern.short_by and best[2] >= pattern.years and path:
        return Strength.mention, {best[1]: Strength.mention}, short
    if best is not None and best[0] > 0:
        return None, {}, short
    if five_years is not None and reaches_end:
        return Strength.commitment, {five_years: Strength.commitment}, ""
    if five_years is not None and path:
        return Strength.mention, {five_years: Strength.mention}, (
            f"the plan says it looks five years ahead but states no period from {fy}")
    return None, {}, f"no period of {pattern.years} years from {fy} is stated, with the plan's own steps across it"
