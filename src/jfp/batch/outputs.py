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
import tempfile
import unicodedata
from pathlib import Path

from jfp.errors import UsageError
from jfp.models import Report

REPORTS_DIR = "reports"
# File suffix per report format (the names of jfp.report.Format's members).
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
    ascii_name = unicodedata.normalize("NFKD", path.name).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_name.replace(".", "_")).strip("-_")
    cleaned = cleaned[:_MAX_STEM].rstrip("-_") or "document"
    digest = hashlib.sha256(os.path.abspath(path).encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{cleaned}-{digest}"


def report_name(stem: str, fmt: str) -> str:
    """Path of one report relative to the batch output directory (always forward slashes)."""
    return f"{REPORTS_DIR}/{stem}{FORMAT_SUFFIX[fmt]}"


def write_text_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a reader or a Ctrl-C never sees half a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _reporters():
    try:
        from jfp import report as reporters
    except ImportError:
        return None
    return reporters if hasattr(reporters, "render") else None


def available_formats() -> list[str]:
    """Report formats this installation can write (JSON always)."""
    reporters = _reporters()
    if reporters is None:
        return ["json"]
    names = [getattr(f, "value", str(f)) for f in reporters.Format]
    return [n for n in FORMAT_SUFFIX if n in names or n == "json"]


def check_formats(formats: list[str] | tuple[str, ...]) -> list[str]:
    """JSON plus the requested formats, de-duplicated; UsageError for one we cannot write."""
    wanted = ["json"] + [f.lower() for f in formats if f.lower() != "json"]
    known = available_formats()
    for fmt in wanted:
        if fmt not in known:
            raise UsageError(f"unknown or unavailable report format '{fmt}'; use one of {', '.join(known)}.")
    return list(dict.fromkeys(wanted))


def render_report(report: Report, fmt: str) -> str:
    """One report in one format; JSON falls back to the model's own dump until jfp.report lands."""
    reporters = _reporters()
    if reporters is None:
        if fmt != "json":
            raise UsageError(f"report format '{fmt}' needs jfp.report, which is not installed.")
        return report.model_dump_json(indent=2) + "\n"
    text = reporters.render(report, reporters.Format(fmt))
    return text if text.endswith("\n") else text + "\n"


def write_reports(report: Report, out_dir: Path, stem: str, formats: list[str]) -> dict[str, str]:
    """Write every requested format for one document; returns format -> relative path."""
    written: dict[str, str] = {}
    for fmt in formats:
        rel = report_name(stem, fmt)
        write_text_atomic(out_dir / rel, render_report(report, fmt))
        written[fmt] = rel
    return written


def remove_reports(out_dir: Path, stem: str) -> None:
    """Delete a document's old reports, so an error row never sits beside a stale report."""
    for fmt in FORMAT_SUFFIX:
        (out_dir / report_name(stem, fmt)).unlink(missing_ok=True)
