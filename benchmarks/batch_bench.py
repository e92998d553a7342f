"""Benchmark ``jfp batch``: documents per minute at --jobs 1 and 2, speed-up, peak memory per worker.

    python benchmarks/batch_bench.py [--n 42] [--chapters 36] [--jobs 1 2] [--cache ~/.cache/jfp-bench]

Builds one realistic plan with ``benchmarks/make_plan.py`` (DOCX with python-docx, PDF
with LibreOffice; cached) and copies it into N inputs, half DOCX and half PDF. Each
measured run is a fresh Python process running ``run_batch`` with ``force=True``, so
nothing is reused; each worker reports its own peak RSS with every document.
Targets (issue 5): 42 plans of ~120 pages in under 30 s with --jobs 2, at least 1.8x
faster than --jobs 1, under 150 MB peak per worker.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CACHE = Path.home() / ".cache" / "jfp-bench"


def prepare(cache: Path, n: int, chapters: int) -> tuple[Path, int]:
    """N input plans (half DOCX, half PDF) in a cached folder; returns it and the PDF's page count."""
    sys.path.insert(0, str(HERE))
    try:
        import make_plan
    except ImportError:
        sys.exit("benchmarks/make_plan.py (from the PDF parser work) is needed to build the plans.")
    docx, pdf = make_plan.build(cache, chapters)
    inputs = cache / f"batch-{n}-{chapters}"
    inputs.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        src = docx if i % 2 == 0 else pdf
        target = inputs / f"icb-{i:02d}{src.suffix}"
        if not target.exists():
            shutil.copyfile(src, target)
    from jfp.parsers import parse

    return inputs, parse(pdf).meta.pages or 0


def child(inputs: Path, jobs: int) -> None:
    """One measured batch run (in its own process); prints a JSON line."""
    from jfp.batch import discover, run_batch

    files = discover([inputs])
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        result = run_batch(files, Path(out), jobs=jobs, force=True)
        seconds = time.perf_counter() - start
    rows = result.rows
    print(json.dumps({
        "jobs": jobs,
        "docs": len(rows),
        "errors": [f"{r.file}: {r.error_reason}: {r.error}" for r in rows if r.outcome == "error"],
        "seconds": seconds,
        "doc_seconds": {fmt: sorted(r.seconds for r in rows if r.file.endswith(fmt)) for fmt in (".docx", ".pdf")},
        "doc_cpu": {fmt: sorted(r.cpu_seconds for r in rows if r.file.endswith(fmt)) for fmt in (".docx", ".pdf")},
        # Workers are fork-server children, not ours, so each reports its own peak RSS.
        "worker_peak_mb": max((r.peak_mb or 0 for r in rows), default=0),
        "parent_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "load": os.getloadavg()[0],
        "parent_cpu": sum(resource.getrusage(resource.RUSAGE_SELF)[:2]),
    }))


def measure(inputs: Path, jobs: int) -> dict:
    """Run one batch in a fresh interpreter and return its measurements."""
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(inputs), "--jobs", str(jobs)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=42, help="number of plans")
    ap.add_argument("--chapters", type=int, default=36, help="plan size (36 chapters is about 120 pages)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.jobs[0])
        return
    inputs, pages = prepare(args.cache, args.n, args.chapters)
    print(f"{args.n} plans ({args.n - args.n // 2} DOCX, {args.n // 2} PDF), {pages} pages each; "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    runs = [measure(inputs, j) for j in args.jobs]
    for r in runs:
        per_min = r["docs"] / r["seconds"] * 60
        means = ", ".join(
            f"{fmt} {sum(v) / len(v):.2f} wall / {sum(c) / len(c):.2f} CPU"
            for (fmt, v), c in zip(r["doc_seconds"].items(), r["doc_cpu"].values()) if v
        )
        cpu = sum(sum(c) for c in r["doc_cpu"].values())
        print(f"--jobs {r['jobs']}: {r['seconds']:.1f} s, {per_min:.0f} documents/min; per document (s): {means}; "
              f"CPU in workers {cpu:.1f} s, in the parent {r['parent_cpu']:.1f} s; peak worker {r['worker_peak_mb']:.0f} MB, "
              f"parent {r['parent_peak_mb']:.0f} MB, errors {len(r['errors'])}; load after {r['load']:.1f}")
        for e in r["errors"][:5]:
            print(f"    {e}")
    if len(runs) >= 2:
        print(f"speed-up --jobs {runs[-1]['jobs']} vs --jobs {runs[0]['jobs']}: "
              f"{runs[0]['seconds'] / runs[-1]['seconds']:.2f}x")


if __name__ == "__main__":
    main()
