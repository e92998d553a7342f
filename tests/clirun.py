"""Test helper: run the ``jfp`` command line in this process and capture what it says."""
from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """One command line's exit code and output (``output``: standard output, then standard error)."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def invoke(args: list[str]) -> Result:
    """``jfp ARGS`` through ``jfp.cli.main``, as the entry point runs it (argparse's exits included)."""
    from jfp.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return Result(code, out.getvalue(), err.getvalue())
