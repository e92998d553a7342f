"""The JSON report of report-contract.md: the ``Report`` model as JSON, ``hits`` only when verbose.

``docs/report.schema.json`` describes this output; a test validates rendered reports against it.
"""
from __future__ import annotations

from jfp.models import Report
from jfp.safe_text import escape_json

# Every hit can run to hundreds of quotes per requirement: only --verbose asks for them.
_NO_HITS = {"results": {"__all__": {"hits"}}}


def render(report: Report, *, verbose: bool = False) -> str:
    """The report as indented JSON (UTF-8 text, non-ASCII kept), ending in a newline."""
    # Quotes keep their characters, but C1 and bidi controls as \u escapes (jfp.safe_text).
    return escape_json(report.model_dump_json(indent=2, exclude=None if verbose else _NO_HITS)) + "\n"
