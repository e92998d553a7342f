"""Waivers and the CI gate: pure functions from a ``Report`` to a ``Report``.

The gate decides exit code 1. Its levels (``--fail-on``):

- ``statutory``: fails when a statutory requirement is ``missing`` (the default);
- ``process``: fails when a statutory or process requirement is ``missing``;
- ``any``: fails when any requirement of any kind is not ``met`` (partial counts, and so do
  recommended requirements): the strictest level, for a plan about to be published;
- ``none``: never fails on status (``--fail-under`` may still fail it).

A waived requirement never fails the gate on status. ``--fail-under`` compares the report's
overall score, which waivers do not change.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from jfp.models import Gate, Kind, Report, RequirementResult, Status
from jfp.options import FailOn

if TYPE_CHECKING:
    from jfp.config import Waiver

FAIL_ON_LEVELS: tuple[str, ...] = tuple(level.value for level in FailOn)

# Which kinds a missing requirement fails the gate for, per level ("any" also counts partial).
_MISSING_KINDS: dict[str, frozenset[Kind]] = {
    FailOn.statutory: frozenset({Kind.statutory}),
    FailOn.process: frozenset({Kind.statutory, Kind.process}),
    FailOn.any: frozenset(Kind),
    FailOn.none: frozenset(),
}


def fails_gate(result: RequirementResult, fail_on: str) -> bool:
    """Whether this requirement on its own fails a gate at level ``fail_on``."""
    if fail_on not in _MISSING_KINDS:
        raise ValueError(f"unknown fail_on level {fail_on!r}; use one of {', '.join(FAIL_ON_LEVELS)}")
    if result.waived or result.status is Status.met:
        return False
    if result.status is Status.partial:
        return fail_on == "any"
    return result.kind in _MISSING_KINDS[fail_on]


def apply_waivers(report: Report, waivers: Sequence[Waiver], today: date) -> Report:
    """Mark waived requirements (status kept) and warn about expired or unknown waivers.

    A waiver names a requirement by id ("research") or code ("S13"). It applies through
    its ``expires`` date inclusive; after that it is ignored with a warning so an
    accepted gap cannot stay hidden for ever.
    """
    by_key: dict[str, int] = {}
    for i, r in enumerate(report.results):
        by_key[r.id] = i
        by_key[r.code.upper()] = i
    results = list(report.results)
    warnings = list(report.warnings)
    for waiver in waivers:
        index = by_key.get(waiver.id, by_key.get(waiver.id.upper()))
        if index is None:
            warnings.append(
                f"waiver for {waiver.id} matches no requirement of rule pack {report.rulepack.id}"
            )
            continue
        target = results[index]
        if waiver.expires is not None and waiver.expires < today:
            warnings.append(f"waiver for {target.id} expired on {waiver.expires.isoformat()}")
            continue
        results[index] = target.model_copy(update={
            "waived": True,
            "waiver_reason": waiver.reason,
            "waiver_expires": waiver.expires.isoformat() if waiver.expires else None,
        })
    return report.model_copy(update={"results": results, "warnings": warnings})


def _format_score(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def gate_reasons(results: Iterable[RequirementResult], fail_on: str) -> list[str]:
    """One reason per (status, kind) group of failing requirements, statutory first."""
    groups: dict[tuple[Status, Kind], list[str]] = {}
    for r in results:
        if fails_gate(r, fail_on):
            groups.setdefault((r.status, r.kind), []).append(f"{r.code} {r.id}")
    order = [(s, k) for s in (Status.missing, Status.partial) for k in Kind]
    return [f"{s.value} {k.value}: {', '.join(groups[(s, k)])}" for s, k in order if (s, k) in groups]


def evaluate_gate(report: Report, fail_on: str = "statutory", fail_under: float | None = None) -> Report:
    """Fill ``report.gate``: whether the report passes at ``fail_on`` and ``fail_under``, and why not."""
    reasons = gate_reasons(report.results, fail_on)
    if fail_under is not None and report.score < fail_under:
        reasons.append(f"score {_format_score(report.score)} is under {_format_score(fail_under)}")
    gate = Gate(fail_on=fail_on, fail_under=fail_under, passed=not reasons, reasons=reasons)
    return report.model_copy(update={"gate": gate})


def exit_code(reports: Iterable[Report]) -> int:
    """0 when every report passed its gate, 1 when any failed (report-contract.md)."""
    return 0 if all(r.gate.passed for r in reports) else 1


def apply_baseline(report: Report, baseline: Report, source: str) -> Report:
    """Only new gaps fail the gate (``jfp check --baseline``): a requirement that fails the
    gate now and already failed it in ``baseline`` (matched by id, at today's level) is
    marked waived with the reason "known gap", keeping its status in every report, and
    the gate is evaluated again. ``--fail-under`` still applies to the score as it is."""
    gate = report.gate
    known = {r.id for r in baseline.results if fails_gate(r, gate.fail_on)}
    results = [r.model_copy(update={"waived": True, "waiver_reason": f"known gap: already in the baseline {source}",
                                    "waiver_expires": None})
               if r.id in known and fails_gate(r, gate.fail_on) else r for r in report.results]
    count = sum(r.id in known and fails_gate(r, gate.fail_on) for r in report.results)
    warnings = list(report.warnings) + ([f"baseline {source}: {count} known gap(s) do not fail the gate"] if count else [])
    return evaluate_gate(report.model_copy(update={"results": results, "warnings": warnings}),
                         gate.fail_on, gate.fail_under)
