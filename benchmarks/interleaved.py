"""Run commands interleaved, several times each, and report wall and CPU time as medians.

    from interleaved import Case, run_interleaved, table

Every round runs each case once, in order, so a drift of the machine's speed (this VM's
single-thread speed moves by up to 2x from minute to minute) hits every case alike; the
ratios between cases of one run are what the targets are stated in. CPU time is user + system
of the process and every child it waited for (``os.wait4``), so a command's helpers count.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    """One command to time: its name, argv, extra environment and the exit codes that count as success."""

    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    ok: tuple[int, ...] = (0,)


@dataclass
class Timings:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_mb: float = 0.0

    @property
    def wall_median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def run_once(case: Case) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (with waited-for children) and peak RSS (MB) of one run."""
    env = {**os.environ, **case.env}
    start = time.perf_counter()
    proc = subprocess.Popen(case.argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in case.ok:
        raise RuntimeError(f"{case.name}: exit {code}: {err[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def run_interleaved(cases: list[Case], repeat: int, warmup: int = 1) -> dict[str, Timings]:
    """``repeat`` rounds of every case in order (after ``warmup`` untimed rounds)."""
    for _ in range(warmup):
        for case in cases:
            run_once(case)
    out = {case.name: Timings() for case in cases}
    for _ in range(repeat):
        for case in cases:
            wall, cpu, peak = run_once(case)
            t = out[case.name]
            t.wall.append(wall)
            t.cpu.append(cpu)
            t.peak_mb = max(t.peak_mb, peak)
    return out


def calibration_seconds(steps: int = 10_000_000) -> float:
    """A fixed Python loop in a fresh interpreter: how fast the machine is right now."""
    code = f"import time\nt=time.perf_counter()\nfor _ in range({steps}): pass\nprint(time.perf_counter()-t)"
    done = subprocess.run(["python3", "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout)


def table(results: dict[str, Timings], reference: str) -> str:
    """A Markdown table of medians, each as a multiple of the reference case's medians."""
    ref = results[reference]
    lines = [
        f"| command | wall median s | CPU median s | x {reference} (wall) | x {reference} (CPU) | best wall s | peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, t in results.items():
        lines.append(
            f"| {name} | {t.wall_median:.3f} | {t.cpu_median:.3f} | {t.wall_median / ref.wall_median:.1f} "
            f"| {t.cpu_median / ref.cpu_median:.1f} | {min(t.wall):.3f} | {t.peak_mb:.0f} |"
        )
    return "\n".join(lines)
