"""How `jfp batch`'s cost grows with the number of plans: N small plans, timed once per N.

    python benchmarks/batch_scale.py --n 250 2000 --jobs 1

Each plan is a distinct small Markdown plan (a title, a few sections, a number that makes
its bytes and hash differ). Every run is a fresh `python -m jfp batch --force` into a new
output folder, so nothing is reused; the wall time covers discovery, hashing, the workers,
the per-plan state (state.sqlite3) and the summaries. Linear growth means 2000 plans take
about 8x what 250 take; the JSON manifest that was rewritten per plan made it quadratic.
Run it once: the machine is shared, and a loop only measures the neighbours.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SECTIONS = [
    ("Research", "We will double the number of people taking part in NIHR studies to {n} a year by 2027."),
    ("Workforce", "We will recruit {n} more nurses by March 2026 and publish a workforce plan."),
    ("Climate change", "Our green plan cuts carbon emissions by {n} tonnes a year by 2028."),
    ("Consultation", "We asked {n} residents what they thought of the draft plan in May 2025."),
]


def make_plans(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    for i in range(count):
        body = "\n\n".join(f"## {title}\n\n{text.format(n=1000 + i)}" for title, text in SECTIONS)
        (folder / f"plan-{i:05d}.md").write_text(f"# NHS Plan {i} Integrated Care Board Joint Forward Plan 2025/26\n\n"
                                                 f"{body}\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[250, 2000])
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jfp-batch-scale-"))
    try:
        times = {}
        for n in args.n:
            plans = work / f"plans-{n}"
            make_plans(plans, n)
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "jfp", "batch", str(plans), "--out", str(work / f"out-{n}"),
                                   "--jobs", str(args.jobs), "--force", "--quiet", "--no-config"],
                                  capture_output=True, text=True)
            times[n] = time.perf_counter() - start
            print(f"{n:5d} plans: {times[n]:7.1f} s  ({1000 * times[n] / n:.0f} ms a plan, exit {proc.returncode})"
                  f"  {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ''}", flush=True)
        first = args.n[0]
        for n in args.n[1:]:
            print(f"{n} / {first}: {times[n] / times[first]:.2f}x the time for {n / first:.0f}x the plans")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
