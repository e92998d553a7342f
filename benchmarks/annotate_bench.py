"""Time `jfp annotate` of a ~120-page Word plan against `jfp check` of the same plan, interleaved.

    python benchmarks/annotate_bench.py [--repeat 7] [--chapters 36]

Target (issue 16): the 120-page plan annotates in under 2 s. `jfp check -q` is the
reference: annotate is that check plus its notes and the copy. The DOCX is made by
make_plan.py; its PDF too when LibreOffice (`soffice`) is installed, and then the PDF is
timed as well. Record the results in docs/performance.md with the calibration loop's times.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from interleaved import Case, calibration_seconds, run_interleaved, table  # noqa: E402
from make_plan import DEFAULT_OUT, build, build_docx  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chapters", type=int, default=36)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    plans = [DEFAULT_OUT / f"plan-{args.chapters}.docx"]
    if shutil.which("soffice"):
        plans = list(build(DEFAULT_OUT, args.chapters))
    elif not plans[0].exists():
        plans[0].parent.mkdir(parents=True, exist_ok=True)
        build_docx(plans[0], args.chapters, 7)
    jfp = shutil.which("jfp") or "jfp"
    with tempfile.TemporaryDirectory() as tmp:
        cases = []
        for plan in plans:
            kind, copy = plan.suffix[1:].upper(), Path(tmp) / f"plan.jfp{plan.suffix}"
            cases += [
                Case(f"jfp check -q {kind}", [jfp, "check", "-q", "--no-config", str(plan)], ok=(0, 1)),
                Case(f"jfp annotate -q {kind}", [jfp, "annotate", "-q", "--no-config", str(plan), "-o", str(copy)],
                     ok=(0, 1)),
            ]
        before = calibration_seconds()
        results = run_interleaved(cases, args.repeat)
        after = calibration_seconds()
    print(f"calibration loop: {before:.2f} s before, {after:.2f} s after")
    print(table(results, "jfp check -q DOCX"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
