"""Time a short `jfp check` against an empty interpreter: start-up is the whole job there.

    python benchmarks/startup_bench.py [--repeat 15] [--jfp PATH ...]

Target (issue 14): `jfp check` of a 5-page plan within 15x `python3 -c pass`. The 5-page
plan is samples/harrowfield-thin.pdf (and its DOCX twin); every command runs interleaved,
--repeat times, and the table gives medians as ratios to `python3 -c pass` in the same run.
Give --jfp more than once to compare builds (e.g. before and after a change) in one run.
jfp's modules are byte-compiled first and the compiled-pack cache is warm, as after the
first run of an installed jfp.
"""
from __future__ import annotations

import argparse
import compileall
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from interleaved import Case, calibration_seconds, run_interleaved, table  # noqa: E402

ROOT = HERE.parent
PLANS = [ROOT / "samples" / "harrowfield-thin.pdf", ROOT / "samples" / "harrowfield-thin.docx"]


def _default_jfp() -> str:
    exe = Path(sys.executable).with_name("jfp")
    return str(exe)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--jfp", action="append", help="a jfp executable (repeatable; default: this venv's)")
    args = ap.parse_args()
    builds = args.jfp or [_default_jfp()]
    for build in builds:
        src = Path(build).resolve().parent.parent  # <venv>/bin/jfp -> <venv>
        for folder in src.parent.glob("src/jfp"):
            compileall.compile_dir(str(folder), quiet=1)
    cases = [Case("python3 -c pass", ["python3", "-c", "pass"])]
    for n, build in enumerate(builds):
        tag = f" [{n + 1}]" if len(builds) > 1 else ""
        cases.append(Case(f"jfp --version{tag}", [build, "--version"]))
        for plan in PLANS:
            cases.append(Case(f"jfp check {plan.name}{tag}", [build, "check", str(plan), "--format", "json"], ok=(0, 1)))
    before = calibration_seconds()
    results = run_interleaved(cases, args.repeat)
    after = calibration_seconds()
    print(f"{args.repeat} interleaved runs each; calibration loop {before:.2f} s before, {after:.2f} s after\n")
    for n, build in enumerate(builds):
        print(f"[{n + 1}] {build}" if len(builds) > 1 else f"jfp: {build}")
    print()
    print(table(results, "python3 -c pass"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
