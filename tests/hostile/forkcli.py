"""Run the `jfp` entry point (`jfp.__main__.main`) in forked children, without interpreter start-up.

A fresh ``python -m jfp`` costs about half a second of CPU before it reads a byte (imports,
rule pack); the hostile matrix has ~160 runs, which on a 2-core machine is minutes. A
child forked from a parent that has already imported jfp and loaded the rule pack runs
the same entry point with its own argv, stdout, stderr, working folder and exit code,
and an uncaught exception is printed as Python would print it, so a "Traceback" is
still caught. ``test_cli.py`` also runs a sample through ``sys.executable -m jfp``.
"""
from __future__ import annotations

import io
import os
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """What one CLI invocation did."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float


def warm_up() -> None:
    """Import what a check needs and load the default pack, so every child inherits them."""
    import jfp.cli  # noqa: F401
    import jfp.config  # noqa: F401
    import jfp.engine.evaluate  # noqa: F401
    import jfp.gate  # noqa: F401
    import jfp.outline  # noqa: F401
    import jfp.report.terminal  # noqa: F401
    import jfp.parsers.builder  # noqa: F401
    import jfp.parsers.pdf_read  # noqa: F401
    import jfp.parsers.docx_read  # noqa: F401
    import jfp.parsers.text  # noqa: F401
    import jfp.report.json  # noqa: F401
    from jfp.engine.loader import load_pack

    load_pack()  # the compiled pack's cache is written before the children read it


def _child(args: list[str], cwd: Path, out: int, err: int) -> None:
    code = 1
    try:
        os.chdir(cwd)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(out, 1)
        os.dup2(err, 2)
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stdout = io.TextIOWrapper(open(1, "wb", closefd=False), encoding="utf-8", write_through=True)  # noqa: SIM115
        sys.stderr = io.TextIOWrapper(open(2, "wb", closefd=False), encoding="utf-8", write_through=True)  # noqa: SIM115
        sys.argv = ["jfp", *args]
        signal.signal(signal.SIGINT, signal.default_int_handler)
        # The console script's own entry point: its handling of interrupts and write failures too.
        from jfp.__main__ import main

        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:  # noqa: BLE001 - print it exactly as the interpreter would
            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def run_many(jobs: list[list[str]], cwd: Path, parallel: int = 2, kill_after: float = 60.0) -> list[Run]:
    """Run each argv in ``jobs`` as ``jfp <argv>`` in a forked child, ``parallel`` at a time."""
    results: dict[int, Run] = {}
    running: dict[int, tuple[int, float, object, object]] = {}
    pending = list(enumerate(jobs))
    while pending or running:
        while pending and len(running) < parallel:
            index, args = pending.pop(0)
            out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
            start = time.perf_counter()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child
                _child(args, cwd, out.fileno(), err.fileno())
            running[pid] = (index, start, out, err)
        time.sleep(0.005)
        for pid, (index, start, out, err) in list(running.items()):
            done, status = os.waitpid(pid, os.WNOHANG)
            if not done:
                if time.perf_counter() - start > kill_after:
                    os.kill(pid, signal.SIGKILL)
                continue
            seconds = time.perf_counter() - start
            del running[pid]
            texts = []
            for fh in (out, err):
                fh.seek(0)
                texts.append(fh.read().decode("utf-8", "replace"))
                fh.close()
            code = os.waitstatus_to_exitcode(status)
            results[index] = Run(code, texts[0], texts[1], seconds)
    return [results[i] for i in range(len(jobs))]
