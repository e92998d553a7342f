"""From element evidence to a requirement's status and score, and to the plan's overall score.

A requirement is ``met`` when enough of its core elements (``met.core_fraction``, half by
default) have evidence of at least statement strength and at least one element has a
commitment (the plan's own step, date, target or named partner); ``partial`` when any
element has any evidence; ``missing`` otherwise. Its score is the weighted mean of its
elements' strength values (core 1, other 0.5), kept inside the band of its status
(missing 0, partial 1-59, met 60-100) so score and status never disagree.

The overall score is the mean of requirement scores weighted by kind (statutory 3,
process 2, recommended 1 by default; a pack may change the weights).
"""
from __future__ import annotations

import math

from jfp.engine.schema import MetPolicy, StrengthValues, Weights
from jfp.models import RequirementResult, Status, Strength

RANK = {Strength.commitment: 3, Strength.statement: 2, Strength.mention: 1, None: 0}


def strongest(strengths: list[Strength | None]) -> Strength | None:
    """The strongest of several strengths (None when there are none)."""
    best: Strength | None = None
    for s in strengths:
        if RANK[s] > RANK[best]:
            best = s
    return best


def cap(strength: Strength | None, limit: Strength | None) -> Strength | None:
    """A strength no stronger than the limit."""
    if strength is None or limit is None:
        return strength
    return strength if RANK[strength] <= RANK[limit] else limit


def requirement_status(
    elements: list[tuple[bool, Strength | None]], policy: MetPolicy, values: StrengthValues
) -> tuple[Status, float]:
    """Status and 0-100 score from (is_core, strength) per element."""
    core = [s for is_core, s in elements if is_core]
    strong_core = sum(1 for s in core if RANK[s] >= RANK[Strength.statement])
    needed = max(1, math.ceil(policy.core_fraction * len(core) - 1e-9))
    any_commitment = any(s is Strength.commitment for _, s in elements)
    any_evidence = any(s is not None for _, s in elements)

    weight_total = sum(1.0 if is_core else 0.5 for is_core, _ in elements)
    raw = sum((1.0 if is_core else 0.5) * values.of(s) for is_core, s in elements)
    score = 100.0 * raw / weight_total if weight_total else 0.0

    if strong_core >= needed and (any_commitment or not policy.needs_commitment):
        return Status.met, round(max(60.0, score), 1)
    if any_evidence:
        return Status.partial, round(min(59.0, max(1.0, score)), 1)
    return Status.missing, 0.0


def overall_score(results: list[RequirementResult], weights: Weights) -> float:
    """Kind-weighted mean of requirement scores, 0-100."""
    total = weight_sum = 0.0
    for r in results:
        w = float(getattr(weights, r.kind.value))
        total += w * r.score
        weight_sum += w
    return round(total / weight_sum, 1) if weight_sum else 0.0
