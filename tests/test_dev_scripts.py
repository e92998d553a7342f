"""The scripts beside the package (fuzz harness, benchmarks) still run against it.

They are not part of the suite's work, so nothing else would notice when a refactor
removes a module they use.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_fuzz_harness_runs_without_findings():
    done = subprocess.run([sys.executable, "fuzz/fuzz_parsers.py", "--seconds", "2"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert " 0 findings" in done.stdout + done.stderr


def test_the_benchmarks_start_up_command_imports():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import check_bench  # noqa: F401 - imports parse_bench too
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    source = (ROOT / "benchmarks" / "parse_bench.py").read_text(encoding="utf-8")
    command = next(line for line in source.splitlines() if '"-c", "import jfp.' in line)
    imports = command.split('"-c", "')[1].split('"')[0]
    done = subprocess.run([sys.executable, "-c", imports], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
