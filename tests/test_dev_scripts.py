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


def test_the_benchmarks_import_and_run_their_harness():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import annotate_bench  # noqa: F401
        import batch_bench  # noqa: F401
        import check_bench  # noqa: F401
        import parse_bench  # noqa: F401
        import share_bench  # noqa: F401
        import startup_bench  # noqa: F401
        from interleaved import Case, run_interleaved, table

        results = run_interleaved([Case("pass", [sys.executable, "-c", "pass"]),
                                   Case("version", [sys.executable, "-m", "jfp", "--version"])], repeat=2, warmup=0)
        assert "| version |" in table(results, "pass")
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
