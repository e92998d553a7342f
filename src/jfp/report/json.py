"""The JSON report of report-contract.md: the ``Report`` model as JSON, ``hits`` only when verbose.

``docs/report.schema.json`` describes this output; a test validates rendered reports against it.
``jfp check`` prints ``render_many``: one object whatever the number of plans, with every
plan's report in ``reports`` (and, for exactly one plan, that report's fields at the top
level too, as schema version 1 always had them).
"""
from __future__ import annotations

import json
from collections.abc import Sequence

from jfp import __version__
from jfp.errors import DocumentError
from jfp.models import Report

# Every hit can run to hundreds of quotes per requirement: only --verbose asks for them.
_NO_HITS = {"results": {"__all__": {"hits"}}}


def render(report: Report, *, verbose: bool = False) -> str:
    """The report as indented JSON (UTF-8 text, non-ASCII kept), ending in a newline."""
    return report.model_dump_json(indent=2, exclude=None if verbose else _NO_HITS) + "\n"


def unread_entry(exc: DocumentError) -> dict:
    """A plan that could not be read, as the ``unreadable`` list shows it."""
    return {"path": exc.path, "reason": exc.reason, "message": exc.detail}


def render_many(reports: list[Report], *, verbose: bool = False, unread: Sequence[DocumentError] = ()) -> str:
    """One JSON object for any number of plans (report-contract.md, "Several plans")."""
    dumped = [report.model_dump(mode="json", exclude=None if verbose else _NO_HITS) for report in reports]
    out: dict = dict(dumped[0]) if len(dumped) == 1 else {
        "schema_version": "1", "tool": {"name": "jfp", "version": __version__}}
    out["reports"] = dumped
    out["unreadable"] = [unread_entry(exc) for exc in unread]
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"
