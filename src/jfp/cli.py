"""The ``jfp`` command line: wires options to calls and outcomes to exit codes.

Exit codes (report-contract.md): 0 checked and passed the gate, 1 gate failed,
2 usage error (bad option, rule pack or config), 3 a document could not be read.
"""
from __future__ import annotations

import os

# Pydantic scans every installed distribution's entry points for plugins the first time a
# model is built (~25 ms of each run); jfp uses none. Set before pydantic is imported.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
from pathlib import Path
from typing import Optional

import typer

from jfp import __version__
from jfp.errors import DocumentError, JfpError

app = typer.Typer(
    name="jfp",
    help="Check draft NHS Joint Forward Plans against the law and NHS England's guidance.",
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
)


def _fail(exc: JfpError) -> None:
    typer.echo(f"jfp: {exc}", err=True)
    raise typer.Exit(exc.exit_code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jfp {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Optional[bool] = typer.Option(
        None, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Check draft NHS Joint Forward Plans against the law and NHS England's guidance."""


@app.command()
def outline(
    file: Path = typer.Argument(..., help="A plan: .docx, .pdf, .md or .txt."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json (the Document model)."),
    timeout: Optional[float] = typer.Option(None, "--timeout", min=0.1, help="Seconds allowed to read the document (default 120)."),
    max_memory: Optional[int] = typer.Option(None, "--max-memory", min=1, help="Megabytes of memory allowed to read it (default 2048)."),
) -> None:
    """Show how jfp read a document: heading tree, pages, counts and warnings."""
    from dataclasses import replace

    from jfp.outline import render_outline
    from jfp.output import write
    from jfp.parsers import DEFAULT_LIMITS
    from jfp.pipeline import parse_bounded

    if fmt not in ("text", "json"):
        typer.echo(f"jfp: unknown --format '{fmt}' for outline; use text or json.", err=True)
        raise typer.Exit(2)
    # The built-in limits (the same defaults as jfp.toml's [limits]); outline reads no config.
    limits = replace(DEFAULT_LIMITS, **{k: v for k, v in (("timeout_seconds", timeout),
                                                          ("max_memory_mb", max_memory)) if v is not None})
    try:
        doc = parse_bounded(file, limits)
    except DocumentError as exc:
        _fail(exc)
    if fmt == "json":
        write(doc.model_dump_json(indent=2) + "\n", "json")
    else:
        write(render_outline(doc.model_dump()), "text")



_FORMATS = ("table", "json", "markdown", "html", "sarif", "junit")


def _settings_for(
    first_file: Path,
    config_path: Optional[Path],
    no_config: bool,
    **overrides: object,
):
    """Config file (found upward from the plan, or given) merged with CLI overrides."""
    from jfp.config import Config, discover, load_config, merge

    if no_config:
        config = Config()
    else:
        path = config_path or discover(first_file.resolve().parent)
        config = load_config(path) if path else Config()
    return merge(config, **overrides)


@app.command()
def check(
    files: list[Path] = typer.Argument(..., help="Plans to check: .docx, .pdf, .md or .txt."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="table, json, markdown, html, sarif or junit."),
    output: list[Path] = typer.Option([], "--output", "-o", help="Write a report file (format from its extension); repeatable."),
    rules: Optional[str] = typer.Option(None, "--rules", help="Rule pack: a shipped id or a path."),
    hwb: list[str] = typer.Option([], "--hwb", help="A health and wellbeing board whose opinion the plan must state; repeatable."),
    plan_year: Optional[str] = typer.Option(None, "--plan-year", help="The plan's own year, e.g. 2025/26 (default: read from the plan)."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Gate: statutory (default), process, any or none."),
    fail_under: Optional[float] = typer.Option(None, "--fail-under", help="Fail when the overall score is under this."),
    combine: bool = typer.Option(False, "--combine", help="Treat all files as ONE submission (a plan and its annexes)."),
    config: Optional[Path] = typer.Option(None, "--config", help="Config file (default: jfp.toml or [tool.jfp] found upward)."),
    no_config: bool = typer.Option(False, "--no-config", help="Ignore config files."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the gate line."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show every evidence hit."),
    timeout: Optional[float] = typer.Option(None, "--timeout", help="Seconds allowed per document (default: limits.timeout_seconds, 120)."),
    max_memory: Optional[int] = typer.Option(None, "--max-memory", help="Megabytes of memory allowed per document (default: limits.max_memory_mb, 2048)."),
) -> None:
    """Check plans against the rule pack and report what they cover and miss."""
    from jfp.errors import UsageError
    from jfp.gate import exit_code
    from jfp.output import write
    from jfp.pipeline import CheckSettings, check_files, limits_from_config
    from jfp.report import infer_format, render, write_report

    try:
        if fmt is not None and fmt not in _FORMATS:
            raise UsageError(f"unknown --format '{fmt}'; use one of {', '.join(_FORMATS)}.")
        if fail_on is not None and fail_on not in ("statutory", "process", "any", "none"):
            raise UsageError(f"unknown --fail-on '{fail_on}'; use statutory, process, any or none.")
        if (timeout is not None and timeout <= 0) or (max_memory is not None and max_memory <= 0):
            raise UsageError("--timeout and --max-memory must be positive numbers.")
        cfg = _settings_for(
            files[0], config, no_config,
            rules=rules, hwb=hwb or None, plan_year=plan_year, fail_on=fail_on, fail_under=fail_under,
            format=fmt,
        )
        outputs = [(p, infer_format(p)) for p in output] + [(Path(p), infer_format(p)) for p in cfg.outputs if not output]
        settings = CheckSettings(
            rules=cfg.rules, hwb=tuple(cfg.hwb), plan_year=cfg.plan_year, fail_on=cfg.fail_on,
            fail_under=cfg.fail_under, waivers=tuple(cfg.waivers), collect_hits=verbose,
            limits=limits_from_config(cfg.limits, timeout, max_memory),
        )
        from jfp.pipeline import _pack

        _pack(settings.rules)  # a bad rule pack is a usage error before any document is read
    except JfpError as exc:
        _fail(exc)

    groups = [files] if combine else [[f] for f in files]
    reports = []
    unreadable = 0
    for group in groups:
        try:
            reports.append(check_files(list(group), settings))
        except DocumentError as exc:
            unreadable += 1
            typer.echo(f"jfp: {exc}", err=True)
        except JfpError as exc:
            _fail(exc)

    for report in reports:
        for warning in report.warnings:
            typer.echo(f"jfp: warning: {warning}", err=True)
    if quiet:
        from jfp.report.terminal import gate_line

        for report in reports:
            typer.echo(gate_line(report))
    elif reports:
        stdout_format = cfg.format
        texts = [render(r, stdout_format, verbose=verbose) for r in reports]
        if stdout_format == "json" and len(reports) > 1:
            write("[\n" + ",\n".join(t.rstrip() for t in texts) + "\n]\n", stdout_format)
        else:
            write("\n".join(t if t.endswith("\n") else t + "\n" for t in texts), stdout_format)
    for path, out_fmt in outputs:
        for i, report in enumerate(reports):
            target = path if len(reports) == 1 else path.with_name(f"{Path(report.document.path).stem}-{path.name}")
            try:
                write_report(target, render(report, out_fmt, verbose=verbose))
            except OSError as exc:
                typer.echo(f"jfp: cannot write {target}: {exc.strerror or exc}.", err=True)
                raise typer.Exit(2)
    if unreadable:
        raise typer.Exit(3)
    raise typer.Exit(exit_code(reports))


@app.command()
def init(
    path: Path = typer.Argument(Path("jfp.toml"), help="Where to write the starter config."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented starter jfp.toml."""
    from jfp.config import starter_config

    if path.exists() and not force:
        typer.echo(f"jfp: {path} already exists; use --force to overwrite it.", err=True)
        raise typer.Exit(2)
    path.write_text(starter_config(), encoding="utf-8")
    typer.echo(f"Wrote {path}")


from jfp.batch.command import batch  # noqa: E402  (registered after the core commands)
from jfp.cli_rules import rules_app  # noqa: E402

app.command("batch")(batch)
app.add_typer(rules_app, name="rules")


def main() -> None:
    """Run the command line (``jfp.__main__`` wraps it: head start, interrupts, write failures)."""
    app()


if __name__ == "__main__":
    main()
