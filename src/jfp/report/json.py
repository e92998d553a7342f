"""The JSON report of report-contract.md: the ``Report`` model as JSON, ``hits`` only when verbose.

``docs/report.schema.json`` describes this output; a test validates rendered reports against it.
Fields added after schema version 1 first shipped (the pack's reason, elements not checked,
the footprint, an element's missing bodies) are left out when they are unset, so a report
that has none of them reads exactly as before.

``jfp check`` prints ``render_many``: one object whatever the number of plans, with every
plan's report in ``reports`` (and, for exactly one plan, that report's fields at the top
level too, as schema version 1 always had them).
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from jfp import __version__
from jfp.errors import DocumentError
from jfp.models import Report
from jfp.safe_text import escape_json


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
    # Quotes keep their characters, but C1 and bidi controls as \u escapes (jfp.safe_text).
    return escape_json(report.model_dump_json(indent=2, exclude=_exclusions(report, verbose))) + "\n"


def unread_entry(exc: DocumentError) -> dict:
    """A plan that could not be read, as the ``unreadable`` list shows it."""
    return {"path": exc.path, "reason": exc.reason, "message": exc.detail}


def render_many(reports: list[Report], *, verbose: bool = False, unread: Sequence[DocumentError] = ()) -> str:
    """One JSON object for any number of plans (report-contract.md, "Several plans")."""
    dumped = [report.model_dump(mode="json", exclude=_exclusions(report, verbose)) for report in reports]
    out: dict = dict(dumped[0]) if len(dumped) == 1 else {
        "schema_version": "1", "tool": {"name": "jfp", "version": __version__}}
    out["reports"] = dumped
    out["unreadable"] = [unread_entry(exc) for exc in unread]
    return escape_json(json.dumps(out, indent=2, ensure_ascii=False)) + "\n"
