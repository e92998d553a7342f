"""The ``jfp batch`` command: options in, ``run_batch`` called, exit code out.

Registered by the CLI with ``app.command("batch")(batch)``.
"""
from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import List, Optional

import typer

from jfp.batch.discover import discover
from jfp.batch.progress import make_progress
from jfp.batch.runner import DEFAULT_MEMORY_LIMIT, DEFAULT_TIMEOUT, run_batch
from jfp.errors import JfpError, UsageError
from jfp.pipeline import CheckSettings

_FAIL_ON = ("statutory", "process", "any", "none")


def _from_config(config: Path | None) -> CheckSettings:
    """Settings from a jfp config file, when the config module is installed."""
    if config is None:
        return CheckSettings()
    try:
        from jfp.config import load_config
    except ImportError:
        raise UsageError("--config is not supported by this build of jfp yet.") from None
    loaded = load_config(config)
    if isinstance(loaded, CheckSettings):
        return loaded
    known = {k: getattr(loaded, k) for k in ("rules", "hwb", "plan_year", "fail_on", "fail_under", "waivers", "limits")
             if getattr(loaded, k, None) is not None}
    for key in ("hwb", "waivers"):
        if key in known:
            known[key] = tuple(known[key])
    return CheckSettings(**known)


def build_settings(
    config: Path | None, rules: str | None, hwb: list[str], fail_on: str | None, fail_under: float | None
) -> CheckSettings:
    """Config file values, overridden by any option given on the command line."""
    base = _from_config(config)
    if fail_on is not None and fail_on not in _FAIL_ON:
        raise UsageError(f"--fail-on must be one of {', '.join(_FAIL_ON)}, not '{fail_on}'.")
    if fail_under is not None and not 0 <= fail_under <= 100:
        raise UsageError("--fail-under must be between 0 and 100.")
    changes = {
        "rules": rules if rules is not None else base.rules,
        "hwb": tuple(hwb) if hwb else base.hwb,
        "fail_on": fail_on if fail_on is not None else base.fail_on,
        "fail_under": fail_under if fail_under is not None else base.fail_under,
    }
    return replace(base, **changes)


def batch(
    paths: List[str] = typer.Argument(..., help="Plans: files, folders (searched recursively) or glob patterns."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the reports and summaries (created if needed)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Documents checked at once [default: CPU count]."),
    timeout: float = typer.Option(DEFAULT_TIMEOUT, "--timeout", min=0.1, help="Seconds allowed per document."),
    formats: List[str] = typer.Option([], "--format", "-f", help="Extra report format per document (repeatable); JSON is always written."),
    rules: Optional[str] = typer.Option(None, "--rules", help="Rule pack id or path."),
    hwb: List[str] = typer.Option([], "--hwb", help="A health and wellbeing board of the ICB (repeatable)."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Gate: statutory, process, any or none."),
    fail_under: Optional[float] = typer.Option(None, "--fail-under", help="Gate: fail a plan scoring under this."),
    force: bool = typer.Option(False, "--force", help="Re-check every document, even unchanged ones."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="One log line per document instead of a progress bar."),
    config: Optional[Path] = typer.Option(None, "--config", help="A jfp config file."),
    memory_limit: int = typer.Option(
        DEFAULT_MEMORY_LIMIT // 2**20, "--memory-limit", min=0, help="Memory per document in MB (0 = no limit)."
    ),
) -> None:
    """Check many plans against one rule pack; write per-plan reports and a comparable summary.

    Exit code: 0 all passed, 1 some failed the gate, 3 some could not be read, 130 interrupted.
    """
    try:
        settings = build_settings(config, rules, hwb, fail_on, fail_under)
        if out.exists() and not out.is_dir():
            raise UsageError(f"--out {out} is a file, not a folder.")
        files = discover(paths, exclude=[out])
        if not files:
            raise UsageError("no documents found (looked for .docx, .pdf, .md and .txt files).")
        result = run_batch(
            files,
            out,
            settings,
            jobs=jobs or os.cpu_count() or 1,
            timeout=timeout,
            formats=formats,
            force=force,
            progress=make_progress(quiet),
            memory_limit=memory_limit * 2**20,
        )
    except JfpError as exc:
        typer.echo(f"jfp: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None
    rows = result.rows
    errors = sum(r.outcome == "error" for r in rows)
    failed = sum(r.gate_passed is False for r in rows)
    reused = sum(r.reused for r in rows)
    line = f"jfp batch: {len(rows) - errors} checked ({failed} failed the gate), {errors} could not be read"
    if reused:
        line += f", {reused} unchanged since the last run"
    if result.interrupted:
        line += f"; interrupted after {len(rows)} of {result.total}, re-run to finish"
    typer.echo(f"{line}. Summary: {out / 'summary.html'}", err=True)
    sys.stderr.flush()
    raise typer.Exit(result.exit_code)
