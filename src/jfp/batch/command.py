"""The ``jfp batch`` command: options in, ``run_batch`` called, exit code out."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jfp.errors import JfpError, UsageError


def run_batch(*args, **kwargs):
    """``jfp.batch.runner.run_batch``, imported when a batch actually runs."""
    from jfp.batch.runner import run_batch as run

    return run(*args, **kwargs)


def batch_parser() -> argparse.ArgumentParser:
    """``jfp batch``'s options; the ones it shares with ``check`` come from ``jfp.cli_options``."""
    from jfp.cli_options import Parser, add_gate_flags, add_run_flags, report_format_flag
    from jfp.options import ReportFormat, choices

    p = Parser(
        prog="jfp batch",
        usage="%(prog)s [OPTIONS] --out DIR PATH...",
        description="Check many plans against one rule pack; write per-plan reports and a comparable summary. "
                    "Exit code: 0 all passed, 1 some failed the gate, 3 some could not be read, 130 interrupted.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="Plans: files, folders (searched recursively) or glob patterns.")
    p.add_argument("--exclude", action="append", default=[], metavar="PATTERN",
                   help="Leave out files matching this glob (name or path, e.g. 'drafts/*'); repeatable. "
                        "READMEs, changelogs, licences and the like are never plans.")
    p.add_argument("--out", "-o", type=Path, required=True, metavar="DIR",
                   help="Folder for the reports and summaries (created if needed).")
    report_format_flag(p, repeatable=True,
                       help=f"Report format per document (repeatable: {choices(ReportFormat)}; default: the config's "
                            "format); JSON is always written.")
    add_gate_flags(p, "Config file (default: jfp.toml or [tool.jfp] found upward from the current folder, "
                      "never inside the input folders).")
    p.add_argument("--force", action="store_true", help="Re-check every document, even unchanged ones.")
    p.add_argument("--quiet", "-q", action="store_true", help="One log line per document instead of a progress bar.")
    add_run_flags(p)
    return p


def batch(ns: argparse.Namespace) -> int:
    """Check many plans against one rule pack; write per-plan reports and a comparable summary."""
    from jfp.batch.discover import find_plans
    from jfp.batch.progress import make_progress
    from jfp.output import say
    from jfp.cli_options import build_options

    out: Path = ns.out
    try:
        options = build_options("batch", ns, [Path(p) for p in ns.paths])
        from jfp.input_guard import refuse_inputs_as_outputs

        refuse_inputs_as_outputs([out], ns.paths, flag="--out")
        if out.exists() and not out.is_dir():
            raise UsageError(f"--out {out} is a file, not a folder.")
        found = find_plans(ns.paths, exclude=[out], patterns=ns.exclude)
        if not found.entries:
            raise UsageError("no documents found (looked for .docx, .pdf, .md and .txt files).")
        result = run_batch(found.entries, out, options, progress=make_progress(options.quiet), skipped=found.skipped)
    except JfpError as exc:
        say(f"jfp: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:  # before any plan started (finding or hashing files): nothing to keep
        say("jfp: interrupted.", err=True)
        return 130
    except OSError as exc:  # the output folder, not a plan: nothing useful can be written
        say(f"jfp: cannot write to {out}: {exc.strerror or exc}.", err=True)
        return 2
    rows = result.rows
    errors = sum(r.outcome == "error" for r in rows)
    failed = sum(r.gate_passed is False for r in rows)
    reused = sum(r.reused for r in rows)
    line = f"jfp batch: {len(rows) - errors} checked ({failed} failed the gate), {errors} could not be read"
    if reused:
        line += f", {reused} unchanged since the last run"
    if result.interrupted:
        line += f"; interrupted after {len(rows)} of {result.total}, re-run to finish"
    say(f"{line}. Summary: {out / 'summary.html'}", err=True)
    sys.stderr.flush()
    return result.exit_code
