"""The command line's options: the flags ``check``, ``batch`` and ``outline`` share, and the
one function that turns them and the config file into an ``Options``.

A flag is declared once here, so it has the same name, type, default and help wherever it
appears (``--format``, ``--timeout``, ``--max-memory``, ``--jobs``, the gate's flags).
``build_options`` reads the config file the command should read (``jfp.config_search``)
and lets every flag that was given win over it; the result is what the command runs with.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import replace
from pathlib import Path

from jfp.errors import UsageError
from jfp.options import (
    DEFAULT_LIMITS, MAX_MEMORY_MB, MAX_TIMEOUT_SECONDS, MB, FailOn, Limits, Options, OutlineFormat, ReportFormat,
    available_cores, choices,
)

class Parser(argparse.ArgumentParser):
    """An argparse parser whose errors read like the rest of jfp's: one sentence, exit 2."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("allow_abbrev", False)  # --out is not --output: no guessing at prefixes
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        sys.stderr.write(f"Try '{self.prog} --help' for help.\n\nError: {message[:1].upper()}{message[1:]}.\n")
        raise SystemExit(2)


_CHECK_KEYS = ("rules", "hwb", "trusts", "as_of", "plan_year", "fail_on", "fail_under", "format")
CONFIG_HELP = ("Config file (default: jfp.toml or [tool.jfp] found upward from the current folder, "
               "never beside the plans).")


def _positive(kind: type, flag: str, most: float | None = None):
    def convert(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"takes a number, not '{text}'") from None
        if not value > 0 or value != value:  # nan compares false both ways
            raise argparse.ArgumentTypeError(f"must be a positive number, not '{text}'")
        if most is not None and not value <= most:  # inf and 1e308 are not limits
            raise argparse.ArgumentTypeError(f"takes at most {most:g}, not '{text}'")
        return value

    convert.__name__ = kind.__name__  # argparse names the type in its messages
    return convert


def _plan_year(text: str) -> str:
    if not re.fullmatch(r"\d{4}/\d{2}", text):
        raise argparse.ArgumentTypeError(f"takes a financial year such as 2025/26, not '{text}'")
    return text


def _as_of(text: str):
    from datetime import date

    if text == "all":
        return text
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"takes a date such as 2027-04-01, or 'all', not '{text}'") from None


def _score(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"takes a number, not '{text}'") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"takes a score from 0 to 100, not '{text}'")
    return value


def _enum(enum: type, flag: str):
    def convert(text: str):
        try:
            return enum(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"unknown {flag} '{text}'; use {choices(enum)}") from None

    return convert


class _Deprecated(argparse.Action):
    """An old spelling of a flag: still works, and says which name to use instead."""

    def __init__(self, *args, new: str, **kwargs) -> None:
        self.new = new
        super().__init__(*args, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        sys.stderr.write(f"jfp: warning: {option_string} is deprecated; use {self.new}.\n")
        setattr(namespace, self.dest, values)


def add_run_flags(parser: argparse.ArgumentParser, what: str = "per document") -> None:
    """--timeout, --max-memory and --jobs: how a run is carried out, never what it reports."""
    parser.add_argument(
        "--timeout", type=_positive(float, "--timeout", MAX_TIMEOUT_SECONDS), metavar="SECONDS",
        help=f"Seconds allowed {what} (default: limits.timeout_seconds, {DEFAULT_LIMITS.timeout_seconds:g}).")
    memory = _positive(int, "--max-memory", MAX_MEMORY_MB)
    parser.add_argument(
        "--max-memory", type=memory, metavar="MB",
        help=f"Megabytes of memory allowed {what} (default: limits.max_memory_mb, {DEFAULT_LIMITS.max_memory_mb:g}).")
    # batch's name before --max-memory: kept, for every command, so existing scripts keep working.
    parser.add_argument("--memory-limit", dest="max_memory", type=memory, action=_Deprecated, new="--max-memory",
                        help=argparse.SUPPRESS)
    parser.add_argument(
        "--jobs", "-j", type=_positive(int, "--jobs"), metavar="N",
        help=f"Processes to use at most (default: the CPUs available, here {available_cores()}).")


def add_gate_flags(parser: argparse.ArgumentParser, config_help: str | None = None) -> None:
    """The flags that decide a report: the pack, the plan's facts, the gate; and the config file."""
    parser.add_argument("--rules", help="Rule pack: a shipped id or a path.")
    parser.add_argument("--hwb", action="append", default=[], metavar="BOARD",
                        help="A health and wellbeing board whose opinion the plan must state; repeatable.")
    parser.add_argument("--trust", action="append", default=[], metavar="TRUST", dest="trusts",
                        help="A partner trust whose agreement the plan must record; repeatable.")
    parser.add_argument("--as-of", type=_as_of, metavar="DATE",
                        help="Check duties in force on DATE (default: today); 'all' also checks duties "
                             "whose commencement is unconfirmed.")
    parser.add_argument("--plan-year", type=_plan_year, metavar="YEAR",
                        help="The plan's own year, e.g. 2025/26 (default: read from the plan).")
    parser.add_argument("--fail-on", type=_enum(FailOn, "--fail-on"), metavar="LEVEL",
                        help=f"Gate: {choices(FailOn)} (default: {FailOn.statutory.value}).")
    parser.add_argument("--fail-under", type=_score, metavar="SCORE", help="Fail when the overall score is under this.")
    parser.add_argument("--config", type=Path, metavar="FILE", help=config_help or CONFIG_HELP)
    parser.add_argument("--no-config", action="store_true", help="Ignore config files.")


def report_format_flag(parser: argparse.ArgumentParser, repeatable: bool, help: str) -> None:
    """--format / -f: one report format, or (batch) extra formats, repeatable."""
    parser.add_argument("--format", "-f", dest="format", type=_enum(ReportFormat, "--format"),
                        action="append" if repeatable else "store", default=[] if repeatable else None,
                        metavar="FORMAT", help=help)


def outline_format_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", "-f", dest="format", type=_enum(OutlineFormat, "--format"),
                        default=OutlineFormat.text, metavar="FORMAT",
                        help=f"{choices(OutlineFormat)} (the Document model).")


def _limits(config_limits, ns: argparse.Namespace) -> Limits:
    """The limits: flags over the config file's ``[limits]`` over the defaults."""
    if config_limits is None:
        base = DEFAULT_LIMITS
    else:
        base = replace(DEFAULT_LIMITS, max_file_bytes=int(config_limits.max_file_mb * MB),
                       timeout_seconds=config_limits.timeout_seconds, max_memory_mb=config_limits.max_memory_mb)
    changes = {}
    if ns.timeout is not None:
        changes["timeout_seconds"] = ns.timeout
    if ns.max_memory is not None:
        changes["max_memory_mb"] = ns.max_memory
    return replace(base, **changes)


def _footprint(config, ns: argparse.Namespace) -> dict[str, tuple[str, ...]]:
    """Boards, trusts and local authorities: ``--hwb``/``--trust`` when given, else the config's
    top-level ``hwb`` and ``trusts`` with its ``[footprint]`` table's."""
    fp = config.footprint
    return {
        "hwb": tuple(dict.fromkeys([*config.hwb, *([] if ns.hwb else fp.boards)])),
        "trusts": tuple(dict.fromkeys([*config.trusts, *([] if ns.trusts else fp.partner_trusts)])),
        "local_authorities": tuple(fp.local_authorities),
    }


def build_options(command: str, ns: argparse.Namespace, files: list[Path]) -> Options:
    """The Options of one run of ``command``: its flags over the config file over the defaults.

    One rule for the whole run, the same in ``check`` and ``batch``: the config is
    ``--config`` or the one found upward from the working directory (``jfp.config_search``),
    never one beside an input, so neither the files nor their order change it. ``--format``
    means the same in both: the report format (``check`` prints it; ``batch`` writes it per
    plan, besides JSON); the config's ``format`` stands in when the flag is not given.

    UsageError (exit 2) for a bad config file or a flag the config model refuses. Without a
    config file the config model (pydantic) is not loaded at all: the flags were checked by
    their argparse types, the same checks the model makes.
    """
    from jfp.config_search import config_file

    jobs = ns.jobs or available_cores()
    if command == "outline":
        return Options(limits=_limits(None, ns), jobs=jobs, outline_format=ns.format)
    if command not in ("check", "batch", "annotate"):
        raise UsageError(f"no options for command '{command}'")
    given_format = getattr(ns, "format", None)  # annotate writes no report of its own
    formats = list(given_format) if command == "batch" else ([given_format] if given_format is not None else [])
    given = {
        "rules": ns.rules, "hwb": ns.hwb or None, "trusts": ns.trusts or None, "as_of": ns.as_of,
        "plan_year": ns.plan_year, "fail_on": ns.fail_on, "fail_under": ns.fail_under,
    }
    outputs = tuple(str(p) for p in getattr(ns, "output", []))
    path = config_file(command, files, ns.config, ns.no_config)
    if path is None:
        defaults = Options(jobs=jobs)
        chosen = {k: (v if v is not None else getattr(defaults, k)) for k, v in given.items()}
        common = dict(
            rules=chosen["rules"], hwb=tuple(chosen["hwb"]), trusts=tuple(chosen["trusts"]),
            as_of=chosen["as_of"], plan_year=chosen["plan_year"],
            fail_on=chosen["fail_on"], fail_under=chosen["fail_under"], limits=_limits(None, ns), jobs=jobs,
        )
    else:
        from jfp.config import load_config, merge, output_paths

        loaded = load_config(path)
        if not formats and "format" in loaded.model_fields_set:
            formats = [loaded.format]
        config = merge(loaded, **{k: v for k, v in given.items() if k in _CHECK_KEYS})
        common = dict(
            rules=config.rules, as_of=config.as_of, **_footprint(config, ns), plan_year=config.plan_year,
            fail_on=config.fail_on,
            fail_under=config.fail_under, waivers=tuple(config.waivers), limits=_limits(config.limits, ns), jobs=jobs,
            config=os.path.abspath(path),
        )
        if command == "check":
            outputs = outputs or output_paths(config, path)
    if command == "batch":
        return Options(**common, batch_formats=tuple(formats), force=ns.force, quiet=ns.quiet)
    if command == "annotate":  # check's report, without check's report files
        return Options(**common, quiet=ns.quiet)
    return Options(**common, verbose=ns.verbose, format=formats[-1] if formats else ReportFormat.table,
                   outputs=outputs, quiet=ns.quiet, combine=ns.combine)
