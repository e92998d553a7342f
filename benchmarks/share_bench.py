"""Where sharing a document's work with a forked helper starts to pay: the runner's thresholds.

    python benchmarks/share_bench.py [--repeat 7] [--chapters 1 2 4 8 16 36]

For generated plans of several sizes (benchmarks/make_plan.py), times in this process,
interleaved, the two things ``jfp.runner`` may share: reading a PDF's pages
(``parse`` with one job or two) and evaluating a plan's sections and requirements
(``check_documents`` with one job or two). Each row gives medians of wall and CPU time
(the helpers' included), and what sharing saves in wall time and costs in CPU time. The runner's
``PAGES_WORTH_SHARING`` and ``WORDS_WORTH_SHARING`` are set from these numbers; run it on
the target machine to check them (docs/performance.md has the last run).
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_plan import DEFAULT_OUT, build  # noqa: E402


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(fn) -> tuple[float, float]:
    """Wall and CPU seconds (this process and the helpers it forked and reaped)."""
    start, cpu = time.perf_counter(), _cpu()
    fn()
    return time.perf_counter() - start, _cpu() - cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--chapters", type=int, nargs="+", default=[1, 2, 4, 8, 16, 36])
    args = ap.parse_args()
    from jfp.engine.loader import load_pack
    from jfp.mapper import serial
    from jfp.options import Options
    from jfp.parsers import parse
    from jfp.pipeline import check_documents
    from jfp.runner import share

    pack = load_pack()
    options = Options(jobs=1)
    two = share.mapper(2, min_tasks=2)
    print("| plan | pages | words | read pages: 1 job s | 2 jobs s | wall saved | CPU added "
          "| evaluate: 1 job s | 2 jobs s | wall saved | CPU added |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for chapters in args.chapters:
        docx, pdf = build(DEFAULT_OUT, chapters)
        doc = parse(pdf)
        check_documents([doc], pack, options)  # compile the pack's matchers once, as a run does
        runs: dict[str, list[tuple[float, float]]] = {"p1": [], "p2": [], "e1": [], "e2": []}
        for _ in range(args.repeat):
            runs["p1"].append(_timed(lambda: parse(pdf, options.limits, serial)))
            runs["p2"].append(_timed(lambda: parse(pdf, options.limits, two)))
            runs["e1"].append(_timed(lambda: check_documents([doc], pack, options, serial)))
            runs["e2"].append(_timed(lambda: check_documents([doc], pack, options, two)))
        wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
        cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
        print(f"| {pdf.name} | {doc.meta.pages} | {doc.meta.words} | {wall['p1']:.3f} | {wall['p2']:.3f} "
              f"| {wall['p1'] - wall['p2']:+.3f} | {cpu['p2'] - cpu['p1']:+.3f} | {wall['e1']:.3f} | {wall['e2']:.3f} "
              f"| {wall['e1'] - wall['e2']:+.3f} | {cpu['e2'] - cpu['e1']:+.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
