"""Time PDF (and DOCX) parsing against ``pdftotext`` on a generated ~120-page plan.

    python benchmarks/parse_bench.py [--chapters 36] [--repeat 5]

In one run, on the same file: ``pdftotext`` (the yardstick), ``jfp outline`` as a
subprocess (what a user waits for, Python start-up included) with ``--jobs 2`` and
``--jobs 1``, and ``jfp.parsers.parse`` in-process; then the DOCX of the same plan. Runs are interleaved so machine load hits all alike; the table gives the best and
the median of ``--repeat`` runs, each also as a ratio to pdftotext's best and median.
Prints a Markdown table: seconds, seconds per 100 pages, ratios, peak RSS.

jfp's own modules are byte-compiled first, as ``pip install .`` does: in an editable
install under PYTHONDONTWRITEBYTECODE every run would otherwise compile them from source.
"""
from __future__ import annotations

import argparse
import compileall
import os
import statistics
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_plan import DEFAULT_OUT, build  # noqa: E402


def _run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in MB and exit status of one subprocess.

    The RSS comes from GNU time where there is one: a child forked from this Python
    process would otherwise report this process's size as its own peak.
    """
    gnu_time = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        wrapped = [gnu_time, "-f", "%M", "-o", rss.name, *cmd] if gnu_time else cmd
        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        text = rss.read().strip().splitlines()
        peak_kb = int(text[-1]) if gnu_time and text and text[-1].isdigit() else usage.ru_maxrss
    return elapsed, peak_kb // 1024, os.waitstatus_to_exitcode(status)


def compile_jfp() -> None:
    """Byte-compile jfp's modules, as ``pip install .`` does (an editable install under
    PYTHONDONTWRITEBYTECODE would otherwise compile them from source on every run)."""
    import jfp

    compileall.compile_dir(str(Path(jfp.__file__).parent), quiet=1)


def _jfp_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("jfp")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "jfp"]


def _inprocess(path: Path) -> float:
    from jfp.parsers import parse

    start = time.perf_counter()
    parse(path)
    return time.perf_counter() - start


def _docx_available() -> bool:
    try:
        import jfp.parsers.docx_read  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> int:
    """Run the benchmark and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chapters", type=int, default=36)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    if not shutil.which("pdftotext"):
        print("pdftotext (poppler-utils) is needed as the yardstick.", file=sys.stderr)
        return 2
    docx, pdf = build(args.out, args.chapters)
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    pages = len(doc)
    doc.close()

    compile_jfp()
    # name -> (command, extra environment); None: timed in this process.
    cases: dict[str, tuple[list[str], dict[str, str]] | None] = {
        "pdftotext (poppler)": (["pdftotext", str(pdf), os.devnull], {}),
        "jfp outline PDF (CLI)": ([*_jfp_cmd(), "outline", str(pdf)], {}),
        "jfp outline PDF (CLI, --jobs 1)": ([*_jfp_cmd(), "outline", "--jobs", "1", str(pdf)], {}),
        "parse PDF in-process": None,
        # The fixed costs: what `jfp outline` imports before reading a page, and the command line.
        "start-up, outline (imports)": (
            [sys.executable, "-c", "import jfp.cli, jfp.runner, jfp.outline, jfp.parsers.builder"], {}),
        "start-up, command line (jfp --version)": ([*_jfp_cmd(), "--version"], {}),
    }
    has_docx = _docx_available()
    if has_docx:
        cases["jfp outline DOCX (CLI)"] = ([*_jfp_cmd(), "outline", str(docx)], {})
        cases["parse DOCX in-process"] = None
    runs: dict[str, list[float]] = {k: [] for k in cases}
    rss: dict[str, int] = {k: 0 for k in cases}
    _inprocess(pdf)  # warm imports and the page cache
    for _ in range(args.repeat):
        for name, case in cases.items():
            if case is None:
                runs[name].append(_inprocess(docx if "DOCX" in name else pdf))
                continue
            elapsed, peak, code = _run(*case)
            if code != 0:
                print(f"{name} failed with exit {code}", file=sys.stderr)
                return 1
            runs[name].append(elapsed)
            rss[name] = max(rss[name], peak)
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    base, base_median = min(runs["pdftotext (poppler)"]), statistics.median(runs["pdftotext (poppler)"])
    print(f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}, load average {os.getloadavg()[0]:.1f}")
    print(f"File: {pdf.name} ({pages} pages, {pdf.stat().st_size // 1024} KB); {args.repeat} runs each, interleaved\n")
    print("| What | Best s | s / 100 pages | x pdftotext (best) | Median s | x pdftotext (median) | Peak RSS |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, times in runs.items():
        best, median = min(times), statistics.median(times)
        mem = f"{rss[name]} MB" if cases[name] else f"{self_rss} MB (bench process)"
        print(f"| {name} | {best:.3f} | {best * 100 / pages:.3f} | {best / base:.1f} | {median:.3f} | "
              f"{median / base_median:.1f} | {mem} |")
    if not has_docx:
        print("\nDOCX parser not installed (jfp.parsers.docx_read missing): PDF only.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
