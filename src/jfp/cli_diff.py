"""``jfp diff OLD NEW`` and the saved reports ``jfp check --baseline`` reads (docs/diff.md).

OLD and NEW are plans (checked now, with every hit kept so a quote that moved is not taken
for one that went) or JSON reports saved by ``jfp check --format json`` or ``jfp batch``.
Exit code: 0 nothing got worse, 1 a requirement got worse, 2 usage error, 3 a plan could
not be read.
"""
from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path, PurePath

from jfp.errors import DocumentError, JfpError, UsageError
from jfp.output import say, write

FORMATS = ("table", "markdown", "json")


def load_saved_reports(path: Path) -> list:
    """The reports in a saved JSON file: one report, or ``jfp check``'s object with ``reports``."""
    from pydantic import ValidationError

    from jfp.models import Report

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: not a JSON report ({exc})") from None
    items = data.get("reports") if isinstance(data, dict) and "reports" in data else [data]
    try:
        return [Report.model_validate(item) for item in items]
    except ValidationError as exc:
        raise UsageError(f"{path}: not a jfp JSON report ({exc.error_count()} fields do not fit the report schema)") from None


def match_baseline(report, baseline: list):
    """The baseline report for ``report``: the only one, else the one with the same path,
    else the only one with the same file name; None when there is none."""
    if len(baseline) == 1:
        return baseline[0]
    same = [b for b in baseline if b.document.path == report.document.path]
    if not same:
        name = PurePath(report.document.path).name
        same = [b for b in baseline if PurePath(b.document.path).name == name]
    return same[0] if len(same) == 1 else None


def diff_parser():
    from jfp.cli_options import Parser, add_gate_flags, add_run_flags

    p = Parser(prog="jfp diff", usage="%(prog)s [OPTIONS] OLD NEW",
               description="Compare two versions of a plan: what got better, what got worse, what evidence went. "
                           "Exit code: 0 nothing got worse, 1 something got worse.")
    p.add_argument("old", type=Path, metavar="OLD", help="The earlier plan, or a JSON report saved by jfp check.")
    p.add_argument("new", type=Path, metavar="NEW", help="The later plan, or a JSON report.")
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="table (plain lines), markdown or json.")
    add_gate_flags(p, "Config file for checking plans (default: found as jfp check finds it).")
    add_run_flags(p)
    # build_options("check", ...) reads these; diff always keeps every hit of a plan it checks.
    p.set_defaults(output=[], verbose=True, combine=False, quiet=False)
    return p


def _report(path: Path, ns: argparse.Namespace):
    if path.suffix.lower() == ".json":
        reports = load_saved_reports(path)
        if len(reports) != 1:
            raise UsageError(f"{path} holds {len(reports)} reports; jfp diff compares one plan with one plan")
        return reports[0]
    from jfp.cli_options import build_options
    from jfp.pipeline import load_pack
    from jfp.runner import check

    flags = argparse.Namespace(**{**vars(ns), "format": None})  # diff's --format is not a report format
    options = replace(build_options("check", flags, [path]), verbose=True)
    return check([path], options, load_pack(options))


def diff(ns: argparse.Namespace) -> int:
    from jfp.report import diff as compare

    try:
        old, new = _report(ns.old, ns), _report(ns.new, ns)
    except DocumentError as exc:
        say(f"jfp: {exc}", err=True)
        return 3
    except JfpError as exc:
        say(f"jfp: {exc}", err=True)
        return exc.exit_code
    d = compare.compare(old, new)
    render = {"table": compare.render_text, "markdown": compare.render_markdown, "json": compare.render_json}[ns.format]
    write(render(d), "json" if ns.format == "json" else "markdown")
    return 1 if d["worse"] else 0
