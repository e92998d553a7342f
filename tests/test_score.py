"""Tests for requirement statuses, score bands and the kind-weighted overall score (jfp.engine.score)."""
from __future__ import annotations

import pytest

from jfp.engine.schema import MetPolicy, StrengthValues, Weights
from jfp.engine.score import cap, overall_score, requirement_status, strongest
from jfp.models import Kind, RequirementResult, Status, Strength

C, S, M, N = Strength.commitment, Strength.statement, Strength.mention, None
VALUES = StrengthValues()
DEFAULT = MetPolicy()


def _status(elements, policy=DEFAULT):
    return requirement_status(elements, policy, VALUES)


def _in_band(status: Status, score: float) -> bool:
    return {Status.met: 60 <= score <= 100, Status.partial: 1 <= score <= 59, Status.missing: score == 0}[status]


@pytest.mark.parametrize(
    "elements, status",
    [
        ([(True, C), (True, S)], Status.met),
        ([(True, C), (True, N)], Status.met),  # half the core elements is the default fraction
        ([(True, S), (True, S)], Status.partial),  # no commitment anywhere
        ([(True, S), (False, C)], Status.met),  # the commitment may come from a supporting element
        ([(True, M), (True, M)], Status.partial),  # mentions never make core coverage
        ([(True, N), (True, N), (False, M)], Status.partial),  # any evidence at all is partial
        ([(True, N), (True, N)], Status.missing),
        ([(True, N), (False, N)], Status.missing),
        ([(True, C), (True, N), (True, N)], Status.partial),  # 1 of 3 core is under half
        ([(True, C), (True, S), (True, N)], Status.met),
    ],
)
def test_status_bands(elements, status):
    got, score = _status(elements)
    assert got is status
    assert _in_band(got, score), f"score {score} outside the {got.value} band"


def test_core_fraction_is_configurable():
    elements = [(True, C), (True, N), (True, N), (True, N)]
    assert _status(elements, MetPolicy(core_fraction=0.25))[0] is Status.met
    assert _status(elements, MetPolicy(core_fraction=0.5))[0] is Status.partial
    assert _status([(True, C), (True, S), (True, N)], MetPolicy(core_fraction=1.0))[0] is Status.partial


def test_needs_commitment_false_meets_on_statements():
    elements = [(True, S)]
    assert _status(elements)[0] is Status.partial
    assert _status(elements, MetPolicy(needs_commitment=False))[0] is Status.met


def test_needs_commitment_false_still_needs_core_statement_strength():
    assert _status([(True, M)], MetPolicy(needs_commitment=False))[0] is Status.partial


def test_score_grows_with_evidence_strength():
    scores = [_status([(True, s), (True, s), (False, s)])[1] for s in (M, S, C)]
    assert scores == sorted(scores) and len(set(scores)) == 3


def test_full_commitments_score_100_and_missing_scores_0():
    assert _status([(True, C), (False, C)]) == (Status.met, 100.0)
    assert _status([(True, N), (False, N)]) == (Status.missing, 0.0)


def test_weak_met_is_lifted_into_the_met_band_and_strong_partial_held_below_it():
    met, met_score = _status([(True, C), (True, N), (False, N), (False, N)])
    assert met is Status.met and met_score >= 60
    partial, partial_score = _status([(True, S), (True, S), (False, S)])
    assert partial is Status.partial and partial_score <= 59


def test_core_elements_weigh_more_than_supporting_ones():
    core_hit = _status([(True, S), (False, N)])[1]
    supporting_hit = _status([(True, N), (False, S)])[1]
    assert core_hit > supporting_hit


def test_strength_values_change_scores():
    low = requirement_status([(True, S), (True, N)], DEFAULT, StrengthValues(statement=0.2))[1]
    high = requirement_status([(True, S), (True, N)], DEFAULT, StrengthValues(statement=0.9))[1]
    assert low < high


def test_strongest_and_cap():
    assert strongest([M, None, C, S]) is C
    assert strongest([]) is None
    assert cap(C, M) is M
    assert cap(M, S) is M
    assert cap(C, None) is C
    assert cap(None, M) is None


# --- overall_score -----------------------------------------------------------------------


def _result(kind: Kind, score: float) -> RequirementResult:
    status = Status.met if score >= 60 else Status.partial if score > 0 else Status.missing
    return RequirementResult(id=f"r{kind.value}{score}", code="X01", title="t", kind=kind, status=status, score=score)


def test_overall_score_weights_by_kind():
    results = [_result(Kind.statutory, 100), _result(Kind.process, 0), _result(Kind.recommended, 40)]
    # (3*100 + 2*0 + 1*40) / 6
    assert overall_score(results, Weights()) == pytest.approx(56.7, abs=0.05)


def test_overall_score_with_custom_weights():
    results = [_result(Kind.statutory, 100), _result(Kind.recommended, 0)]
    assert overall_score(results, Weights(statutory=1, recommended=1)) == 50.0
    assert overall_score(results, Weights(statutory=3, recommended=1)) == 75.0


def test_overall_score_of_nothing_is_zero():
    assert overall_score([], Weights()) == 0.0
