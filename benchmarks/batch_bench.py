"""Benchmark ``jfp batch`` on the command line: 42 different ~120-page PDFs, interleaved runs.

    python benchmarks/batch_bench.py [--n 42] [--chapters 36] [--jobs 1 2] [--repeat 3] [--jfp PATH ...]

Target (issue 14): ``jfp batch`` of 42 different 120-page PDFs with ``--jobs 2`` in 15 s.
The plans come from ``benchmarks/make_plan.py`` with a different seed each (different text,
same size; generated once with LibreOffice and cached). Every run is a fresh
``jfp batch DIR --out OUT --jobs N --force --quiet``, so nothing is reused; runs of every
build and --jobs value are interleaved. The table gives wall medians, the workers' CPU per
document (from summary.json) and the speed-up of the last --jobs value over the first.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from check_bench import compile_build  # noqa: E402
from interleaved import calibration_seconds  # noqa: E402
from make_plan import DEFAULT_OUT, build_many  # noqa: E402


def prepare(n: int, chapters: int) -> Path:
    """A folder of ``n`` different PDF plans (copies from the cache: ``jfp batch`` refuses
    symbolic links, so that a planted link cannot make it read outside the folder)."""
    pairs = build_many(DEFAULT_OUT / "distinct", chapters, list(range(100, 100 + n)))
    folder = DEFAULT_OUT / f"batch-distinct-{n}-{chapters}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for _, pdf in pairs:
        shutil.copyfile(pdf, folder / pdf.name)
    return folder


def run(jfp: str, inputs: Path, jobs: int) -> dict:
    """One batch in a fresh process: wall seconds and the workers' CPU per document."""
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        done = subprocess.run([jfp, "batch", str(inputs), "--out", out, "--jobs", str(jobs), "--force", "--quiet"],
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
        if done.returncode not in (0, 1):
            raise RuntimeError(f"{jfp} batch: exit {done.returncode}: {done.stderr[-500:]}")
        rows = json.loads((Path(out) / "summary.json").read_text(encoding="utf-8"))["documents"]
        # summary.json carries each document's worker CPU (cpu_seconds) beside its wall seconds.
        cpu = [r["cpu_seconds"] for r in rows if r.get("cpu_seconds") is not None]
        errors = [r for r in rows if r.get("outcome") == "error"]
    return {"wall": wall, "cpu_per_doc": statistics.median(cpu) if cpu else float("nan"), "errors": len(errors),
            "docs": len(rows)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=42)
    ap.add_argument("--chapters", type=int, default=36)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jfp", action="append", help="a jfp executable (repeatable; default: this venv's)")
    args = ap.parse_args()
    builds = args.jfp or [str(Path(sys.executable).with_name("jfp"))]
    for jfp in builds:
        compile_build(jfp)
    inputs = prepare(args.n, args.chapters)
    before = calibration_seconds()
    results: dict[tuple[int, int], list[dict]] = {(b, j): [] for b in range(len(builds)) for j in args.jobs}
    for _ in range(args.repeat):
        for b, jfp in enumerate(builds):
            for jobs in args.jobs:
                results[(b, jobs)].append(run(jfp, inputs, jobs))
    after = calibration_seconds()
    print(f"{args.n} different PDFs of {args.chapters} chapters; {args.repeat} interleaved runs each; "
          f"calibration loop {before:.2f} s before, {after:.2f} s after\n")
    print("| build | --jobs | wall median s | best s | worker CPU per document s | documents | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for (b, jobs), runs in results.items():
        walls = [r["wall"] for r in runs]
        print(f"| [{b + 1}] {builds[b]} | {jobs} | {statistics.median(walls):.1f} | {min(walls):.1f} "
              f"| {statistics.median(r['cpu_per_doc'] for r in runs):.2f} | {runs[0]['docs']} "
              f"| {max(r['errors'] for r in runs)} |")
    if len(args.jobs) >= 2:
        for b in range(len(builds)):
            first = statistics.median(r["wall"] for r in results[(b, args.jobs[0])])
            last = statistics.median(r["wall"] for r in results[(b, args.jobs[-1])])
            print(f"\n[{b + 1}] speed-up --jobs {args.jobs[-1]} over --jobs {args.jobs[0]}: {first / last:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
