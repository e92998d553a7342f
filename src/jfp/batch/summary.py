"""The batch summaries: ``summary.csv`` for spreadsheets, ``summary.json`` for tools.

Both have one row per document in input order, with the same columns; requirement
columns are named by code and id ("S01 integration") in rule-pack order. CSV cells that a
spreadsheet would run as a formula (leading ``=``, ``+``, ``-``, ``@``, tab or CR) are
prefixed with ``'`` because file names and titles come from the documents.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from jfp import __version__
from jfp.batch.heatmap import render_heatmap
from jfp.batch.manifest import report_settings
from jfp.report import write_report
from jfp.batch.results import BatchResult, DocResult, ReqCell, requirement_columns
from jfp.options import Options

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BASE_COLUMNS = [
    "file", "icb", "title", "format", "pages", "words", "score", "met", "partial", "missing",
    "gate", "outcome", "error_reason", "error", "report",
]


@dataclass(frozen=True)
class RunInfo:
    """How the batch was run, for summary.json."""

    started: str
    seconds: float
    jobs: int
    timeout: float
    formats: list[str]
    pack_id: str
    pack_version: str
    pack_title: str
    options: Options


def neutralise(value: object) -> str:
    """A CSV cell as text that a spreadsheet will show, never execute."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def main_report(row: DocResult) -> str:
    """The report a person should open for this row: HTML when written, else JSON."""
    return row.reports.get("html") or row.reports.get("json") or ""


def row_record(row: DocResult, columns: list[ReqCell]) -> dict[str, object]:
    """One flat record (the CSV row and the JSON document entry share these keys)."""
    counts = row.counts
    record: dict[str, object] = {
        "file": row.file,
        "icb": row.icb,
        "title": row.title,
        "format": row.format,
        "pages": row.pages,
        "words": row.words if row.outcome == "checked" else None,
        "score": row.score,
        "met": counts.met if counts else None,
        "partial": counts.partial if counts else None,
        "missing": counts.missing if counts else None,
        "gate": None if row.gate_passed is None else ("pass" if row.gate_passed else "fail"),
        "outcome": row.outcome,
        "error_reason": row.error_reason,
        "error": row.error,
        "report": main_report(row) or None,
    }
    statuses = {c.column: ("waived" if c.waived else c.status) for c in row.requirements}
    for col in columns:
        record[col.column] = statuses.get(col.column)
    return record


def render_csv(result: BatchResult) -> str:
    """summary.csv text."""
    columns = requirement_columns(result.rows)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([neutralise(c) for c in BASE_COLUMNS + [c.column for c in columns]])
    for row in result.rows:
        record = row_record(row, columns)
        writer.writerow([neutralise(v) for v in record.values()])
    return buf.getvalue()


def _requirement_totals(result: BatchResult, columns: list[ReqCell]) -> list[dict[str, object]]:
    totals = []
    for col in columns:
        counts = {"met": 0, "partial": 0, "missing": 0, "waived": 0}
        for row in result.rows:
            for cell in row.requirements:
                if cell.column == col.column:
                    key = "waived" if cell.waived else cell.status
                    counts[key] = counts.get(key, 0) + 1
        totals.append({"code": col.code, "id": col.id, "title": col.title, "kind": col.kind, **counts})
    return totals


def render_json(result: BatchResult, info: RunInfo) -> str:
    """summary.json text: run info, rule pack, per-requirement totals and one entry per document."""
    columns = requirement_columns(result.rows)
    rows = result.rows
    data = {
        "schema_version": "1",
        "tool": {"name": "jfp", "version": __version__},
        "rulepack": {"id": info.pack_id, "version": info.pack_version, "title": info.pack_title},
        "run": {
            "started": info.started,
            "seconds": info.seconds,
            "jobs": info.jobs,
            "timeout": info.timeout,
            "formats": info.formats,
            "settings": report_settings(info.options),
            "interrupted": result.interrupted,
            "exit_code": result.exit_code,
            "total": result.total,
            "done": len(rows),
            "checked": sum(r.outcome == "checked" for r in rows),
            "errors": sum(r.outcome == "error" for r in rows),
            "gate_failed": sum(r.gate_passed is False for r in rows),
            "reused": sum(r.reused for r in rows),
        },
        "requirements": _requirement_totals(result, columns),
        "documents": [
            {**row_record(r, columns), "sha256": r.sha256, "reused": r.reused, "seconds": r.seconds, "cpu_seconds": r.cpu_seconds, "peak_mb": r.peak_mb,
             "gate_reasons": r.gate_reasons, "reports": r.reports}
            for r in rows
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_summaries(out_dir: Path, result: BatchResult, info: RunInfo) -> None:
    """Write summary.csv, summary.json and summary.html into the output directory."""
    write_report(out_dir / "summary.csv", render_csv(result))
    write_report(out_dir / "summary.json", render_json(result, info))
    title = f"jfp batch: {info.pack_id} {info.pack_version}"
    write_report(out_dir / "summary.html", render_heatmap(result, title))
