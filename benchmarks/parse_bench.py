"""Time `jfp outline` (reading a plan, start-up included) against `pdftotext`, interleaved.

    python benchmarks/parse_bench.py [--chapters 36] [--repeat 9] [--jfp PATH ...]

In one run, on the same ~120-page plan (benchmarks/make_plan.py): `pdftotext` (the
yardstick), and for each jfp build given with --jfp (default: this venv's) `jfp outline` of
the PDF (default --jobs, and --jobs 1) and of the DOCX, plus the start-up alone
(`jfp --version`). Every command runs --repeat times, interleaved; the table gives medians
of wall and CPU time as ratios to pdftotext's. jfp's modules are byte-compiled first, as
``pip install .`` does.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from check_bench import compile_build  # noqa: E402
from interleaved import Case, calibration_seconds, run_interleaved, table  # noqa: E402
from make_plan import DEFAULT_OUT, build  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chapters", type=int, default=36)
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--jfp", action="append", help="a jfp executable (repeatable; default: this venv's)")
    args = ap.parse_args()
    if not shutil.which("pdftotext"):
        print("pdftotext (poppler-utils) is needed as the yardstick.", file=sys.stderr)
        return 2
    docx, pdf = build(DEFAULT_OUT, args.chapters)
    builds = args.jfp or [str(Path(sys.executable).with_name("jfp"))]
    for jfp in builds:
        compile_build(jfp)
    cases = [Case("pdftotext", ["pdftotext", str(pdf), "/dev/null"])]
    for n, jfp in enumerate(builds):
        tag = f" [{n + 1}]" if len(builds) > 1 else ""
        cases += [
            Case(f"jfp outline PDF{tag}", [jfp, "outline", str(pdf)]),
            Case(f"jfp outline DOCX{tag}", [jfp, "outline", str(docx)]),
            Case(f"jfp --version{tag}", [jfp, "--version"]),
        ]
        if n == len(builds) - 1:
            cases.append(Case(f"jfp outline PDF --jobs 1{tag}", [jfp, "outline", "--jobs", "1", str(pdf)]))
    before = calibration_seconds()
    results = run_interleaved(cases, args.repeat)
    after = calibration_seconds()
    print(f"{pdf.name}: {args.chapters} chapters; {args.repeat} interleaved runs each; "
          f"calibration loop {before:.2f} s before, {after:.2f} s after\n")
    for n, jfp in enumerate(builds):
        print(f"[{n + 1}] {jfp}" if len(builds) > 1 else f"jfp: {jfp}")
    print()
    print(table(results, "pdftotext"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
