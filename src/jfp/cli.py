"""The ``jfp`` command line: wires options to calls and outcomes to exit codes.

Exit codes (report-contract.md): 0 checked and passed the gate, 1 gate failed,
2 usage error (bad option, rule pack or config), 3 a document could not be read.
"""
from __future__ import annotations

import sys
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
) -> None:
    """Show how jfp read a document: heading tree, pages, counts and warnings."""
    from jfp.outline import render_outline
    from jfp.parsers import parse

    if fmt not in ("text", "json"):
        typer.echo(f"jfp: unknown --format '{fmt}' for outline; use text or json.", err=True)
        raise typer.Exit(2)
    try:
        doc = parse(file)
    except DocumentError as exc:
        _fail(exc)
    if fmt == "json":
        sys.stdout.write(doc.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(render_outline(doc))


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("jfp: interrupted.", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
