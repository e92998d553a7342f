"""Every hostile case through the CLI: ``jfp outline`` and ``jfp check --format json``.

A refused document must exit 3 with ONE line on stderr that names the file, and never
a traceback; a readable one must be read. Every run must finish well inside the time
limit it is given, and no run may show the external-entity marker. The full matrix runs
the CLI entry point in forked children (``forkcli``: seconds instead of minutes); a
sample of the cases also runs as ``sys.executable -m jfp`` to prove the two agree.
"""
from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from hostile import forkcli
from hostile.forkcli import Run
from hostile.generate import MARKER, Case, build_cases
from jfp.errors import printable

TIMEOUT = 20  # seconds given to jfp per document (--timeout)
WELL_UNDER = TIMEOUT / 2  # what each run must stay under, process start-up included
COMMANDS = {
    "outline": ["outline", "--timeout", str(TIMEOUT)],
    "check": ["check", "--no-config", "--format", "json", "--timeout", str(TIMEOUT)],
}
# One of each kind of outcome, also run as a fresh interpreter.
SUBPROCESS_SAMPLE = ["docx-good", "control-chars-in-name"]

# Built once at collection (about half a second): the names parametrise the tests and
# the files feed the runs; removed when the session ends.
_FOLDER = Path(tempfile.mkdtemp(prefix="jfp-hostile-"))
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
CASES = {c.name: c for c in build_cases(_FOLDER / "cases")}


@pytest.fixture(scope="module")
def matrix() -> dict[tuple[str, str], Run]:
    forkcli.warm_up()
    jobs = [(name, cmd) for name in CASES for cmd in COMMANDS]
    runs = forkcli.run_many([[*COMMANDS[cmd], str(CASES[name].path)] for name, cmd in jobs], _FOLDER,
                            kill_after=TIMEOUT * 3)
    return dict(zip(jobs, runs))


def _subprocess(args: list[str]) -> Run:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "jfp", *args], capture_output=True, text=True, errors="replace",
        timeout=TIMEOUT * 3, cwd=_FOLDER, env={**os.environ, "NO_COLOR": "1"},
    )
    return Run(proc.returncode, proc.stdout, proc.stderr, time.perf_counter() - start)


def assert_run(case: Case, command: str, run: Run) -> None:
    """The contract for one run: clean refusal (exit 3, one line naming the file) or a real read."""
    where = f"{case.name} via {command}: rc={run.returncode} stderr={run.stderr!r}"
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout, where
    assert run.seconds < WELL_UNDER, f"{where} took {run.seconds:.1f}s"
    assert MARKER not in run.stdout and MARKER not in run.stderr, f"{where}: an external entity was resolved"
    if run.returncode == 3:
        assert case.readable is not True, f"{where}: a readable document was refused"
        lines = run.stderr.splitlines()
        assert len(lines) == 1, where
        assert lines[0].startswith("jfp: ") and printable(str(case.path)) in lines[0], where
        assert run.stdout == "", where
        return
    assert case.readable is not False, f"{where}: should have been refused ({', '.join(case.reasons)})"
    if command == "outline":
        assert run.returncode == 0 and run.stdout.strip(), where
    else:
        assert run.returncode in (0, 1), where
        report = json.loads(run.stdout)
        assert report["document"]["path"] == str(case.path)
        assert len(report["results"]) >= 1


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("name", list(CASES))
def test_cli_never_crashes_hangs_or_lies(matrix, name: str, command: str) -> None:
    assert_run(CASES[name], command, matrix[(name, command)])


def test_fresh_interpreter_agrees_with_the_forked_runs(matrix) -> None:
    jobs = [(name, cmd) for name in SUBPROCESS_SAMPLE for cmd in COMMANDS]
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda job: _subprocess([*COMMANDS[job[1]], str(CASES[job[0]].path)]), jobs))
    for (name, cmd), run in zip(jobs, runs):
        assert_run(CASES[name], cmd, run)
        forked = matrix[(name, cmd)]
        assert (run.returncode, run.stderr) == (forked.returncode, forked.stderr), (name, cmd)


def test_refusals_give_the_expected_reason() -> None:
    """In process: each refused case fails for the reason it was built for."""
    from jfp.errors import DocumentError
    from jfp.parsers import parse

    for case in CASES.values():
        try:
            doc = parse(case.path)
        except DocumentError as exc:
            assert case.readable is not True, (case.name, str(exc))
            assert exc.reason in case.reasons, (case.name, exc.reason, str(exc))
            assert "\n" not in str(exc)
        else:
            assert case.readable is not False, case.name
            assert MARKER not in doc.model_dump_json(), case.name
