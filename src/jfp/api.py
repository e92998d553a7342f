"""The Python API: ``jfp.check`` returns the same ``Report`` as ``jfp check --format json``.

    import jfp
    report = jfp.check("plan.docx", hwbs=["Kestrel Health and Wellbeing Board"])
    report.gate.passed, report.score, [r.code for r in report.results if r.status != "met"]

Arguments are validated by the same model as jfp.toml, so a bad one is a ``jfp.UsageError``
naming it; a plan that cannot be read is a ``jfp.DocumentError`` with ``path`` and
``reason``. Both are ``jfp.JfpError``s, whose ``exit_code`` is the command line's. The plan
is read and checked under the same limits as the command (a separate process with a time
and memory bound). Documented in docs/api.md.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from jfp.errors import UsageError
from jfp.models import Report
from jfp.options import MB, Limits, Options

PathLike = str | os.PathLike[str]


def _paths(paths: PathLike | Iterable[PathLike]) -> list[Path]:
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    try:
        found = [Path(p) for p in paths]
    except TypeError:
        raise UsageError("paths: give a file path or a list of file paths") from None
    if not found:
        raise UsageError("paths: no plan given")
    return found


def _listed(name: str, value: str | Iterable[Any] | None) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    try:
        return list(value)
    except TypeError:
        raise UsageError(f"{name}: give a list") from None


def check(
    paths: PathLike | Iterable[PathLike],
    *,
    rules: str | PathLike | None = None,
    hwbs: str | Iterable[str] | None = None,
    plan_year: str | None = None,
    fail_on: str = "statutory",
    fail_under: float | None = None,
    waivers: Iterable[Mapping[str, Any]] | None = None,
    config: PathLike | None = None,
    today: date | None = None,
    verbose: bool = False,
    timeout_seconds: float | None = Limits.timeout_seconds,
) -> Report:
    """Check one plan (or several files as ONE submission: a plan and its annexes).

    ``rules``: a built-in rule pack id or the path of a pack (default: the current pack);
    ``hwbs``: the health and wellbeing boards whose opinion P02 looks for; ``plan_year``
    ("2025/26", default: read from the plan); ``fail_on`` / ``fail_under``: the gate, as
    ``--fail-on`` / ``--fail-under``; ``waivers``: ``{"id", "reason", "expires"}`` mappings
    as in jfp.toml; ``config``: a jfp.toml or pyproject.toml whose settings the keyword
    arguments override (no config file is searched for); ``verbose``: keep every evidence
    hit in ``RequirementResult.hits``.

    Returns the gated ``jfp.models.Report``. Raises ``UsageError`` for a bad argument, an
    unknown rule pack or a bad config file, ``DocumentError`` when a file cannot be read.
    """
    from jfp.config import Config, load_config, merge
    from jfp.pipeline import load_pack
    from jfp.runner import check as run_check

    files = _paths(paths)
    base = load_config(Path(config)) if config is not None else Config()
    given = {
        "rules": os.fspath(rules) if rules is not None else None,
        "hwb": [str(h) for h in _listed("hwbs", hwbs)] or None,
        "plan_year": plan_year, "fail_on": fail_on, "fail_under": fail_under,
        "waivers": _listed("waivers", waivers) or None,
    }
    settings = merge(base, **given)  # UsageError naming the argument for a bad value
    if timeout_seconds is not None and not (isinstance(timeout_seconds, (int, float)) and timeout_seconds > 0):
        raise UsageError("timeout_seconds: give a number of seconds above 0, or None for no limit")
    limits = Limits(max_file_bytes=int(settings.limits.max_file_mb * MB), timeout_seconds=timeout_seconds,
                    max_memory_mb=settings.limits.max_memory_mb)
    options = Options(rules=settings.rules, hwb=tuple(settings.hwb), plan_year=settings.plan_year,
                      fail_on=settings.fail_on.value, fail_under=settings.fail_under,
                      waivers=tuple(settings.waivers), today=today, verbose=verbose, limits=limits,
                      combine=len(files) > 1)
    return run_check(files, options, load_pack(options))
