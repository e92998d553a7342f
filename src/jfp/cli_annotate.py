"""``jfp annotate``: write a copy of a plan with the findings in the margin (docs/annotate.md).

A Word plan gets Word comments; a PDF gets highlights on the quotes and notes for the gaps.

The plan is read and checked exactly as ``jfp check`` reads and checks it (the same flags,
config file, waivers, runner and sandbox), so the comments say what the report says. The
exit codes are check's: 0 the gate passed, 1 it failed (the copy is written either way),
2 a usage error (a bad option, a Markdown or text plan, an output that would overwrite
the plan), 3 the plan could not be read.
"""
from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from jfp.cli_options import Parser
from jfp.errors import DocumentError, JfpError
from jfp.output import say

SUMMARY = "Write a copy of a Word or PDF plan with the findings in the margin."
_COPYABLE = (".docx", ".pdf")


def annotate_parser() -> Parser:
    from jfp.cli_options import add_gate_flags, add_run_flags

    p = Parser(prog="jfp annotate", usage="%(prog)s [OPTIONS] FILE", description=SUMMARY)
    p.add_argument("file", type=Path, metavar="FILE", help="A plan: .docx (comments) or .pdf (highlights and notes).")
    p.add_argument("--output", "-o", dest="copy", type=Path, metavar="FILE",
                   help="Where to write the annotated copy (default: FILE's name with .jfp before its extension).")
    add_gate_flags(p)
    p.add_argument("--quiet", "-q", action="store_true", help="Print only the gate line.")
    add_run_flags(p)
    return p


def default_copy(plan: Path) -> Path:
    """``draft.docx`` -> ``draft.jfp.docx`` (``draft.pdf`` -> ``draft.jfp.pdf``), beside the plan."""
    suffix = plan.suffix.lower() if plan.suffix.lower() in _COPYABLE else ".docx"
    return plan.with_name(f"{plan.stem}.jfp{suffix}")


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
    if suffix in (".md", ".markdown", ".txt"):
        html = plan.with_name(f"{plan.stem}.jfp.html")
        return (f"{plan}: annotate writes into a copy of a Word .docx or a PDF, and this is a text file; for the "
                f"findings with their section and paragraph, write the HTML report: jfp check {plan} -o {html}")
    want = suffix if suffix in _COPYABLE else ".docx"
    if copy.suffix.lower() != want:
        return f"the annotated copy of a {want} plan must be a {want} file, not '{copy.name}'"
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
        if done.placed:  # a PDF: how many quotes were found again and highlighted
            quotes, shown = c.get("evidence", 0), done.placed.get("highlighted", 0)
            rest = f" (the other {quotes - shown} as notes at the top of their page)" if quotes > shown else ""
            gaps = c.get("gap", 0)
            say(f"Wrote {copy}: {shown} of {quotes} quoted passages highlighted{rest}, "
                f"{gaps} {'note' if gaps == 1 else 'notes'} on gaps, {c.get('summary', 0)} summary.")
        else:
            say(f"Wrote {copy}: {done.total} comments ({c.get('evidence', 0)} on quoted passages, "
                f"{c.get('gap', 0)} on gaps, {c.get('summary', 0)} summary).")
    say(gate_line(report))
    return exit_code([report])
