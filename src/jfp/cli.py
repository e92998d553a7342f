"""The ``jfp`` command line: wires options to calls and outcomes to exit codes.

Exit codes (report-contract.md): 0 checked and passed the gate, 1 gate failed,
2 usage error (bad option, rule pack or config), 3 a document could not be read.

Built on the standard library's argparse: each command has its own parser (so options and
files may come in any order), a usage error is the usage line, a pointer to ``--help`` and
one sentence, exit 2. The flags that several commands share are declared once, in
``jfp.cli_options``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jfp import __version__
from jfp.cli_options import Parser
from jfp.errors import DocumentError, JfpError, UsageError
from jfp.output import say

DESCRIPTION = "Check draft NHS Joint Forward Plans against the law and NHS England's guidance."


def _fail(exc: JfpError) -> int:
    say(f"jfp: {exc}", err=True)
    return exc.exit_code


# --------------------------------------------------------------------------- outline


def outline_parser() -> Parser:
    from jfp.cli_options import add_run_flags, outline_format_flag

    p = Parser(prog="jfp outline", usage="%(prog)s [OPTIONS] FILE", description="Show how jfp read a document: heading tree, pages, counts and warnings.")
    p.add_argument("file", type=Path, metavar="FILE", help="A plan: .docx, .pdf, .md or .txt.")
    outline_format_flag(p)
    add_run_flags(p, "to read the document")
    return p


def outline(ns: argparse.Namespace) -> int:
    """Show how jfp read a document."""
    from jfp.cli_options import build_options
    from jfp.output import write
    from jfp.runner import outline as read_outline

    options = build_options("outline", ns, [ns.file])
    try:
        text = read_outline(ns.file, options)
    except DocumentError as exc:
        return _fail(exc)
    write(text, options.outline_format.value)
    return 0


# --------------------------------------------------------------------------- check


def check_parser() -> Parser:
    from jfp.cli_options import add_gate_flags, add_run_flags, report_format_flag
    from jfp.options import ReportFormat, choices

    p = Parser(prog="jfp check", usage="%(prog)s [OPTIONS] FILE...", description="Check plans against the rule pack and report what they cover and miss.")
    p.add_argument("files", type=Path, nargs="+", metavar="FILE", help="Plans to check: .docx, .pdf, .md or .txt.")
    report_format_flag(p, repeatable=False, help=f"Report format on standard output: {choices(ReportFormat)} "
                                                 "(default: the config's format, else table).")
    p.add_argument("--output", "-o", type=Path, action="append", default=[], metavar="FILE",
                   help="Write a report file (format from its extension) holding every plan; repeatable.")
    add_gate_flags(p)
    p.add_argument("--exclude", action="append", default=[], metavar="PATTERN",
                   help="Skip the plans matching this glob (name or path, e.g. 'README*'); repeatable.")
    p.add_argument("--baseline", type=Path, metavar="REPORT",
                   help="A JSON report saved earlier: only gaps it does not have fail the gate.")
    p.add_argument("--combine", action="store_true", help="Treat all files as ONE submission (a plan and its annexes).")
    p.add_argument("--quiet", "-q", action="store_true", help="Fewer messages on stderr (no warnings; errors still show). The report is unchanged.")
    p.add_argument("--verbose", "-v", action="store_true", help="Show every evidence hit.")
    add_run_flags(p)
    return p


def check(ns: argparse.Namespace) -> int:
    """Check plans against the rule pack and report what they cover and miss."""
    from jfp.cli_options import build_options
    from jfp.gate import exit_code
    from jfp.input_guard import refuse_inputs_as_outputs
    from jfp.output import write
    from jfp.pipeline import load_pack
    from jfp.report import infer_format, refuse_duplicate_outputs, render_all, write_report
    from jfp.runner import check as check_files

    files: list[Path] = ns.files
    if ns.exclude:
        from jfp.batch.discover import excluded

        files = [f for f in files if not excluded(f, ns.exclude)]
        if not files:
            return _fail(UsageError("every plan given matches --exclude; nothing to check"))
    try:
        options = build_options("check", ns, files)
        outputs = [(Path(p), infer_format(p)) for p in options.outputs]
        refuse_inputs_as_outputs([p for p, _ in outputs], files)
        refuse_duplicate_outputs([p for p, _ in outputs])
        pack = load_pack(options)  # a bad rule pack is a usage error before any document is read
        baseline = _baseline(ns.baseline)
    except JfpError as exc:
        return _fail(exc)

    groups = [files] if options.combine else [[f] for f in files]
    reports = []
    unread: list[DocumentError] = []
    for group in groups:
        try:
            reports.append(check_files(list(group), options, pack))
        except DocumentError as exc:
            unread.append(exc)
            say(f"jfp: {exc}", err=True)  # an error, so --quiet keeps it
        except JfpError as exc:
            return _fail(exc)

    if baseline is not None:
        reports = [_against(report, baseline, ns.baseline) for report in reports]
    if not options.quiet:  # quiet means fewer messages, never a different report
        for report in reports:
            for warning in report.warnings:
                say(f"jfp: warning: {warning}", err=True)
    # Every format is one document for all the plans, on stdout and in each --output file.
    fmt = options.format.value
    wants_html = "html" in {fmt, *(f.value for _, f in outputs)}
    explained = _explanations(pack) if wants_html else None
    if reports:  # no plan read: no report on stdout (report-contract.md), the errors are on stderr
        write(render_all(reports, fmt, verbose=options.verbose, unread=unread, explanations=explained), fmt)
    for path, out_fmt in outputs:
        try:
            write_report(path, render_all(reports, out_fmt, verbose=options.verbose, unread=unread,
                                          explanations=explained))
        except OSError as exc:
            say(f"jfp: cannot write {path}: {exc.strerror or exc}.", err=True)
            return 2
    if unread:
        return 3
    return exit_code(reports)


def _baseline(path: Path | None) -> list | None:
    """The reports of ``--baseline`` (UsageError for a file that is not a jfp JSON report)."""
    if path is None:
        return None
    from jfp.cli_diff import load_saved_reports

    return load_saved_reports(path)


def _against(report, baseline: list, path: Path):
    """``report`` gated on new gaps only, or unchanged (with a warning) when the baseline has no such plan."""
    from jfp.cli_diff import match_baseline
    from jfp.gate import apply_baseline

    known = match_baseline(report, baseline)
    if known is None:
        return report.model_copy(update={"warnings": [*report.warnings,
                                 f"baseline {path} has no report for {report.document.path}; every gap counts"]})
    return apply_baseline(report, known, str(path))


def _explanations(pack) -> dict[str, str]:
    """Requirement id -> the ``jfp rules show`` text, for the HTML report's links."""
    from jfp.cli_rules import explain

    return {rule.id: explain(rule, pack) for rule in pack.rules}


# --------------------------------------------------------------------------- init


def init_parser() -> Parser:
    p = Parser(prog="jfp init", usage="%(prog)s [OPTIONS] [PATH]", description="Write a commented starter jfp.toml.")
    p.add_argument("path", type=Path, nargs="?", default=Path("jfp.toml"), metavar="PATH",
                   help="Where to write the starter config (default: jfp.toml).")
    p.add_argument("--force", action="store_true", help="Overwrite an existing file.")
    return p


def init(ns: argparse.Namespace) -> int:
    """Write a commented starter jfp.toml."""
    from jfp.config import starter_config

    path: Path = ns.path
    if path.exists() and not ns.force:
        say(f"jfp: {path} already exists; use --force to overwrite it.", err=True)
        return 2
    path.write_text(starter_config(), encoding="utf-8")
    say(f"Wrote {path}")
    return 0


# --------------------------------------------------------------------------- the commands


def _batch_parser() -> Parser:
    from jfp.batch.command import batch_parser

    return batch_parser()


def _batch(ns: argparse.Namespace) -> int:
    from jfp.batch.command import batch

    return batch(ns)


def _diff_parser() -> Parser:
    from jfp.cli_diff import diff_parser

    return diff_parser()


def _diff(ns: argparse.Namespace) -> int:
    from jfp.cli_diff import diff

    return diff(ns)


def _rules_parser() -> Parser:
    from jfp.cli_rules import rules_parser

    return rules_parser()


def _rules(ns: argparse.Namespace) -> int:
    from jfp.cli_rules import rules

    return rules(ns)


def _annotate_parser() -> Parser:
    from jfp.cli_annotate import annotate_parser

    return annotate_parser()


def _annotate(ns: argparse.Namespace) -> int:
    from jfp.cli_annotate import annotate

    return annotate(ns)


# name -> (one-line help, parser factory, function of the parsed options returning the exit code)
COMMANDS = {
    "outline": ("Show how jfp read a document: heading tree, pages, counts and warnings.", outline_parser, outline),
    "check": ("Check plans against the rule pack and report what they cover and miss.", check_parser, check),
    "annotate": ("Write a copy of a Word or PDF plan with the findings in the margin.", _annotate_parser, _annotate),
    "init": ("Write a commented starter jfp.toml.", init_parser, init),
    "batch": ("Check many plans against one rule pack; write per-plan reports and a comparable summary.",
              _batch_parser, _batch),
    "rules": ("List, explain, test and document the rule pack's requirements.", _rules_parser, _rules),
    "diff": ("Compare two versions of a plan: what got better, what got worse, what evidence went.",
             _diff_parser, _diff),
}


def top_parser() -> Parser:
    """``jfp`` itself: the version, and the list of commands for ``--help``."""
    lines = [f"  {name:<8} {summary}" for name, (summary, _, _) in COMMANDS.items()]
    p = Parser(prog="jfp", usage="jfp [--version] [--help] COMMAND [ARGS]...", description=DESCRIPTION,
               epilog="commands:\n" + "\n".join(lines) + "\n\nRun 'jfp COMMAND --help' for a command's options.",
               formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"jfp {__version__}", help="Print the version and exit.")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one command line; the exit code (``jfp.__main__`` turns it into the process's)."""
    args = sys.argv[1:] if argv is None else list(argv)
    if not args or args[0].startswith("-"):
        top = top_parser()
        if not args:
            top.print_help()
            return 2
        top.parse_args(args)  # --version and --help exit here; anything else is an error
        return 2
    entry = COMMANDS.get(args[0])
    if entry is None:
        top_parser().error(f"no such command '{args[0]}'")
    _, make_parser, run = entry
    parser = make_parser()
    ns = parser.parse_intermixed_args(args[1:]) if args[0] != "rules" else parser.parse_args(args[1:])
    return run(ns)
