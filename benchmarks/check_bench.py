"""Time `jfp check` end to end (start-up included) on a generated ~120-page plan.

    python benchmarks/check_bench.py [--repeat 7] [--chapters 36]

Targets (issue 3): `jfp check` of a 120-page PDF in under 2 s and of a 120-page DOCX in
under 1 s, start-up included, under 100 MB peak memory. Each row is the best and the
median of --repeat runs of `jfp check FILE --format json` as a subprocess, with peak RSS
from GNU time. Also prints the in-process split (parse vs evaluate) of one warm run, which
is where to look first when a number regresses. The PDF is also timed with ``--jobs 1``.
jfp's modules are byte-compiled first, as ``pip install .`` does. Record results in
docs/performance.md.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_plan import DEFAULT_OUT, build  # noqa: E402
from parse_bench import _jfp_cmd, _run, compile_jfp  # noqa: E402

TARGETS = {"pdf": 2.0, "docx": 1.0}
MEMORY_TARGET_MB = 100


def _split(path: Path) -> tuple[float, float]:
    from jfp.engine.evaluate import evaluate
    from jfp.engine.loader import load_pack
    from jfp.parsers import parse

    pack = load_pack()
    start = time.perf_counter()
    doc = parse(path)
    parsed = time.perf_counter()
    evaluate([doc], pack)
    return parsed - start, time.perf_counter() - parsed


def main() -> int:
    """Run the benchmark and print a Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chapters", type=int, default=36)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    docx, pdf = build(args.out, args.chapters)
    compile_jfp()
    print(f"plan: {pdf} ({args.chapters} chapters)\n")
    print("| file | best s | median s | target s | peak MB | parse s (in-process) | evaluate s (in-process) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    ok = True
    cases = (("pdf", pdf, []), ("pdf, --jobs 1", pdf, ["--jobs", "1"]), ("docx", docx, []))
    for label, path, extra in cases:
        kind = label.split(",")[0]
        runs = [_run([*_jfp_cmd(), "check", str(path), "--format", "json", *extra]) for _ in range(args.repeat)]
        times = [r[0] for r in runs]
        peak = max(r[1] for r in runs)
        codes = {r[2] for r in runs}
        if not codes <= {0, 1}:
            print(f"jfp check failed on {path}: exit {codes}", file=sys.stderr)
            return 2
        parse_s, eval_s = _split(path)
        best = min(times)
        ok &= best < TARGETS[kind] and peak < MEMORY_TARGET_MB
        print(f"| {label} | {best:.2f} | {statistics.median(times):.2f} | {TARGETS[kind]:.1f} | {peak} "
              f"| {parse_s:.2f} | {eval_s:.2f} |")
    print("\nall targets met" if ok else "\nsome target missed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
