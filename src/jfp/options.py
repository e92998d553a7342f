"""What one run of jfp was asked to do: the ``Options`` model, its enums and its defaults.

``check``, ``batch`` and ``outline`` each build one ``Options`` from the same flags and
config file (``jfp.cli_options``); every layer below the command line takes the part it
needs: the parsers a ``Limits``, the gate a ``FailOn``, the reporters a ``ReportFormat``,
the runner ``jobs`` and the limits. The defaults are written here once: the field defaults
of ``Limits`` and ``Options`` are the table that jfp.toml's ``[limits]``, the starter
config, ``--help`` and the sandbox all read.

This module imports nothing of jfp's, so any layer may use its names.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

MB = 1024 * 1024
# Upper bounds of the limits a flag or config may set: beyond them a number is a mistake
# (``inf``, ``1e308``), and the sandbox's timers and rlimits would overflow.
MAX_TIMEOUT_SECONDS = 7 * 24 * 3600.0
MAX_MEMORY_MB = 1024 * 1024


class ReportFormat(str, Enum):
    """The formats of a report (``jfp check --format``, ``jfp batch --format``, ``--output`` files)."""

    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"
    sarif = "sarif"
    junit = "junit"


class OutlineFormat(str, Enum):
    """The formats of ``jfp outline``: a heading tree, or the Document model as JSON."""

    text = "text"
    json = "json"


class FailOn(str, Enum):
    """The gate's levels (``--fail-on``); ``jfp.gate`` says what each one fails on."""

    statutory = "statutory"
    process = "process"
    any = "any"
    none = "none"


def choices(enum: type[Enum]) -> str:
    """An enum's values for a sentence: "a, b or c"."""
    values = [member.value for member in enum]
    return ", ".join(values[:-1]) + " or " + values[-1] if len(values) > 1 else values[0]


@dataclass(frozen=True)
class Limits:
    """Bounds on reading and checking one document (one ``--combine`` group).

    The parsers enforce the size, zip and page bounds themselves; the runner enforces the
    time and memory bounds around the whole check (``jfp.runner.sandbox``). None switches
    the time or memory bound off.
    """

    max_file_bytes: int = 200 * MB
    max_inflated_bytes: int = 400 * MB  # total declared size of a DOCX's zip entries
    max_zip_ratio: float = 200.0  # declared inflated/compressed ratio of one entry
    max_pages: int = 2000
    timeout_seconds: float | None = 120.0
    max_memory_mb: float | None = 2048.0


DEFAULT_LIMITS = Limits()


def available_cores() -> int:
    """The CPUs this process may run on: the default of ``--jobs``."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Options:
    """Everything one run was asked for: flags over the config file over these defaults.

    The first group decides a report (``REPORT_FIELDS``: a batch reuses a report only when
    they are unchanged); the others decide how the run is carried out and where its output
    goes, never what a report says.
    """

    # What decides a report, besides the document.
    rules: str | None = None  # a pack id ("jfp-2024-25") or a path; None: the default pack
    hwb: tuple[str, ...] = ()  # the ICB's health and wellbeing boards, for P02
    trusts: tuple[str, ...] = ()  # the ICB's partner trusts (footprint), for per-trust checks
    local_authorities: tuple[str, ...] = ()  # the footprint's local authorities (named or not)
    # The date the law is read at for duties not yet in force: a date, "all" (every element,
    # commencement unconfirmed included) or None (today).
    as_of: date | str | None = None
    plan_year: str | None = None  # "2025/26"; None: read from the plan
    fail_on: FailOn = FailOn.statutory
    fail_under: float | None = None
    waivers: tuple = ()  # jfp.config.Waiver values
    today: date | None = None  # for waiver expiry; None: the real date
    verbose: bool = False  # every evidence hit, not only the best quotes
    config: str | None = None  # the config file that applied (shown in every report); None: none did
    # How the run is carried out.
    limits: Limits = DEFAULT_LIMITS
    jobs: int = field(default_factory=available_cores)  # processes: never more than asked
    # Where the output goes.
    format: ReportFormat = ReportFormat.table  # check: standard output
    outputs: tuple[str, ...] = ()  # check: report files, format from the extension
    quiet: bool = False
    combine: bool = False  # check: all files are one submission
    outline_format: OutlineFormat = OutlineFormat.text
    batch_formats: tuple[ReportFormat, ...] = ()  # batch: formats besides JSON
    force: bool = False  # batch: re-check unchanged documents

    def __post_init__(self) -> None:
        # Library callers may give the enums' values ("none", "json"): held as the enums.
        # ValueError for a value that is none of them.
        fix = object.__setattr__
        fix(self, "fail_on", FailOn(self.fail_on))
        fix(self, "format", ReportFormat(self.format))
        fix(self, "outline_format", OutlineFormat(self.outline_format))
        fix(self, "batch_formats", tuple(ReportFormat(f) for f in self.batch_formats))
        fix(self, "hwb", tuple(self.hwb))
        fix(self, "trusts", tuple(self.trusts))
        if isinstance(self.as_of, str) and self.as_of != "all":
            fix(self, "as_of", date.fromisoformat(self.as_of))  # "2027-04-01"; ValueError otherwise
        fix(self, "local_authorities", tuple(self.local_authorities))
        fix(self, "waivers", tuple(self.waivers))
        fix(self, "outputs", tuple(self.outputs))


REPORT_FIELDS = ("rules", "hwb", "trusts", "local_authorities", "as_of", "plan_year", "fail_on", "fail_under", "waivers",
                 "today", "verbose", "limits", "config")
