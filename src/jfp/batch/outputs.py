"""Where a batch puts each document's reports, and how it writes them safely.

Report file names come from the input path but are sanitised (ASCII letters, digits,
``-`` and ``_`` only, no directories) and carry a short hash of the full input path, so
two ``plan.docx`` files from different folders never overwrite each other and a name
never escapes the output directory.
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

from jfp.errors import UsageError
from jfp.models import Report
from jfp.report import Format, render, write_report

REPORTS_DIR = "reports"
# File suffix per report format (jfp.report.Format values; a test checks they match).
FORMAT_SUFFIX = {
    "json": ".json",
    "table": ".txt",
    "markdown": ".md",
    "html": ".html",
    "sarif": ".sarif",
    "junit": ".junit.xml",
}
_MAX_STEM = 60


def output_stem(path: Path) -> str:
    """A safe, unique, stable base name for one input file's reports."""
    # Accents go ("é" -> "e"); any other character becomes a separator rather than vanishing.
    decomposed = unicodedata.normalize("NFKD", path.name)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", base.replace(".", "_")).strip("-_")
    cleaned = cleaned[:_MAX_STEM].rstrip("-_") or "document"
    digest = hashlib.sha256(os.path.abspath(path).encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{cleaned}-{digest}"


def report_name(stem: str, fmt: str) -> str:
    """Path of one report relative to the batch output directory (always forward slashes)."""
    return f"{REPORTS_DIR}/{stem}{FORMAT_SUFFIX[fmt]}"


def available_formats() -> list[str]:
    """Report formats a batch can write per document (every reporter format)."""
    return [f.value for f in Format]


def check_formats(formats: list[str] | tuple[str, ...]) -> list[str]:
    """JSON plus the requested formats, de-duplicated; UsageError for an unknown one."""
    wanted = ["json"] + [f.lower() for f in formats if f.lower() != "json"]
    for fmt in wanted:
        if fmt not in FORMAT_SUFFIX:
            raise UsageError(f"unknown report format '{fmt}'; use one of {', '.join(available_formats())}.")
    return list(dict.fromkeys(wanted))


def write_reports(report: Report, out_dir: Path, stem: str, formats: list[str]) -> dict[str, str]:
    """Write every requested format for one document; returns format -> relative path."""
    written: dict[str, str] = {}
    for fmt in formats:
        rel = report_name(stem, fmt)
        write_report(out_dir / rel, render(report, Format(fmt)))
        written[fmt] = rel
    return written


def remove_reports(out_dir: Path, stem: str) -> None:
    """Delete a document's old reports, so an error row never sits beside a stale report."""
    for fmt in FORMAT_SUFFIX:
        (out_dir / report_name(stem, fmt)).unlink(missing_ok=True)
