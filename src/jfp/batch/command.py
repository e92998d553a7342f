"""The ``jfp batch`` command: options in, ``run_batch`` called, exit code out.

Registered by the CLI with ``app.command("batch")(batch)``.
"""
from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import List, Optional

from typing import TYPE_CHECKING

import typer

from jfp.errors import JfpError, UsageError

if TYPE_CHECKING:  # the heavy modules load when the command runs, not when the CLI starts
    from jfp.config import Config
    from jfp.pipeline import CheckSettings

def run_batch(*args, **kwargs):
    """``jfp.batch.runner.run_batch``, imported when a batch actually runs."""
    from jfp.batch.runner import run_batch as run

    return run(*args, **kwargs)


def settings_from_config(config: Config) -> CheckSettings:
    """The check settings a merged config asks for."""
    from jfp.parsers import DEFAULT_LIMITS
    from jfp.pipeline import CheckSettings

    limits = replace(DEFAULT_LIMITS, max_file_bytes=int(config.limits.max_file_mb * 1024 * 1024))
    return CheckSettings(
        rules=config.rules,
        hwb=tuple(config.hwb),
        plan_year=config.plan_year,
        fail_on=config.fail_on,
        fail_under=config.fail_under,
        waivers=tuple(config.waivers),
        limits=limits,
    )


def load_merged_config(config_path: Path | None, no_config: bool, **overrides: object) -> Config:
    """The config file (given, or found from the current folder upward) with command-line options applied."""
    from jfp.config import Config, load_config, merge
    from jfp.config import discover as discover_config

    path = None if no_config else config_path or discover_config(Path.cwd())
    base = load_config(path) if path else Config()
    return merge(base, **overrides)


def batch(
    paths: List[str] = typer.Argument(..., help="Plans: files, folders (searched recursively) or glob patterns."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the reports and summaries (created if needed)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Documents checked at once (default: the CPU count)."),
    timeout: Optional[float] = typer.Option(None, "--timeout", min=0.1, help="Seconds allowed per document (default: 120)."),
    formats: List[str] = typer.Option([], "--format", "-f", help="Extra report format per document (repeatable); JSON is always written."),
    rules: Optional[str] = typer.Option(None, "--rules", help="Rule pack id or path."),
    hwb: List[str] = typer.Option([], "--hwb", help="A health and wellbeing board of the ICB (repeatable)."),
    plan_year: Optional[str] = typer.Option(None, "--plan-year", help="The plans' year, e.g. 2025/26 (default: read from each plan)."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Gate: statutory, process, any or none."),
    fail_under: Optional[float] = typer.Option(None, "--fail-under", help="Gate: fail a plan scoring under this."),
    force: bool = typer.Option(False, "--force", help="Re-check every document, even unchanged ones."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="One log line per document instead of a progress bar."),
    no_config: bool = typer.Option(False, "--no-config", help="Ignore config files."),
    config: Optional[Path] = typer.Option(None, "--config", help="A jfp.toml or pyproject.toml (default: found from the current folder upward)."),
    memory_limit: Optional[int] = typer.Option(
        None, "--memory-limit", min=0, help="Memory per document in MB, 0 = no limit (default: 2048)."
    ),
) -> None:
    """Check many plans against one rule pack; write per-plan reports and a comparable summary.

    Exit code: 0 all passed, 1 some failed the gate, 3 some could not be read, 130 interrupted.
    """
    from jfp.batch.discover import discover
    from jfp.batch.progress import make_progress

    try:
        merged = load_merged_config(
            config, no_config, rules=rules, hwb=list(hwb) or None, plan_year=plan_year, fail_on=fail_on,
            fail_under=fail_under,
        )
        settings = settings_from_config(merged)
        timeout = timeout if timeout is not None else merged.limits.timeout_seconds
        memory_mb = memory_limit if memory_limit is not None else merged.limits.max_memory_mb
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
            memory_limit=memory_mb * 2**20,
        )
    except JfpError as exc:
        typer.echo(f"jfp: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:  # before any plan started (finding or hashing files): nothing to keep
        typer.echo("jfp: interrupted.", err=True)
        raise typer.Exit(130) from None
    except OSError as exc:  # the output folder, not a plan: nothing useful can be written
        typer.echo(f"jfp: cannot write to {out}: {exc.strerror or exc}.", err=True)
        raise typer.Exit(2) from None
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
