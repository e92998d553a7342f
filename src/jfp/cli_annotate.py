"""``jfp annotate``: write a copy of a Word plan with the findings as comments (docs/annotate.md).

The plan is read and checked exactly as ``jfp check`` reads and checks it (the same flags,
config file, waivers, runner and sandbox), so the comments say what the report says. The
exit codes are check's: 0 the gate passed, 1 it failed (the copy is written either way),
2 a usage error (a bad option, a PDF or text plan, an output that would overwrite the
plan), 3 the plan could not be read.
"""
from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from jfp.cli_options import Parser
from jfp.errors import DocumentError, JfpError
from jfp.output import say

SUMMARY = "Write a copy of a Word plan with the findings as comments in the margin."


def annotate_parser() -> Parser:
    from jfp.cli_options import add_gate_flags, add_run_flags

    p = Parser(prog="jfp annotate", usage="%(prog)s [OPTIONS] FILE", description=SUMMARY)
    p.add_argument("file", type=Path, metavar="FILE", help="A plan in Word format (.docx).")
    p.add_argument("--output", "-o", dest="copy", type=Path, metavar="FILE",
                   help="Where to write the annotated copy (default: FILE's name with .jfp.docx).")
    add_gate_flags(p, "Config file (default: jfp.toml or [tool.jfp] found upward from the plan).")
    p.add_argument("--quiet", "-q", action="store_true", help="Print only the gate line.")
    add_run_flags(p)
    return p


def default_copy(plan: Path) -> Path:
    """``draft.docx`` -> ``draft.jfp.docx``, beside the plan."""
    return plan.with_name(f"{plan.stem}.jfp.docx")


def _same_file(a: Path, b: Path) -> bool:
    """Whether writing ``b`` would overwrite ``a``: the same real path, or the same file (a hard link)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def refuse(plan: Path, copy: Path) -> str | None:
    """Why the command may not run as asked (one sentence), or None."""
    suffix = plan.suffix.lower()
    if suffix in (".pdf", ".md", ".markdown", ".txt"):
        what = "a PDF" if suffix == ".pdf" else "a text"
        html = plan.with_name(f"{plan.stem}.jfp.html")
        return (f"{plan}: annotate writes comments into a Word .docx, and this is {what} file; for the findings "
                f"with their page and paragraph, write the HTML report: jfp check {plan} -o {html}")
    if copy.suffix.lower() != ".docx":
        return f"the annotated copy must be a .docx file, not '{copy.name}'"
    if _same_file(plan, copy):
        return f"{copy} is the plan itself; jfp annotate never overwrites its input, give another --output"
    return None


def _write(path: Path, data: bytes) -> None:
    """Write the copy whole or not at all: a temporary file beside it, then renamed."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # a new file's usual mode, not mkstemp's private 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def annotate(ns: argparse.Namespace) -> int:
    """Write the annotated copy and print where it is and how the plan did."""
    from jfp.cli_options import build_options
    from jfp.gate import exit_code
    from jfp.pipeline import load_pack
    from jfp.report.terminal import gate_line
    from jfp.runner import annotate as annotate_file

    plan: Path = ns.file
    copy: Path = ns.copy or default_copy(plan)
    why = refuse(plan, copy)
    if why:
        say(f"jfp: {why}.", err=True)
        return 2
    try:
        options = build_options("annotate", ns, [plan])
        pack = load_pack(options)
        done = annotate_file(plan, options, pack)
    except (DocumentError, JfpError) as exc:
        say(f"jfp: {exc}", err=True)
        return exc.exit_code
    try:
        _write(copy, done.data)
    except OSError as exc:
        say(f"jfp: cannot write {copy}: {exc.strerror or exc}.", err=True)
        return 2
    report = done.report
    for warning in report.warnings:
        say(f"jfp: warning: {warning}", err=True)
    if not options.quiet:
        c = done.counts
        say(f"Wrote {copy}: {done.total} comments ({c.get('evidence', 0)} on quoted passages, "
            f"{c.get('gap', 0)} on gaps, {c.get('summary', 0)} summary).")
    say(gate_line(report))
    return exit_code([report])
