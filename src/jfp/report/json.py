"""The JSON report of report-contract.md: the ``Report`` model as JSON, ``hits`` only when verbose.

``docs/report.schema.json`` describes this output; a test validates rendered reports against it.
Fields added after schema version 1 first shipped (the pack's reason, elements not checked,
the footprint, an element's missing bodies) are left out when they are unset, so a report
that has none of them reads exactly as before.
"""
from __future__ import annotations

from typing import Any

from jfp.models import Report


def _exclusions(report: Report, verbose: bool) -> dict[str, Any] | None:
    """What to leave out: hits unless verbose, and every optional field that is unset."""
    out: dict[str, Any] = {}
    results: dict[Any, Any] = {}
    for i, result in enumerate(report.results):
        entry: dict[str, Any] = {} if verbose else {"hits": True}
        empty = {j: {"missing_bodies"} for j, e in enumerate(result.elements) if not e.missing_bodies}
        if empty:
            entry["elements"] = empty
        if entry:
            results[i] = entry
    if results:
        out["results"] = results
    if report.rulepack.reason is None:
        out["rulepack"] = {"reason"}
    if not report.not_checked:
        out["not_checked"] = True
    if report.footprint is None:
        out["footprint"] = True
    return out or None


def render(report: Report, *, verbose: bool = False) -> str:
    """The report as indented JSON (UTF-8 text, non-ASCII kept), ending in a newline."""
    return report.model_dump_json(indent=2, exclude=_exclusions(report, verbose)) + "\n"
