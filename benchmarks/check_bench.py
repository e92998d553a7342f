"""Time `jfp check` of a ~120-page plan against `pdftotext` on the same PDF, interleaved.

    python benchmarks/check_bench.py [--repeat 9] [--chapters 36] [--jfp PATH ...]

Targets (issue 14), each a ratio of medians in one run: the PDF check within 3x
`pdftotext`'s wall time and 4x its CPU time (the check's CPU counts every process it
starts); the DOCX check within 0.6 s on an idle machine. Rows: `pdftotext`, and for each
jfp build given with --jfp (default: this venv's) `jfp check` of the PDF with the default
--jobs and with --jobs 1, and of the DOCX. jfp's modules are byte-compiled first and the
compiled-pack cache is warm, as after the first run of an installed jfp. Record results
in docs/performance.md with the calibration loop's times.
"""
from __future__ import annotations

import argparse
import compileall
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from interleaved import Case, calibration_seconds, run_interleaved, table  # noqa: E402
from make_plan import DEFAULT_OUT, build  # noqa: E402


def compile_build(jfp: str) -> None:
    """Byte-compile the jfp a console script runs (an editable install's src/jfp)."""
    venv = Path(jfp).resolve().parent.parent
    for folder in [*venv.parent.glob("src/jfp"), *venv.glob("lib/python*/site-packages/jfp")]:
        compileall.compile_dir(str(folder), quiet=1)


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
    for build_path in builds:
        compile_build(build_path)
    cases = [Case("pdftotext", ["pdftotext", str(pdf), "/dev/null"])]
    for n, jfp in enumerate(builds):
        tag = f" [{n + 1}]" if len(builds) > 1 else ""
        check = [jfp, "check", "--format", "json"]
        cases += [
            Case(f"jfp check PDF{tag}", [*check, str(pdf)], ok=(0, 1)),
            Case(f"jfp check PDF --jobs 1{tag}", [*check, "--jobs", "1", str(pdf)], ok=(0, 1)) if n == len(builds) - 1
            else Case(f"jfp check PDF (2nd run){tag}", [*check, str(pdf)], ok=(0, 1)),
            Case(f"jfp check DOCX{tag}", [*check, str(docx)], ok=(0, 1)),
        ]
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
