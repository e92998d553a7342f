#!/usr/bin/env python3
"""CPU seconds of the judgement engine alone on the 120-page benchmark plan, builds interleaved.

usage: engine_cpu.py [--src DIR]... [--plan FILE] [--rounds N]

Each --src is a checkout's ``src`` folder (default: the installed jfp). Every round runs each
build once, in a fresh process: parse the plan and load the pack (not timed), then time the
first ``evaluate`` (as ``jfp check`` runs it, compiling the vocabularies included) and a
second one in the same process (its caches warm). Prints the medians and bests per build.
The issue-11 question "is the engine slower than before?" is answered by giving the build
before the redesign (``f55ce2c``) and the build under test in one run.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_plan import DEFAULT_OUT, build  # noqa: E402

_CHILD = """
import sys, time
from jfp.parsers import parse
from jfp.engine.loader import load_pack
from jfp.engine.evaluate import evaluate, EvaluateOptions
opts = EvaluateOptions(collect_hits=False)
doc = parse(sys.argv[1]); pack = load_pack("jfp-2024-25")
t = time.process_time(); evaluate([doc], pack, opts); a = time.process_time() - t
t = time.process_time(); evaluate([doc], pack, opts); b = time.process_time() - t
print(a, b)
"""


def _once(src: str | None, plan: Path) -> tuple[float, float]:
    env = dict(os.environ, PYTHONHASHSEED="0")
    if src:
        env["PYTHONPATH"] = src
    out = subprocess.run([sys.executable, "-c", _CHILD, str(plan)], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", action="append", default=[], help="a checkout's src folder (repeatable)")
    ap.add_argument("--plan", type=Path, default=None, help="the plan (default: the 120-page benchmark DOCX)")
    ap.add_argument("--rounds", type=int, default=9)
    args = ap.parse_args()
    plan = args.plan or build(DEFAULT_OUT, 36)[0]  # 36 chapters: the 118-page plan of check_bench
    builds = args.src or [None]
    runs: dict[str | None, list[tuple[float, float]]] = {b: [] for b in builds}
    for _ in range(args.rounds):
        for b in builds:
            runs[b].append(_once(b, plan))
    for b, rs in runs.items():
        first, second = [r[0] for r in rs], [r[1] for r in rs]
        print(f"{b or 'installed'}: first evaluate median {statistics.median(first):.3f} s (best {min(first):.3f}), "
              f"second median {statistics.median(second):.3f} s (best {min(second):.3f}), {len(rs)} rounds")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
