"""Tests for waivers and the CI gate (jfp.gate)."""
from __future__ import annotations

from datetime import date

import pytest
import reportdata

from jfp.config import Waiver
from jfp.gate import apply_waivers, evaluate_gate, exit_code, fails_gate
from jfp.models import Kind, Status


def _result(report, rid):
    return next(r for r in report.results if r.id == rid)


def test_waiver_marks_requirement_but_keeps_status():
    report = apply_waivers(reportdata.make_report(),
                           [Waiver(id="research", reason="Annex D", expires=date(2026, 6, 30))],
                           reportdata.TODAY)
    research = _result(report, "research")
    assert research.waived and research.status is Status.missing
    assert research.waiver_reason == "Annex D" and research.waiver_expires == "2026-06-30"
    assert report.warnings == []
    assert sum(r.waived for r in report.results) == 1


def test_waiver_by_code_is_accepted_and_applies_on_its_expiry_day():
    report = apply_waivers(reportdata.make_report(),
                           [Waiver(id="s13", reason="Annex D", expires=reportdata.TODAY)],
                           reportdata.TODAY)
    assert _result(report, "research").waived


def test_expired_and_unknown_waivers_warn_and_do_not_apply():
    report = apply_waivers(reportdata.make_report(), reportdata.make_waivers(), reportdata.TODAY)
    assert not _result(report, "digital-data").waived
    assert _result(report, "children-young-people").waived
    assert "waiver for digital-data expired on 2026-01-31" in report.warnings
    assert any("no-such-requirement" in w and "jfp-2024-25" in w for w in report.warnings)


def test_statutory_gate_fails_on_missing_statutory_only():
    report = evaluate_gate(reportdata.make_report(), "statutory")
    assert not report.gate.passed
    assert report.gate.reasons == [
        "missing statutory: S13 research, S15 climate-change, S17 children-young-people"]


def test_waived_requirement_does_not_fail_the_gate():
    report = reportdata.make_checked_report("statutory")
    assert report.gate.reasons == ["missing statutory: S13 research, S15 climate-change"]
    report = apply_waivers(report, [Waiver(id="research", reason="x"), Waiver(id="S15", reason="y")],
                           reportdata.TODAY)
    assert evaluate_gate(report, "statutory").gate.passed


def test_process_level_adds_missing_process_requirements():
    gate = reportdata.make_checked_report("process").gate
    assert gate.reasons == ["missing statutory: S13 research, S15 climate-change",
                            "missing process: P02 hwb-opinion"]


def test_any_level_counts_partial_and_recommended():
    gate = reportdata.make_checked_report("any").gate
    joined = " | ".join(gate.reasons)
    assert "missing recommended: R03 digital-data" in joined
    assert "partial statutory: S09 public-involvement, S16 abuse-victims" in joined
    assert "partial recommended: R05 procurement" in joined
    assert "S17" not in joined  # waived


def test_none_level_never_fails_on_status_but_fail_under_still_applies():
    report = reportdata.make_checked_report("none")
    assert report.gate.passed and report.gate.reasons == []
    low = reportdata.make_checked_report("none", fail_under=report.score + 0.5)
    assert not low.gate.passed
    assert low.gate.reasons == [f"score {report.score:g} is under {report.score + 0.5:g}"]
    assert reportdata.make_checked_report("none", fail_under=report.score).gate.passed


def test_gate_records_its_configuration():
    gate = reportdata.make_checked_report("process", fail_under=50).gate
    assert gate.fail_on == "process" and gate.fail_under == 50


@pytest.mark.parametrize("level,kinds", [
    ("statutory", {Kind.statutory}), ("process", {Kind.statutory, Kind.process}),
    ("any", set(Kind)), ("none", set()),
])
def test_fails_gate_for_missing_by_level(level, kinds):
    report = reportdata.make_report()
    for r in report.results:
        if r.status is Status.missing:
            assert fails_gate(r, level) == (r.kind in kinds)
        if r.status is Status.met:
            assert not fails_gate(r, level)


def test_unknown_level_is_rejected():
    with pytest.raises(ValueError):
        fails_gate(reportdata.make_report().results[0], "sometimes")


def test_exit_code():
    passed = reportdata.make_checked_report("none")
    failed = reportdata.make_checked_report("statutory")
    assert exit_code([passed]) == 0
    assert exit_code([passed, failed]) == 1
    assert exit_code([]) == 0


def test_the_report_contract_names_the_same_gate_levels_as_the_options():
    # The Report model spells the levels out (its JSON schema is the contract); they must be
    # jfp.options.FailOn's, in the same order.
    from typing import get_args

    from jfp.models import Gate
    from jfp.options import FailOn

    assert get_args(Gate.model_fields["fail_on"].annotation) == tuple(level.value for level in FailOn)
